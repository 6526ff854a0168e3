// A designated contact (P8.4) on every door, on both engines: under the restriction, all correspondence with the
// complainant goes through that one person, whatever writes it (the answer, an extension, a request for
// information, an acknowledgement by hand, a reply, a letter to post) and whichever door it comes through (the use
// cases, the case page, the API, the bulk actions); the contact must be someone who handles complaints (P8.3), and a
// case goes to them only where their role handles its step (P5.2: step 2 is management's), else it follows the
// usual routing and whoever handles it writes. Merging two records of the person routes the moved cases too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { bulkAct } from '../../src/app/bulk-act.ts';
import { extendCase, extensionWindowOptions } from '../../src/app/extend-case.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { markLetterPosted } from '../../src/app/mark-letter-posted.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { openCase } from '../../src/app/open-case.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendReply } from '../../src/app/send-reply.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { ActingStaff } from '../../src/core/access/case-access.ts';
import { ENGINES } from '../support/databases.ts';
import {
  apiSecret,
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { daysAgo, openComplaint } from '../support/staff.ts';

const acting = (u: User): ActingStaff => ({
  role: u.role,
  userId: u.id,
  departments: u.departments,
  actor: `user:${u.id}`,
});

/** The refusal of the designated contact, whichever use case refuses. */
const onlyTheContact = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  assert.equal(err.code, 'designated_contact_only', err.message);
  assert.match(err.message ?? '', /designated contact/);
  return true;
};

/** The actions that write to the complainant, as the case page offers them (their forms' blocks). */
const WRITING_FORMS = ['answer', 'extend', 'request_information', 'acknowledge', 'reply'];
const offered = (body: string) => WRITING_FORMS.filter((f) => body.includes(`id="action-${f}"`));

for (const engine of ENGINES) {
  describe(`designated contact on ${engine}`, () => {
    let t: TestApp;
    const u: Record<'agent' | 'contact' | 'lead' | 'manager' | 'auditor' | 'admin' | 'department', User> =
      {} as never;
    let n = 0;

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing') });
      u.agent = await createUser(t.ctx, 'agent');
      u.contact = await createUser(t.ctx, 'agent', { name: 'Dominique Contact' });
      u.lead = await createUser(t.ctx, 'lead');
      u.manager = await createUser(t.ctx, 'management');
      u.auditor = await createUser(t.ctx, 'auditor');
      u.admin = await createUser(t.ctx, 'administrator');
      u.department = await createUser(t.ctx, 'department_member');
    });
    after(async () => t?.close());

    const stateOf = async (id: string) => (await inTransaction(t.ctx, (agg) => agg.loadCase(id))).state!;
    const restrict = (complainantId: string, contactId: string) =>
      actOnComplainant(
        t.ctx,
        complainantId,
        {
          type: 'restrict',
          restrictionId: `r-${engine}-${++n}`,
          kind: 'designated_contact',
          reason: 'Abusive calls to several staff.',
          reviewBy: '2099-01-01',
          designatedContactId: contactId,
        },
        `user:${u.lead.id}`,
      );

    it('only the contact answers, extends, asks for information, acknowledges by hand or replies (use cases)', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      await restrict(c.complainantId, u.contact.id);
      assert.equal((await stateOf(c.caseId)).ownerId, u.contact.id);
      const other = acting(u.agent);
      const lead = acting(u.lead);
      const { firstDays, lastDays } = await extensionWindowOptions(t.ctx, c.caseId);
      const window = {
        reason: 'We need the registry’s reply.',
        windowStart: firstDays[0]!,
        windowEnd: lastDays.at(-1)!,
      };
      for (const who of [other, lead]) {
        await assert.rejects(acknowledgeCase(t.ctx, c.caseId, who), onlyTheContact);
        await assert.rejects(
          requestInformation(t.ctx, c.caseId, {
            missing: ['expectations'],
            note: null,
            actor: who.actor,
            by: who,
          }),
          onlyTheContact,
        );
        await assert.rejects(
          extendCase(t.ctx, c.caseId, { ...window, actor: who.actor, by: who }),
          onlyTheContact,
        );
        await assert.rejects(
          sendReply(t.ctx, c.caseId, { kind: 'reply', text: 'Hello.', actor: who.actor, by: who }),
          onlyTheContact,
        );
        await assert.rejects(
          answerCase(t.ctx, c.caseId, {
            outcome: 'not_upheld',
            text: 'No.',
            remedy: null,
            actor: who.actor,
            by: who,
          }),
          onlyTheContact,
        );
      }
      // Nothing was written to the complainant by anyone else.
      const s = await stateOf(c.caseId);
      assert.equal(s.acknowledgedAt, null);
      assert.equal(s.answeredAt ?? null, null);
      // The contact does all of it.
      const me = acting(u.contact);
      await acknowledgeCase(t.ctx, c.caseId, me);
      await requestInformation(t.ctx, c.caseId, {
        missing: ['expectations'],
        note: null,
        actor: me.actor,
        by: me,
      });
      await extendCase(t.ctx, c.caseId, { ...window, actor: me.actor, by: me });
      await sendReply(t.ctx, c.caseId, { kind: 'update', text: 'Still on it.', actor: me.actor, by: me });
      await answerCase(t.ctx, c.caseId, {
        outcome: 'upheld',
        text: 'Fixed.',
        remedy: null,
        actor: me.actor,
        by: me,
      });
      assert.ok((await stateOf(c.caseId)).answeredAt);
      // Notes and other acts that write nothing to the complainant stay open to the team.
      await actOnCase(t.ctx, c.caseId, { type: 'add_note', text: 'Seen.' }, other);
    });

    it('a letter to post is posted by the contact only', async () => {
      const c = await openCase(t.ctx, {
        kind: 'complaint',
        step: 1,
        channel: 'letter',
        receivedAt: daysAgo(1),
        language: 'en',
        subject: 'Letter',
        complainant: { name: 'Paul Post', postalAddress: ['1 Main Street', '12345 Town'] },
        fields: { ticketRefs: [], domains: [], description: 'Down.', expectations: 'Fix it.' },
        missing: [],
        correspondenceId: null,
        actor: 'system',
      });
      await restrict(c.complainantId, u.contact.id);
      const me = acting(u.contact);
      const w = await sendReply(t.ctx, c.caseId, {
        kind: 'reply',
        text: 'By post.',
        actor: me.actor,
        by: me,
      });
      assert.equal(w.channel, 'letter');
      await assert.rejects(
        markLetterPosted(t.ctx, c.caseId, w.correspondenceId, acting(u.agent)),
        onlyTheContact,
      );
      await markLetterPosted(t.ctx, c.caseId, w.correspondenceId, me);
    });

    it('the case page offers the writing actions to the contact only and names them to the others', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      await restrict(c.complainantId, u.contact.id);
      const other = await getPage(t.app, await sessionFor(t.ctx, u.agent), `/cases/${c.caseId}`);
      assert.equal(other.statusCode, 200);
      assert.deepEqual(offered(other.body), []);
      assert.match(other.body, /Dominique Contact/);
      assert.match(other.body, /id="action-note"/, 'a note is still offered');
      const mine = await getPage(t.app, await sessionFor(t.ctx, u.contact), `/cases/${c.caseId}`);
      assert.deepEqual(offered(mine.body).sort(), [...WRITING_FORMS].sort());
      // The web form is refused too, with the reason, for someone who reaches it anyway.
      const lead = await sessionFor(t.ctx, u.lead);
      const res = await postForm(t.app, lead, `/cases/${c.caseId}/request-information`, {
        missing: 'expectations',
      });
      assert.equal(res.statusCode, 403);
      assert.equal((await stateOf(c.caseId)).waitingOnComplainant ?? false, false);
    });

    it('the API refuses the writing actions to anyone but the contact', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      await restrict(c.complainantId, u.contact.id);
      const token = await apiSecret(t.ctx, 'lead', `lead-${engine}`);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.caseId}/answer`,
        headers: { authorization: `Bearer ${token}` },
        payload: { outcome: 'not_upheld', text: 'No.' },
      });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error.code, 'designated_contact_only');
      assert.equal((await stateOf(c.caseId)).answeredAt ?? null, null);
    });

    it('the case stays with the contact: assigning or handing over open cases skips it, with the reason', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      await restrict(c.complainantId, u.contact.id);
      const result = await bulkAct(t.ctx, [c.caseId], { type: 'assign', to: u.agent.id }, acting(u.lead));
      assert.deepEqual(result.changed, []);
      assert.equal(result.skipped[0]?.code, 'designated_contact');
      await assert.rejects(
        actOnCase(t.ctx, c.caseId, { type: 'assign', to: u.agent.id }, acting(u.lead)),
        onlyTheContact,
      );
      assert.equal((await stateOf(c.caseId)).ownerId, u.contact.id);
    });

    it('refuses as contact anyone who does not handle complaints or is not active, naming what is wrong (P8.3)', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1, step: 2 });
      const disabled = await createUser(t.ctx, 'lead');
      await setUserEnabled(t.ctx, disabled.id, false, { actor: 'cli', label: null, address: null });
      for (const [who, named] of [
        [u.auditor.id, /role auditor/],
        [u.admin.id, /role administrator/],
        [u.department.id, /role department_member/],
        [disabled.id, /disabled/],
        ['no-such-account', /no staff account/],
      ] as const)
        await assert.rejects(restrict(c.complainantId, who), (e: Error & { code?: string }) => {
          assert.equal(e.code, 'designated_contact_not_allowed');
          assert.match(e.message, named);
          return true;
        });
      assert.equal((await stateOf(c.caseId)).ownerId, null, 'the step-2 case was given to nobody');
      // The complainant page's form says so next to the field.
      const res = await postForm(
        t.app,
        await sessionFor(t.ctx, u.lead),
        `/complainants/${c.complainantId}/restrictions`,
        {
          kind: 'designated_contact',
          reason: 'Abusive calls.',
          reviewBy: '2099-01-01',
          designatedContactId: u.auditor.id,
        },
      );
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /has the role Auditor, which handles no case/);
    });

    it('an agent named as contact gets the step-1 cases, not the step-2 case: management handles and writes on it (P5.2)', async () => {
      const step1 = await openComplaint(t.ctx, { daysAgo: 3, email: `two-steps-${engine}@example.net` });
      const step2 = await openComplaint(t.ctx, {
        daysAgo: 1,
        step: 2,
        email: `two-steps-${engine}@example.net`,
      });
      assert.equal(step2.complainantId, step1.complainantId);
      await restrict(step1.complainantId, u.contact.id);
      assert.equal((await stateOf(step1.caseId)).ownerId, u.contact.id);
      assert.notEqual((await stateOf(step2.caseId)).ownerId, u.contact.id);
      // A new step-2 case is not routed to the agent either.
      const later = await openComplaint(t.ctx, {
        daysAgo: 0,
        step: 2,
        email: `two-steps-${engine}@example.net`,
      });
      assert.equal(later.state.ownerId, null);
      const m = acting(u.manager);
      await requestInformation(t.ctx, step2.caseId, {
        missing: ['expectations'],
        note: null,
        actor: m.actor,
        by: m,
      });
      // The page of the step-2 case names the contact in the restriction and offers management its actions.
      const page = await getPage(t.app, await sessionFor(t.ctx, u.manager), `/cases/${step2.caseId}`);
      assert.match(page.body, /Dominique Contact/);
      assert.ok(offered(page.body).includes('answer'));
    });

    it('automatic acknowledgements follow the same rule: none where the contact handles the case, as usual where not', async () => {
      const email = `letters-${engine}@example.net`;
      const first = await openComplaint(t.ctx, { daysAgo: 2, email });
      await restrict(first.complainantId, u.contact.id);
      const letter = (title: string) =>
        registerLetter(
          t.ctx,
          {
            arrived: daysAgo(0).slice(0, 10),
            title,
            complainant: { name: 'Camille Lettre', email },
            language: 'en',
            description: 'My domain was transferred without my consent.',
            expectations: 'Give it back.',
          },
          // A scan of its own (the same scan twice is the same letter).
          {
            content: Buffer.from(`%PDF-1.4\n% ${title}\n%%EOF\n`),
            contentType: 'application/pdf',
            filename: 'scan.pdf',
          },
          `user:${u.agent.id}`,
        );
      // Step 1: the agent named as contact handles it, so nothing goes out unasked; it waits in their queue.
      const step1 = await letter('Complaint escalation - Step 1');
      assert.equal(step1.acknowledgement, null);
      assert.equal((await stateOf(step1.caseId!)).ownerId, u.contact.id);
      // Step 2: management's, not the agent's; acknowledged as any step-2 letter, else nobody would be told to.
      const step2 = await letter('Complaint escalation - Step 2');
      assert.equal(step2.acknowledgement, 'email');
      const s2 = await stateOf(step2.caseId!);
      assert.ok(s2.acknowledgedAt);
      assert.notEqual(s2.ownerId, u.contact.id);
    });

    it('a contact whose account is disabled leaves new cases to the usual routing', async () => {
      const leaving = await createUser(t.ctx, 'agent');
      const c = await openComplaint(t.ctx, { daysAgo: 1, email: `leaving-${engine}@example.net` });
      await restrict(c.complainantId, leaving.id);
      await setUserEnabled(t.ctx, leaving.id, false, { actor: 'cli', label: null, address: null });
      const next = await openComplaint(t.ctx, { daysAgo: 0, email: `leaving-${engine}@example.net` });
      assert.equal(next.state.ownerId, null);
      const other = acting(u.agent);
      await requestInformation(t.ctx, next.caseId, {
        missing: ['expectations'],
        note: null,
        actor: other.actor,
        by: other,
      });
    });

    it('merging records routes the moved open cases to the kept record’s contact, as events', async () => {
      const keep = await openComplaint(t.ctx, { daysAgo: 1, email: `keep-${engine}@example.net` });
      await restrict(keep.complainantId, u.contact.id);
      const dup = await openComplaint(t.ctx, { daysAgo: 1, email: `old-${engine}@example.net` });
      await actOnCase(t.ctx, dup.caseId, { type: 'assign', to: u.agent.id }, acting(u.lead));
      await mergeComplainants(t.ctx, keep.complainantId, dup.complainantId, acting(u.lead));
      const s = await stateOf(dup.caseId);
      assert.equal(s.complainantId, keep.complainantId);
      assert.equal(s.ownerId, u.contact.id);
      const events = await t.tdb.database.db
        .selectFrom('events')
        .select(['type', 'actor'])
        .where('stream', '=', `case:${dup.caseId}`)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        events.slice(-2).map((e) => e.type),
        ['complainant_changed', 'assigned'],
      );
      assert.equal(events.at(-1)!.actor, `user:${u.lead.id}`);
      await assert.rejects(
        answerCase(t.ctx, dup.caseId, {
          outcome: 'upheld',
          text: 'x',
          remedy: null,
          actor: `user:${u.agent.id}`,
          by: acting(u.agent),
        }),
        onlyTheContact,
      );
    });

    it('merging a restricted duplicate into the kept record routes the kept record’s cases too', async () => {
      const keep = await openComplaint(t.ctx, { daysAgo: 1, email: `keep2-${engine}@example.net` });
      const dup = await openComplaint(t.ctx, { daysAgo: 1, email: `old2-${engine}@example.net` });
      await restrict(dup.complainantId, u.contact.id);
      await mergeComplainants(t.ctx, keep.complainantId, dup.complainantId, acting(u.lead));
      assert.equal((await stateOf(keep.caseId)).ownerId, u.contact.id);
      assert.equal((await stateOf(dup.caseId)).ownerId, u.contact.id);
    });
  });
}
