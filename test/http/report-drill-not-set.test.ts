// The reports page narrowed to "not set" (a complaint without a category or an outcome, a case nobody owns, a
// suggestion not forwarded) links its numbers to the list of the cases behind them as it does for any other value,
// and its "Not set" rows link too: on both engines, for any cases and any period, every number that links to the
// queue leads to a list of exactly as many cases as the number says, with the report filtered to each dimension's
// "not set", to a set value of it, or not at all; the tables of suggestions by status and of other messages by
// reason link too. The queue and the API's case list take "not set" for the same four dimensions with the same
// meaning.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { openCase } from '../../src/app/open-case.ts';
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

const HOUR = 3_600_000;
const NOW = '2026-12-20T12:00:00.000Z';
const NOT_SET = '_none';
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;

interface History {
  kind: 'complaint' | 'suggestion' | 'other';
  /** Why a message is of kind other. */
  reason: 'spam' | 'misdirected';
  /** How far a forwarded suggestion went: forwarded, taken up, done. */
  progress: 0 | 1 | 2;
  receivedAt: string;
  category: 'billing' | 'dns' | null;
  /** Which of the two agents owns the case. */
  owner: 0 | 1 | null;
  department: 'network' | null;
  ackAfterHours: number | null;
  answer: { afterHours: number; outcome: (typeof OUTCOMES)[number] } | null;
  closeAfterAnswer: boolean;
}

const history: fc.Arbitrary<History> = fc.record({
  kind: fc.constantFrom('complaint' as const, 'complaint' as const, 'suggestion' as const, 'other' as const),
  reason: fc.constantFrom('spam' as const, 'misdirected' as const),
  progress: fc.constantFrom(0 as const, 1 as const, 2 as const),
  receivedAt: fc
    .integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2026, 11, 1) / 60_000 })
    .map((m) => new Date(m * 60_000).toISOString()),
  category: fc.constantFrom(null, 'billing' as const, 'dns' as const),
  owner: fc.constantFrom(null, 0 as const, 1 as const),
  department: fc.constantFrom(null, 'network' as const),
  ackAfterHours: fc.option(fc.integer({ min: 1, max: 72 })),
  answer: fc.option(
    fc.record({ afterHours: fc.integer({ min: 24, max: 24 * 30 }), outcome: fc.constantFrom(...OUTCOMES) }),
  ),
  closeAfterAnswer: fc.boolean(),
});

const localDate = fc
  .integer({ min: 0, max: 364 })
  .map((d) => Temporal.PlainDate.from('2026-01-01').add({ days: d }).toString());

/** The links to the queue on a page with the number each shows. */
function drillLinks(body: string): Array<{ href: string; n: number }> {
  return [...body.matchAll(/<a href="(\/queues\/all\?[^"]*)">([\d,]+)<\/a>/g)].map((m) => ({
    href: m[1]!.replaceAll('&amp;', '&'),
    n: Number(m[2]!.replaceAll(',', '')),
  }));
}

const rowsIn = (body: string) => body.match(/<tr class="row-/g)?.length ?? 0;

for (const engine of ENGINES)
  describe(`report drill-down narrowed to "not set" (${engine})`, () => {
    let t: TestApp;
    let management: TestSession;
    let owners: [string, string];
    const clock = fixedClock(NOW);
    let serial = 0;

    before(async () => {
      t = await createTestApp({
        engine,
        clock,
        env: {
          REDRESS_HOLIDAYS: 'DE-BW',
          REDRESS_TIMEZONE: 'Europe/Berlin',
          REDRESS_DEPARTMENTS: JSON.stringify([{ name: 'network', email: 'noc@example.org', keywords: [] }]),
        },
      });
      owners = [(await createUser(t.ctx, 'agent')).id, (await createUser(t.ctx, 'agent')).id];
      management = await sessionFor(t.ctx, await createUser(t.ctx, 'management'));
    });
    after(async () => {
      await t?.close();
    });

    async function play(histories: History[]) {
      for (const h of histories) {
        // A distinct instant per case, so that each has its own complainant (complaintAt).
        const receivedAt = new Date(Date.parse(h.receivedAt) + (serial++ % 1000)).toISOString();
        const received = Date.parse(receivedAt);
        clock.set(receivedAt);
        const { caseId } = await openCase(
          t.ctx,
          complaintAt(receivedAt, h.kind === 'suggestion' ? { kind: 'suggestion', step: null } : {}),
        );
        const act = async (afterHours: number, command: Parameters<typeof actOnCase>[2]) => {
          clock.set(new Date(received + afterHours * HOUR).toISOString());
          try {
            await actOnCase(t.ctx, caseId, command, 'system');
          } catch (e) {
            // A step the case's rules refuse (the case's history is random): the case stays as it was.
            if (!(e instanceof Error && 'code' in e)) throw e;
          }
        };
        if (h.owner !== null) await act(0.5, { type: 'assign', to: owners[h.owner] });
        if (h.kind === 'other') {
          await act(0.6, { type: 'reclassify', kind: 'other', reason: h.reason, note: null });
          continue;
        }
        if (h.kind === 'suggestion') {
          if (h.department) {
            await act(1, { type: 'forward_suggestion', department: h.department, note: null });
            if (h.progress >= 1) await act(2, { type: 'department_acknowledge_suggestion' });
            if (h.progress >= 2) await act(3, { type: 'complete_suggestion', note: null });
          }
          continue;
        }
        if (h.category) await act(0.75, { type: 'categorise', category: h.category });
        if (h.ackAfterHours !== null)
          await act(h.ackAfterHours, { type: 'acknowledge', channel: 'email', correspondenceId: null });
        if (h.answer) {
          await act((h.ackAfterHours ?? 0) + h.answer.afterHours, {
            type: 'answer',
            outcome: h.answer.outcome,
            text: 'Our answer.',
            remedy: null,
            correspondenceId: null,
          });
          if (h.closeAfterAnswer)
            await act((h.ackAfterHours ?? 0) + h.answer.afterHours + 1, { type: 'close', reason: 'Done.' });
        }
      }
      clock.set(NOW);
    }

    /** All the rows of a list, page after page. */
    async function listed(href: string): Promise<number> {
      let n = 0;
      for (let page = 1; ; page++) {
        const res = await getPage(t.app, management, page === 1 ? href : `${href}&page=${page}`);
        assert.equal(res.statusCode, 200, href);
        n += rowsIn(res.body);
        if (!res.body.includes('rel="next"')) return n;
      }
    }

    it('every linked number, "not set" rows and filters included, lists exactly the cases it counts', async () => {
      // How many cases the links with "not set" in each dimension listed over the runs.
      const reached = new Map<string, number>();
      const base = {
        receivedAt: '2026-03-02T09:00:00.000Z',
        ackAfterHours: 2,
        closeAfterAnswer: false,
        reason: 'spam' as const,
        progress: 2 as const,
      };
      // Every value of every dimension, "not set" included, is taken by some case whatever the draws below.
      await play([
        { ...base, kind: 'suggestion', category: null, owner: null, department: 'network', answer: null },
        { ...base, kind: 'suggestion', category: null, owner: 0, department: null, answer: null },
        { ...base, kind: 'complaint', category: null, owner: null, department: null, answer: null },
        { ...base, kind: 'other', category: null, owner: null, department: null, answer: null },
        {
          ...base,
          kind: 'complaint',
          category: 'billing',
          owner: 1,
          department: null,
          answer: { afterHours: 48, outcome: 'upheld' },
        },
      ]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(history, { minLength: 1, maxLength: 4 }),
          localDate,
          localDate,
          async (hs, a, b) => {
            await play(hs);
            // The lists of this run's data, by address: the same list linked from several reports (a "not set"
            // row of the report without filter is also on the report filtered to it) is read once, and each of
            // its links is checked against it. Nothing is written while the reports are read, so reading a list
            // again could only give the same rows.
            const lists = new Map<string, number>();
            const period = a <= b ? { from: a, to: b } : { from: b, to: a };
            const filters: Array<Record<string, string>> = [
              {},
              { category: NOT_SET },
              { outcome: NOT_SET },
              { owner: NOT_SET },
              { department: NOT_SET },
              { category: 'billing' },
              { owner: owners[0] },
              { department: 'network' },
            ];
            for (const p of [YEAR, period])
              for (const filter of filters) {
                const page = await getPage(
                  t.app,
                  management,
                  `/reports?${new URLSearchParams({ ...p, ...filter })}`,
                );
                assert.equal(page.statusCode, 200);
                const links = drillLinks(page.body);
                assert.ok(links.length > 10, `${JSON.stringify(filter)}: ${links.length} links`);
                const seen = new Map<string, number>();
                for (const { href, n } of links) {
                  if (seen.has(href)) {
                    assert.equal(seen.get(href), n, `one list, two numbers: ${href}`);
                    continue;
                  }
                  seen.set(href, n);
                  if (!lists.has(href)) lists.set(href, await listed(href));
                  assert.equal(lists.get(href), n, `${JSON.stringify(filter)} ${p.from}..${p.to}: ${href}`);
                  const query = new URLSearchParams(href.split('?')[1]);
                  for (const key of ['category', 'outcome', 'owner', 'department'])
                    if (query.get(key) === NOT_SET) reached.set(key, (reached.get(key) ?? 0) + n);
                  // The tables of suggestions by status and of other messages by reason link too.
                  for (const key of ['suggestion', 'reason'])
                    if (query.get(key)) reached.set(key, (reached.get(key) ?? 0) + n);
                }
              }
          },
        ),
        { numRuns: 4 },
      );
      for (const key of ['category', 'outcome', 'owner', 'department'])
        assert.ok((reached.get(key) ?? 0) > 0, `no list of ${key} not set held a case`);
      for (const key of ['suggestion', 'reason'])
        assert.ok((reached.get(key) ?? 0) > 0, `no list by ${key} held a case`);
    });

    it('links the "Not set" rows of the tables by category and by department', async () => {
      const report = await reportCases(t.ctx, YEAR);
      assert.ok((report.complaints.byCategory.none ?? 0) > 0);
      assert.ok((report.suggestions.byDepartment.none?.received ?? 0) > 0);
      const links = drillLinks(
        (await getPage(t.app, management, `/reports?${new URLSearchParams(YEAR)}`)).body,
      );
      const to = (key: string, kind: string) =>
        links.find((l) => {
          const q = new URLSearchParams(l.href.split('?')[1]);
          return q.get(key) === NOT_SET && q.get('kind') === kind && !q.get('figure');
        });
      assert.equal(to('category', 'complaint')?.n, report.complaints.byCategory.none);
      assert.equal(to('department', 'suggestion')?.n, report.suggestions.byDepartment.none?.received);
    });

    it('the queue pages keep "not set" in their filters, and the API lists by it', async () => {
      const { secret } = await createApiToken(
        t.ctx,
        { name: `api-${engine}`, role: 'management', expiresInDays: null },
        { actor: 'cli', label: null, address: null },
      );
      const api = async (q: string) => {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases?status=all&limit=200&${q}`,
          headers: { authorization: `Bearer ${secret}` },
        });
        assert.equal(res.statusCode, 200, res.body);
        return res.json().cases as Array<{ category: string | null; ownerId: string | null; kind: string }>;
      };
      const all = await api('');
      const uncategorised = await api(`category=${NOT_SET}`);
      assert.ok(uncategorised.length > 0);
      assert.deepEqual(
        uncategorised.map((c) => c.category),
        uncategorised.map(() => null),
      );
      assert.equal(uncategorised.length, all.filter((c) => c.category === null).length);
      const unowned = await api(`ownerId=${NOT_SET}`);
      assert.equal(unowned.length, all.filter((c) => c.ownerId === null).length);
      assert.ok(unowned.length > 0 && unowned.length < all.length);
      const unanswered = await api(`outcome=${NOT_SET}`);
      const answered = await Promise.all(OUTCOMES.map((o) => api(`outcome=${o}`)));
      assert.equal(unanswered.length + answered.flat().length, all.length);
      const notForwarded = await api(`department=${NOT_SET}&queue=suggestions`);
      const forwarded = await api('department=network&queue=suggestions');
      assert.ok(notForwarded.length > 0 && forwarded.length > 0);
      assert.equal(notForwarded.length + forwarded.length, all.filter((c) => c.kind === 'suggestion').length);
      // The page's filter keeps the value: the select offers it and the pages after the first carry it.
      const page = await getPage(t.app, management, `/queues/all?status=all&category=${NOT_SET}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<option value="${NOT_SET}" selected>`));
      assert.equal(rowsIn(page.body), Math.min(50, all.filter((c) => c.category === null).length));
      // Management sees the suggestions through the reports only: the auditor reads their queue.
      const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
      const suggestions = await getPage(
        t.app,
        auditor,
        `/queues/suggestions?status=all&department=${NOT_SET}`,
      );
      assert.equal(suggestions.statusCode, 200);
      assert.match(suggestions.body, new RegExp(`<option value="${NOT_SET}" selected>`));
      assert.equal(rowsIn(suggestions.body), notForwarded.length);
    });
  });
