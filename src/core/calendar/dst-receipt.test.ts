// A complaint received late in the evening on the day the clocks change (the last Sunday of March or October,
// 23:30 in Berlin): its answer is due on the 10th working day after that Sunday (P4.2), its acknowledgement 24
// real hours after receipt (not 24 wall-clock hours) or at the end of the working day after (P3.1), whatever the
// hour, in either season, for 2026 and 2027. Checked against Temporal, computed apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { bwHolidays } from '../../../test/support/calendar.ts';
import { BusinessCalendar, computeDeadlines, type DeadlinePolicy } from './business-calendar.ts';

const TZ = 'Europe/Berlin';
const berlin = new BusinessCalendar({
  timeZone: TZ,
  workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: bwHolidays,
  closureDays: [],
});
const hours: DeadlinePolicy = { acknowledge: { unit: 'hours', amount: 24 }, answerBusinessDays: 10 };
const oneDay: DeadlinePolicy = { acknowledge: { unit: 'working_days', amount: 1 }, answerBusinessDays: 10 };

/** The instant of a local wall-clock time in Berlin (Temporal's own reading, not the calendar's). */
const at = (local: string) =>
  Temporal.PlainDateTime.from(local).toZonedDateTime(TZ).toInstant().toString({ fractionalSecondDigits: 3 });
/** The last instant of a local day, by Temporal: the start of the next day less 1 ms. */
const endOf = (day: string) =>
  Temporal.PlainDate.from(day)
    .add({ days: 1 })
    .toZonedDateTime(TZ)
    .toInstant()
    .subtract({ milliseconds: 1 })
    .toString({ fractionalSecondDigits: 3 });

describe('receipt at 23:30 on the night the clocks change (P3.1, P4.2)', () => {
  it('Sunday 29 March 2026 (summer time began that morning): answer by Tuesday 14 April, after Easter', () => {
    const received = at('2026-03-29T23:30');
    assert.equal(received, '2026-03-29T21:30:00.000Z');
    const d = computeDeadlines(berlin, received, hours);
    assert.equal(d.answerByDate, '2026-04-14', 'Good Friday and Easter Monday are not working days');
    assert.equal(d.answerBy, endOf('2026-04-14'));
    assert.equal(d.acknowledgeBy, '2026-03-30T21:30:00.000Z', '24 hours later: Monday 23:30');
    assert.equal(computeDeadlines(berlin, received, oneDay).acknowledgeBy, endOf('2026-03-30'));
  });

  it('Sunday 25 October 2026 (winter time began that morning): answer by Friday 6 November', () => {
    const received = at('2026-10-25T23:30');
    assert.equal(received, '2026-10-25T22:30:00.000Z');
    const d = computeDeadlines(berlin, received, hours);
    assert.equal(d.answerByDate, '2026-11-06');
    assert.equal(d.answerBy, endOf('2026-11-06'));
    assert.equal(d.acknowledgeBy, '2026-10-26T22:30:00.000Z');
    assert.equal(computeDeadlines(berlin, received, oneDay).acknowledgeBy, endOf('2026-10-26'));
  });

  it('property: any minute of the changeover weekends counts on its local day, in both units', () => {
    const weekends = ['2026-03-28', '2026-10-24', '2027-03-27', '2027-10-30'];
    fc.assert(
      fc.property(
        fc.constantFrom(...weekends),
        fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }),
        (saturday, minute) => {
          const start = Temporal.PlainDate.from(saturday).toZonedDateTime(TZ).toInstant();
          const received = start.add({ minutes: minute }).toString({ fractionalSecondDigits: 3 });
          const localDay = Temporal.Instant.from(received).toZonedDateTimeISO(TZ).toPlainDate().toString();
          assert.equal(berlin.localDate(received).toString(), localDay);
          const due = berlin.addWorkingDays(localDay, 10).toString();
          const d = computeDeadlines(berlin, received, hours);
          assert.equal(d.answerByDate, due);
          assert.equal(d.answerBy, endOf(due));
          assert.equal(Date.parse(d.acknowledgeBy) - Date.parse(received), 24 * 3_600_000);
          const w = computeDeadlines(berlin, received, oneDay);
          assert.equal(w.acknowledgeBy, endOf(berlin.addWorkingDays(localDay, 1).toString()));
          // A Saturday or a Sunday receipt is due the same day as one on the Friday before (P4.2).
          const friday = Temporal.PlainDate.from(saturday).subtract({ days: 1 }).toString();
          const sunday = Temporal.PlainDate.from(saturday).add({ days: 1 }).toString();
          if (localDay === saturday || localDay === sunday)
            assert.equal(d.answerByDate, berlin.addWorkingDays(friday, 10).toString());
        },
      ),
    );
  });
});
