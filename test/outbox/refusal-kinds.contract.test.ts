// A permanent refusal (5xx) while sending counts as a bounce of the complainant's address only when it is the
// recipient that was refused (RCPT TO, an address or mailbox status 5.1.x or 5.2.x). The organisation's own relay
// refusing our sender address, the message's size, or relaying at all says nothing about the complainant's
// address: before, every complainant written to while the relay was misconfigured was marked unreachable by
// e-mail and their cases offered letters. A refusal of the recipient or of the message still fails the item, with
// the server's words, for a person; a refusal of our sender address or of relaying is our own set-up's: the item
// is held, pending, until the settings are fixed (setup-refusal.contract.test.ts). Against a real SMTP server (smtp-server), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { mailIn, startWorld } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';

type Refusal = { at: 'mail' | 'rcpt' | 'data'; code: number; text: string };

async function startRefusingServer(refusal: Refusal) {
  const fail = (callback: (e?: Error) => void) =>
    callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom: (_a, _s, callback) => (refusal.at === 'mail' ? fail(callback) : callback()),
    onRcptTo: (_a, _s, callback) => (refusal.at === 'rcpt' ? fail(callback) : callback()),
    onData(stream, _s, callback) {
      stream.resume();
      stream.on('end', () => (refusal.at === 'data' ? fail(callback) : callback()));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const CASES: Array<{ what: string; refusal: Refusal; bounce: boolean; held?: true }> = [
  {
    what: 'the recipient refused (5.1.1)',
    refusal: { at: 'rcpt', code: 550, text: '5.1.1 <x>: Recipient address rejected: User unknown' },
    bounce: true,
  },
  {
    what: 'the recipient’s mailbox disabled (5.2.1)',
    refusal: { at: 'rcpt', code: 550, text: '5.2.1 mailbox disabled' },
    bounce: true,
  },
  {
    what: 'our sender address refused',
    refusal: {
      at: 'mail',
      code: 553,
      text: '5.7.1 <complaint@example.org>: Sender address rejected: not owned by user',
    },
    bounce: false,
    held: true,
  },
  {
    what: 'relaying refused',
    refusal: { at: 'rcpt', code: 554, text: '5.7.1 <x>: Relay access denied' },
    bounce: false,
    held: true,
  },
  {
    what: 'the message refused after its data',
    refusal: { at: 'data', code: 552, text: '5.3.4 Message size exceeds fixed limit' },
    bounce: false,
  },
];

for (const engine of ENGINES)
  describe(`a permanent refusal while sending (${engine})`, () => {
    for (const [i, c] of CASES.entries())
      it(`${c.bounce ? 'marks' : 'does not mark'} the complainant unreachable: ${c.what}`, async () => {
        const world = await startWorld(engine, '2026-12-07T08:00:00Z');
        const smtp = await startRefusingServer(c.refusal);
        try {
          const opened = await mailIn(world, {
            from: `refused-${i}@example.net`,
            name: 'Dominique Refused',
            language: 'fr',
            subject: 'Réclamation',
            messageId: `<refused-${i}@example.net>`,
          });
          const report = await sendDueMail(world.ctx, world.transport(smtp.port));
          assert.deepEqual(
            report,
            c.held ? { sent: 0, retried: 1, failed: 0 } : { sent: 0, retried: 0, failed: 1 },
          );
          const complainant = await world.ctx.database.db
            .selectFrom('complainants')
            .select('unreachable')
            .where('id', '=', opened.complainantId)
            .executeTakeFirstOrThrow();
          assert.equal(Number(complainant.unreachable), c.bounce ? 1 : 0);
          const item = await world.ctx.database.db
            .selectFrom('correspondence')
            .select(['status', 'status_detail'])
            .where('direction', '=', 'out')
            .executeTakeFirstOrThrow();
          assert.equal(item.status, c.held ? 'pending' : 'failed');
          assert.match(item.status_detail ?? '', new RegExp(String(c.refusal.code)));
        } finally {
          await smtp.stop();
          await world.close();
        }
      });
  });
