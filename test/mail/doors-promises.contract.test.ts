// The promises the mail door keeps at its seams, on SQLite and PostgreSQL: a step-2 e-mail from a sender with
// no step-1 case is received as a step-1 complaint, acknowledged and told how step 2 works (P1.2); every reply
// threads on the message it answers; the history never claims a message that does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerCase } from '../../src/app/answer-case.ts';
import { extendCase } from '../../src/app/extend-case.ts';
import { notifyRestriction } from '../../src/app/notify-restriction.ts';
import { prepareEmail, type ReceivedEmail, receiveEmail } from '../../src/app/receive-email.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import type { Mailbox } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { createUser } from '../support/http.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const STEP2 = 'Transmission de réclamation - Etape 2';

for (const engine of ENGINES) {
  describe(`the mail door's promises (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T12:00:00.000Z');
    const mailbox = (name: string): Mailbox => h.config.mailboxes.find((m) => m.name === name)!;
    const receive = (spec: MessageSpec, box = 'complaints'): Promise<ReceivedEmail> =>
      receiveEmail(h.ctx, { raw: rawMessage(spec), mailbox: mailbox(box), door: 'pipe' });
    const outbound = (caseId: string) =>
      h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select([
          'correspondence.id',
          'outbound_items.purpose',
          'correspondence.in_reply_to',
          'outbound_items.references_header',
          'correspondence.language',
          'correspondence.to_address',
          'correspondence.text_body',
        ])
        .where('correspondence.case_id', '=', caseId)
        .where('correspondence.direction', '=', 'out')
        .orderBy('correspondence.created_at')
        .execute();
    const events = async (caseId: string) =>
      (
        await h.test.database.db
          .selectFrom('events')
          .select(['type', 'payload'])
          .where('stream', '=', `case:${caseId}`)
          .orderBy('seq')
          .execute()
      ).map((e) => ({ type: e.type, payload: JSON.parse(e.payload) as Record<string, unknown> }));

    before(async () => {
      h = await startHarness(engine, { clock });
    });
    after(() => h.close());

    it('receives a step-2 e-mail with no step-1 case as a step-1 complaint, acknowledged and told how step 2 works', async () => {
      const r = await receive(
        { from: 'Fanny Leroy <fanny@example.fr>', subject: STEP2, messageId: '<s2-fanny@example.fr>' },
        'management',
      );
      assert.ok(r.caseId, 'a case that staff see');
      assert.equal(r.inboxItemId, null, 'not left in the triage inbox');
      const c = await h.test.database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', r.caseId!)
        .executeTakeFirstOrThrow();
      assert.equal(c.kind, 'complaint');
      assert.equal(c.step, 1, 'on the step-1 queue');
      assert.ok(c.acknowledge_by, 'with its 24-hour clock');
      const out = await outbound(r.caseId!);
      assert.deepEqual(out.map((o) => o.purpose).sort(), ['acknowledgement', 'step2_by_post']);
      for (const o of out) {
        assert.equal(o.language, 'fr', 'in the language of the message');
        assert.equal(o.to_address, 'fanny@example.fr');
        assert.equal(o.in_reply_to, '<s2-fanny@example.fr>');
      }
      const text = out.find((o) => o.purpose === 'step2_by_post')!.text_body ?? '';
      assert.match(text, /aucune réclamation antérieure/, 'the text says why a step-1 case was opened');
      assert.ok(text.includes(c.reference), 'and names it');
      const told = (await events(r.caseId!)).find((e) => e.type === 'step2_requested_by_email');
      assert.ok(told, 'the history says what was asked');
      assert.equal(told.payload.instructionId, out.find((o) => o.purpose === 'step2_by_post')!.id);
    });

    it('with `accept`, a step-2 e-mail with no step-1 case opens a step-2 case (P5.3), acknowledged', async () => {
      const accepting = await startHarness(engine, { clock, overrides: { step2ByEmail: 'accept' } });
      try {
        const r = await receiveEmail(accepting.ctx, {
          raw: rawMessage({ from: 'Gus <gus@example.de>', subject: STEP2 }),
          mailbox: accepting.config.mailboxes.find((m) => m.name === 'management')!,
          door: 'pipe',
        });
        assert.equal(r.filing, 'step2_case_opened');
        const c = await accepting.test.database.db
          .selectFrom('cases')
          .select(['step', 'flagged'])
          .where('id', '=', r.caseId!)
          .executeTakeFirstOrThrow();
        assert.equal(c.step, 2);
      } finally {
        await accepting.close();
      }
    });

    it('threads every reply on the message it answers, not on the first message of the case', async () => {
      const first = await receive({ from: 'Hanna <hanna@example.de>', messageId: '<h1@example.de>' });
      const ack = (await outbound(first.caseId!))[0]!;
      assert.equal(ack.in_reply_to, '<h1@example.de>');
      // A later message, its Date: a minute before the first (the sender's clock is wrong, as clocks are).
      clock.advance(3600_000);
      const later = await receive({
        from: 'Hanna <hanna@example.de>',
        subject: `Re: ${first.reference}`,
        messageId: '<h2@example.de>',
        date: 'Mon, 23 Nov 2026 10:14:00 +0100',
      });
      assert.equal(later.caseId, first.caseId);
      await requestInformation(h.ctx, first.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'user:a',
      });
      await extendCase(h.ctx, first.caseId!, {
        reason: 'An expert must look at it.',
        windowStart: '2026-12-08',
        windowEnd: '2026-12-10',
        actor: 'user:a',
      });
      await answerCase(h.ctx, first.caseId!, {
        outcome: 'upheld',
        text: 'We restored the domain.',
        remedy: null,
        actor: 'user:a',
      });
      const replies = (await outbound(first.caseId!)).filter((o) => o.purpose !== 'acknowledgement');
      assert.deepEqual(
        replies.map((o) => o.purpose),
        ['information_request', 'extension_notice', 'answer'],
      );
      for (const o of replies) {
        assert.equal(o.in_reply_to, '<h2@example.de>', `${o.purpose} answers the latest message`);
        assert.ok(o.references_header?.split(' ').includes('<h2@example.de>'));
      }
    });

    it('threads the by-post instruction on the step-2 request, also when it is filed in a batch', async () => {
      const step1 = await receive({
        from: 'Ida <ida@example.fr>',
        subject: STEP1,
        messageId: '<i1@example.fr>',
      });
      clock.advance(3600_000);
      const prepared = await Promise.all([
        prepareEmail(h.ctx, {
          raw: rawMessage({ from: 'Other <other-ida@example.fr>', messageId: '<o1@example.fr>' }),
          mailbox: mailbox('complaints'),
          door: 'smtp',
        }),
        prepareEmail(h.ctx, {
          raw: rawMessage({
            from: 'Ida <ida@example.fr>',
            subject: `${STEP2} ${step1.reference}`,
            messageId: '<i2@example.fr>',
          }),
          mailbox: mailbox('management'),
          door: 'smtp',
        }),
      ]);
      const [, step2] = await Promise.all(prepared.map((p) => h.intake.receivePrepared(p)));
      assert.equal(step2!.caseId, step1.caseId);
      const instruction = (await outbound(step1.caseId!)).find((o) => o.purpose === 'step2_by_post');
      assert.ok(instruction);
      assert.equal(instruction.in_reply_to, '<i2@example.fr>');
      assert.equal(h.intake.stats.batches > 0, true, 'the two messages shared a transaction');
    });

    it("threads a suggestion's thanks on its message in a batch, and a restriction notice on the latest message", async () => {
      const prepared = await Promise.all([
        prepareEmail(h.ctx, {
          raw: rawMessage({ from: 'Else <else-k@example.de>', messageId: '<k0@example.de>' }),
          mailbox: mailbox('complaints'),
          door: 'smtp',
        }),
        prepareEmail(h.ctx, {
          raw: rawMessage({
            from: 'Karl <karl@example.de>',
            to: 'info@example.org',
            subject: 'Eine Idee für Ihre Webseite',
            messageId: '<k1@example.de>',
          }),
          mailbox: mailbox('suggestions'),
          door: 'smtp',
        }),
      ]);
      const [, suggestion] = await Promise.all(prepared.map((p) => h.intake.receivePrepared(p)));
      const thanks = (await outbound(suggestion!.caseId!)).find((o) => o.purpose === 'suggestion_thanks');
      assert.ok(thanks);
      assert.equal(thanks.in_reply_to, '<k1@example.de>');

      const first = await receive({ from: 'Lina <lina@example.de>', messageId: '<l1@example.de>' });
      clock.advance(3600_000);
      await receive({
        from: 'Lina <lina@example.de>',
        subject: `Re: ${first.reference}`,
        messageId: '<l2@example.de>',
        date: 'Mon, 23 Nov 2026 09:00:00 +0100',
      });
      const c = await h.test.database.db
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', first.caseId!)
        .executeTakeFirstOrThrow();
      await actOnComplainant(
        h.ctx,
        c.complainant_id,
        {
          type: 'restrict',
          restrictionId: 'r-lina',
          kind: 'written_only',
          reason: 'Calls the support line many times a day',
          reviewBy: '2027-06-01',
          designatedContactId: null,
        },
        'user:manager',
      );
      await notifyRestriction(h.ctx, c.complainant_id, 'r-lina', 'user:manager');
      const notice = (await outbound(first.caseId!)).find((o) => o.purpose === 'restriction_notice');
      assert.ok(notice);
      assert.equal(notice.in_reply_to, '<l2@example.de>');
    });

    it('files a restriction notice on the latest complaint, not on a later suggestion a department member reads', async () => {
      const complaint = await receive({ from: 'Noor <noor@example.de>', messageId: '<n1@example.de>' });
      clock.advance(3600_000);
      const suggestion = await receive(
        {
          from: 'Noor <noor@example.de>',
          to: 'info@example.org',
          subject: 'Eine Idee für Ihre Webseite',
          messageId: '<n2@example.de>',
          date: 'Mon, 23 Nov 2026 11:00:00 +0100',
        },
        'suggestions',
      );
      const cases = await h.test.database.db
        .selectFrom('cases')
        .select(['id', 'kind', 'complainant_id'])
        .where('id', 'in', [complaint.caseId!, suggestion.caseId!])
        .execute();
      assert.deepEqual(cases.map((c) => c.kind).sort(), ['complaint', 'suggestion']);
      assert.equal(new Set(cases.map((c) => c.complainant_id)).size, 1, 'one complainant');
      await actOnComplainant(
        h.ctx,
        cases[0]!.complainant_id,
        {
          type: 'restrict',
          restrictionId: 'r-noor',
          kind: 'written_only',
          reason: 'Shouts at the support line',
          reviewBy: '2027-06-01',
          designatedContactId: null,
        },
        'user:manager',
      );
      await notifyRestriction(h.ctx, cases[0]!.complainant_id, 'r-noor', 'user:manager');
      const notices = async (caseId: string) =>
        (await outbound(caseId)).filter((o) => o.purpose === 'restriction_notice').length;
      assert.equal(await notices(complaint.caseId!), 1, 'on the complaint');
      assert.equal(await notices(suggestion.caseId!), 0, 'not on the suggestion');
    });

    it("never claims in the history that a restricted complainant's step-2 request was answered when it was not", async () => {
      const first = await receive({ from: 'Jules <jules@example.fr>', subject: STEP1 });
      const c = await h.test.database.db
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', first.caseId!)
        .executeTakeFirstOrThrow();
      // The contact is a team lead's account: it may own the complainant's step-1 cases.
      const lead1 = (await createUser(h.ctx, 'lead')).id;
      await actOnComplainant(
        h.ctx,
        c.complainant_id,
        {
          type: 'restrict',
          restrictionId: 'r-jules',
          kind: 'designated_contact',
          reason: 'Repeated insults to the support team',
          reviewBy: '2027-06-01',
          designatedContactId: lead1,
        },
        'user:manager',
      );
      const step2 = await receive(
        { from: 'Jules <jules@example.fr>', subject: `${STEP2} ${first.reference}` },
        'management',
      );
      assert.equal(step2.autoReply, 'restricted_channel');
      const out = await outbound(first.caseId!);
      assert.equal(out.filter((o) => o.purpose === 'step2_by_post').length, 0, 'nothing automatic');
      const request = (await events(first.caseId!)).find((e) => e.type === 'step2_requested_by_email');
      assert.ok(request);
      assert.equal(request.payload.instructionId, null, 'no instruction is claimed');
      assert.equal(request.payload.notToldBecause, 'restricted_channel');
    });

    it('names in the history only instructions that exist', async () => {
      const all = await h.test.database.db
        .selectFrom('events')
        .select('payload')
        .where('type', '=', 'step2_requested_by_email')
        .execute();
      assert.ok(all.length >= 3);
      for (const e of all) {
        const p = JSON.parse(e.payload) as { instructionId?: string | null };
        assert.ok('instructionId' in p, 'every request says whether the complainant was told');
        if (!p.instructionId) continue;
        const row = await h.test.database.db
          .selectFrom('correspondence')
          .select('direction')
          .where('id', '=', p.instructionId)
          .executeTakeFirst();
        assert.equal(row?.direction, 'out');
      }
    });
  });
}
