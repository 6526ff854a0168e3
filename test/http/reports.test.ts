// The reports page and its exports, on both engines: who may see them (management, leads, auditors) and who may
// not; the page, the CSV and the JSON give the numbers of reportCases for the period; the CSV cannot smuggle a
// formula into a spreadsheet; numbers link to the queue each role may open; a bad period is explained. Also the
// quick periods and the previous period of the same length.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { monthsOf } from '../../src/adapters/http/pages/reports.page.ts';
import { presets, previousPeriod, yearBeforePeriod } from '../../src/adapters/http/reports.routes.ts';
import { reportRows } from '../../src/adapters/report/report-export.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { ROLES, type Role } from '../../src/core/access/roles.ts';
import { categoryLabels } from '../../src/core/case/categories.ts';
import type { Channel, Language } from '../../src/core/case/model.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

const FORMULA = '=1+2';
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

/** A few complaints in October and November 2026, a suggestion, one with a category a spreadsheet would run. */
async function fill(t: TestApp) {
  let n = 0;
  const open = (
    receivedAt: string,
    o: { step?: 1 | 2; kind?: 'complaint' | 'suggestion'; channel?: Channel; language?: Language } = {},
  ) => {
    n += 1;
    const kind = o.kind ?? 'complaint';
    return openCase(t.ctx, {
      kind,
      step: kind === 'suggestion' ? null : (o.step ?? 1),
      channel: o.channel ?? 'email',
      receivedAt,
      language: o.language ?? 'en',
      subject: `Complaint escalation - Step 1 (${n})`,
      complainant: { name: `Person ${n}`, email: `person${n}@example.net` },
      fields: { ticketRefs: [], domains: [], description: 'The server is down.', expectations: 'A refund.' },
      missing: [],
      correspondenceId: null,
      actor: 'mailbox:complaints',
    });
  };
  const a = await open('2026-11-02T09:00:00.000Z');
  const b = await open('2026-11-05T15:00:00.000Z', { language: 'fr', channel: 'letter' });
  await open('2026-11-10T08:00:00.000Z', { step: 2, language: 'de' });
  await open('2026-10-20T10:00:00.000Z');
  await open('2026-11-12T10:00:00.000Z', { kind: 'suggestion' });
  await actOnCase(t.ctx, a.caseId, { type: 'categorise', category: 'billing' }, 'system');
  await actOnCase(t.ctx, b.caseId, { type: 'categorise', category: FORMULA }, 'system');
  await actOnCase(
    t.ctx,
    a.caseId,
    { type: 'acknowledge', channel: 'email', correspondenceId: null },
    'system',
  );
  await actOnCase(
    t.ctx,
    a.caseId,
    {
      type: 'answer',
      outcome: 'upheld',
      text: 'We refund the days lost.',
      remedy: 'refund',
      correspondenceId: null,
    },
    'system',
  );
}

for (const engine of ENGINES)
  describe(`reports page and exports (${engine})`, () => {
    let t: TestApp;
    const sessions = new Map<Role, TestSession>();

    before(async () => {
      // Monday 23 November 2026, 10:00 in Berlin.
      t = await createTestApp({
        engine,
        clock: fixedClock('2026-11-23T09:00:00.000Z'),
        env: departmentsEnv('Billing'),
      });
      for (const role of ROLES) sessions.set(role, await sessionFor(t.ctx, await createUser(t.ctx, role)));
      await fill(t);
    });
    after(async () => {
      await t?.close();
    });

    const query = `?from=${NOVEMBER.from}&to=${NOVEMBER.to}`;

    it('is shown to management, leads and auditors only; the signed-out are sent to sign in', async () => {
      for (const role of ROLES) {
        const allowed = role === 'management' || role === 'lead' || role === 'auditor';
        for (const path of ['/reports', '/reports/export.csv', '/reports/export.json']) {
          const res = await getPage(t.app, sessions.get(role)!, `${path}${query}`);
          assert.equal(res.statusCode, allowed ? 200 : 403, `${role} ${path}`);
        }
        const home = await getPage(t.app, sessions.get(role)!, '/account');
        assert.equal(home.body.includes('href="/reports"'), allowed, `${role} navigation`);
      }
      const out = await getPage(t.app, null, `/reports${query}`);
      assert.equal(out.statusCode, 303);
      assert.match(String(out.headers.location), /^\/sign-in\?next=/);
    });

    it('exports as JSON exactly what reportCases gives for the period', async () => {
      const res = await getPage(t.app, sessions.get('auditor')!, `/reports/export.json${query}`);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.match(
        String(res.headers['content-disposition']),
        /^attachment; filename="redress-report-2026-11-01-to-2026-11-30\.json"$/,
      );
      const expected = await reportCases(t.ctx, NOVEMBER);
      assert.deepEqual(JSON.parse(res.body), expected);
      assert.equal(expected.complaints.received, 3);
      assert.equal(expected.suggestions.received, 1);
    });

    it('exports as CSV every figure of reportCases, a formula-looking cell starting with an apostrophe', async () => {
      const res = await getPage(t.app, sessions.get('management')!, `/reports/export.csv${query}`);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      const lines = res.body.split('\r\n').filter(Boolean);
      // The UTF-8 byte-order mark first, for Excel to read accented names (spreadsheet-csv.ts).
      assert.equal(lines[0], '\uFEFFperiod_from,period_to,section,item,value,label');
      // The last cell: the category's label beside its key on the by-category rows (empty elsewhere).
      const labels = categoryLabels(t.ctx.config);
      const expected = reportRows(await reportCases(t.ctx, NOVEMBER)).map(
        (r) =>
          `2026-11-01,2026-11-30,${r.section},${r.item.startsWith('=') ? `'${r.item}` : r.item},${r.value ?? ''},${r.section === 'by_category' ? (labels.get(r.item) ?? '') : ''}`,
      );
      assert.deepEqual(lines.slice(1), expected);
      assert.ok(lines.includes(`2026-11-01,2026-11-30,by_category,'${FORMULA},1,`), res.body);
      assert.ok(!lines.some((l) => l.split(',').some((cell) => /^[=+\-@]/.test(cell))), res.body);
      assert.ok(lines.includes('2026-11-01,2026-11-30,complaints,received,3,'));
      assert.ok(lines.includes('2026-11-01,2026-11-30,step_2,received,1,'));
    });

    it('shows the figures of reportCases with the previous period, each linking to the queue a lead may open', async () => {
      const res = await getPage(t.app, sessions.get('lead')!, `/reports${query}`);
      assert.equal(res.statusCode, 200);
      const body = res.body;
      const report = await reportCases(t.ctx, NOVEMBER);
      const previous = await reportCases(t.ctx, { from: '2026-10-01', to: '2026-10-31' });
      assert.equal(previous.complaints.received, 1);
      // received: this period and October, both linking to all cases
      assert.match(
        body,
        new RegExp(
          `<th scope="row">Received</th>\\s*<td class="num"><a href="/queues/all\\?status=all&amp;kind=complaint&amp;from=2026-11-01&amp;to=2026-11-30">${report.complaints.received}</a></td>\\s*<td class="num"><a href="/queues/all\\?status=all&amp;kind=complaint&amp;from=2026-10-01&amp;to=2026-10-31">${previous.complaints.received}</a></td>`,
        ),
      );
      // and November 2025 (nothing), with the change over the year
      assert.match(
        body,
        /<th scope="row">Received<\/th>(?:\s*<td class="num">.*?<\/td>){3}\s*<td class="num"><a href="\/queues\/all\?status=all&amp;kind=complaint&amp;from=2025-11-01&amp;to=2025-11-30">0<\/a><\/td>\s*<td class="num">\+3<\/td>/,
      );
      const drill = (extra: string) =>
        `<a href="/queues/all?status=all&amp;kind=complaint&amp;from=2026-11-01&amp;to=2026-11-30${extra}">`;
      assert.ok(body.includes(`${drill('&amp;category=billing')}1</a>`), 'category');
      assert.ok(body.includes(`${drill('&amp;step=1')}2</a>`), 'step 1');
      assert.ok(body.includes(`${drill('&amp;channel=letter')}1</a>`), 'channel');
      // the charts' figures travel in data attributes; the only scripts are files of ours
      const charts = [...body.matchAll(/data-chart="([^"]*)"/g)].map((m) =>
        JSON.parse(m[1]!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&')),
      );
      assert.ok(charts.length >= 5);
      const trend = charts.find((c) => c.orientation === 'column');
      assert.deepEqual(trend.series[0].data, [3]);
      for (const script of body.match(/<script[^>]*>/g) ?? []) assert.match(script, /src="\/assets\//);
      assert.doesNotMatch(body, /<script[^>]*>[^<]/);
      assert.match(body, /href="\/reports\/export\.csv\?from=2026-11-01&amp;to=2026-11-30"/);
    });

    it('shows every promise figure of reportCases, by step and together, and every month of the period', async () => {
      const period = { from: '2026-09-01', to: '2026-11-30' };
      const body = (
        await getPage(t.app, sessions.get('auditor')!, `/reports?from=${period.from}&to=${period.to}`)
      ).body;
      const report = await reportCases(t.ctx, period);
      const section = body.slice(body.indexOf('aria-labelledby="report-compliance"'));
      const rows = section.slice(0, section.indexOf('</table>')).split('<th scope="row">').slice(1);
      const labels = {
        received: 'Received',
        acknowledged: 'Acknowledged',
        acknowledgedInTime: 'Acknowledged in time',
        answered: 'Answered',
        answeredInTime: 'Answered by the due date',
        overdueOpen: 'Open and overdue',
        extended: 'Extended',
        escalated: 'Escalated to step 2',
      } as const;
      const promiseLabels = {
        answeredByOriginalDate: 'Answered by the date first promised',
        answeredByExtendedDate: 'Answered by the extended date',
        answeredLate: 'Answered late',
        extensionsFirst: 'First extensions',
        extensionsFurther: 'Further extensions',
        reopened: 'Reopened',
      } as const;
      const numbers = (row: string) =>
        [...row.matchAll(/<td class="num">(?:<a [^>]*>|<span class="muted">)?([\d,]+|—)/g)].map((m) => m[1]);
      for (const [key, label] of Object.entries(labels) as Array<[keyof typeof labels, string]>) {
        const row = rows.find((r) => r.startsWith(`${label}</th>`));
        assert.ok(row, label);
        assert.deepEqual(
          numbers(row),
          [
            report.complaints.byStep['1']?.[key] ?? 0,
            report.complaints.byStep['2']?.[key] ?? 0,
            report.complaints[key],
          ].map(String),
          label,
        );
      }
      const promises = report.complaints.promises;
      for (const [key, label] of Object.entries(promiseLabels) as Array<
        [keyof typeof promiseLabels, string]
      >) {
        const row = rows.find((r) => r.startsWith(`${label}</th>`));
        assert.ok(row, label);
        assert.deepEqual(
          numbers(row),
          [promises.byStep['1']?.[key] ?? 0, promises.byStep['2']?.[key] ?? 0, promises[key]].map(String),
          label,
        );
      }
      // answered on 23 November, received on 2 November: after the ten working days
      assert.equal(promises.answeredLate, 1);
      assert.equal(
        promises.answeredByOriginalDate + promises.answeredByExtendedDate + promises.answeredLate,
        report.complaints.answered,
      );
      const median = rows.find((r) => r.startsWith('Business days to answer, median</th>'))!;
      assert.equal(numbers(median)[2], String(promises.businessDaysToAnswer.median));
      assert.equal(report.complaints.acknowledged, 1);
      // September had no complaint: shown as 0, not left out
      const trend = body.slice(body.indexOf('aria-labelledby="report-trend"'));
      assert.match(
        trend,
        /<th scope="row">September 2026<\/th><td class="num"><a href="\/queues\/all\?status=all&amp;kind=complaint&amp;from=2026-09-01&amp;to=2026-09-30">0<\/a>/,
      );
      assert.match(
        trend,
        /<th scope="row">October 2026<\/th><td class="num"><a href="\/queues\/all\?status=all&amp;kind=complaint&amp;from=2026-10-01&amp;to=2026-10-31">1<\/a>/,
      );
      assert.match(
        trend,
        /<th scope="row">November 2026<\/th><td class="num"><a href="\/queues\/all\?status=all&amp;kind=complaint&amp;from=2026-11-01&amp;to=2026-11-30">3<\/a>/,
      );
    });

    it('links management to the list of all cases, and an agent to nothing', async () => {
      const body = (await getPage(t.app, sessions.get('management')!, `/reports${query}`)).body;
      assert.ok(
        body.includes(
          '<a href="/queues/all?status=all&amp;kind=complaint&amp;from=2026-11-01&amp;to=2026-11-30&amp;step=2">1</a>',
        ),
      );
      const list = await getPage(
        t.app,
        sessions.get('management')!,
        '/queues/all?status=all&kind=complaint&from=2026-11-01&to=2026-11-30&step=2',
      );
      assert.equal(list.statusCode, 200);
      assert.equal(list.body.match(/<tr class="row-/g)?.length, 1);
      // Management may hand step-2 cases over (the case rule), so the list offers it the bulk form, as the queues do.
      assert.match(list.body, /action="\/queues\/bulk"/);
      assert.doesNotMatch(body, /href="\/queues\/step1/);
    });

    it('offers "not set" in each filter a case may leave unset, in the reader\'s language, and every door reads it', async () => {
      const labels = {
        en: ['Not set', 'None yet (not answered)', 'Nobody', 'None yet (not forwarded)'],
        fr: [
          'Non renseignée',
          'Aucune (pas encore de réponse)',
          'Personne',
          'Aucun (suggestion pas encore transmise)',
        ],
        de: [
          'Nicht angegeben',
          'Keines (noch nicht beantwortet)',
          'Niemand',
          'Keine (noch nicht weitergeleitet)',
        ],
      } as const;
      for (const [language, [category, outcome, owner, department]] of Object.entries(labels)) {
        const user = await createUser(t.ctx, 'management', { language: language as Language });
        const page = (await getPage(t.app, await sessionFor(t.ctx, user), `/reports${query}`)).body;
        const options = (name: string) => page.slice(page.indexOf(`name="${name}"`)).split('</select>')[0]!;
        for (const [name, label] of [
          ['category', category],
          ['outcome', outcome],
          ['owner', owner],
          ['department', department],
        ] as const)
          assert.ok(
            options(name).trimEnd().endsWith(`<option value="_none">${label}</option>`),
            `${language} ${name}: ${options(name)}`,
          );
        for (const name of ['step', 'channel', 'language'])
          assert.doesNotMatch(options(name), /_none/, `${name} is always set`);
      }
      const management = sessions.get('management')!;
      const unset = `${query}&category=_none`;
      // November: one complaint without a category (the step-2 one) and the suggestion.
      const json = JSON.parse((await getPage(t.app, management, `/reports/export.json${unset}`)).body);
      assert.deepEqual(json, await reportCases(t.ctx, NOVEMBER, { category: null }));
      assert.deepEqual(json.filter, { category: null });
      assert.equal(json.complaints.received, 1);
      assert.equal(json.suggestions.received, 1);
      const csv = (await getPage(t.app, management, `/reports/export.csv${unset}`)).body.split('\r\n');
      assert.ok(csv.includes('2026-11-01,2026-11-30,complaints,received,1,'), csv.join('\n'));
      const register = (await getPage(t.app, management, `/reports/register.csv${unset}`)).body;
      assert.deepEqual(
        register
          .split('\r\n')
          .slice(1)
          .filter(Boolean)
          .map((l) => l.split(',').slice(1, 5).join(',')),
        ['complaint,2,email,', 'suggestion,,email,'],
      );
      const unanswered = JSON.parse(
        (await getPage(t.app, management, `/reports/export.json${query}&outcome=_none`)).body,
      );
      assert.equal(unanswered.complaints.received, 2, 'the two complaints of November not answered');
      // The page says what it is narrowed to, and its numbers link to the queue narrowed to "not set" too
      // (report-drill-not-set.test.ts: each lists the cases it counts).
      const page = (await getPage(t.app, sessions.get('lead')!, `/reports${unset}`)).body;
      assert.match(page, /<strong>Only:<\/strong> Category: Not set/);
      assert.match(page, /<option value="_none" selected>Not set<\/option>/);
      const links = [...page.matchAll(/href="(\/queues\/[^"]*)"/g)].map((m) => m[1]!);
      assert.ok(links.length > 0);
      for (const href of links) assert.match(href, /[?;]category=_none(&|$)/, href);
    });

    it("speaks French and German, in the reader's own language", async () => {
      for (const [language, heading, figure] of [
        ['fr', 'Rapports', 'Reçues'],
        ['de', 'Berichte', 'Eingegangen'],
      ] as const) {
        const user = await createUser(t.ctx, 'management', { language });
        const res = await getPage(t.app, await sessionFor(t.ctx, user), `/reports${query}`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, new RegExp(`<h1>${heading}</h1>`));
        assert.match(res.body, new RegExp(`<th scope="row">${figure}</th>`));
        assert.match(res.body, new RegExp(`<html lang="${language}">`));
        // The period begins on the first of the month: French writes it "1er", German "1.".
        assert.match(res.body, language === 'fr' ? /1er novembre 2026/ : /1\. November 2026/);
        assert.doesNotMatch(res.body, /\b1 novembre/);
      }
    });

    it('explains a period it cannot read: on the page (showing this month instead) and as a 400 for an export', async () => {
      const page = await getPage(t.app, sessions.get('lead')!, '/reports?from=2026-02-30&to=2026-01-01');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Write the date as YYYY-MM-DD/);
      assert.match(page.body, /The figures below are for this month\./);
      const reversed = await getPage(t.app, sessions.get('lead')!, '/reports?from=2026-03-01&to=2026-01-01');
      assert.match(reversed.body, /The period ends before it starts\./);
      const long = await getPage(
        t.app,
        sessions.get('lead')!,
        '/reports/export.csv?from=2000-01-01&to=2026-01-01',
      );
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /to: Choose a period of at most 5 years\./);
      // without dates: this month
      const plain = await getPage(t.app, sessions.get('lead')!, '/reports');
      assert.match(plain.body, /value="2026-11-01"/);
      assert.match(plain.body, /value="2026-11-30"/);
    });
  });

describe('report periods', () => {
  it('lists every month a period touches, across a year end', () => {
    assert.deepEqual(monthsOf({ from: '2025-11-15', to: '2026-02-03' }), [
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    assert.deepEqual(monthsOf({ from: '2026-05-31', to: '2026-05-31' }), ['2026-05']);
  });

  it('offers this month, last month, this quarter, the last half-year and this year', () => {
    const got = presets(Temporal.PlainDate.from('2026-02-10')).map((p) => [
      p.key,
      p.period.from,
      p.period.to,
    ]);
    assert.deepEqual(got, [
      ['thisMonth', '2026-02-01', '2026-02-28'],
      ['lastMonth', '2026-01-01', '2026-01-31'],
      ['thisQuarter', '2026-01-01', '2026-03-31'],
      ['lastHalfYear', '2025-07-01', '2025-12-31'],
      ['thisYear', '2026-01-01', '2026-12-31'],
    ]);
    assert.deepEqual(presets(Temporal.PlainDate.from('2026-11-23'))[3]!.period, {
      from: '2026-01-01',
      to: '2026-06-30',
    });
  });

  it('compares with the same dates a year before, 29 February with the 28th', () => {
    assert.deepEqual(yearBeforePeriod({ from: '2028-02-01', to: '2028-02-29' }), {
      from: '2027-02-01',
      to: '2027-02-28',
    });
  });

  it('compares whole months with as many months before, other periods with as many days', () => {
    assert.deepEqual(previousPeriod({ from: '2026-03-01', to: '2026-03-31' }), {
      from: '2026-02-01',
      to: '2026-02-28',
    });
    assert.deepEqual(previousPeriod({ from: '2026-01-01', to: '2026-06-30' }), {
      from: '2025-07-01',
      to: '2025-12-31',
    });
    assert.deepEqual(previousPeriod({ from: '2026-03-10', to: '2026-03-19' }), {
      from: '2026-02-28',
      to: '2026-03-09',
    });
  });
});
