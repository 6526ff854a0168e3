// A complainant who writes again about a complaint that was closed (P4.6: it closes after the quiet period "unless
// the complainant writes again"; P5: step 2 stays possible after closing) is read by a person, by every door: the
// e-mail replying in its thread or quoting its reference, a letter quoting it, a step-2 request by e-mail, letter,
// public form or API that joins the writer's one step-2 case when that one was closed (step2-of-request.ts). The
// rule (after-close.ts) reopens the case and flags it for a person; nothing is sent to the complainant (no second
// acknowledgement, no date promised again), and no new complaint is counted. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { closeQuietCases } from '../../src/app/close-quiet-cases.ts';
import type { AppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

const STEP2 = 'Transmission de réclamation - Etape 2';
let serial = 0;

for (const engine of ENGINES) {
  describe(`a message on a closed complaint reaches a person at every door (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-30T10:00:00.000Z');
    before(async () => {
      h = await startHarness(engine, { clock, overrides: { step2ByEmail: 'accept' } });
    });
    after(() => h.close());
    const db = () => h.test.database.db;

    /** A complaint of `email` at `step`, acknowledged, answered and closed. */
    async function closedComplaint(ctx: AppContext, email: string, step: 1 | 2) {
      const c = await openCase(ctx, {
        kind: 'complaint',
        step,
        channel: 'letter',
        receivedAt: clock.now(),
        language: 'fr',
        subject: `Matter ${++serial}`,
        complainant: { name: 'Writer', email },
        fields: { ticketRefs: [], domains: [], description: 'Mon domaine a expiré.', expectations: null },
        missing: [],
        correspondenceId: null,
        actor: 'u',
      });
      await actOnCase(
        ctx,
        c.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
      await answerCase(ctx, c.caseId, {
        outcome: 'not_upheld',
        text: 'Pas de faute.',
        remedy: null,
        actor: 'system',
      });
      await actOnCase(ctx, c.caseId, { type: 'close', reason: 'quiet_period' }, 'system');
      clock.advance(3_600_000);
      return c;
    }
    const row = (id: string) =>
      db()
        .selectFrom('cases')
        .select(['status', 'flagged', 'answer_by'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const casesOf = async (complainantId: string) =>
      (await db().selectFrom('cases').select('id').where('complainant_id', '=', complainantId).execute())
        .length;
    const mailsTo = async (email: string) =>
      (
        await db()
          .selectFrom('correspondence')
          .select('id')
          .where('direction', '=', 'out')
          .where('to_address', '=', email)
          .execute()
      ).length;

    /** Asserts the message went to `caseId`, which is open again for a person, flagged, and nobody was written. */
    async function readByAPerson(
      caseId: string,
      filedOn: string | null,
      complainantId: string,
      before: { cases: number; mails: number; answerBy: string | null },
      email: string,
    ) {
      assert.equal(filedOn, caseId, 'filed on the closed case');
      const r = await row(caseId);
      assert.notEqual(r.status, 'closed', 'the case is open again for a person');
      assert.equal(Boolean(r.flagged), true, 'flagged: the complainant wrote after it closed');
      assert.equal(r.answer_by, before.answerBy, 'no new answer date');
      assert.equal(await casesOf(complainantId), before.cases, 'no new complaint counted');
      assert.equal(await mailsTo(email), before.mails, 'nothing sent to the complainant');
      const reopened = await db()
        .selectFrom('events')
        .select('payload')
        .where('stream', '=', `case:${caseId}`)
        .where('type', '=', 'reopened')
        .execute();
      assert.equal(reopened.length, 1);
    }
    const snapshot = async (caseId: string, complainantId: string, email: string) => ({
      cases: await casesOf(complainantId),
      mails: await mailsTo(email),
      answerBy: (await row(caseId)).answer_by,
    });

    it('an e-mail quoting the reference of a closed step-1 complaint', async () => {
      const email = `mail-${++serial}@example.net`;
      const c = await closedComplaint(h.ctx, email, 1);
      const before = await snapshot(c.caseId, c.complainantId, email);
      const r = await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: `Writer <${email}>`,
          to: 'complaints@example.org',
          subject: `Re: ${c.reference}`,
          body: 'Votre réponse ne règle rien : le domaine est toujours bloqué.\n',
        }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      await readByAPerson(c.caseId, r.caseId, c.complainantId, before, email);
      // The quiet period does not close it again behind the person's back: the complainant wrote after the answer.
      clock.advance(30 * 86_400_000);
      assert.ok(!(await closeQuietCases(h.ctx)).includes(c.caseId), 'not closed again for quiet');
      assert.notEqual((await row(c.caseId)).status, 'closed');
    });

    it('a letter quoting the reference of a closed step-1 complaint', async () => {
      const email = `letter-${++serial}@example.net`;
      const c = await closedComplaint(h.ctx, email, 1);
      const before = await snapshot(c.caseId, c.complainantId, email);
      const r = await registerLetter(
        h.ctx,
        {
          arrived: h.ctx.calendar.localDate(clock.now()).toString(),
          kind: 'complaint',
          step: 1,
          complainant: { name: 'Writer', email, postalAddress: ['1 rue des Lilas', '67000 Strasbourg'] },
          title: 'Suite',
          description: 'Le domaine est toujours bloqué.',
          expectations: null,
          caseReference: c.reference,
        },
        null,
        'u',
      );
      await readByAPerson(c.caseId, r.caseId, c.complainantId, before, email);
    });

    for (const door of ['email', 'letter', 'web', 'api'] as const)
      it(`a step-2 request by ${door} joining the writer's one step-2 complaint, closed`, async () => {
        const email = `step2-${door}-${++serial}@example.net`;
        const c = await closedComplaint(h.ctx, email, 2);
        const before = await snapshot(c.caseId, c.complainantId, email);
        const text = 'Je demande de nouveau un réexamen par la direction.';
        let filedOn: string | null;
        if (door === 'email')
          filedOn = (
            await receiveEmail(h.ctx, {
              raw: rawMessage({
                from: `Writer <${email}>`,
                to: 'management@example.org',
                subject: STEP2,
                body: `${text}\n`,
              }),
              mailbox: h.config.mailboxes.find((m) => m.name === 'management')!,
              door: 'pipe',
            })
          ).caseId;
        else if (door === 'letter')
          filedOn = (
            await registerLetter(
              h.ctx,
              {
                arrived: h.ctx.calendar.localDate(clock.now()).toString(),
                kind: 'complaint',
                step: 2,
                complainant: {
                  name: 'Writer',
                  email,
                  postalAddress: ['1 rue des Lilas', '67000 Strasbourg'],
                },
                title: STEP2,
                description: text,
                expectations: null,
              },
              null,
              'u',
            )
          ).caseId;
        else
          filedOn = (
            await submitComplaint(
              h.ctx,
              {
                complainant: { name: 'Writer', email },
                language: 'fr',
                step: 2,
                description: text,
                expectations: 'Une réponse.',
              },
              { channel: door, actor: door === 'web' ? 'public_form' : 'api:test' },
            )
          ).caseId;
        await readByAPerson(c.caseId, filedOn, c.complainantId, before, email);
      });
  });
}
