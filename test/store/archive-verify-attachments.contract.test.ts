// The attachments of outbound mail (P6.2), on SQLite and PostgreSQL: they are kept in the store of originals, so one
// byte of one changed is named as an original altered; verify names it as the attachment of its item, with its case.
// One deleted from the store, which the item's seal (a list of SHA-256) cannot show, is named missing, with its item
// and case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerCase } from '../../src/app/answer-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { sha256Hex } from '../../src/core/archive/hash-chain.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`archive verify: attachments of outbound mail (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
    });
    after(() => h.close());

    async function answeredWith(n: number, pdf: Uint8Array) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: `Person ${n} <person${n}@example.de>` }),
        mailbox,
        door: 'pipe',
      });
      const answer = await answerCase(h.ctx, r.caseId!, {
        outcome: 'partly_upheld',
        text: 'Veuillez trouver le relevé ci-joint.',
        remedy: null,
        attachments: [{ filename: `releve-${n}.pdf`, contentType: 'application/pdf', content: pdf }],
        actor: 'user:a',
      });
      return { reference: r.reference!, answer: answer.correspondenceId! };
    }

    it('names an attachment changed or gone by its item and case', async () => {
      const pdfA = new TextEncoder().encode('%PDF-1.4\n% relevé A\n%%EOF\n');
      const pdfB = new TextEncoder().encode('%PDF-1.4\n% relevé B\n%%EOF\n');
      const a = await answeredWith(1, pdfA);
      const b = await answeredWith(2, pdfB);
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);

      const { db } = h.test.database;
      const [shaA, shaB] = [sha256Hex(pdfA), sha256Hex(pdfB)];
      const changed = Buffer.from(pdfA);
      changed[10] = changed[10]! ^ 0x01;
      await db.updateTable('originals').set({ content: changed }).where('sha256', '=', shaA).execute();
      await db.deleteFrom('originals').where('sha256', '=', shaB).execute();

      const { problems } = await verifyArchive(h.ctx);
      const altered = problems.find((p) => p.kind === 'original_altered' && p.stream === `original:${shaA}`);
      assert.ok(altered, JSON.stringify(problems));
      assert.match(
        altered.detail,
        new RegExp(
          `held by the attachment "releve-1\\.pdf" of outbound ${a.answer} \\(case ${a.reference}\\)`,
        ),
      );
      const missing = problems.find((p) => p.kind === 'original_missing' && p.stream === `original:${shaB}`);
      assert.ok(missing, JSON.stringify(problems));
      assert.match(
        missing.detail,
        new RegExp(
          `the attachment "releve-2\\.pdf" \\(${shaB}\\) of outbound e-mail ${b.answer} \\(answer\\) of case ${b.reference} is missing from the store`,
        ),
      );
    });
  });
}
