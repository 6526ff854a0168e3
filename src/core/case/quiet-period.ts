// Closing an answered case after the quiet period (P4.6): an answered case that has heard nothing from the
// complainant for `quietDays` working days closes by itself (reason `quiet_period`). A case the complainant wrote
// to after the answer stays open for a person to decide. The sweep (src/app/close-quiet-cases.ts) reads the facts
// and records the closing; the decision is here.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';

/** The reason a case closed for quiet records. */
export const QUIET_PERIOD_REASON = 'quiet_period';

/**
 * A first cut the store can filter answered cases on: answered at least `quietDays` times 24 hours before
 * `now`. The working days are then counted on the calendar (quietPeriodOver).
 */
export function quietCandidatesAnsweredUpTo(now: string, quietDays: number): string {
  return new Date(Date.parse(now) - quietDays * 86_400_000).toISOString();
}

/** Whether at least `quietDays` working days have passed since the local day of the answer. */
export function quietPeriodOver(
  answeredAt: string,
  now: string,
  quietDays: number,
  calendar: BusinessCalendar,
): boolean {
  return calendar.workingDaysBetween(calendar.localDate(answeredAt), calendar.localDate(now)) >= quietDays;
}

export interface QuietFacts {
  /** The case's status now (undefined when there is no such case). */
  status: string | undefined;
  /** When the case was answered. */
  answeredAt: string | null;
  /** Whether the complainant wrote to the case after the answer. */
  wroteSinceAnswer: boolean;
}

/** Whether an answered case closes now for quiet. */
export function closesForQuiet(
  facts: QuietFacts,
  now: string,
  quietDays: number,
  calendar: BusinessCalendar,
): boolean {
  return (
    facts.status === 'answered' &&
    facts.answeredAt !== null &&
    !facts.wroteSinceAnswer &&
    quietPeriodOver(facts.answeredAt, now, quietDays, calendar)
  );
}
