// Which extension windows staff may choose (P4.3), so that Extend is offered only when it can succeed and its
// choices are only valid dates: the window starts on a working day from tomorrow, and ends on a working day after
// both today and the current answer-by date. The choices are checked with the case rule itself (decideCase): a
// case whose answer date has passed (the extension must be told before it), or that is answered, closed or not
// a complaint, gets none. Pure: the state, the instant, the calendar and the policy come in.
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar, DeadlinePolicy } from '../calendar/business-calendar.ts';
import { type CaseState, decideCase } from './case.ts';

export interface ExtensionChoices {
  answerByDate: string;
  /** Working days the window may start on, earliest first. */
  firstDays: string[];
  /** Working days the window may end on, earliest first (each after the answer-by date and after today). */
  lastDays: string[];
}

export function extensionChoices(
  s: CaseState,
  now: string,
  calendar: BusinessCalendar,
  policy: DeadlinePolicy,
  count = 15,
): ExtensionChoices | null {
  if (!s.deadline) return null;
  const today = calendar.localDate(now);
  // The due date as set (on the calendar in force then): after a change of time zone, the local date of the
  // answer-by instant in the new zone may be the day after.
  const answerBy = Temporal.PlainDate.from(s.deadline.answerByDate);
  const firstDays: string[] = [];
  let d = today;
  for (let i = 0; i < count; i++) {
    d = calendar.addWorkingDays(d, 1);
    firstDays.push(d.toString());
  }
  const lastDays: string[] = [];
  d = answerBy.toString() > today.toString() ? answerBy : today;
  for (let i = 0; i < count; i++) {
    d = calendar.addWorkingDays(d, 1);
    lastDays.push(d.toString());
  }
  // The earliest window offered must be one the rule accepts; if it is refused, no window would be accepted.
  const probe = decideCase(
    s,
    {
      type: 'extend',
      reason: 'probe',
      windowStart: firstDays[0]!,
      // lastDays start after today, so never before firstDays[0].
      windowEnd: lastDays[0]!,
      correspondenceId: null,
    },
    { now, calendar, policy },
  );
  if (!probe.ok) return null;
  return { answerByDate: s.deadline.answerByDate, firstDays, lastDays };
}
