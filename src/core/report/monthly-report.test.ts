// The monthly report is due on the first working day of each month and on no other day, about the month before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { firstWorkingDayOfMonth, monthlyReportDue } from './monthly-report.ts';

/** A calendar of weekdays less a set of holidays. */
const calendarWith = (holidays: ReadonlySet<string>) => ({
  isWorkingDay: (d: Temporal.PlainDate | string) => {
    const date = Temporal.PlainDate.from(d);
    return date.dayOfWeek <= 5 && !holidays.has(date.toString());
  },
});

describe('monthly report schedule', () => {
  it('is due once a month, on its first working day, about the whole month before (property)', () => {
    const day = fc
      .integer({ min: 0, max: 3650 })
      .map((n) => Temporal.PlainDate.from('2024-01-01').add({ days: n }));
    fc.assert(
      fc.property(
        fc.array(day, { maxLength: 40 }),
        fc.integer({ min: 2024, max: 2033 }),
        fc.integer({ min: 1, max: 12 }),
        (hs, year, month) => {
          const calendar = calendarWith(new Set(hs.map(String)));
          const first = Temporal.PlainDate.from({ year, month, day: 1 });
          const due: string[] = [];
          for (let d = first; d.month === month; d = d.add({ days: 1 })) {
            const r = monthlyReportDue(d, calendar);
            if (r) {
              due.push(d.toString());
              const before = first.subtract({ months: 1 });
              assert.deepEqual(r, {
                month: before.toString().slice(0, 7),
                from: before.toString(),
                to: before.with({ day: before.daysInMonth }).toString(),
              });
              assert.ok(calendar.isWorkingDay(d));
              for (let e = first; Temporal.PlainDate.compare(e, d) < 0; e = e.add({ days: 1 }))
                assert.ok(!calendar.isWorkingDay(e));
            }
          }
          assert.equal(due.length, 1);
        },
      ),
    );
  });

  it('skips a weekend and a holiday at the start of a month', () => {
    // 1 January 2028 is a Saturday; the 3rd a Monday, here a closure day.
    const calendar = calendarWith(new Set(['2028-01-03']));
    assert.equal(firstWorkingDayOfMonth('2028-01-15', calendar)?.toString(), '2028-01-04');
    assert.equal(monthlyReportDue('2028-01-03', calendar), null);
    assert.deepEqual(monthlyReportDue('2028-01-04', calendar), {
      month: '2027-12',
      from: '2027-12-01',
      to: '2027-12-31',
    });
  });
});
