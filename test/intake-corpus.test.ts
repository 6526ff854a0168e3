// The corpora of test/fixtures/mail (messages of our own making) and test/fixtures/real-mail (messages shaped byte
// for byte like what real mail clients and form services send): every field of every message read as a careful
// clerk expects (NNN-name.json beside NNN-name.eml). Prints the accuracy per field for each; fails below the floors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { calendarFromConfig } from '../src/adapters/calendar/calendar.ts';
import { type MessageReading, READING_FIELDS, readMessage } from '../src/app/read-message.ts';
import { loadConfig } from '../src/config.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const config = loadConfig({ env: {}, cwd: fixtures });
const calendar = calendarFromConfig(config);

const FIELDS = READING_FIELDS;

/**
 * The least share of messages each field must get right. Every field is read right on every message of both
 * corpora today, so the floor is 100 %: a change that loses a field on one message fails here.
 */
const FLOOR: Record<(typeof FIELDS)[number], number> = Object.fromEntries(
  FIELDS.map((f) => [f, 1]),
) as Record<(typeof FIELDS)[number], number>;

interface Expectation {
  note: string;
  mailbox: string;
  now: string;
  expected: MessageReading;
}

/** Each corpus: its folder and the least number of messages it must hold. */
const CORPORA = [
  { name: 'mail', title: 'Intake corpus', least: 80 },
  { name: 'real-mail', title: 'Real-client corpus', least: 200 },
] as const;

for (const corpus of CORPORA) {
  const dir = join(fixtures, corpus.name);
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}-.*\.eml$/.test(f))
    .sort();

  test(`${corpus.name}: the corpus has at least ${corpus.least} messages, each with its expected reading`, () => {
    assert.ok(files.length >= corpus.least, `only ${files.length} messages in ${dir}`);
    for (const f of files) JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, '.json')), 'utf8'));
  });

  test(`${corpus.name}: every field of every message is read as expected`, async () => {
    const right = new Map<string, number>(FIELDS.map((f) => [f, 0]));
    const wrong: string[] = [];
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      const expectation = JSON.parse(
        readFileSync(join(dir, file.replace(/\.eml$/, '.json')), 'utf8'),
      ) as Expectation;
      const mailbox = config.mailboxes.find((m) => m.name === expectation.mailbox);
      assert.ok(mailbox, `${file}: no mailbox named ${expectation.mailbox}`);
      const { reading } = await readMessage(raw, { mailbox, config, calendar, now: expectation.now });
      assert.deepEqual(Object.keys(reading), [...FIELDS], `${file}: the fields of the reading`);
      for (const field of FIELDS) {
        try {
          assert.deepEqual(reading[field], expectation.expected[field]);
          right.set(field, (right.get(field) ?? 0) + 1);
        } catch {
          wrong.push(
            `${file} ${field}:\n    read     ${JSON.stringify(reading[field])}\n    expected ${JSON.stringify(expectation.expected[field])}`,
          );
        }
      }
    }
    const lines = FIELDS.map((f) => {
      const n = right.get(f) ?? 0;
      return `  ${f.padEnd(14)} ${String(n).padStart(3)}/${files.length}  ${((100 * n) / files.length).toFixed(1)} %`;
    });
    const checks = files.length * FIELDS.length;
    const good = [...right.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(
      `\n${corpus.title} (test/fixtures/${corpus.name}) accuracy per field (${files.length} messages; ${good} of ${checks} checks, ${((100 * good) / checks).toFixed(1)} %):\n${lines.join('\n')}\n`,
    );
    if (wrong.length) process.stdout.write(`\nDifferences:\n${wrong.join('\n')}\n`);
    for (const f of FIELDS) {
      const share = (right.get(f) ?? 0) / files.length;
      assert.ok(
        share >= FLOOR[f],
        `${corpus.name} ${f}: ${(share * 100).toFixed(1)} % right, below the floor of ${FLOOR[f] * 100} %`,
      );
    }
  });
}
