// The drill-down of the reports page, on both engines: every count on the page links to a list of cases, and that
// list holds exactly as many cases as the count says, for every figure the page links (received, acknowledged in
// time, answered by the first or the extended date, late, overdue, extended, escalated, reopened, by month,
// category, channel, step, language and outcome, the previous period and the year before), without a filter and
// with a filter on each kind of dimension (one answered from the day counts, one read from the cases). Also: a
// filter value the report cannot take is named on the page, and the regulator's page and CSV agree.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

const PERIOD = { from: '2026-03-01', to: '2026-05-31' };
const NOW = '2026-05-29T12:00:00.000Z';

/** The links to the queue on a page with the number each shows. */
function drillLinks(body: string): Array<{ href: string; n: number }> {
  return [...body.matchAll(/<a href="(\/queues\/all\?[^"]*)">([\d,]+)<\/a>/g)].map((m) => ({
    href: m[1]!.replaceAll('&amp;', '&'),
    n: Number(m[2]!.replaceAll(',', '')),
  }));
}

const rowsIn = (body: string) => body.match(/<tr class="row-/g)?.length ?? 0;

for (const engine of ENGINES)
  describe(`report drill-down (${engine})`, () => {
    let t: TestApp;
    let management: TestSession;
    let auditor: TestSession;
    let agentId: string;
    const clock = fixedClock('2026-03-01T08:00:00.000Z');

    before(async () => {
      t = await createTestApp({
        engine,
        clock,
        env: { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' },
      });
      const managementUser = await createUser(t.ctx, 'management');
      const auditorUser = await createUser(t.ctx, 'auditor');
      const agent = await createUser(t.ctx, 'agent');
      agentId = agent.id;
      const act = async (at: string, id: string, command: Parameters<typeof actOnCase>[2]) => {
        clock.set(at);
        await actOnCase(t.ctx, id, command, 'system');
      };
      const open = async (at: string, over: Parameters<typeof complaintAt>[1] = {}) => {
        clock.set(at);
        return openCase(t.ctx, complaintAt(at, over));
      };
      const ack = { type: 'acknowledge', channel: 'email', correspondenceId: null } as const;
      const answer = (outcome: 'upheld' | 'partly_upheld' | 'not_upheld') =>
        ({ type: 'answer', outcome, text: 'Our answer.', remedy: null, correspondenceId: null }) as const;
      // A: acknowledged within the hour, answered by the first date; billing; owned by the agent.
      const a = await open('2026-03-02T10:00:00.000Z');
      await act('2026-03-02T11:00:00.000Z', a.caseId, ack);
      await act('2026-03-02T11:01:00.000Z', a.caseId, { type: 'categorise', category: 'billing' });
      await act('2026-03-02T11:02:00.000Z', a.caseId, { type: 'assign', to: agentId });
      await act('2026-03-05T10:00:00.000Z', a.caseId, answer('upheld'));
      // B: received late on Friday 27 March (Berlin), extended twice, answered by the extended date.
      const b = await open('2026-03-27T22:30:00.000Z', { language: 'en' });
      await act('2026-03-30T07:30:00.000Z', b.caseId, ack);
      await act('2026-03-30T07:31:00.000Z', b.caseId, { type: 'categorise', category: 'billing' });
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
      // C: a letter, acknowledged after 24 hours, answered late, then escalated: D is its step-2 case.
      const c = await open('2026-04-01T09:00:00.000Z', { channel: 'letter' });
      await act('2026-04-03T09:00:00.000Z', c.caseId, ack);
      await act('2026-04-30T09:00:00.000Z', c.caseId, answer('partly_upheld'));
      clock.set('2026-05-04T09:00:00.000Z');
      await escalateCase(t.ctx, c.caseId, 'system');
      // G: answered, closed and reopened.
      const g = await open('2026-05-06T09:00:00.000Z', { language: 'de' });
      await act('2026-05-06T10:00:00.000Z', g.caseId, ack);
      await act('2026-05-07T10:00:00.000Z', g.caseId, answer('upheld'));
      await act('2026-05-08T10:00:00.000Z', g.caseId, { type: 'close', reason: 'Done.' });
      await act('2026-05-11T10:00:00.000Z', g.caseId, { type: 'reopen', reason: 'The client wrote again.' });
      // E: never acknowledged: overdue now. One in February (the previous period) and one a year before.
      await open('2026-05-20T08:00:00.000Z', { channel: 'letter', language: 'de' });
      await open('2026-02-10T08:00:00.000Z');
      await open('2025-04-10T08:00:00.000Z');
      // A suggestion: counted apart, with its own list.
      await open('2026-03-10T08:00:00.000Z', { kind: 'suggestion', step: null });
      clock.set(NOW);
      // Signed in now: a session opened when the first case came in would have expired.
      management = await sessionFor(t.ctx, managementUser);
      auditor = await sessionFor(t.ctx, auditorUser);
    });
    after(async () => {
      await t?.close();
    });

    const reportPath = (filter: Record<string, string> = {}) =>
      `/reports?${new URLSearchParams({ ...PERIOD, ...filter })}`;

    it('lists behind every number exactly the cases it counts, for management and the auditor', async () => {
      const figures = new Set<string>();
      for (const [session, filter] of [
        [management, {}],
        [auditor, {}],
        [management, { category: 'billing' }],
        [management, { step: '1' }],
        [management, { channel: 'letter' }],
        [management, { language: 'de' }],
        [auditor, { outcome: 'upheld' }],
      ] as const) {
        const page = await getPage(t.app, session, reportPath(filter));
        assert.equal(page.statusCode, 200);
        const links = drillLinks(page.body);
        assert.ok(links.length > 20, `${JSON.stringify(filter)}: ${links.length} links`);
        for (const { href, n } of links) {
          const list = await getPage(t.app, session, href);
          assert.equal(list.statusCode, 200, href);
          assert.equal(rowsIn(list.body), n, `${JSON.stringify(filter)} ${href}`);
          if (n > 0) figures.add(new URLSearchParams(href.split('?')[1]).get('figure') ?? 'received');
        }
      }
      // The test means something only if these figures had cases behind them.
      for (const f of [
        'received',
        'acknowledged_in_time',
        'answered_original',
        'answered_extended',
        'answered_late',
        'overdue',
        'extended',
        'escalated',
        'reopened',
      ])
        assert.ok(figures.has(f), f);
    });

    it('filters by owner, a dimension the day counts do not hold, the same on the page and in the list', async () => {
      const report = await reportCases(t.ctx, PERIOD, { owner: agentId });
      assert.equal(report.complaints.received, 1);
      assert.deepEqual(report.complaints.byCategory, { billing: 1 });
      const page = await getPage(t.app, management, reportPath({ owner: agentId }));
      assert.equal(page.statusCode, 200);
      assert.ok(drillLinks(page.body).length > 10);
      for (const { href, n } of drillLinks(page.body))
        assert.equal(rowsIn((await getPage(t.app, management, href)).body), n, href);
    });

    it('the figures with a filter are those of the cases that pass it (counts and cases agree)', async () => {
      const all = await reportCases(t.ctx, PERIOD);
      const billing = await reportCases(t.ctx, PERIOD, { category: 'billing' });
      assert.equal(billing.complaints.received, all.complaints.byCategory.billing);
      assert.deepEqual(billing.filter, { category: 'billing' });
      const step1 = await reportCases(t.ctx, PERIOD, { step: 1 });
      assert.equal(step1.complaints.received, all.complaints.byStep['1']!.received);
      assert.equal(step1.complaints.promises.answeredLate, all.complaints.promises.byStep['1']!.answeredLate);
    });

    it('names a filter value it cannot use, shows the figures without it, and refuses it in an export', async () => {
      const page = await getPage(t.app, management, reportPath({ channel: 'pigeon' }));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /A filter could not be used/);
      const csv = await getPage(
        t.app,
        management,
        `/reports/export.csv?${new URLSearchParams({ ...PERIOD, step: '3' })}`,
      );
      assert.equal(csv.statusCode, 400);
      assert.match(csv.body, /^step: /m);
    });

    it("shows the regulator's half-year return as a page and a CSV with the same figures", async () => {
      const summary = await regulatorSummary(t.ctx, '2026-H1');
      for (const half of ['2026-H1', '2026H1']) {
        const page = await getPage(t.app, auditor, `/reports/regulator?half=${half}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Half-year complaints return 2026-H1/);
        assert.match(
          page.body,
          new RegExp(`<th scope="row">All complaints</th><td class="num">${summary.received}</td>`),
        );
      }
      const csv = await getPage(t.app, auditor, '/reports/regulator.csv?half=2026-H1');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.body.split('\r\n')[1]!, new RegExp(`^2026-H1,all,${summary.received},`));
      const bad = await getPage(t.app, auditor, '/reports/regulator?half=2026-H3');
      assert.match(bad.body, /Write the half year like 2026-H1/);
      assert.equal((await getPage(t.app, auditor, '/reports/regulator.csv?half=x')).statusCode, 400);
    });
  });
