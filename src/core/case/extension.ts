// Which extension windows staff may choose (P4.3), so that Extend is offered only when it can succeed and its
// choices are only valid dates: the window starts on a working day from the earliest first day the case rule allows
// (the answer date in force, never before today: extension-window.ts), and ends on a working day after both today and the current
// answer-by date, at most EXTENSION_HORIZON_WORKING_DAYS working days after it (the case rule's own limit). The
// choices are checked with the case rule itself (decideCase): a case whose answer date has passed (the extension
// must be told before it), or that is answered, closed or not a complaint, gets none. Pure: the state, the
// instant, the calendar and the policy come in.
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar, DeadlinePolicy } from '../calendar/business-calendar.ts';
import { type CaseState, decideCase } from './case.ts';
import { earliestWindowStart, extensionHorizon } from './extension-window.ts';

export interface ExtensionChoices {
  answerByDate: string;
  /** Working days the window may start on, earliest first. */
  firstDays: string[];
  /** Working days the window may end on, earliest first (each after the answer-by date and after today). */
  lastDays: string[];
}

/** The days a window may start and end on, every one up to the horizon (`count`: only the first ones), or null. */
export function extensionChoices(
  s: CaseState,
  now: string,
  calendar: BusinessCalendar,
  policy: DeadlinePolicy,
  count = Number.POSITIVE_INFINITY,
): ExtensionChoices | null {
  if (!s.deadline) return null;
  const today = calendar.localDate(now);
  // The due date as set (on the calendar in force then): after a change of time zone, the local date of the
  // answer-by instant in the new zone may be the day after.
  const answerBy = Temporal.PlainDate.from(s.deadline.answerByDate);
  // Both lists stop at the horizon the case rule refuses to go beyond.
  const horizon = extensionHorizon(s.deadline.answerByDate, today, calendar);
  const workingDaysFrom = (first: Temporal.PlainDate): string[] => {
    const days: string[] = [];
    for (let d = first; days.length < count; d = calendar.addWorkingDays(d, 1)) {
      if (Temporal.PlainDate.compare(d, horizon) > 0) break;
      days.push(d.toString());
    }
    return days;
  };
  // The first days start where the case rule allows (windowStartRefusal reads the same earliest day).
  const firstDays = workingDaysFrom(earliestWindowStart(s.deadline.answerByDate, today, calendar));
  const later = Temporal.PlainDate.compare(answerBy, today) > 0 ? answerBy : today;
  const lastDays = workingDaysFrom(calendar.addWorkingDays(later, 1));
  if (firstDays.length === 0 || lastDays.length === 0) return null;
  // The earliest window offered must be one the rule accepts; if it is refused, no window would be accepted.
  const probe = decideCase(
    s,
    {
      type: 'extend',
      reason: 'probe',
      windowStart: firstDays[0]!,
      // lastDays start after the answer date and today, so never before firstDays[0] (the later of the two).
      windowEnd: lastDays[0]!,
      correspondenceId: null,
    },
    { now, calendar, policy },
  );
  if (!probe.ok) return null;
  return { answerByDate: s.deadline.answerByDate, firstDays, lastDays };
}
