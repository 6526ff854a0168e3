// The intake looks up the cases a batch's messages name by Message-ID in one statement for the batch
// (Aggregates `prefetch`, `caseOfMessageIds`): replies to messages stored before the batch (by In-Reply-To or by
// References only), and an original arriving after a forward that carried it was stored, each join their case;
// a message naming nothing opens its own. All in one batch, without falling back to filing one by one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prepareEmail } from '../../src/app/receive-email.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';

/** A colleague's forward carrying the original whole (message/rfc822). */
function forwardOf(original: Buffer, messageId: string): Buffer {
  const head = [
    'From: Claire Morel <claire.morel@example.org>',
    'To: complaint@example.org',
    'Subject: TR: Transmission de réclamation - Etape 1',
    'Date: Mon, 23 Nov 2026 11:00:00 +0100',
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="fwd-boundary"',
    '',
    '--fwd-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Voir la réclamation ci-jointe.',
    '--fwd-boundary',
    'Content-Type: message/rfc822',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), original, Buffer.from('\r\n--fwd-boundary--\r\n')]);
}

for (const engine of ENGINES)
  describe(`a batch's messages found by Message-ID (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
    });
    after(() => h?.close());

    it('joins the cases of messages and forwards stored before the batch', async () => {
      const box = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const receive = (raw: Buffer) => h.intake.receive({ raw, mailbox: box, door: 'smtp' });
      const anna = 'Anna Schmidt <anna@example.de>';
      const first = await receive(rawMessage({ from: anna, messageId: '<t1@example.de>' }));
      const original = rawMessage({
        from: 'Paul Martin <paul@example.fr>',
        messageId: '<orig@example.fr>',
        body: 'Mon domaine est en panne depuis hier.',
      });
      const forward = await receive(forwardOf(original, '<fwd@example.org>'));
      assert.ok(first.caseId && forward.caseId && first.caseId !== forward.caseId);

      const batch = [
        rawMessage({
          from: anna,
          messageId: '<t2@example.de>',
          inReplyTo: '<t1@example.de>',
          body: 'Précision.',
        }),
        rawMessage({
          from: anna,
          messageId: '<t3@example.de>',
          references: ['<unknown@example.de>', '<t1@example.de>'],
          body: 'Encore une précision.',
        }),
        original,
        rawMessage({ from: 'Zoé <zoe@example.fr>', messageId: '<z1@example.fr>', body: 'Autre affaire.' }),
      ];
      const before = { ...h.intake.stats };
      const prepared = await Promise.all(
        batch.map((raw) => prepareEmail(h.ctx, { raw, mailbox: box, door: 'smtp' })),
      );
      const results = await Promise.all(prepared.map((p) => h.intake.receivePrepared(p)));
      assert.deepEqual(h.intake.stats, {
        batches: before.batches + 1,
        batchedMessages: before.batchedMessages + batch.length,
        filedAlone: before.filedAlone,
      });
      assert.deepEqual(
        results.map((r) => r.filing),
        ['filed_on_case', 'filed_on_case', 'filed_on_case', 'case_opened'],
      );
      assert.equal(results[0]!.caseId, first.caseId, 'a reply by In-Reply-To');
      assert.equal(results[1]!.caseId, first.caseId, 'a reply by References only');
      assert.equal(results[2]!.caseId, forward.caseId, 'the original after the forward that carried it');
      assert.ok(results[3]!.caseId && ![first.caseId, forward.caseId].includes(results[3]!.caseId));
    });
  });
