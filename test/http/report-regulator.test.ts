// The regulator's half-year return on both engines, through the use case, the page's CSV and `redress report
// --regulator`'s use case alike: its "open" column holds the complaints still owed an answer (a complaint withdrawn or
// closed as not a complaint is received but not open, as the register and the report's "open and overdue" say),
// and a return of a past half year is the same whenever it is run: complaints answered, closed, categorised or
// reopened after the half year's end count as they stood at that end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { fixedClock } from '../../src/core/ports.ts';
import type { RegulatorReturn } from '../../src/core/report/regulator.ts';
import type { ReportFilter } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

const ack = { type: 'acknowledge', channel: 'email', correspondenceId: null } as const;
const answer = (outcome: 'upheld' | 'partly_upheld' | 'not_upheld') =>
  ({ type: 'answer', outcome, text: 'Our answer.', remedy: null, correspondenceId: null }) as const;

for (const engine of ENGINES)
  describe(`the regulator's return (${engine})`, () => {
    let t: TestApp;
    const clock = fixedClock('2026-03-01T08:00:00.000Z');
    const act = async (at: string, id: string, command: Parameters<typeof actOnCase>[2]) => {
      clock.set(at);
      await actOnCase(t.ctx, id, command, 'system');
    };
    const open = async (at: string, over: Parameters<typeof complaintAt>[1] = {}) => {
      clock.set(at);
      return (await openCase(t.ctx, complaintAt(at, over))).caseId;
    };
    /** The return and its CSV's first row, as the auditor downloads it at the clock's instant. */
    const run = async (half: string): Promise<{ summary: RegulatorReturn; csvAll: string }> => {
      const summary = await regulatorSummary(t.ctx, half);
      const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
      const csv = await getPage(t.app, auditor, `/reports/regulator.csv?half=${half}`);
      assert.equal(csv.statusCode, 200);
      return { summary, csvAll: csv.body.split('\r\n')[1]! };
    };
    /** Cases of the first half year with something still to happen after its end. */
    const later: Array<() => Promise<void>> = [];

    before(async () => {
      t = await createTestApp({
        engine,
        clock,
        env: { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' },
      });
      // Answered the next day: quick, billing.
      const quick = await open('2026-03-02T09:00:00.000Z');
      await act('2026-03-02T10:00:00.000Z', quick, ack);
      await act('2026-03-02T10:01:00.000Z', quick, { type: 'categorise', category: 'billing' });
      await act('2026-03-03T09:00:00.000Z', quick, answer('upheld'));
      // Withdrawn by the complainant within the half year: received, no answer owed.
      const withdrawn = await open('2026-05-04T09:00:00.000Z');
      await act('2026-05-04T10:00:00.000Z', withdrawn, ack);
      await act('2026-05-06T09:00:00.000Z', withdrawn, {
        type: 'close',
        reason: 'Withdrawn by the complainant.',
      });
      // Closed as not a complaint after all, without an answer: the same.
      const notAComplaint = await open('2026-04-14T09:00:00.000Z');
      await act('2026-04-15T09:00:00.000Z', notAComplaint, { type: 'close', reason: 'Not a complaint.' });
      // Received in June, answered in August (after the end): open in the return of the first half year.
      const answeredInAugust = await open('2026-06-10T08:00:00.000Z');
      await act('2026-06-10T09:00:00.000Z', answeredInAugust, ack);
      later.push(async () => {
        await act('2026-08-12T09:00:00.000Z', answeredInAugust, answer('not_upheld'));
      });
      // Open at the end, then withdrawn in July: open in the return.
      const withdrawnInJuly = await open('2026-06-15T08:00:00.000Z');
      later.push(async () => {
        await act('2026-07-03T09:00:00.000Z', withdrawnInJuly, { type: 'close', reason: 'Withdrawn.' });
      });
      // Open at the end, categorised in July: without a category in the return.
      const categorisedLater = await open('2026-06-22T08:00:00.000Z');
      later.push(async () => {
        await act('2026-07-06T09:00:00.000Z', categorisedLater, { type: 'categorise', category: 'dns' });
      });
      // Answered late within the half year, closed, then reopened and categorised after it: as it was at the end.
      const reopened = await open('2026-05-11T08:00:00.000Z');
      await act('2026-06-29T09:00:00.000Z', reopened, answer('partly_upheld'));
      await act('2026-06-30T09:00:00.000Z', reopened, { type: 'close', reason: 'Done.' });
      later.push(async () => {
        await act('2026-07-20T09:00:00.000Z', reopened, {
          type: 'reopen',
          reason: 'The client wrote again.',
        });
        await act('2026-07-21T09:00:00.000Z', reopened, { type: 'categorise', category: 'billing' });
      });
      // Still open, whenever the return is run.
      await open('2026-06-30T20:00:00.000Z');
      // A complaint of the second half year: never in the first one's return.
      later.push(async () => {
        await open('2026-07-01T08:00:00.000Z');
      });
    });
    after(async () => {
      await t?.close();
    });

    it('counts open only the complaints still owed an answer', async () => {
      clock.set('2026-07-01T06:00:00.000Z');
      const { summary } = await run('2026-H1');
      assert.deepEqual(
        {
          received: summary.received,
          quick: summary.answeredWithin3BusinessDays,
          byDate: summary.answeredWithinPromisedDate,
          late: summary.answeredAfterPromisedDate,
          open: summary.open,
          upheld: summary.upheld,
          upheldShare: summary.upheldShare,
        },
        // Eight received: two answered (one quick, one late), four still owed an answer at the end, two closed
        // without an answer (withdrawn, not a complaint) in no answer bucket and not open.
        { received: 8, quick: 1, byDate: 0, late: 1, open: 4, upheld: 2, upheldShare: 1 },
      );
    });

    it('gives a past half year the same return whenever it is run, filtered or not', async () => {
      clock.set('2026-07-01T06:00:00.000Z');
      const filed = await run('2026-H1');
      // `redress report --regulator` narrowed by a category, an outcome, a step: each selects the complaints by
      // what they were at the end, as the buckets count them. Run later, a complaint categorised, answered or
      // reopened and categorised in July neither enters nor leaves a filtered return already filed.
      const filters: ReportFilter[] = [
        { category: 'dns' },
        { category: null },
        { category: 'billing' },
        { outcome: null },
        { outcome: 'not_upheld' },
        { outcome: 'partly_upheld', category: null },
        { step: 1, channel: 'email' },
      ];
      const filedFiltered = await Promise.all(filters.map((f) => regulatorSummary(t.ctx, '2026-H1', f)));
      assert.deepEqual(
        filedFiltered.map((r) => r.received),
        [0, 7, 1, 6, 0, 1, 8],
        'the filtered returns at the end',
      );
      for (const step of later) await step();
      for (const at of ['2026-09-15T09:00:00.000Z', '2027-03-01T09:00:00.000Z']) {
        clock.set(at);
        const again = await run('2026-H1');
        assert.deepEqual(again.summary, filed.summary, `the return of 2026-H1 run at ${at}`);
        assert.equal(again.csvAll, filed.csvAll, `its CSV run at ${at}`);
        for (const [i, f] of filters.entries())
          assert.deepEqual(
            await regulatorSummary(t.ctx, '2026-H1', f),
            filedFiltered[i],
            `the return of 2026-H1 filtered by ${JSON.stringify(f)} run at ${at}`,
          );
      }
      assert.deepEqual(Object.keys(filed.summary.byCategory), ['billing', 'none']);
      // The second half year holds its own complaint alone.
      clock.set('2027-03-01T09:00:00.000Z');
      assert.equal((await regulatorSummary(t.ctx, '2026-H2')).received, 1);
    });

    it('writes every CSV download with the UTF-8 byte-order mark first, the rows readable after it', async () => {
      clock.set('2027-03-01T09:00:00.000Z');
      const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
      const period = 'from=2026-01-01&to=2026-06-30';
      for (const [url, header] of [
        [`/reports/export.csv?${period}`, 'period_from,period_to,section,item,value,label'],
        [`/reports/register.csv?${period}`, 'reference,kind,step,'],
        ['/reports/regulator.csv?half=2026-H1', 'half,category,received,'],
      ] as const) {
        const res = await getPage(t.app, auditor, url);
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
        const bytes = res.rawPayload;
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], url);
        // Read as a spreadsheet reads it, the mark is gone and the header is the first thing.
        const text = new TextDecoder('utf-8').decode(bytes);
        assert.ok(text.startsWith(header), `${url}: ${JSON.stringify(text.slice(0, 60))}`);
        assert.equal(text.split('\r\n').at(-1), '', `${url} ends its last row with CRLF`);
      }
    });
  });
