// How the procedure's promises were kept, case by case (P7.2), for the monitoring report: answered by the date
// first promised, by the date an extension moved it to, or late; the extensions sent (the first and any further
// one) and how many working days before the answer date each went out; the business days taken to acknowledge
// and to answer, as median and 90th percentile; the complaints reopened. These figures need each case's own
// times (a percentile cannot be added up from daily sums), so the use case hands over the cases of the period
// and this module, pure, does the counting on the business calendar it is given.
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import { CalendarHistory } from '../calendar/calendar-versions.ts';
import { extensionMeasuredAgainst, toldWithinPeriod } from '../case/promise.ts';
import { ROOT_CAUSES } from '../case/root-cause.ts';

/** What a complaint of the period contributes to the figures. */
export interface ComplaintTimes {
  step: number | null;
  receivedAt: string;
  /** When the acknowledgement was given (acknowledgement-given.ts), not when it was recorded; null while it is not. */
  acknowledgedAt: string | null;
  answeredAt: string | null;
  /**
   * The answer date the figures measure against: the procedure's (moved by extensions told within the period, not
   * by a renewal of the promise: src/core/case/promise.ts measuredPromise).
   */
  answerBy: string | null;
  /**
   * The answer date first promised, before the first extension the figures count (null: none moved it). Absent:
   * read from the first of `extensions`.
   */
  firstAnswerBy?: string | null;
  /** Extensions sent, oldest first: when, and the answer deadline (instant and local date) each one moved. */
  extensions: ReadonlyArray<{ at: string; previousAnswerBy: string; previousAnswerByDate: string }>;
  /**
   * The first renewal of the promise (src/core/case/promise.ts): when, and the procedure's date it replaced, which
   * the extensions told since are measured against. Absent or null: never renewed.
   */
  firstRenewal?: { at: string; from: { answerBy: string; answerByDate: string } } | null;
  reopened: boolean;
  /** The root cause the last answer recorded (absent or null: not said, or not answered). */
  rootCause?: string | null;
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
   * was due; negative: sent after it): first extensions and further ones apart. The answer date is the one the
   * figures measure against (promise.ts extensionMeasuredAgainst): after a renewal, the procedure's.
   */
  extensionLeadDays: { first: Record<string, number>; further: Record<string, number> };
  /** Business days from the day of receipt to the day of the acknowledgement (0: the same day). */
  businessDaysToAcknowledge: Spread;
  /** Business days from the day of receipt to the day of the answer. */
  businessDaysToAnswer: Spread;
  /** Complaints reopened after being closed. */
  reopened: number;
  /** Answered complaints by the root cause their last answer recorded (those without one are not counted). */
  byRootCause: Record<string, number>;
}

/** Nearest-rank percentile of sorted values (p in (0, 1]). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export function spreadOf(values: number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, median: nearestRank(sorted, 0.5), p90: nearestRank(sorted, 0.9) };
}

const DAY_MS = 86_400_000;

/** The number written by two digits at `at` (three from the milliseconds' place: see the caller). */
const digits = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + (s.charCodeAt(at + 1) - 48);

/**
 * Per time zone and UTC day, the zone's offset through the day (null when it changes within the day): a zone's
 * rules do not change while the process runs, and asking the time-zone library is the slow part of a report.
 */
const OFFSETS_BY_ZONE = new Map<string, Map<number, number | null>>();
/** A century of days per zone at most. */
const MAX_REMEMBERED_DAYS = 36_600;

/**
 * Counts working days between local dates quickly for many cases (the same answers as the calendar's
 * workingDaysBetween and localDate, held to them by a property test): a year's report reads every instant of every
 * case of the year, so the zone's offset is looked up once per UTC day (per instant only on the days an offset
 * changes), and the number of working days up to each day is kept, so that a difference is one subtraction.
 */
export function workingDayCounter(calendar: BusinessCalendar) {
  const zoneOffset = (ms: number) =>
    Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(calendar.timeZone).offsetNanoseconds / 1e6;
  let offsets = OFFSETS_BY_ZONE.get(calendar.timeZone);
  if (!offsets || offsets.size > MAX_REMEMBERED_DAYS) {
    offsets = new Map();
    OFFSETS_BY_ZONE.set(calendar.timeZone, offsets);
  }
  const utcDays = new Map<string, number>();
  const epochDayOfInstant = (instant: string): number => {
    // Stored instants are YYYY-MM-DDTHH:MM:SS.sssZ: the UTC day is looked up by its text, the time of day read
    // from the digits (parsing every instant as a date is the slow part of a year's figures).
    if (instant.length !== 24 || instant.charCodeAt(23) !== 90 /* Z */) return slowEpochDayOfInstant(instant);
    const date = instant.slice(0, 10);
    let utcDay = utcDays.get(date);
    if (utcDay === undefined) {
      utcDay = epochDayOfDate(date);
      if (Number.isNaN(utcDay)) return slowEpochDayOfInstant(instant);
      utcDays.set(date, utcDay);
    }
    const msOfDay =
      ((digits(instant, 11) * 60 + digits(instant, 14)) * 60 + digits(instant, 17)) * 1000 +
      digits(instant, 20) * 10 +
      (instant.charCodeAt(22) - 48);
    return localEpochDay(utcDay, utcDay * DAY_MS + msOfDay);
  };
  const slowEpochDayOfInstant = (instant: string): number => {
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) return epochDayOfDate(calendar.localDate(instant).toString());
    return localEpochDay(Math.floor(ms / DAY_MS), ms);
  };
  const localEpochDay = (utcDay: number, ms: number): number => {
    let offset = offsets.get(utcDay);
    if (offset === undefined) {
      const first = zoneOffset(utcDay * DAY_MS);
      offset = first === zoneOffset((utcDay + 1) * DAY_MS - 1) ? first : null;
      offsets.set(utcDay, offset);
    }
    return Math.floor((ms + (offset ?? zoneOffset(ms))) / DAY_MS);
  };
  const epochDayOfDate = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
  const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  // Working days counted from the first day asked (the anchor): ahead[i] for anchor + i (working days in
  // (anchor, anchor + i]), behind[i] for anchor - i (minus those in (anchor - i, anchor]); grown a day at a time.
  let anchor: number | null = null;
  const ahead: number[] = [0];
  const behind: number[] = [0];
  const working = (day: number) => (calendar.isWorkingDay(isoOf(day)) ? 1 : 0);
  const ordinal = (day: number): number => {
    anchor ??= day;
    if (day >= anchor) {
      while (ahead.length <= day - anchor) ahead.push(ahead.at(-1)! + working(anchor + ahead.length));
      return ahead[day - anchor]!;
    }
    while (behind.length <= anchor - day) behind.push(behind.at(-1)! - working(anchor - behind.length + 1));
    return behind[anchor - day]!;
  };
  return {
    /** The local date (YYYY-MM-DD) of an instant. */
    localDay: (instant: string) => isoOf(epochDayOfInstant(instant)),
    /** Working days after local date `from` up to and including `to` (negative when `to` is earlier). */
    betweenDates: (from: string, to: string) => ordinal(epochDayOfDate(to)) - ordinal(epochDayOfDate(from)),
    /** The same between the local dates of two instants. */
    betweenInstants: (from: string, to: string) =>
      ordinal(epochDayOfInstant(to)) - ordinal(epochDayOfInstant(from)),
    /** Working days from the local date of an instant to a local date. */
    fromInstantToDate: (from: string, to: string) =>
      ordinal(epochDayOfDate(to)) - ordinal(epochDayOfInstant(from)),
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
    byRootCause: {},
  };
}

/** Which promise an answer kept: the first, the extended one, or none (late). */
export function answerMet(
  c: Pick<ComplaintTimes, 'answeredAt' | 'answerBy' | 'extensions' | 'firstAnswerBy' | 'firstRenewal'>,
) {
  if (!c.answeredAt || !c.answerBy) return null;
  // Not given: the first extension told within the period (promise.ts measuredPromise).
  const original =
    (c.firstAnswerBy === undefined
      ? c.extensions.find((e) => toldWithinPeriod(e, c.firstRenewal))?.previousAnswerBy
      : c.firstAnswerBy) ?? c.answerBy;
  if (c.answeredAt <= original) return 'original' as const;
  if (c.answeredAt <= c.answerBy) return 'extended' as const;
  return 'late' as const;
}

/**
 * What one complaint adds to the figures, as (measure, value) pairs: which promise its answer kept, the business
 * days it took to acknowledge and to answer, the lead of each extension, whether it was reopened. The figures are
 * counts of these pairs (a percentile is read from the counts by value), so the same pairs, counted per day of
 * receipt and kept in the database, give the same figures as counting the cases one by one.
 */
export const TALLY_MEASURES = [
  // Every complaint: its step appears in the figures by step even when nothing else happened to it yet.
  'complaints',
  'answered_original',
  'answered_extended',
  'answered_late',
  'ack_days',
  'answer_days',
  'extension_first',
  'extension_further',
  'reopened',
  // The value is the cause's place in ROOT_CAUSES.
  'root_cause',
] as const;
export type TallyMeasure = (typeof TALLY_MEASURES)[number];

/** A count of complaints (or extensions) with one measure and value, at one step ("1" when none is set). */
export interface Tally {
  step: string;
  measure: TallyMeasure;
  value: number;
  n: number;
}

export type DayCounter = ReturnType<typeof workingDayCounter>;

/** The pairs one complaint adds (each with n = 1; the caller groups them), its days counted on `days`. */
export function tallyComplaint(c: ComplaintTimes, days: DayCounter): Tally[] {
  const step = String(c.step ?? 1);
  const out: Tally[] = [];
  const add = (measure: TallyMeasure, value: number) => out.push({ step, measure, value, n: 1 });
  add('complaints', 0);
  const met = answerMet(c);
  if (met === 'original') add('answered_original', 0);
  else if (met === 'extended') add('answered_extended', 0);
  else if (met === 'late') add('answered_late', 0);
  if (c.acknowledgedAt) add('ack_days', days.betweenInstants(c.receivedAt, c.acknowledgedAt));
  if (c.answeredAt) add('answer_days', days.betweenInstants(c.receivedAt, c.answeredAt));
  c.extensions.forEach((e, i) => {
    add(
      i === 0 ? 'extension_first' : 'extension_further',
      days.fromInstantToDate(e.at, extensionMeasuredAgainst(e, c.firstRenewal).answerByDate),
    );
  });
  if (c.reopened) add('reopened', 0);
  const cause = c.rootCause ? (ROOT_CAUSES as readonly string[]).indexOf(c.rootCause) : -1;
  if (cause >= 0) add('root_cause', cause);
  return out;
}

/** Median and 90th percentile (nearest rank) of values given as counts by value. */
export function spreadOfCounts(counts: ReadonlyMap<number, number>): Spread {
  let n = 0;
  for (const k of counts.values()) n += k;
  if (n === 0) return { n: 0, median: null, p90: null };
  const values = [...counts.keys()].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil(p * n));
    let seen = 0;
    for (const v of values) {
      seen += counts.get(v)!;
      if (seen >= rank) return v;
    }
    return values.at(-1)!;
  };
  return { n, median: at(0.5), p90: at(0.9) };
}

/** The figures of counted pairs: all steps together and each step apart. */
export function figuresOfTallies(
  tallies: Iterable<Tally>,
): PromiseFigures & { byStep: Record<string, PromiseFigures> } {
  interface Acc {
    f: PromiseFigures;
    ack: Map<number, number>;
    answer: Map<number, number>;
  }
  const newAcc = (): Acc => ({ f: emptyPromiseFigures(), ack: new Map(), answer: new Map() });
  const all = newAcc();
  const steps = new Map<string, Acc>();
  const bump = (m: Record<string, number>, k: number | string, n: number) => {
    m[k] = (m[k] ?? 0) + n;
  };
  const count = (m: Map<number, number>, k: number, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const t of tallies) {
    if (t.n === 0) continue;
    let step = steps.get(t.step);
    if (!step) {
      step = newAcc();
      steps.set(t.step, step);
    }
    for (const acc of [all, step]) {
      const f = acc.f;
      switch (t.measure) {
        case 'answered_original':
          f.answeredByOriginalDate += t.n;
          break;
        case 'answered_extended':
          f.answeredByExtendedDate += t.n;
          break;
        case 'answered_late':
          f.answeredLate += t.n;
          break;
        case 'ack_days':
          count(acc.ack, t.value, t.n);
          break;
        case 'answer_days':
          count(acc.answer, t.value, t.n);
          break;
        case 'extension_first':
          f.extensionsFirst += t.n;
          bump(f.extensionLeadDays.first, t.value, t.n);
          break;
        case 'extension_further':
          f.extensionsFurther += t.n;
          bump(f.extensionLeadDays.further, t.value, t.n);
          break;
        case 'reopened':
          f.reopened += t.n;
          break;
        case 'root_cause': {
          const cause = ROOT_CAUSES[t.value];
          if (cause) bump(f.byRootCause, cause, t.n);
          break;
        }
        case 'complaints':
          break;
      }
    }
  }
  const finish = (acc: Acc): PromiseFigures => ({
    ...acc.f,
    businessDaysToAcknowledge: spreadOfCounts(acc.ack),
    businessDaysToAnswer: spreadOfCounts(acc.answer),
  });
  const byStep: Record<string, PromiseFigures> = {};
  for (const key of [...steps.keys()].sort()) byStep[key] = finish(steps.get(key)!);
  return { ...finish(all), byStep };
}

/**
 * The day counter of the calendar in force at each instant of receipt (one per version, made when first needed): a
 * case's business days are counted on the calendar in force when it was received, whatever changed since.
 */
export function dayCountersByReceipt(
  calendars: BusinessCalendar | CalendarHistory,
): (receivedAt: string) => DayCounter {
  const history = calendars instanceof CalendarHistory ? calendars : CalendarHistory.single(calendars);
  if (history.versions.length === 1) {
    const only = workingDayCounter(history.latest.calendar());
    return () => only;
  }
  const counters = new Map<number, DayCounter>();
  return (receivedAt) => {
    const v = history.versionAt(receivedAt);
    let days = counters.get(v.version);
    if (!days) {
      days = workingDayCounter(v.calendar());
      counters.set(v.version, days);
    }
    return days;
  };
}

/**
 * The figures of all the complaints given and of each step apart (key: the step, "1" when none is set), each
 * complaint counted on the calendar in force at its receipt.
 */
export function promiseFigures(
  complaints: Iterable<ComplaintTimes>,
  calendars: BusinessCalendar | CalendarHistory,
): PromiseFigures & { byStep: Record<string, PromiseFigures> } {
  const tallies = new PromiseTallies(calendars);
  for (const c of complaints) tallies.add(c);
  return tallies.figures();
}

/**
 * The same figures counted as the complaints come, a piece at a time: each complaint's pairs are added to counts by
 * step, measure and value, so that what is kept grows with the values seen, not with the complaints (a period's
 * complaints need not all be in memory at once).
 */
export class PromiseTallies {
  readonly #daysAt: (receivedAt: string) => DayCounter;
  readonly #counts = new Map<string, Tally>();
  constructor(calendars: BusinessCalendar | CalendarHistory) {
    this.#daysAt = dayCountersByReceipt(calendars);
  }
  add(c: ComplaintTimes): void {
    for (const t of tallyComplaint(c, this.#daysAt(c.receivedAt))) {
      const key = `${t.step}\u0000${t.measure}\u0000${t.value}`;
      const kept = this.#counts.get(key);
      if (kept) kept.n += t.n;
      else this.#counts.set(key, t);
    }
  }
  figures(): PromiseFigures & { byStep: Record<string, PromiseFigures> } {
    return figuresOfTallies(this.#counts.values());
  }
}
