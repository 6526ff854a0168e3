// Correspondence moved from one case to another in the database (P6.2), on SQLite and PostgreSQL: a complaint's
// e-mail as received, or the answer sent, given to another case by changing the row's case, is named with both
// cases; correspondence a merge gave to the case that was kept, and a step-2 case's own, is no finding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerCase } from '../../src/app/answer-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`archive verify: correspondence moved to another case (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
    });
    after(() => h.close());

    async function answered(from: string) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(h.ctx, { raw: rawMessage({ from }), mailbox, door: 'pipe' });
      const answer = await answerCase(h.ctx, r.caseId!, {
        outcome: 'not_upheld',
        text: 'Nous avons examiné votre demande.',
        remedy: null,
        actor: 'user:a',
      });
      return {
        id: r.caseId!,
        reference: r.reference!,
        received: r.correspondenceId!,
        answer: answer.correspondenceId!,
      };
    }

    it('names an e-mail received or sent that another case holds now, and not what a merge moved', async () => {
      const a = await answered('Anna Schmidt <anna@example.de>');
      const b = await answered('Bruno Martin <bruno@example.fr>');
      // A merge: the duplicate's correspondence goes to the case kept. An escalation: a step-2 case of its own.
      const kept = await answered('Chloé Roux <chloe@example.fr>');
      const duplicate = await answered('Chloé Roux <chloe@example.fr>');
      await mergeCases(h.ctx, kept.id, duplicate.id, 'user:a');
      await escalateCase(h.ctx, b.id, 'user:a');
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);

      const { db } = h.test.database;
      await db
        .updateTable('correspondence')
        .set({ case_id: b.id })
        .where('id', 'in', [a.received, a.answer])
        .execute();

      const { problems } = await verifyArchive(h.ctx);
      const moved = problems.filter((p) => p.kind === 'correspondence_moved');
      assert.deepEqual(
        moved.map((p) => p.stream).sort(),
        [`correspondence:${a.received}`, `correspondence:${a.answer}`].sort(),
        JSON.stringify(problems),
      );
      for (const p of moved)
        assert.match(p.detail, new RegExp(`of case ${a.reference} .*is held by case ${b.reference} now`));
    });
  });
}
