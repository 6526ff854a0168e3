// Monitoring (P7) on both engines: counts by type and period, the compliance figures of P7.2, and what is
// kept out of complaint figures (P7.4).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const input = complaintAt;

for (const engine of ENGINES) {
  describe(`report on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-01-05T10:00:00.000Z');
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW' } }), tdb.database, { clock });
      // January: three complaints (one acknowledged in time and answered in time, then escalated; one answered
      // late; one open and overdue), a suggestion and an abuse report. 31 Jan 23:30 UTC is February in Berlin.
      const a = await openCase(ctx, input('2026-01-05T09:00:00.000Z', { channel: 'letter', language: 'de' }));
      clock.set('2026-01-05T12:00:00.000Z');
      await actOnCase(ctx, a.caseId, { type: 'acknowledge', channel: 'email', correspondenceId: null }, 'u');
      await actOnCase(ctx, a.caseId, { type: 'categorise', category: 'billing' }, 'u');
      await actOnCase(
        ctx,
        a.caseId,
        { type: 'answer', outcome: 'upheld', text: 'ok', remedy: null, correspondenceId: null },
        'u',
      );
      await escalateCase(ctx, a.caseId, 'u');
      // Its acknowledgement e-mail is given when the mail server takes it (acknowledgement-given.ts): at once.
      await sendDueMail(ctx, acceptingTransport);
      clock.set('2026-01-06T10:00:00.000Z');
      const b = await openCase(ctx, input('2026-01-02T09:00:00.000Z'));
      clock.set('2026-02-20T10:00:00.000Z');
      await actOnCase(ctx, b.caseId, { type: 'acknowledge', channel: 'email', correspondenceId: null }, 'u');
      await actOnCase(
        ctx,
        b.caseId,
        { type: 'answer', outcome: 'not_upheld', text: 'no', remedy: null, correspondenceId: null },
        'u',
      );
      await openCase(ctx, input('2026-01-07T09:00:00.000Z'));
      await openCase(ctx, input('2026-01-31T23:30:00.000Z'));
      // A letter that arrived on 1 February: its clock starts at 00:00 in Berlin, 31 January 23:00 UTC.
      await openCase(ctx, input('2026-01-31T23:00:00.000Z', { channel: 'letter' }));
      await openCase(ctx, input('2026-01-08T09:00:00.000Z', { kind: 'suggestion', step: null }));
      const other = await openCase(ctx, input('2026-01-09T09:00:00.000Z'));
      await actOnCase(
        ctx,
        other.caseId,
        { type: 'reclassify', kind: 'other', reason: 'abuse_report', note: null },
        'u',
      );
    });
    after(async () => {
      await tdb?.drop();
    });

    it('counts complaints by type and period, keeping suggestions and other apart (P7.1, P7.4)', async () => {
      const r = await reportCases(ctx, { from: '2026-01-01', to: '2026-01-31' });
      // Three step-1 complaints, and the step-2 case the escalation opened on 5 January.
      assert.equal(r.complaints.received, 4);
      assert.deepEqual(r.complaints.byMonth, { '2026-01': 4 });
      assert.deepEqual(r.complaints.byChannel, { letter: 1, email: 2, escalation: 1 });
      assert.deepEqual(r.complaints.byLanguage, { de: 2, fr: 2 });
      assert.deepEqual(r.complaints.byCategory, { billing: 1, none: 3 });
      assert.deepEqual(r.complaints.byOutcome, { upheld: 1, not_upheld: 1 });
      assert.equal(r.suggestions.received, 1);
      assert.deepEqual(r.other.byReason, { abuse_report: 1 });
      const feb = await reportCases(ctx, { from: '2026-02-01', to: '2026-02-28' });
      assert.deepEqual(
        feb.complaints.byMonth,
        { '2026-02': 2 },
        'received 31 Jan 23:30 UTC and 23:00 UTC (00:00 on 1 Feb in Berlin): February',
      );
      assert.deepEqual(feb.complaints.byChannel, { email: 1, letter: 1 });
      const firstOfFebruary = await reportCases(ctx, { from: '2026-02-01', to: '2026-02-01' });
      assert.equal(firstOfFebruary.complaints.received, 2, 'both on the local day of 1 February');
    });

    it('measures compliance with P3 and P4 (P7.2)', async () => {
      const r = await reportCases(ctx, { from: '2026-01-01', to: '2026-01-31' });
      const c = r.complaints;
      // The step-2 case is acknowledged when it opens; the late one on 20 February.
      assert.equal(c.acknowledged, 3);
      assert.equal(c.acknowledgedInTime, 2);
      assert.equal(c.answered, 2);
      assert.equal(c.answeredInTime, 1);
      assert.equal(c.overdueOpen, 2, 'the open January complaint and the unanswered step-2 case');
      assert.equal(c.escalated, 1);
      assert.ok(c.meanDaysToAnswer !== null && c.meanDaysToAnswer > 20);
      assert.equal(c.byStep['1']?.received, 3);
      assert.equal(c.byStep['2']?.received, 1);
    });
  });
}
