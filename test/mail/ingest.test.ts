// The MTA pipe (issue 4): `redress ingest` exits 0 once the message is committed, 75 when the database cannot
// be reached; several ingest processes at once, beside a running server that is receiving by SMTP too, on SQLite
// and on PostgreSQL: every message stored once, no error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase, ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { costlyHtmlMessage } from './support/hostile-messages.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';
import { runRedress, startServer } from './support/server.ts';

const envFor = (url: string) => ({ REDRESS_DATABASE_URL: url, REDRESS_LOG_LEVEL: 'warn' });

// Processes started at once: more than the cores and the SQLite writers, so that they contend for the write lock
// and the same message's key; each is a Node process of its own, the costliest part of this file.
const PROCESSES = 6;

describe('redress ingest', () => {
  for (const engine of ENGINES)
    it(`${PROCESSES} ingest processes at once beside a running server store every message once (${engine})`, async () => {
      const test = await createTestDatabase(engine);
      const server = await startServer(test.url);
      try {
        const piped = Array.from({ length: PROCESSES }, (_, i) =>
          rawMessage({ from: `Piped ${i} <piped${i}@example.net>`, body: `Piped complaint ${i}.` }),
        );
        const bySmtp = Array.from({ length: 20 }, (_, i) =>
          rawMessage({ from: `Relayed ${i} <relayed${i}@example.net>`, body: `Relayed complaint ${i}.` }),
        );
        const same = rawMessage({
          from: 'Twice <twice@example.net>',
          body: 'Delivered several times at once.',
        });
        const transport = smtpClient(server.smtpPort, { pool: true, maxConnections: 4 });
        const smtp = Promise.all(
          bySmtp.map((raw) =>
            transport.sendMail({ envelope: { from: 'r@example.net', to: ['complaint@example.org'] }, raw }),
          ),
        );
        const runs = await Promise.all(
          piped.map((raw) => runRedress(['ingest', '-m', 'complaints'], raw, envFor(test.url))),
        );
        await smtp;
        transport.close();
        for (const r of runs) assert.equal(r.code, 0, `ingest failed: ${r.stderr}`);
        // The same message, delivered by several processes at the same moment: stored once.
        const dupes = await Promise.all(
          Array.from({ length: PROCESSES }, () =>
            runRedress(['ingest', '-m', 'complaints'], same, envFor(test.url)),
          ),
        );
        for (const r of dupes) assert.equal(r.code, 0, `ingest failed: ${r.stderr}`);
        const results = dupes.map(
          (r) => JSON.parse(r.stdout) as { correspondenceId: string; duplicate: boolean },
        );
        assert.equal(new Set(results.map((r) => r.correspondenceId)).size, 1);
        assert.equal(results.filter((r) => !r.duplicate).length, 1);

        const rows = await test.database.db
          .selectFrom('correspondence')
          .select(['message_id', 'door', (eb) => eb.fn.countAll<number>().as('n')])
          .where('direction', '=', 'in')
          .groupBy(['message_id', 'door'])
          .execute();
        const stored = new Map(rows.map((r) => [r.message_id!, { n: Number(r.n), door: r.door }]));
        assert.equal(stored.size, PROCESSES + bySmtp.length + 1);
        for (const raw of piped) assert.deepEqual(stored.get(messageIdOf(raw)), { n: 1, door: 'pipe' });
        for (const raw of bySmtp) assert.deepEqual(stored.get(messageIdOf(raw)), { n: 1, door: 'smtp' });
        assert.equal(stored.get(messageIdOf(same))?.n, 1);
        assert.equal(await server.stop(), 0);
      } finally {
        await server.kill();
        await test.drop();
      }
    });

  it('exits 75 (EX_TEMPFAIL) when the database cannot be reached, so that the MTA retries', async () => {
    const r = await runRedress(['ingest', '-m', 'complaints'], rawMessage(), {
      REDRESS_DATABASE_URL: 'postgres://redress@127.0.0.1:1/redress',
    });
    assert.equal(r.code, 75);
    assert.match(r.stderr, /NOT stored/);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: Postfix's macro, as it is written in master.cf
  it('takes the envelope sender Postfix gives (${sender}): the null sender is automated mail, never answered', async () => {
    const test = await createTestDatabase('sqlite');
    try {
      // Postfix's pipe writes the null sender as MAILER-DAEMON unless told otherwise (null_sender=).
      const cases = [
        ['', '<pipe-null-1@example.net>'],
        ['MAILER-DAEMON', '<pipe-null-2@example.net>'],
        ['marie.dupont@example.net', '<pipe-person@example.net>'],
      ] as const;
      for (const [sender, messageId] of cases) {
        const r = await runRedress(
          ['ingest', '-m', 'complaints', '--sender', sender],
          rawMessage({ messageId }),
          envFor(test.url),
        );
        assert.equal(r.code, 0, r.stderr);
      }
      const answered = async (messageId: string) =>
        (
          await test.database.db
            .selectFrom('correspondence')
            .select('to_address')
            .where('direction', '=', 'out')
            .where('in_reply_to', '=', messageId)
            .execute()
        ).map((o) => o.to_address);
      assert.deepEqual(await answered('<pipe-null-1@example.net>'), []);
      assert.deepEqual(await answered('<pipe-null-2@example.net>'), []);
      assert.deepEqual(await answered('<pipe-person@example.net>'), ['marie.dupont@example.net']);
    } finally {
      await test.drop();
    }
  });

  it('exits 75 and names the mailboxes when the mailbox is unknown: the MTA keeps the message until the pipe is fixed', async () => {
    const r = await runRedress(['ingest', '-m', 'nope'], rawMessage(), {
      REDRESS_DATABASE_URL: 'sqlite::memory:',
    });
    assert.equal(r.code, 75);
    assert.match(r.stderr, /--mailbox nope: no such mailbox; the mailboxes are complaints/);
    assert.match(r.stderr, /NOT stored, and the mail server keeps it and tries again/);
  });

  it('exits 75 on a configuration it cannot work with, naming the setting, so that no complaint bounces for it', async () => {
    for (const [env, named] of [
      [{ REDRESS_SMTP_MAX_BYTES: 'lots' }, /REDRESS_SMTP_MAX_BYTES/],
      [{ REDRESS_CONFIG: '/nonexistent/redress.config.json' }, /redress\.config\.json/],
    ] as const) {
      const r = await runRedress(['ingest', '-m', 'complaints'], rawMessage(), {
        REDRESS_DATABASE_URL: 'sqlite::memory:',
        ...env,
      });
      assert.equal(r.code, 75, r.stderr);
      assert.match(r.stderr, named);
      assert.match(r.stderr, /NOT stored/);
    }
  });

  for (const engine of ENGINES)
    it(`refuses a message over the size limit with exit 65, and files one too complex to read unread (${engine})`, async () => {
      const test = await createTestDatabase(engine);
      try {
        const env = {
          ...envFor(test.url),
          REDRESS_SMTP_MAX_BYTES: String(64 * 1024),
          REDRESS_READ_BUDGET_MS: '1000',
        };
        const big = rawMessage({ body: 'x'.repeat(76).concat('\r\n').repeat(20_000) });
        const refused = await runRedress(['ingest', '-m', 'complaints'], big, env);
        assert.equal(refused.code, 65, refused.stderr);
        assert.match(
          refused.stderr,
          /larger than the limit of 65536 bytes \(REDRESS_SMTP_MAX_BYTES\); it was NOT stored/,
        );
        const none = await test.database.db
          .selectFrom('correspondence')
          .select('id')
          .where('message_id', '=', messageIdOf(big))
          .execute();
        assert.equal(none.length, 0, 'nothing stored');

        // Costly enough that its reading is always over the budget (a few tenths of a second against 50 ms).
        const nested = costlyHtmlMessage(900 * 1024, '<pipe-nested@example.net>');
        const filed = await runRedress(['ingest', '-m', 'complaints'], nested, {
          ...env,
          REDRESS_SMTP_MAX_BYTES: String(1024 * 1024),
          REDRESS_READ_BUDGET_MS: '50',
        });
        assert.equal(filed.code, 0, filed.stderr);
        const row = await test.database.db
          .selectFrom('correspondence')
          .innerJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
          .leftJoin('inbox_items', 'inbox_items.correspondence_id', 'correspondence.id')
          .select(['originals.content', 'inbox_items.reason'])
          .where('correspondence.message_id', '=', '<pipe-nested@example.net>')
          .executeTakeFirstOrThrow();
        assert.ok(Buffer.from(row.content).equals(nested), 'stored byte for byte');
        assert.equal(row.reason, 'unparseable', 'waiting in the inbox for a person');
      } finally {
        await test.drop();
      }
    });
});
