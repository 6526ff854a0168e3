// Suggestions are counted as suggestions and kept out of complaint figures (P7.4, P9.2), on both engines: a
// suggestion received as such, and a complaint a person reclassified as a suggestion, in the report (from its
// counts and from the cases), its CSV export and the regulator's return.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { completeSuggestion, forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reclassifyCase } from '../../src/app/reclassify-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  sessionFor,
  type TestApp,
} from '../support/http.ts';

for (const engine of ENGINES)
  describe(`suggestions in the figures (${engine})`, () => {
    let t: TestApp;
    const clock = fixedClock('2026-03-02T08:00:00.000Z');

    before(async () => {
      t = await createTestApp({
        engine,
        clock,
        env: {
          ...departmentsEnv('Billing'),
          REDRESS_TIMEZONE: 'Europe/Berlin',
          REDRESS_METRICS_TOKEN: 'a-metrics-token-for-the-test',
        },
      });
      clock.set('2026-03-02T09:00:00.000Z');
      const complaint = await openCase(t.ctx, complaintAt('2026-03-02T09:00:00.000Z'));
      await actOnCase(
        t.ctx,
        complaint.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
      clock.set('2026-03-03T09:00:00.000Z');
      const wasComplaint = await openCase(t.ctx, complaintAt('2026-03-03T09:00:00.000Z'));
      await actOnCase(
        t.ctx,
        wasComplaint.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
      clock.set('2026-03-03T10:00:00.000Z');
      await reclassifyCase(
        t.ctx,
        wasComplaint.caseId,
        { kind: 'suggestion', reason: null, note: 'An idea.' },
        'system',
      );
      clock.set('2026-03-04T09:00:00.000Z');
      const suggestion = await openCase(
        t.ctx,
        complaintAt('2026-03-04T09:00:00.000Z', { kind: 'suggestion', step: null }),
      );
      clock.set('2026-03-04T10:00:00.000Z');
      for (const id of [wasComplaint.caseId, suggestion.caseId]) {
        await forwardSuggestion(t.ctx, id, { department: 'Billing', note: null, actor: 'system' }).catch(
          () => {},
        );
      }
      clock.set('2026-03-05T10:00:00.000Z');
      await completeSuggestion(t.ctx, suggestion.caseId, { note: null, actor: 'system' });
      clock.set('2026-04-01T08:00:00.000Z');
    });
    after(async () => {
      await t?.close();
    });

    it('counts one complaint and two suggestions', async () => {
      const period = { from: '2026-03-01', to: '2026-03-31' };
      for (const [label, r] of [
        ['counts', await reportCases(t.ctx, period)],
        ['cases', await reportCasesScanning(t.ctx, period)],
        ['department', await reportCases(t.ctx, period, { department: 'Billing' })],
      ] as const) {
        const department = label === 'department';
        assert.equal(r.complaints.received, department ? 0 : 1, `${label}: complaints received`);
        assert.equal(r.complaints.acknowledged, department ? 0 : 1, `${label}: complaints acknowledged`);
        assert.equal(r.suggestions.received, 2, `${label}: suggestions received`);
        assert.deepEqual(r.suggestions.byStatus, { forwarded: 1, done: 1 }, `${label}: by status`);
        assert.equal(r.suggestions.byDepartment.Billing?.received, 2, `${label}: Billing`);
      }
      const half = await regulatorSummary(t.ctx, '2026-H1');
      assert.equal(half.received, 1, 'the return counts the complaint only');
      assert.equal(half.open, 1);
      const csv = await getPage(
        t.app,
        await sessionFor(t.ctx, await createUser(t.ctx, 'auditor')),
        '/reports/export.csv?from=2026-03-01&to=2026-03-31',
      );
      assert.equal(csv.statusCode, 200);
      // The export's complaint and suggestion lines hold the same figures.
      const lines = csv.body.split('\r\n');
      const value = (item: string) =>
        lines.find((l) => l.startsWith(`2026-03-01,2026-03-31,${item},`))?.split(',')[4] ??
        `(no line ${item})`;
      assert.equal(value('complaints,received'), '1');
      assert.equal(
        value('suggestions,received'),
        '2',
        lines.filter((l) => l.includes('suggestion')).join(' | '),
      );
    });
    // /metrics counts the complaints late or overdue: a complaint a person reclassified as a suggestion after its
    // answer date passed is no longer one of them.
    it('leaves a suggestion out of the late and overdue gauges of /metrics', async () => {
      const m = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer a-metrics-token-for-the-test' },
      });
      assert.equal(m.statusCode, 200);
      // Each gauge's value, its series added up (the late one has one per deadline).
      const gauge = (name: string) =>
        m.body
          .split('\n')
          .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
          .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
      // The one complaint (acknowledged, received on 2 March) is past its answer date on 1 April; the complaint
      // made a suggestion, received a day later, is not counted.
      assert.equal(gauge('redress_deadlines_late'), 1);
      assert.equal(gauge('redress_complaints_overdue'), 1);
    });
  });
