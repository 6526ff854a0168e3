// The figures of the monitoring report that need each case's own times, the register of cases and the regulator's
// half-year return, on both engines, over a register whose figures are known in advance: complaints in Berlin
// (Baden-Württemberg holidays) received on a holiday, across both daylight-saving changes and at a month end,
// answered by the date first promised, by an extended one (extended twice) and late, a letter, a step-2 case,
// suggestions with departments, an abuse report (kind `other`) and a restriction. Then, for random periods, the
// report read from the counts equals the report read from the cases alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { registerCsv, registerJsonLines, regulatorCsv } from '../../src/adapters/report/register-export.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { openCase } from '../../src/app/open-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import type { RegisterEntry } from '../../src/core/report/register.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
/** The instant the report is read: E's acknowledgement (24 h) has passed, its answer date has not. */
const NOW = '2026-12-02T12:00:00.000Z';

/** The CSV of the register of YEAR above, read at NOW. */
const PINNED_CSV = [
  // The UTF-8 byte-order mark first, for Excel to read accented names (spreadsheet-csv.ts).
  '\uFEFFreference,kind,step,channel,category,language,status,received_at,acknowledged_at,answered_at,acknowledge_by,answer_by_original,answer_by_extended,extensions,acknowledgement_met,answer_met,outcome,remedy,remedy_amount,remedy_currency,root_cause,root_cause_note,category_label\r\n',
  'RC-2026-000001,complaint,1,email,billing,fr,answered,2026-01-01T10:00:00.000Z,2026-01-05T09:00:00.000Z,2026-01-08T10:00:00.000Z,2026-01-02T10:00:00.000Z,2026-01-16T22:59:59.999Z,,0,late,original,upheld,Refund of the renewal,,,,,Billing and payments\r\n',
  'RC-2026-000002,complaint,1,email,billing,fr,answered,2026-01-31T23:30:00.000Z,2026-02-02T08:00:00.000Z,2026-02-02T09:00:00.000Z,2026-02-01T23:30:00.000Z,2026-02-13T22:59:59.999Z,,0,late,original,partly_upheld,"\'=HYPERLINK(""http://x"")",,,,,Billing and payments\r\n',
  'SG-2026-000001,suggestion,,email,,fr,received,2026-02-10T09:00:00.000Z,,,,,,0,,,,,,,,,\r\n',
  'SG-2026-000002,suggestion,,email,,fr,received,2026-03-02T09:00:00.000Z,,,,,,0,,,,,,,,,\r\n',
  'SG-2026-000003,suggestion,,email,,fr,received,2026-03-03T09:00:00.000Z,,,,,,0,,,,,,,,,\r\n',
  'RC-2026-000008,other,1,email,,fr,received,2026-03-10T09:00:00.000Z,,,,,,0,,,,,,,,,\r\n',
  'RC-2026-000003,complaint,1,email,dns,fr,answered,2026-03-27T22:30:00.000Z,2026-03-30T07:30:00.000Z,2026-04-28T10:00:00.000Z,2026-03-28T22:30:00.000Z,2026-04-14T21:59:59.999Z,2026-05-05T21:59:59.999Z,2,late,extended,not_upheld,,,,,,dns\r\n',
  'RC-2026-000004,complaint,1,letter,,fr,answered,2026-05-13T10:00:00.000Z,2026-05-13T12:00:00.000Z,2026-05-15T09:00:00.000Z,2026-05-14T10:00:00.000Z,2026-05-29T21:59:59.999Z,,0,met,original,upheld,,,,,,\r\n',
  'RC-2026-000005,complaint,1,email,,fr,answered,2026-10-23T10:00:00.000Z,2026-10-26T08:00:00.000Z,2026-11-20T10:00:00.000Z,2026-10-24T10:00:00.000Z,2026-11-06T22:59:59.999Z,,0,late,late,not_upheld,,,,,,\r\n',
  'RC-2026-000006,complaint,2,escalation,,fr,acknowledged,2026-11-23T09:00:00.000Z,2026-11-23T09:00:00.000Z,,2026-11-24T09:00:00.000Z,2026-12-07T22:59:59.999Z,,0,met,pending,,,,,,,\r\n',
  'RC-2026-000007,complaint,1,letter,,fr,received,2026-11-30T08:00:00.000Z,,,2026-12-01T08:00:00.000Z,2026-12-14T22:59:59.999Z,,0,overdue,pending,,,,,,,\r\n',
].join('');

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

for (const engine of ENGINES) {
  describe(`report figures, register and regulator's return on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-01-01T10:00:00.000Z');
    const refs: Record<string, string> = {};
    const act = async (at: string, id: string, command: Parameters<typeof actOnCase>[2]) => {
      clock.set(at);
      await actOnCase(ctx, id, command, 'u');
    };
    const answer = (outcome: 'upheld' | 'partly_upheld' | 'not_upheld', remedy: string | null = null) =>
      ({ type: 'answer', outcome, text: 'Our answer.', remedy, correspondenceId: null }) as const;
    const ack = { type: 'acknowledge', channel: 'email', correspondenceId: null } as const;

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(
        loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' } }),
        tdb.database,
        { clock },
      );
      const open = async (name: string, at: string, over: Parameters<typeof complaintAt>[1] = {}) => {
        clock.set(at);
        const c = await openCase(ctx, complaintAt(at, over));
        refs[name] = c.reference;
        return c;
      };
      // A: received on New Year's Day (a holiday), acknowledged late on Monday 5 January (2 business days),
      // answered on Thursday 8 January (Epiphany, 6 January, is a holiday: 4 business days), by the first date.
      const a = await open('A', '2026-01-01T10:00:00.000Z');
      await act('2026-01-05T09:00:00.000Z', a.caseId, ack);
      await act('2026-01-05T09:01:00.000Z', a.caseId, { type: 'categorise', category: 'billing' });
      await act('2026-01-08T10:00:00.000Z', a.caseId, answer('upheld', 'Refund of the renewal'));
      // F: 23:30 UTC on 31 January is Sunday 1 February in Berlin; acknowledged and answered on Monday (1 day).
      // Its remedy starts with "=": a spreadsheet must not run it.
      const f = await open('F', '2026-01-31T23:30:00.000Z');
      await act('2026-02-02T08:00:00.000Z', f.caseId, ack);
      await act('2026-02-02T08:01:00.000Z', f.caseId, { type: 'categorise', category: 'billing' });
      await act('2026-02-02T09:00:00.000Z', f.caseId, answer('partly_upheld', '=HYPERLINK("http://x")'));
      // B: Friday 27 March 23:30 in Berlin (winter time), two days before summer time; acknowledged Monday
      // (1 day); the first answer date is 14 April (Good Friday and Easter Monday are holidays). Extended on
      // Wednesday 8 April (4 working days before it) to a window from that date to 21 April, extended again on
      // 21 April itself (0 days before) to 22 April–5 May, answered on 28 April: by the extended date, 20 business
      // days after receipt. (A window never starts before the answer date the complainant holds.)
      const b = await open('B', '2026-03-27T22:30:00.000Z');
      await act('2026-03-30T07:30:00.000Z', b.caseId, ack);
      await act('2026-03-30T07:31:00.000Z', b.caseId, { type: 'categorise', category: 'dns' });
      assert.equal(b.state.deadline?.answerByDate, '2026-04-14');
      await act('2026-04-08T09:00:00.000Z', b.caseId, {
        type: 'extend',
        reason: 'Waiting for the registry.',
        windowStart: '2026-04-14',
        windowEnd: '2026-04-21',
        correspondenceId: null,
      });
      await act('2026-04-21T09:00:00.000Z', b.caseId, {
        type: 'extend',
        reason: 'Still waiting for the registry.',
        windowStart: '2026-04-22',
        windowEnd: '2026-05-05',
        correspondenceId: null,
      });
      await act('2026-04-28T10:00:00.000Z', b.caseId, answer('not_upheld'));
      // G: a letter received the day before Ascension (14 May), acknowledged the same day (0 days), answered
      // on Friday 15 May (1 business day); then closed and reopened.
      const g = await open('G', '2026-05-13T10:00:00.000Z', { channel: 'letter' });
      await act('2026-05-13T12:00:00.000Z', g.caseId, { ...ack, channel: 'letter' });
      await act('2026-05-15T09:00:00.000Z', g.caseId, answer('upheld'));
      await act('2026-05-20T09:00:00.000Z', g.caseId, { type: 'close', reason: 'Done.' });
      await act('2026-05-21T09:00:00.000Z', g.caseId, { type: 'reopen', reason: 'The client wrote again.' });
      // C: Friday 23 October (summer time), two days before winter time; acknowledged Monday (1 day); answered
      // on 20 November, after its answer date (6 November): 20 business days. Escalated: D, step 2, received
      // Monday 23 November, acknowledged as it opens, its answer date still ahead.
      const c = await open('C', '2026-10-23T10:00:00.000Z');
      await act('2026-10-26T08:00:00.000Z', c.caseId, ack);
      await act('2026-11-20T10:00:00.000Z', c.caseId, answer('not_upheld'));
      clock.set('2026-11-23T09:00:00.000Z');
      const d = await escalateCase(ctx, c.caseId, 'u');
      // Its acknowledgement e-mail is given when the mail server takes it (acknowledgement-given.ts): at once.
      await sendDueMail(ctx, acceptingTransport);
      refs.D = d.reference;
      // E: a step-1 letter of 30 November, never acknowledged: late at NOW, its answer date ahead.
      const e = await open('E', '2026-11-30T08:00:00.000Z', { channel: 'letter' });
      // An abuse report: kind `other`, outside every complaint figure.
      const o = await open('O', '2026-03-10T09:00:00.000Z');
      await act('2026-03-10T10:00:00.000Z', o.caseId, {
        type: 'reclassify',
        kind: 'other',
        reason: 'abuse_report',
        note: null,
      });
      // Suggestions: two forwarded to the network department (one done 3 business days after receipt), one not
      // forwarded yet.
      const s1 = await open('S1', '2026-02-10T09:00:00.000Z', { kind: 'suggestion', step: null });
      await act('2026-02-10T10:00:00.000Z', s1.caseId, {
        type: 'forward_suggestion',
        department: 'network',
        note: null,
      });
      await act('2026-02-13T09:00:00.000Z', s1.caseId, { type: 'complete_suggestion', note: null });
      const s2 = await open('S2', '2026-03-02T09:00:00.000Z', { kind: 'suggestion', step: null });
      await act('2026-03-02T10:00:00.000Z', s2.caseId, {
        type: 'forward_suggestion',
        department: 'network',
        note: null,
      });
      await open('S3', '2026-03-03T09:00:00.000Z', { kind: 'suggestion', step: null });
      // Three complaints of January 2027 received at the same instant (outside the year reported): the register's
      // pages must neither skip nor repeat cases that tie on the receipt instant.
      for (const who of ['t1', 't2', 't3'])
        await open(who, '2027-01-15T08:00:00.000Z', {
          complainant: { name: who, email: `${who}@example.net` },
        });
      // A restriction issued on 1 June.
      clock.set('2026-06-01T09:00:00.000Z');
      await actOnComplainant(
        ctx,
        e.complainantId,
        {
          type: 'restrict',
          restrictionId: 'r1',
          kind: 'written_only',
          reason: 'Abusive calls.',
          reviewBy: '2026-12-01',
          designatedContactId: null,
        },
        'u',
      );
      clock.set(NOW);
    });
    after(async () => {
      await tdb?.drop();
    });

    it('counts which promise each answer kept, the extensions and their lead, business days, reopened', async () => {
      const r = await reportCases(ctx, YEAR);
      const p = r.complaints.promises;
      assert.equal(r.complaints.received, 7);
      assert.equal(p.answeredByOriginalDate, 3); // A, F, G
      assert.equal(p.answeredByExtendedDate, 1); // B
      assert.equal(p.answeredLate, 1); // C
      assert.equal(p.extensionsFirst, 1);
      assert.equal(p.extensionsFurther, 1);
      assert.deepEqual(p.extensionLeadDays, { first: { 4: 1 }, further: { 0: 1 } });
      // To acknowledge: G 0, D 0 (a step-2 case opened by staff is acknowledged as it opens), B 1, C 1, F 1, A 2.
      // To answer: F 1, G 1, A 4, B 20, C 20.
      assert.deepEqual(p.businessDaysToAcknowledge, { n: 6, median: 1, p90: 2 });
      assert.deepEqual(p.businessDaysToAnswer, { n: 5, median: 4, p90: 20 });
      assert.equal(p.reopened, 1);
      // Steps apart: every answer is at step 1; D (step 2) has none yet.
      assert.equal(p.byStep['1']!.answeredByOriginalDate, 3);
      assert.deepEqual(p.byStep['2']!.businessDaysToAnswer, { n: 0, median: null, p90: null });
      assert.equal(p.byStep['2']!.answeredLate, 0);
      // The existing figures agree: answered in time = by the first date + by the extended one.
      assert.equal(r.complaints.answeredInTime, p.answeredByOriginalDate + p.answeredByExtendedDate);
      assert.equal(r.complaints.answered, 5);
      assert.equal(r.complaints.extended, 1);
      assert.equal(r.complaints.escalated, 1);
      // Late open complaints count a missed acknowledgement too (E, whose answer date is ahead), as the queue does.
      assert.equal(r.complaints.overdueOpen, 1);
      assert.equal(r.complaints.byStep['1']!.overdueOpen, 1);
      assert.equal(r.complaints.byStep['2']!.overdueOpen, 0);
      assert.equal(p.byStep['2']!.businessDaysToAcknowledge.median, 0);
      assert.equal(r.complaints.byMonth['2026-02'], 1); // F, received on 1 February in Berlin
      assert.equal(r.complaints.byMonth['2026-01'], 1);
    });

    it('keeps suggestions, other and restrictions apart, with departments and handling time', async () => {
      const r = await reportCases(ctx, YEAR);
      assert.deepEqual(r.suggestions.byDepartment, {
        network: { received: 2, done: 1, businessDaysToDone: { n: 1, median: 3, p90: 3 } },
        none: { received: 1, done: 0, businessDaysToDone: { n: 0, median: null, p90: null } },
      });
      assert.deepEqual(r.other.byReason, { abuse_report: 1 });
      assert.deepEqual(r.restrictions, { issued: 1, byKind: { written_only: 1 } });
      const january = await reportCases(ctx, { from: '2026-01-01', to: '2026-01-31' });
      assert.equal(january.complaints.received, 1);
      assert.equal(january.complaints.promises.answeredByOriginalDate, 1);
      assert.deepEqual(january.restrictions, { issued: 0, byKind: {} });
    });

    it('writes the register: one row per case, deadlines first set and extended, met or not', async () => {
      const rows = await collect(registerEntries(ctx, YEAR, 3));
      // Every case of the year but the abuse report's... which is a case too: one row each, in receipt order.
      assert.deepEqual(
        rows.map((r) => r.reference),
        ['A', 'F', 'S1', 'S2', 'S3', 'O', 'B', 'G', 'C', 'D', 'E'].map((k) => refs[k]),
      );
      const by = Object.fromEntries(rows.map((r) => [r.reference, r])) as Record<string, RegisterEntry>;
      const b = by[refs.B!]!;
      assert.equal(b.extensions, 2);
      assert.equal(b.answerMet, 'extended');
      assert.equal(b.acknowledgementMet, 'late'); // 24 hours after Friday 23:30
      assert.equal(ctx.calendar.localDate(b.answerByOriginal!).toString(), '2026-04-14');
      assert.equal(ctx.calendar.localDate(b.answerByExtended!).toString(), '2026-05-05');
      const a = by[refs.A!]!;
      assert.deepEqual(
        [a.answerMet, a.acknowledgementMet, a.remedy, a.outcome, a.category, a.answerByExtended],
        ['original', 'late', 'Refund of the renewal', 'upheld', 'billing', null],
      );
      assert.equal(by[refs.C!]!.answerMet, 'late');
      assert.deepEqual(
        [by[refs.D!]!.step, by[refs.D!]!.acknowledgementMet, by[refs.D!]!.answerMet],
        [2, 'met', 'pending'],
      );
      assert.equal(by[refs.G!]!.channel, 'letter');
      assert.deepEqual(
        [by[refs.O!]!.kind, by[refs.O!]!.answerMet, by[refs.O!]!.answerByOriginal],
        ['other', null, null],
      );
      const csv = (await collect(registerCsv(registerEntries(ctx, YEAR, 4)))).join('');
      const lines = csv.split('\r\n');
      assert.match(lines[0]!, /^\uFEFFreference,kind,step,channel,category,language,status,received_at/);
      assert.equal(lines.length, 1 + rows.length + 1); // header, rows, the empty string after the last CRLF
      assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")"`), 'a formula in a cell is made inert');
      // Byte for byte, as an auditor's tools read it (the same on both engines): the speed of the export must
      // never change a byte of what it writes.
      assert.equal(csv, PINNED_CSV);
      const json = (await collect(registerJsonLines(registerEntries(ctx, YEAR)))).join('');
      assert.deepEqual(
        json
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l)),
        rows,
      );
    });

    it('pages the register without skipping or repeating cases that tie on their receipt instant', async () => {
      const period = { from: '2026-11-01', to: '2027-01-31' };
      const all = (await collect(registerEntries(ctx, period))).map((e) => e.reference);
      assert.equal(all.length, 5); // D, E and the three of 15 January
      for (const size of [1, 2, 3, 4])
        assert.deepEqual(
          (await collect(registerEntries(ctx, period, size))).map((e) => e.reference),
          all,
        );
    });

    it("counts the regulator's half-year return in its buckets", async () => {
      const h1 = await regulatorSummary(ctx, '2026-H1');
      assert.deepEqual(
        {
          received: h1.received,
          within3: h1.answeredWithin3BusinessDays,
          promised: h1.answeredWithinPromisedDate,
          after: h1.answeredAfterPromisedDate,
          open: h1.open,
          share: h1.upheldShare,
        },
        { received: 4, within3: 2, promised: 2, after: 0, open: 0, share: 0.75 },
      );
      assert.deepEqual(Object.keys(h1.byCategory), ['billing', 'dns', 'none']);
      assert.deepEqual(
        [h1.byCategory.billing!.answeredWithin3BusinessDays, h1.byCategory.billing!.upheldShare],
        [1, 1],
      );
      assert.equal(h1.byCategory.dns!.upheldShare, 0);
      const h2 = await regulatorSummary(ctx, '2026-H2');
      assert.deepEqual([h2.received, h2.answeredAfterPromisedDate, h2.open, h2.upheldShare], [3, 1, 2, 0]);
      const csv = regulatorCsv(h1).split('\r\n');
      assert.equal(
        csv[0],
        '\uFEFFhalf,category,received,answered_within_3_business_days,answered_within_promised_date,answered_after_promised_date,open,upheld,upheld_share',
      );
      assert.equal(csv[1], '2026-H1,all,4,2,2,0,0,3,0.75');
    });

    it('reports from the counts what the cases alone say, for random periods', async () => {
      const day = fc
        .integer({ min: 0, max: 420 })
        .map((n) => new Date(Date.UTC(2025, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));
      await fc.assert(
        fc.asyncProperty(day, day, async (x, y) => {
          const period = x <= y ? { from: x, to: y } : { from: y, to: x };
          assert.deepEqual(await reportCases(ctx, period), await reportCasesScanning(ctx, period));
        }),
        { numRuns: 25 },
      );
    });
  });
}
