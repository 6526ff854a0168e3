// A case whose kind a person changes after it was opened (P2.7, P7.4), on both engines, through the real mail
// intake: an abuse report that carried the complaint marker, made `other`, leaves the report's complaint figures
// and the queue's late list (its clock stops); a suggestion made a complaint is acknowledged with its answer date,
// as at every door, and can be escalated once answered; an auditor and a department member change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { openCase } from '../../src/app/open-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { reclassifyCase } from '../../src/app/reclassify-case.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { AccessError } from '../../src/core/access/access-error.ts';
import type { ActingStaff } from '../../src/core/access/case-access.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { formatDate } from '../../src/core/correspondence/compose.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createUser } from '../support/http.ts';
import { startWorld, type World } from './support.ts';

const staff = (role: ActingStaff['role'], departments: string[] = []): ActingStaff => ({
  role,
  userId: `${role}-1`,
  departments,
  actor: `user:${role}-1`,
});
const AGENT = staff('agent');

const ABUSE = [
  'Hello,',
  '',
  'We report a phishing page hosted on your network at login-evil-bank.example, imitating our bank.',
  'Please take the page down; the evidence is below.',
  '',
  'Abuse desk, Evil Bank Security',
].join('\n');

const IDEA = [
  'Hello,',
  '',
  'My invoice was charged twice this month and nobody answered my two e-mails about it.',
  '',
  'I expect the second charge to be refunded.',
  '',
  'Kind regards,',
  'Carla Diaz',
].join('\n');

for (const engine of ENGINES) {
  describe(`changing the kind of an open case (${engine})`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(engine, '2026-11-02T09:00:00.000Z');
    });
    after(() => w.close());

    const mail = (m: { from: string; subject: string; messageId: string; body: string; mailbox: string }) =>
      receiveEmail(w.ctx, {
        raw: rawMessage({
          from: m.from,
          subject: m.subject,
          messageId: m.messageId,
          body: m.body,
          date: new Date(w.ctx.clock.now()).toUTCString().replace('GMT', '+0000'),
          headers: {},
        }),
        mailbox: w.config.mailboxes.find((b) => b.name === m.mailbox)!,
        door: 'pipe',
      });
    const stateOf = async (caseId: string) =>
      (await inTransaction(w.ctx, (agg) => agg.loadCase(caseId))).state!;
    const november = { from: '2026-11-01', to: '2026-11-30' };
    const lateIds = async () =>
      (await listQueue(w.ctx, { queue: 'all', due: 'overdue', limit: 200 })).rows.map((r) => r.id);

    it('an abuse report that carried the marker, made "other", leaves the complaint figures and the late list', async () => {
      w.clock.set('2026-11-02T09:00:00.000Z');
      const report = await mail({
        from: 'Abuse Desk <abuse@evil-bank.example>',
        subject: 'Complaint escalation - Step 1: phishing on your network',
        messageId: '<abuse-1@evil-bank.example>',
        body: ABUSE,
        mailbox: 'complaints',
      });
      assert.ok(report.caseId, 'read as a complaint because of the marker');
      const id = report.caseId!;
      assert.equal((await stateOf(id)).kind, 'complaint');
      // Three weeks on, unanswered: late, and counted as a late complaint.
      w.clock.set('2026-11-24T09:00:00.000Z');
      assert.ok((await lateIds()).includes(id), 'late before');
      const before = await reportCases(w.ctx, november);
      assert.equal(before.complaints.received, 1);
      assert.equal(before.complaints.overdueOpen, 1);

      const done = await reclassifyCase(
        w.ctx,
        id,
        { kind: 'other', reason: 'abuse_report', note: 'A phishing report for the abuse team.' },
        AGENT,
      );
      assert.equal(done.state.kind, 'other');
      assert.equal(done.state.otherReason, 'abuse_report');
      assert.equal(done.afterOpened, null, 'nothing is written to anyone');

      assert.ok(!(await lateIds()).includes(id), 'its clock no longer counts');
      for (const figures of [
        await reportCases(w.ctx, november),
        await reportCasesScanning(w.ctx, november),
      ]) {
        assert.equal(figures.complaints.received, 0);
        assert.equal(figures.complaints.overdueOpen, 0);
        assert.equal(figures.other.received, 1);
        assert.equal(figures.other.byReason.abuse_report, 1);
      }
      const step1 = (await listQueue(w.ctx, { queue: 'step1', limit: 200 })).rows.map((r) => r.id);
      assert.ok(!step1.includes(id), 'not in the step-1 queue either');
    });

    it('a suggestion made a complaint is acknowledged with its answer date, and escalated after its answer', async () => {
      w.clock.set('2026-11-03T09:00:00.000Z');
      const sent = await mail({
        from: 'Carla Diaz <carla@example.net>',
        subject: 'About my invoice',
        messageId: '<carla-1@example.net>',
        body: IDEA,
        mailbox: 'suggestions',
      });
      const id = sent.caseId!;
      assert.equal((await stateOf(id)).kind, 'suggestion');
      const thanked = (await outboxItemsOfCase(w.test.database.db, id)).map((o) => o.purpose);

      w.clock.set('2026-11-03T11:00:00.000Z');
      const done = await reclassifyCase(
        w.ctx,
        id,
        { kind: 'complaint', reason: null, note: 'A double charge: a complaint.' },
        AGENT,
      );
      const s = await stateOf(id);
      assert.equal(s.kind, 'complaint');
      assert.equal(s.step, 1);
      // Ten working days from the day it was received (Tuesday 3 November, DE-BW).
      assert.equal(s.deadline?.answerByDate, '2026-11-17');
      assert.ok(s.acknowledgedAt, 'acknowledged');
      const out = await outboxItemsOfCase(w.test.database.db, id);
      const acks = out.filter((o) => o.purpose === 'acknowledgement');
      assert.equal(acks.length, 1, `written: ${out.map((o) => o.purpose).join(', ')} (before: ${thanked})`);
      assert.equal(acks[0]!.toAddress, 'carla@example.net');
      assert.ok(
        acks[0]!.text!.includes(formatDate('2026-11-17', s.language, w.config.timezone)),
        acks[0]!.text!,
      );
      assert.deepEqual(done.afterOpened, { acknowledged: 'email', correspondenceId: acks[0]!.id });

      await answerCase(w.ctx, id, {
        outcome: 'upheld',
        text: 'The second charge is refunded.',
        remedy: null,
        actor: AGENT.actor,
        by: AGENT,
      });
      w.clock.set('2026-11-10T09:00:00.000Z');
      const step2 = await escalateCase(w.ctx, id, AGENT);
      assert.ok(step2.reference, 'a step-2 case is opened');
      assert.equal((await stateOf(id)).step2CaseId !== null, true);
      // Once escalated, the step-1 case keeps its kind.
      await assert.rejects(
        reclassifyCase(w.ctx, id, { kind: 'other', reason: 'spam', note: null }, AGENT),
        (e: unknown) => e instanceof DomainError && e.code === 'already_escalated',
      );
    });

    it('management makes a step-2 "complaint" that is an abuse report "other": it leaves their hands for the team', async () => {
      w.clock.set('2026-11-13T09:00:00.000Z');
      const manager = await createUser(w.ctx, 'management');
      const asManager: ActingStaff = {
        role: 'management',
        userId: manager.id,
        departments: [],
        actor: `user:${manager.id}`,
      };
      // A letter to management with the step-2 title (an e-mail at step 2 is taken by post by default).
      const { caseId: id } = await openCase(w.ctx, {
        kind: 'complaint',
        step: 2,
        channel: 'letter',
        receivedAt: w.ctx.clock.now(),
        language: 'en',
        subject: 'Complaint escalation - Step 2',
        complainant: { name: 'Eli Brandt', email: 'eli@example.net' },
        fields: {
          ticketRefs: [],
          domains: ['example-shop.de'],
          description: 'Your customer example-shop.de hosts a phishing page. Please take it down.',
          expectations: null,
        },
        missing: ['expectations'],
        correspondenceId: null,
        actor: 'user:clerk',
      });
      await actOnCase(w.ctx, id, { type: 'assign', to: manager.id }, asManager);
      assert.equal((await stateOf(id)).ownerId, manager.id);
      await reclassifyCase(w.ctx, id, { kind: 'other', reason: 'abuse_report', note: null }, asManager);
      const s = await stateOf(id);
      assert.equal(s.kind, 'other');
      assert.equal(s.ownerId, null, 'an "other" case is not management’s to own');
      // The complaints team now handles it (here: files it as done).
      await actOnCase(w.ctx, id, { type: 'close', reason: 'Forwarded to the abuse desk.' }, AGENT);
    });

    it('an auditor and a department member are refused, and the case stays as it was', async () => {
      w.clock.set('2026-11-12T09:00:00.000Z');
      const sent = await mail({
        from: 'Dan Roe <dan@example.net>',
        subject: 'Complaint escalation - Step 1',
        messageId: '<dan-1@example.net>',
        body: IDEA.replace('Carla Diaz', 'Dan Roe'),
        mailbox: 'complaints',
      });
      const id = sent.caseId!;
      const input = { kind: 'other', reason: 'spam', note: null } as const;
      await assert.rejects(
        reclassifyCase(w.ctx, id, input, staff('auditor')),
        (e: unknown) => e instanceof AccessError && e.code === 'forbidden_role',
      );
      // A department member does not even see a complaint: it is not found.
      await assert.rejects(
        reclassifyCase(w.ctx, id, input, staff('department_member', ['Billing'])),
        (e: unknown) => e instanceof DomainError && e.code === 'case_not_found',
      );
      // Management handles step 2 only.
      await assert.rejects(
        reclassifyCase(w.ctx, id, input, staff('management')),
        (e: unknown) => e instanceof AccessError && e.code === 'forbidden_role',
      );
      const s = await stateOf(id);
      assert.equal(s.kind, 'complaint');
      assert.equal(s.otherReason, null);
    });
  });
}
