// The corpus of test/fixtures/mail: every field of every message read as a careful clerk expects
// (NNN-name.json beside NNN-name.eml). Prints the accuracy per field; fails below the floors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { calendarFromConfig } from '../src/adapters/calendar/calendar.ts';
import { type MessageReading, READING_FIELDS, readMessage } from '../src/app/read-message.ts';
import { loadConfig } from '../src/config.ts';

const dir = join(import.meta.dirname, 'fixtures', 'mail');
const config = loadConfig({ env: {}, cwd: dir });
const calendar = calendarFromConfig(config);

const FIELDS = READING_FIELDS;

/**
 * The least share of messages each field must get right. Every field is read right on every message of the
 * corpus today, so the floor is 100 %: a change that loses a field on one message fails here.
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

const files = readdirSync(dir)
  .filter((f) => /^\d{3}-.*\.eml$/.test(f))
  .sort();

test('the corpus has at least 80 messages, each with its expected reading', () => {
  assert.ok(files.length >= 80, `only ${files.length} messages in ${dir}`);
  for (const f of files) JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, '.json')), 'utf8'));
});

test('every field of every message is read as expected', async () => {
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
  process.stdout.write(
    `\nIntake corpus accuracy per field (${files.length} messages):\n${lines.join('\n')}\n`,
  );
  if (wrong.length) process.stdout.write(`\nDifferences:\n${wrong.join('\n')}\n`);
  for (const f of FIELDS) {
    const share = (right.get(f) ?? 0) / files.length;
    assert.ok(
      share >= FLOOR[f],
      `${f}: ${(share * 100).toFixed(1)} % right, below the floor of ${FLOOR[f] * 100} %`,
    );
  }
});
