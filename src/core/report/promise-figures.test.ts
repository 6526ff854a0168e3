import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bwHolidays, testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { BusinessCalendar, computeDeadlines } from '../calendar/business-calendar.ts';
import { renewedDeadline } from '../case/promise.ts';
import {
  answerMet,
  type ComplaintTimes,
  nearestRank,
  promiseFigures,
  spreadOf,
  workingDayCounter,
} from './promise-figures.ts';
import { halfYearPeriod, regulatorReturn } from './regulator.ts';

const kathmandu = new BusinessCalendar({
  timeZone: 'Asia/Kathmandu',
  workingWeek: ['sun', 'mon', 'tue', 'wed', 'thu'],
  holidays: bwHolidays,
  closureDays: ['2026-08-14'],
});

/** Instants of 2026–2027, to the millisecond, around both daylight-saving changes of Berlin too. */
const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms).toISOString());

describe('working days counted in bulk', () => {
  for (const calendar of [testCalendar, kathmandu])
    it(`gives the calendar's own answers (${calendar.timeZone})`, () => {
      const days = workingDayCounter(calendar);
      fc.assert(
        fc.property(instant, instant, (a, b) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const fromDay = calendar.localDate(from).toString();
          const toDay = calendar.localDate(to).toString();
          assert.equal(days.localDay(from), fromDay);
          assert.equal(days.betweenInstants(from, to), calendar.workingDaysBetween(fromDay, toDay));
          assert.equal(days.betweenInstants(to, from), 0 - calendar.workingDaysBetween(fromDay, toDay));
          assert.equal(days.fromInstantToDate(from, toDay), calendar.workingDaysBetween(fromDay, toDay));
        }),
        { numRuns: 2000 },
      );
    });

  it('reads the local day across the spring change in Berlin', () => {
    const days = workingDayCounter(testCalendar);
    assert.equal(days.localDay('2026-03-28T22:59:59.999Z'), '2026-03-28');
    assert.equal(days.localDay('2026-03-28T23:00:00.000Z'), '2026-03-29');
    assert.equal(days.localDay('2026-03-29T21:59:59.999Z'), '2026-03-29');
    assert.equal(days.localDay('2026-03-29T22:00:00.000Z'), '2026-03-30');
  });
});

describe('percentiles', () => {
  it('are values some case took, with at least the share asked at or below them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1 }), (values) => {
        const s = spreadOf(values);
        const sorted = [...values].sort((a, b) => a - b);
        for (const [p, v] of [
          [0.5, s.median],
          [0.9, s.p90],
        ] as const) {
          assert.ok(values.includes(v!));
          assert.ok(sorted.filter((x) => x <= v!).length >= p * values.length);
          assert.ok(sorted.filter((x) => x < v!).length < p * values.length);
        }
      }),
    );
    assert.equal(nearestRank([], 0.5), null);
    assert.deepEqual(spreadOf([3, 1, 2, 10]), { n: 4, median: 2, p90: 10 });
  });
});

describe('promise figures', () => {
  it('split every answer into exactly one of: by the first date, by the extended date, late', () => {
    const complaint = fc.record({
      step: fc.constantFrom(1, 2, null),
      receivedAt: instant,
      acknowledgedAt: fc.option(instant),
      answeredAt: fc.option(instant),
      answerBy: fc.option(instant),
      extensions: fc.array(
        fc.record({
          at: instant,
          previousAnswerBy: instant,
          previousAnswerByDate: fc.constant('2026-06-01'),
        }),
        { maxLength: 3 },
      ),
      reopened: fc.boolean(),
    }) as fc.Arbitrary<ComplaintTimes>;
    fc.assert(
      fc.property(fc.array(complaint, { maxLength: 30 }), (cases) => {
        const f = promiseFigures(cases, testCalendar);
        const answered = cases.filter((c) => c.answeredAt && c.answerBy).length;
        assert.equal(f.answeredByOriginalDate + f.answeredByExtendedDate + f.answeredLate, answered);
        assert.equal(f.extensionsFirst, cases.filter((c) => c.extensions.length > 0).length);
        assert.equal(f.extensionsFurther + f.extensionsFirst, cases.flatMap((c) => c.extensions).length);
        // Steps apart add up to steps together.
        const steps = Object.values(f.byStep);
        for (const key of [
          'answeredByOriginalDate',
          'answeredLate',
          'reopened',
          'extensionsFurther',
        ] as const)
          assert.equal(
            steps.reduce((n, s) => n + s[key], 0),
            f[key],
          );
      }),
    );
  });

  it("measure the lead of each extension against the date the figures measure: the procedure's, not a renewed one", () => {
    const ms = (instant: string) => Date.parse(instant);
    const at = (from: number, to: number) =>
      fc.integer({ min: from, max: to }).map((x) => new Date(x).toISOString());
    // Working days from the local day of an instant to a date (negative when the date is before it).
    const lead = (instant: string, date: string) => {
      const day = testCalendar.localDate(instant).toString();
      return date >= day
        ? testCalendar.workingDaysBetween(day, date)
        : -testCalendar.workingDaysBetween(date, day);
    };
    const complaint = instant
      .chain((receivedAt) => {
        const procedure = computeDeadlines(testCalendar, receivedAt, testPolicy);
        return fc.record({
          receivedAt: fc.constant(receivedAt),
          procedure: fc.constant(procedure),
          // Acknowledged (and promised anew) up to 30 days after the procedure's date had passed.
          renewedAt: at(ms(procedure.answerBy) + 1, ms(procedure.answerBy) + 30 * 86_400_000),
          // Extensions told after the renewal: hours after it, each of a window 10 to 30 days later.
          after: fc.array(
            fc.record({ hours: fc.integer({ min: 1, max: 200 }), days: fc.integer({ min: 10, max: 30 }) }),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
        });
      })
      .map(({ receivedAt, procedure, renewedAt, after }) => {
        const renewed = renewedDeadline(procedure, renewedAt, testCalendar, testPolicy);
        let told = renewed;
        let t = ms(renewedAt);
        const extensions = after.map(({ hours, days }) => {
          t += hours * 3_600_000;
          const e = {
            at: new Date(t).toISOString(),
            previousAnswerBy: told.answerBy,
            previousAnswerByDate: told.answerByDate,
          };
          const end = testCalendar.localDate(told.answerBy).add({ days });
          told = { ...told, answerBy: testCalendar.endOfDay(end), answerByDate: end.toString() };
          return e;
        });
        const c: ComplaintTimes = {
          step: 1,
          receivedAt,
          acknowledgedAt: renewedAt,
          answeredAt: null,
          answerBy: procedure.answerBy,
          firstAnswerBy: null,
          extensions,
          firstRenewal: { at: renewedAt, from: procedure },
          reopened: false,
        };
        return { c, procedureDate: procedure.answerByDate };
      });
    fc.assert(
      fc.property(complaint, ({ c, procedureDate }) => {
        const f = promiseFigures([c], testCalendar).extensionLeadDays;
        const expected = c.extensions.map((e) => lead(e.at, procedureDate));
        // Told after the procedure's date had passed: never counted as sent ahead of it.
        assert.ok(expected.every((d) => d <= 0));
        const counts = (leads: number[]) => {
          const out: Record<string, number> = {};
          for (const d of leads) out[d] = (out[d] ?? 0) + 1;
          return out;
        };
        assert.deepEqual(f, { first: counts(expected.slice(0, 1)), further: counts(expected.slice(1)) });
      }),
      { numRuns: 300 },
    );
    // An extension told before the renewal is measured against the date it moved, as without one.
    const c: ComplaintTimes = {
      step: 1,
      receivedAt: '2026-11-02T09:00:00.000Z',
      acknowledgedAt: null,
      answeredAt: null,
      answerBy: '2026-11-30T22:59:59.999Z',
      extensions: [
        {
          at: '2026-11-12T09:00:00.000Z',
          previousAnswerBy: '2026-11-16T22:59:59.999Z',
          previousAnswerByDate: '2026-11-16',
        },
      ],
      firstRenewal: {
        at: '2026-12-02T09:00:00.000Z',
        from: { answerBy: '2026-11-30T22:59:59.999Z', answerByDate: '2026-11-30' },
      },
      reopened: false,
    };
    assert.deepEqual(promiseFigures([c], testCalendar).extensionLeadDays, { first: { 2: 1 }, further: {} });
  });

  it('names the promise an answer kept', () => {
    const ext = (previousAnswerBy: string) => [{ at: '', previousAnswerBy, previousAnswerByDate: '' }];
    const by = '2026-05-05T21:59:59.999Z';
    assert.equal(
      answerMet({ answeredAt: '2026-04-14T10:00:00.000Z', answerBy: by, extensions: [] }),
      'original',
    );
    assert.equal(
      answerMet({
        answeredAt: '2026-04-28T10:00:00.000Z',
        answerBy: by,
        extensions: ext('2026-04-14T21:59:59.999Z'),
      }),
      'extended',
    );
    assert.equal(answerMet({ answeredAt: '2026-05-06T10:00:00.000Z', answerBy: by, extensions: [] }), 'late');
    assert.equal(answerMet({ answeredAt: null, answerBy: by, extensions: [] }), null);
  });
});

/** The values a return's filter reads, none set (a step-1 e-mail in French). */
const NO_VALUES = {
  category: null,
  step: 1,
  channel: 'email',
  language: 'fr',
  outcome: null,
  owner: null,
  department: null,
};

describe("regulator's return", () => {
  it('reads half years and refuses anything else', () => {
    assert.deepEqual(halfYearPeriod('2026-H2'), { from: '2026-07-01', to: '2026-12-31' });
    assert.deepEqual(halfYearPeriod('2027-H1'), { from: '2027-01-01', to: '2027-06-30' });
    assert.equal(halfYearPeriod('2026-H3'), null);
    assert.throws(() => regulatorReturn('2026', [], testCalendar), RangeError);
  });

  it('puts every complaint in one bucket', () => {
    const complaint = fc
      .record({
        receivedAt: instant,
        answeredAt: fc.option(instant),
        answerBy: fc.option(instant),
        outcome: fc.constantFrom('upheld', 'partly_upheld', 'not_upheld', null),
        category: fc.constantFrom('billing', 'dns', null),
        status: fc.constantFrom('received', 'acknowledged', 'answered', 'closed'),
      })
      .map((c) => ({
        ...c,
        values: { ...NO_VALUES, category: c.category, outcome: c.outcome },
      }));
    fc.assert(
      fc.property(fc.array(complaint, { maxLength: 30 }), (cases) => {
        const r = regulatorReturn('2026-H1', cases, testCalendar);
        // A complaint closed without an answer is received, and in no other bucket.
        const closedUnanswered = cases.filter(
          (c) => !c.answeredAt && c.status !== 'received' && c.status !== 'acknowledged',
        ).length;
        assert.equal(
          r.answeredWithin3BusinessDays +
            r.answeredWithinPromisedDate +
            r.answeredAfterPromisedDate +
            r.open +
            closedUnanswered,
          r.received,
        );
        assert.equal(
          Object.values(r.byCategory).reduce((n, b) => n + b.received, 0),
          r.received,
        );
      }),
    );
  });
});
