// How the procedure's promises were kept, case by case (P7.2), for the monitoring report: answered by the date
// first promised, by the date an extension moved it to, or late; the extensions sent (the first and any further
// one) and how many working days before the answer date each went out; the business days taken to acknowledge
// and to answer, as median and 90th percentile; the complaints reopened. These figures need each case's own
// times (a percentile cannot be added up from daily sums), so the use case hands over the cases of the period
// and this module, pure, does the counting on the business calendar it is given.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';

/** What a complaint of the period contributes to the figures. */
export interface ComplaintTimes {
  step: number | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  /** The answer deadline in force (moved by extensions). */
  answerBy: string | null;
  /** Extensions sent, oldest first: when, and the answer deadline (instant and local date) each one moved. */
  extensions: ReadonlyArray<{ at: string; previousAnswerBy: string; previousAnswerByDate: string }>;
  reopened: boolean;
}

/** Median and 90th percentile (nearest rank: a value some case actually took), over `n` cases; null when none. */
export interface Spread {
  n: number;
  median: number | null;
  p90: number | null;
}

export interface PromiseFigures {
  /** Answered by the answer date first promised (before any extension). */
  answeredByOriginalDate: number;
  /** Answered after the first promised date but by the date an extension set. */
  answeredByExtendedDate: number;
  /** Answered after the deadline in force. */
  answeredLate: number;
  /** Complaints extended once or more (the first extension of each). */
  extensionsFirst: number;
  /** Second and later extensions of a complaint. */
  extensionsFurther: number;
  /**
   * Working days before the answer date each extension was sent, as counts by that number (0: sent on the day it
   * was due; negative: sent after it): first extensions and further ones apart.
   */
  extensionLeadDays: { first: Record<string, number>; further: Record<string, number> };
  /** Business days from the day of receipt to the day of the acknowledgement (0: the same day). */
  businessDaysToAcknowledge: Spread;
  /** Business days from the day of receipt to the day of the answer. */
  businessDaysToAnswer: Spread;
  /** Complaints reopened after being closed. */
  reopened: number;
}

/** Nearest-rank percentile of sorted values (p in (0, 1]). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export function spreadOf(values: number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return { n: list.length, median: nearestRank(list, 0.5), p90: nearestRank(list, 0.9) };
}

/**
 * Counts working days between local dates quickly for many cases: the number of working days up to each date
 * is remembered, so a difference is one subtraction whatever the distance.
 */
export function workingDayCounter(calendar: BusinessCalendar) {
  const ordinals = new Map<string, number>();
  let base: string | null = null;
  const ordinal = (date: string): number => {
    let o = ordinals.get(date);
    if (o === undefined) {
      base ??= date;
      o = date >= base ? calendar.workingDaysBetween(base, date) : -calendar.workingDaysBetween(date, base);
      ordinals.set(date, o);
    }
    return o;
  };
  const localDay = (instant: string) => calendar.localDate(instant).toString();
  return {
    localDay,
    /** Working days after `from`'s local day up to and including `to`'s (negative when `to` is earlier). */
    betweenDates: (from: string, to: string) => ordinal(to) - ordinal(from),
    betweenInstants: (from: string, to: string) => ordinal(localDay(to)) - ordinal(localDay(from)),
  };
}

export function emptyPromiseFigures(): PromiseFigures {
  return {
    answeredByOriginalDate: 0,
    answeredByExtendedDate: 0,
    answeredLate: 0,
    extensionsFirst: 0,
    extensionsFurther: 0,
    extensionLeadDays: { first: {}, further: {} },
    businessDaysToAcknowledge: { n: 0, median: null, p90: null },
    businessDaysToAnswer: { n: 0, median: null, p90: null },
    reopened: 0,
  };
}

/** Which promise an answer kept: the first, the extended one, or none (late). */
export function answerMet(c: Pick<ComplaintTimes, 'answeredAt' | 'answerBy' | 'extensions'>) {
  if (!c.answeredAt || !c.answerBy) return null;
  const original = c.extensions[0]?.previousAnswerBy ?? c.answerBy;
  if (c.answeredAt <= original) return 'original' as const;
  if (c.answeredAt <= c.answerBy) return 'extended' as const;
  return 'late' as const;
}

/** The figures of all the complaints given and of each step apart (key: the step, "1" when none is set). */
export function promiseFigures(
  complaints: Iterable<ComplaintTimes>,
  calendar: BusinessCalendar,
): PromiseFigures & { byStep: Record<string, PromiseFigures> } {
  const days = workingDayCounter(calendar);
  interface Acc {
    f: PromiseFigures;
    ack: number[];
    answer: number[];
  }
  const newAcc = (): Acc => ({ f: emptyPromiseFigures(), ack: [], answer: [] });
  const all = newAcc();
  const steps = new Map<string, Acc>();
  const bump = (m: Record<string, number>, k: number) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  for (const c of complaints) {
    const key = String(c.step ?? 1);
    const step = steps.get(key) ?? newAcc();
    steps.set(key, step);
    const met = answerMet(c);
    const ack = c.acknowledgedAt ? days.betweenInstants(c.receivedAt, c.acknowledgedAt) : null;
    const answer = c.answeredAt ? days.betweenInstants(c.receivedAt, c.answeredAt) : null;
    const leads = c.extensions.map((e) => days.betweenDates(days.localDay(e.at), e.previousAnswerByDate));
    for (const acc of [all, step]) {
      const f = acc.f;
      if (met === 'original') f.answeredByOriginalDate++;
      else if (met === 'extended') f.answeredByExtendedDate++;
      else if (met === 'late') f.answeredLate++;
      leads.forEach((lead, i) => {
        if (i === 0) {
          f.extensionsFirst++;
          bump(f.extensionLeadDays.first, lead);
        } else {
          f.extensionsFurther++;
          bump(f.extensionLeadDays.further, lead);
        }
      });
      if (ack !== null) acc.ack.push(ack);
      if (answer !== null) acc.answer.push(answer);
      if (c.reopened) f.reopened++;
    }
  }
  const finish = (acc: Acc): PromiseFigures => ({
    ...acc.f,
    businessDaysToAcknowledge: spreadOf(acc.ack),
    businessDaysToAnswer: spreadOf(acc.answer),
  });
  const byStep: Record<string, PromiseFigures> = {};
  for (const key of [...steps.keys()].sort()) byStep[key] = finish(steps.get(key)!);
  return { ...finish(all), byStep };
}
