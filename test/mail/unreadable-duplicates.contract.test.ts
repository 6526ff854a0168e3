// P1.4 for a message that cannot be read, on SQLite and PostgreSQL: delivered twice, with one more Received
// field the second time, it is stored once and waits once in the inbox; with or without a Message-ID.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { receiveEmail } from '../../src/app/receive-email.ts';
import type { Mailbox } from '../../src/config.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';

/** A message with a NUL in its Subject (read as binary data: unreadable), with or without a Message-ID. */
function unreadable(tag: string, messageId: boolean): Buffer {
  return Buffer.concat([
    Buffer.from(
      `From: Eve <${tag}@client.example>\r\nTo: complaint@example.org\r\n${messageId ? `Message-ID: <${tag}@probe>\r\n` : ''}Date: Mon, 14 Dec 2026 10:00:00 +0100\r\nSubject: `,
    ),
    Buffer.from([0]),
    Buffer.from(
      `Transmission de reclamation - Etape 1 ${tag}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMon site est en panne.\r\nJe souhaite un remboursement.\r\nEve\r\n`,
    ),
  ]);
}
const withReceived = (raw: Buffer) =>
  Buffer.concat([
    Buffer.from('Received: from mx2.example by mx.example; Mon, 14 Dec 2026 10:00:05 +0100\r\n'),
    raw,
  ]);

for (const engine of ENGINES) {
  describe(`an unreadable message delivered twice (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(() => h.close());
    const mailbox = (): Mailbox => h.config.mailboxes.find((m) => m.name === 'complaints')!;

    for (const messageId of [true, false])
      it(`is stored once, waiting once in the inbox (${messageId ? 'with' : 'without'} a Message-ID)`, async () => {
        const raw = unreadable(messageId ? 'e10' : 'e11', messageId);
        const before = await h.counts();
        const first = await receiveEmail(h.ctx, { raw, mailbox: mailbox(), door: 'smtp' });
        const second = await receiveEmail(h.ctx, {
          raw: withReceived(raw),
          mailbox: mailbox(),
          door: 'pipe',
        });
        assert.equal(first.duplicate, false);
        assert.equal(second.duplicate, true, 'the second delivery is the same message');
        assert.equal(second.correspondenceId, first.correspondenceId);
        const after = await h.counts();
        assert.equal(after.correspondence - before.correspondence, 1);
        assert.equal(after.inbox - before.inbox, 1);
        assert.equal(after.cases, before.cases, 'no case: a person reads it');
      });
  });
}
