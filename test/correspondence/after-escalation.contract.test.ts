// The complainant's reply after escalation (P5.2): once a step-1 case is answered and escalated, what the
// complainant writes in its thread is read by management on the step-2 case, not filed on the answered step-1 case
// where no queue shows it. Through the mail door, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { startWorld, type World } from './support.ts';

for (const engine of ENGINES)
  describe(`a reply after escalation (${engine})`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(engine, '2026-11-02T09:00:00.000Z');
    });
    after(() => w.close());

    const mail = (spec: Parameters<typeof rawMessage>[0]) =>
      receiveEmail(w.ctx, {
        raw: rawMessage({ date: 'Mon, 02 Nov 2026 10:00:00 +0100', ...spec }),
        mailbox: w.config.mailboxes.find((b) => b.name === 'complaints')!,
        door: 'pipe',
      });
    const stateOf = async (id: string) => (await inTransaction(w.ctx, (agg) => agg.loadCase(id))).state!;

    it('goes to the open step-2 case; before the escalation, and after step 2 is closed, to the case it answers', async () => {
      const first = await mail({
        from: 'Ines Vogel <ines@example.net>',
        messageId: '<ines-1@example.net>',
        subject: 'Complaint escalation - Step 1',
      });
      const step1Id = first.caseId!;
      const before = await mail({
        from: 'Ines Vogel <ines@example.net>',
        inReplyTo: '<ines-1@example.net>',
        subject: `Re: [${first.reference}] more details`,
      });
      assert.equal(before.caseId, step1Id, 'before the escalation: the step-1 case');
      w.clock.set('2026-11-05T09:00:00.000Z');
      await answerCase(w.ctx, step1Id, { outcome: 'not_upheld', text: 'No.', remedy: null, actor: 'user:a' });
      w.clock.set('2026-11-06T09:00:00.000Z');
      const step2 = await escalateCase(w.ctx, step1Id, 'user:a');
      const reply = await mail({
        from: 'Ines Vogel <ines@example.net>',
        inReplyTo: '<ines-1@example.net>',
        subject: `Re: [${first.reference}] I do not agree`,
      });
      assert.equal(reply.caseId, step2.caseId, "management's step-2 case");
      assert.ok((await stateOf(step2.caseId)).correspondenceIds.includes(reply.correspondenceId));
      assert.ok(!(await stateOf(step1Id)).correspondenceIds.includes(reply.correspondenceId));
      // Step 2 closed: nothing open to read it there; the case it answers keeps it.
      await actOnCase(w.ctx, step2.caseId, { type: 'close', reason: 'Withdrawn.' }, 'user:m');
      const late = await mail({
        from: 'Ines Vogel <ines@example.net>',
        inReplyTo: '<ines-1@example.net>',
        subject: `Re: [${first.reference}] one more thing`,
      });
      assert.equal(late.caseId, step1Id);
    });
  });
