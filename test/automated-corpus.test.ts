// The corpus of test/fixtures/automated: mail written by machines (bounces of every common MTA and provider,
// auto-replies, abuse reports, list and digest notices, null senders), each written byte for byte in the shape
// its software gives it, with CRLF, LF, CR-only and mixed line endings; and mail written by people that looks
// close to it. Every automated message is recognised and never opens a case nor gets a reply (through the mail
// door, on SQLite and PostgreSQL); no message a person wrote is taken for automated mail, since that would
// silence a complainant. Prints the recognition per kind.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { calendarFromConfig } from '../src/adapters/calendar/calendar.ts';
import { readMessage } from '../src/app/read-message.ts';
import { receiveEmail } from '../src/app/receive-email.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { type Harness, startHarness } from './mail/support/harness.ts';
import { ENGINES } from './support/databases.ts';

const dir = join(import.meta.dirname, 'fixtures', 'automated');
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const calendar = calendarFromConfig(config);
const complaints = config.mailboxes.find((m) => m.role === 'complaints')!;
const NOW = '2026-11-20T10:00:00.000Z';

interface Fixture {
  file: string;
  /** `bounce`, `autoreply`, `arf`, `list`, … for automated mail (the file name before `--`); `person` else. */
  kind: string;
  automated: boolean;
  raw: Buffer;
}

function fixtures(sub: 'automated' | 'person'): Fixture[] {
  return readdirSync(join(dir, sub))
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => ({
      file: `${sub}/${file}`,
      kind: sub === 'person' ? 'person' : (/^([a-z]+)/.exec(file)?.[1] ?? 'other'),
      automated: sub === 'automated',
      raw: readFileSync(join(dir, sub, file)),
    }));
}

const automated = fixtures('automated');
const people = fixtures('person');

/** How the lines of a file end: `crlf`, `lf`, `cr` or `mixed`. */
function endings(raw: Buffer): string {
  const text = raw.toString('latin1');
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const kinds = [crlf && 'crlf', lf && 'lf', cr && 'cr'].filter(Boolean);
  return kinds.length === 1 ? String(kinds[0]) : 'mixed';
}

test('the corpus holds at least 60 automated and 30 person-written messages, with every kind of line ending', () => {
  assert.ok(automated.length >= 60, `only ${automated.length} automated messages`);
  assert.ok(people.length >= 30, `only ${people.length} person-written messages`);
  const seen = new Set([...automated, ...people].map((f) => endings(f.raw)));
  for (const e of ['crlf', 'lf', 'cr', 'mixed']) assert.ok(seen.has(e), `no message with ${e} line endings`);
});

test('every automated message is recognised, and no message written by a person is', async () => {
  const table = new Map<string, { total: number; right: number }>();
  const wrong: string[] = [];
  for (const f of [...automated, ...people]) {
    const { reading, automatedReasons, problem } = await readMessage(f.raw, {
      mailbox: complaints,
      config,
      calendar,
      now: NOW,
    });
    const row = table.get(f.kind) ?? { total: 0, right: 0 };
    row.total++;
    const right =
      problem === null &&
      reading.automated === f.automated &&
      (f.automated
        ? reading.kind === 'other' && reading.acknowledgeBy === null && reading.answerBy === null
        : reading.kind === 'complaint' && reading.description !== null);
    if (right) row.right++;
    else
      wrong.push(
        `  ${f.file} (${endings(f.raw)}): automated ${reading.automated} [${automatedReasons.join(', ')}], kind ${reading.kind}, description ${JSON.stringify(reading.description?.slice(0, 40) ?? null)}${problem ? `, problem: ${problem}` : ''}`,
      );
    table.set(f.kind, row);
  }
  const lines = [...table].map(
    ([kind, { total, right }]) =>
      `  ${kind.padEnd(12)} ${String(right).padStart(3)}/${String(total).padEnd(3)} ${((100 * right) / total).toFixed(1)} %`,
  );
  process.stdout.write(
    `\nAutomated mail recognised per kind (person: read as a complaint, not automated):\n${lines.join('\n')}\n`,
  );
  assert.deepEqual(wrong, [], `read wrongly:\n${wrong.join('\n')}`);
});

for (const engine of ENGINES) {
  describe(`automated mail through the mail door (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    const outbound = async () =>
      Number(
        (
          await h.test.database.db
            .selectFrom('outbound_items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('files every automated message in the inbox: no case, no reply, no letter', async () => {
      for (const f of automated) {
        const r = await receiveEmail(h.ctx, { raw: f.raw, mailbox: complaints, door: 'pipe' });
        assert.equal(r.caseId, null, `${f.file} opened a case`);
        assert.notEqual(r.inboxItemId, null, `${f.file} is not in the inbox`);
        assert.equal(r.autoReply, 'automated', `${f.file}: ${r.autoReply}`);
      }
      const counts = await h.counts();
      assert.equal(counts.cases, 0);
      assert.equal(counts.inbox, automated.length);
      assert.equal(await outbound(), 0, 'nothing may be sent or posted for automated mail');
    });

    it('waits for a person with bytes that are not a message: empty, 1 or 2 bytes, binary', async () => {
      const before = await h.counts();
      const inputs = [
        Buffer.alloc(0),
        Buffer.from('x'),
        Buffer.from('\r\n'),
        Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01, 0x02, 0xff, 0xfe]),
      ];
      for (const raw of inputs) {
        const r = await receiveEmail(h.ctx, { raw, mailbox: complaints, door: 'pipe' });
        assert.equal(r.caseId, null);
        assert.notEqual(r.inboxItemId, null);
        const item = await h.test.database.db
          .selectFrom('inbox_items')
          .select('reason')
          .where('id', '=', r.inboxItemId!)
          .executeTakeFirstOrThrow();
        assert.equal(item.reason, 'unparseable');
      }
      const afterwards = await h.counts();
      assert.equal(afterwards.cases, before.cases);
      assert.equal(await outbound(), 0);
    });

    it('opens a case for every message a person wrote, whatever its line endings', async () => {
      for (const f of people) {
        const r = await receiveEmail(h.ctx, { raw: f.raw, mailbox: complaints, door: 'pipe' });
        assert.notEqual(r.autoReply, 'automated', `${f.file} was taken for automated mail`);
        assert.notEqual(r.caseId, null, `${f.file} opened no case (${r.filing})`);
      }
    });
  });
}
