// A case may have no value in a dimension the figures are narrowed by: a complaint not yet categorised or not yet
// answered (no outcome), a case nobody owns, a suggestion not yet forwarded to a department. "Not set" is then a
// value of the filter like any other, so that the figures narrowed to each value of a dimension, "not set"
// included, add up to the figures of all cases (as the values of the dimensions always set do). On both engines, through the filter as the doors read it
// (parseReportFilter: the reports page, its exports and `redress report`): the report (from the counts and from
// the cases), the register and the regulator's return.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { up as countNotSetAgain } from '../../src/adapters/db/migrations/202612061300-not-set-figures.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { openCase } from '../../src/app/open-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { type CaseReport, reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { loadConfig } from '../../src/config.ts';
import { CATEGORY_KEY } from '../../src/core/case/categories.ts';
import { CHANNELS, LANGUAGES } from '../../src/core/case/model.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { parseReportFilter, type ReportFilter } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { firstWindowDay } from '../support/extension.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const HOUR = 3_600_000;
/** What a page's or a command line's filter says for "not set". */
const NOT_SET = '_none';

/** Each dimension a case may leave unset, with the values the cases below take in it. */
const DIMENSIONS = {
  category: ['billing', 'dns'],
  outcome: ['upheld', 'partly_upheld', 'not_upheld'],
  owner: ['owner-a', 'owner-b'],
  department: ['network'],
} as const;

/** The dimensions every case has a value in (a case without a step counts at step 1): their values add up alone. */
const ALWAYS_SET = { step: ['1', '2'], channel: CHANNELS, language: LANGUAGES } as const;

interface History {
  kind: 'complaint' | 'suggestion';
  receivedAt: string;
  category: 'billing' | 'dns' | null;
  owner: 'owner-a' | 'owner-b' | null;
  department: 'network' | null;
  ackAfterHours: number | null;
  extendAfterHours: number | null;
  answer: { afterHours: number; outcome: (typeof DIMENSIONS.outcome)[number] } | null;
}

const history: fc.Arbitrary<History> = fc.record({
  kind: fc.constantFrom('complaint' as const, 'complaint' as const, 'suggestion' as const),
  receivedAt: fc
    .integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2026, 11, 1) / 60_000 })
    .map((m) => new Date(m * 60_000).toISOString()),
  category: fc.constantFrom(null, 'billing' as const, 'dns' as const),
  owner: fc.constantFrom(null, 'owner-a' as const, 'owner-b' as const),
  department: fc.constantFrom(null, 'network' as const),
  ackAfterHours: fc.option(fc.integer({ min: 1, max: 72 })),
  extendAfterHours: fc.option(fc.integer({ min: 73, max: 24 * 9 })),
  answer: fc.option(
    fc.record({
      afterHours: fc.integer({ min: 24 * 9, max: 24 * 30 }),
      outcome: fc.constantFrom(...DIMENSIONS.outcome),
    }),
  ),
});

/** The figures that add up over a partition of the cases. */
function additive(r: CaseReport): Record<string, number> {
  const c = r.complaints;
  const p = c.promises;
  return {
    received: c.received,
    acknowledged: c.acknowledged,
    acknowledgedInTime: c.acknowledgedInTime,
    answered: c.answered,
    answeredInTime: c.answeredInTime,
    overdueOpen: c.overdueOpen,
    extended: c.extended,
    escalated: c.escalated,
    answeredByOriginalDate: p.answeredByOriginalDate,
    answeredByExtendedDate: p.answeredByExtendedDate,
    answeredLate: p.answeredLate,
    extensionsFirst: p.extensionsFirst,
    extensionsFurther: p.extensionsFurther,
    acknowledgedCounted: p.businessDaysToAcknowledge.n,
    answeredCounted: p.businessDaysToAnswer.n,
    reopened: p.reopened,
    suggestions: r.suggestions.received,
    other: r.other.received,
  };
}

/**
 * The report without its mean days to answer: a mean of sums of fractions of days, which the counts and the cases
 * add up in another order, may round the other way at a half (17.85 as 17.8 or 17.9).
 */
function withoutMeans(r: CaseReport): unknown {
  return JSON.parse(JSON.stringify(r), (k, v) => (k === 'meanDaysToAnswer' ? undefined : v));
}

function sum(parts: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The filter as a door reads it from its query string; a value it cannot take fails the test. */
function doorFilter(key: string, value: string): ReportFilter {
  const { filter, errors } = parseReportFilter({ [key]: value });
  assert.deepEqual(errors, {}, `${key}=${value} is a filter value`);
  return filter;
}

const localDate = fc
  .integer({ min: 0, max: 364 })
  .map((d) => Temporal.PlainDate.from('2026-01-01').add({ days: d }).toString());

for (const engine of ENGINES)
  describe(`figures narrowed to "not set" on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-01-01T00:00:00.000Z');
    let serial = 0;

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(
        loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' } }),
        tdb.database,
        { clock },
      );
    });
    after(() => tdb.drop());

    async function play(histories: History[]) {
      for (const h of histories) {
        // A distinct instant per case, so that each has its own complainant (complaintAt).
        const receivedAt = new Date(Date.parse(h.receivedAt) + (serial++ % 1000)).toISOString();
        const received = Date.parse(receivedAt);
        clock.set(receivedAt);
        const { caseId } = await openCase(
          ctx,
          complaintAt(receivedAt, h.kind === 'suggestion' ? { kind: 'suggestion', step: null } : {}),
        );
        // The acknowledgement e-mail written as the case opened is given when the mail server takes it
        // (acknowledgement-given.ts): at once.
        await sendDueMail(ctx, acceptingTransport);
        const act = async (afterHours: number, command: Parameters<typeof actOnCase>[2]) => {
          clock.set(new Date(received + afterHours * HOUR).toISOString());
          try {
            await actOnCase(ctx, caseId, command, 'u');
          } catch (e) {
            if (!(e instanceof Error && 'code' in e)) throw e;
          }
        };
        if (h.owner) await act(0.5, { type: 'assign', to: h.owner });
        if (h.kind === 'suggestion') {
          if (h.department)
            await act(1, { type: 'forward_suggestion', department: h.department, note: null });
          continue;
        }
        if (h.category) await act(0.75, { type: 'categorise', category: h.category });
        if (h.ackAfterHours !== null)
          await act(h.ackAfterHours, { type: 'acknowledge', channel: 'email', correspondenceId: null });
        if (h.extendAfterHours !== null) {
          clock.set(new Date(received + h.extendAfterHours * HOUR).toISOString());
          const today = ctx.calendar.localDate(clock.now());
          let end = today.add({ days: 20 });
          while (!ctx.calendar.isWorkingDay(end)) end = end.add({ days: 1 });
          await act(h.extendAfterHours, {
            type: 'extend',
            reason: 'Waiting for the registry.',
            windowStart: await firstWindowDay(ctx, caseId, today),
            windowEnd: end.toString(),
            correspondenceId: null,
          });
        }
        if (h.answer)
          await act(h.answer.afterHours, {
            type: 'answer',
            outcome: h.answer.outcome,
            text: 'Our answer.',
            remedy: null,
            correspondenceId: null,
          });
      }
      clock.set('2026-12-20T12:00:00.000Z');
    }

    it('each dimension\'s values, "not set" included, add up to all cases: report, register, return', async () => {
      // How many cases each value counted over the runs: every value, "not set" included, is reached.
      const reached = new Map<string, number>();
      // Every value of every dimension, "not set" included, is taken by some case whatever the draws below.
      const base = { receivedAt: '2026-03-02T09:00:00.000Z', ackAfterHours: 2, extendAfterHours: null };
      await play([
        { ...base, kind: 'suggestion', category: null, owner: null, department: 'network', answer: null },
        { ...base, kind: 'suggestion', category: null, owner: 'owner-a', department: null, answer: null },
        ...DIMENSIONS.outcome.map((outcome, i) => ({
          ...base,
          kind: 'complaint' as const,
          category: DIMENSIONS.category[i] ?? null,
          owner: DIMENSIONS.owner[i] ?? null,
          department: null,
          answer: { afterHours: 48, outcome },
        })),
      ]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(history, { minLength: 1, maxLength: 6 }),
          localDate,
          localDate,
          async (hs, a, b) => {
            await play(hs);
            const period = a <= b ? { from: a, to: b } : { from: b, to: a };
            for (const p of [YEAR, period]) {
              const all = additive(await reportCases(ctx, p));
              const allRegister = (await collect(registerEntries(ctx, p))).length;
              for (const [key, values] of [
                ...Object.entries(DIMENSIONS).map(([k, v]) => [k, [...v, NOT_SET]] as const),
                ...Object.entries(ALWAYS_SET),
              ]) {
                const parts: Array<Record<string, number>> = [];
                let register = 0;
                for (const value of values) {
                  const filter = doorFilter(key, value);
                  const counted = await reportCases(ctx, p, filter);
                  assert.deepEqual(
                    withoutMeans(counted),
                    withoutMeans(await reportCasesScanning(ctx, p, filter)),
                    `${key}=${value}`,
                  );
                  parts.push(additive(counted));
                  register += (await collect(registerEntries(ctx, p, undefined, filter))).length;
                  const n = counted.complaints.received + counted.suggestions.received;
                  reached.set(`${key}=${value}`, (reached.get(`${key}=${value}`) ?? 0) + n);
                }
                assert.deepEqual(sum(parts), all, `${key}: ${p.from}..${p.to}`);
                assert.equal(register, allRegister, `${key}: the register of ${p.from}..${p.to}`);
              }
            }
            const total = (await regulatorSummary(ctx, '2026-H1')).received;
            let byCategory = 0;
            for (const value of [...DIMENSIONS.category, NOT_SET])
              byCategory += (await regulatorSummary(ctx, '2026-H1', doorFilter('category', value))).received;
            assert.equal(byCategory, total, "the regulator's return by category");
          },
        ),
        { numRuns: 10 },
      );
      for (const [key, values] of Object.entries(DIMENSIONS))
        for (const value of [...values, NOT_SET])
          assert.ok((reached.get(`${key}=${value}`) ?? 0) > 0, `no case had ${key}=${value}`);
      // The histories extended cases too (a window starts on the answer date in force at the earliest).
      assert.ok(
        (await reportCases(ctx, YEAR)).complaints.promises.extensionsFirst > 0,
        'the histories extended some cases',
      );
    });

    it('the migration has the days counted before counted again with "not set"', async () => {
      const db = tdb.database.db;
      // A complaint without a category and without an outcome, its acknowledgement given, whatever the random
      // histories above left: the counts deleted below then surely miss something under both "not set".
      clock.set('2026-06-15T09:00:00.000Z');
      await openCase(ctx, complaintAt('2026-06-15T09:00:00.000Z'));
      clock.set('2026-06-15T09:30:00.000Z');
      await sendDueMail(ctx, acceptingTransport);
      const unset = [doorFilter('category', NOT_SET), doorFilter('outcome', NOT_SET)];
      for (const filter of unset)
        assert.deepEqual(
          withoutMeans(await reportCases(ctx, YEAR, filter)),
          withoutMeans(await reportCasesScanning(ctx, YEAR, filter)),
        );
      // As the release before left the counts: no figures of each case's times under a category not set, nothing
      // under an outcome not set.
      const before = sql`(facet = 'category' and facet_value = '' and measure <> 'n')
        or (facet = 'outcome' and facet_value = '')`;
      await sql`delete from report_days where ${before}`.execute(db);
      await sql`delete from report_months where ${before}`.execute(db);
      for (const filter of unset)
        assert.notDeepEqual(
          (await reportCases(ctx, YEAR, filter)).complaints.promises,
          (await reportCasesScanning(ctx, YEAR, filter)).complaints.promises,
          'the counts miss them',
        );
      await countNotSetAgain(db as unknown as Kysely<unknown>);
      for (const filter of unset)
        assert.deepEqual(
          withoutMeans(await reportCases(ctx, YEAR, filter)),
          withoutMeans(await reportCasesScanning(ctx, YEAR, filter)),
        );
      assert.deepEqual(
        withoutMeans(await reportCases(ctx, YEAR)),
        withoutMeans(await reportCasesScanning(ctx, YEAR)),
      );
    });
  });

describe('"not set" is no value of its own', () => {
  it('a department may not be named as the filter says "not set"', () => {
    const departments = (name: string) => JSON.stringify([{ name, email: 'team@example.org', keywords: [] }]);
    assert.throws(() => loadConfig({ env: { REDRESS_DEPARTMENTS: departments(NOT_SET) } }), /_none/);
    assert.doesNotThrow(() => loadConfig({ env: { REDRESS_DEPARTMENTS: departments('network') } }));
  });

  it('a category key cannot be it, and a door reads it as null in the dimensions a case may leave unset', () => {
    assert.doesNotMatch(NOT_SET, CATEGORY_KEY);
    for (const key of ['category', 'outcome', 'owner', 'department'])
      assert.deepEqual(parseReportFilter({ [key]: NOT_SET }), { filter: { [key]: null }, errors: {} });
    for (const key of ['step', 'channel', 'language'])
      assert.ok(parseReportFilter({ [key]: NOT_SET }).errors[key as 'step'], key);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
