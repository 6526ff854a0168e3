// Killing the server mid-delivery (issue 4): a client sends 500 messages over several connections; the server
// is killed with SIGKILL part-way through. After a restart, every message the client saw accepted (250) is
// stored exactly once, and re-sending the rest stores each once: nothing lost, nothing twice. This holds
// because 250 is answered only after commit (WAL + synchronous=NORMAL survives a killed process).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import nodemailer from 'nodemailer';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { createAppContext } from '../../src/app/context.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { loadConfig } from '../../src/config.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';
import { startServer } from './support/server.ts';

const TOTAL = 500;
const KILL_AFTER = 150;

/** Sends each message once over `connections` connections; returns the Message-IDs answered with 250. */
async function sendAll(
  port: number,
  messages: Buffer[],
  connections: number,
  onAccepted?: (n: number) => void,
) {
  const accepted = new Set<string>();
  let next = 0;
  const worker = async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    try {
      while (next < messages.length) {
        const raw = messages[next++]!;
        try {
          const info = await transport.sendMail({
            envelope: { from: 'sender@example.net', to: ['complaint@example.org'] },
            raw,
          });
          if (/^250 /.test(String(info.response))) {
            accepted.add(messageIdOf(raw));
            onAccepted?.(accepted.size);
          }
        } catch {
          // Refused or cut off: the client counts it as not delivered (an MTA would retry it).
        }
      }
    } finally {
      transport.close();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return accepted;
}

it('after SIGKILL mid-way, every accepted message is stored exactly once, and resending the rest stores each once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-sigkill-'));
  const url = `sqlite:${join(dir, 'redress.db')}`;
  const messages = Array.from({ length: TOTAL }, (_, i) =>
    rawMessage({
      from: `Sender ${i} <sender${i}@example.net>`,
      body: `Complaint number ${i}.\nPlease fix it.`,
    }),
  );
  let server = await startServer(url);
  try {
    let killed = false;
    const accepted = await sendAll(server.smtpPort, messages, 4, (n) => {
      if (n >= KILL_AFTER && !killed) {
        killed = true;
        void server.kill();
      }
    });
    await server.kill();
    assert.ok(killed, 'the server was killed mid-way');
    assert.ok(
      accepted.size >= KILL_AFTER && accepted.size < TOTAL,
      `accepted before the kill: ${accepted.size}`,
    );

    server = await startServer(url);
    const database = await openDatabase(url);
    try {
      const countOf = async () => {
        const rows = await database.db
          .selectFrom('correspondence')
          .select(['message_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('direction', '=', 'in')
          .groupBy('message_id')
          .execute();
        return new Map(rows.map((r) => [r.message_id!, Number(r.n)]));
      };
      const afterRestart = await countOf();
      for (const id of accepted)
        assert.equal(afterRestart.get(id), 1, `accepted ${id} is stored exactly once`);
      for (const n of afterRestart.values()) assert.equal(n, 1);

      // The client re-sends what it did not see accepted (some of it may have been committed before the kill).
      t.diagnostic(
        `accepted before the kill: ${accepted.size}; stored when restarted: ${afterRestart.size} (committed, 250 not seen: ${afterRestart.size - accepted.size})`,
      );
      const rest = messages.filter((m) => !accepted.has(messageIdOf(m)));
      const resent = await sendAll(server.smtpPort, rest, 4);
      assert.equal(resent.size, rest.length, 'every re-sent message is accepted');

      const final = await countOf();
      assert.equal(final.size, TOTAL);
      for (const m of messages) assert.equal(final.get(messageIdOf(m)), 1);
      const cases = await database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(cases.n), TOTAL, 'one case per message, none twice');
      const report = await verifyArchive(createAppContext(loadConfig({ env: {} }), database));
      assert.deepEqual(report.problems, [], 'the archive is intact');
    } finally {
      await database.close();
    }
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
