// The business calendar (P4.2): a working week, the public holidays of a region and the
// organisation's closure days, in one time zone. Pure: holidays come in as data.
import { Temporal } from 'temporal-polyfill';
import type { HolidaySource } from '../ports.ts';
import { epochMsOfIso, epochMsOfPlainIso, isoOfEpochMs } from './instant-text.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface CalendarSpec {
  /** IANA time zone in which days are counted, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** Working days of the week, e.g. mon..fri. */
  workingWeek: readonly Weekday[];
  holidays: HolidaySource;
  /** Organisation closure days, local ISO dates. */
  closureDays: readonly string[];
}

/** How long acknowledging may take (P3.1): calendar hours (default 24) or working days. */
export type AcknowledgePolicy = { unit: 'hours'; amount: number } | { unit: 'working_days'; amount: number };

export interface DeadlinePolicy {
  acknowledge: AcknowledgePolicy;
  /** Business days to the definitive answer (P4.1, default 10). */
  answerBusinessDays: number;
  /**
   * P4.5: whether the business days a case waits on the complainant (from a request for information to their
   * answer) are added to its answer date when the wait ends. Off (absent) by default: the clock runs on.
   */
  pauseWhileWaiting?: boolean;
}

export interface Deadlines {
  receivedAt: string;
  acknowledgeBy: string;
  answerBy: string;
  answerByDate: string;
}

/** The longest run of non-working days we accept before calling a calendar broken (e.g. no working day at all). */
const MAX_SEARCH_DAYS = 366 * 2;

export class CalendarError extends Error {
  readonly code = 'calendar_invalid';
}

export class BusinessCalendar {
  readonly timeZone: string;
  readonly #workingIsoDays: ReadonlySet<number>;
  readonly #holidays: HolidaySource;
  readonly #closures: ReadonlySet<string>;
  readonly #holidayYears = new Map<number, ReadonlySet<number>>();
  // Memo tables: a calendar is immutable, and intake asks the same questions for every message of a day.
  readonly #offsets = new Map<number, number>();
  readonly #starts = new Map<string, string>();
  readonly #ends = new Map<string, string>();

  constructor(spec: CalendarSpec) {
    if (spec.workingWeek.length === 0) throw new CalendarError('the working week has no working day');
    this.timeZone = spec.timeZone;
    this.#workingIsoDays = new Set(spec.workingWeek.map((d) => WEEKDAYS.indexOf(d) + 1));
    this.#holidays = spec.holidays;
    this.#closures = new Set(spec.closureDays);
  }

  get region(): string {
    return this.#holidays.region;
  }

  /**
   * What makes two calendars count alike (time zone, working week, holiday region, closure days), as one string:
   * figures counted on one calendar are counted again when the organisation's calendar changes.
   */
  get fingerprint(): string {
    return [
      this.timeZone,
      [...this.#workingIsoDays].sort().join(','),
      this.#holidays.region,
      [...this.#closures].sort().join(','),
    ].join('|');
  }

  /** Holidays and closure days of a year as epoch days (days since 1970-01-01), computed once per year. */
  #closedDays(year: number): ReadonlySet<number> {
    let set = this.#holidayYears.get(year);
    if (!set) {
      const days = [
        ...this.#holidays.publicHolidays(year),
        ...[...this.#closures].filter((d) => d.startsWith(`${year}-`)),
      ];
      set = new Set(days.map(epochDayOf));
      this.#holidayYears.set(year, set);
    }
    return set;
  }

  #isWorkingEpochDay(day: number): boolean {
    // 1970-01-01 was a Thursday (ISO day 4).
    const isoDow = ((((day + 3) % 7) + 7) % 7) + 1;
    if (!this.#workingIsoDays.has(isoDow)) return false;
    return !this.#closedDays(new Date(day * DAY_MS).getUTCFullYear()).has(day);
  }

  /** Why a local date is not a working day, or null when it is one. */
  nonWorkingReason(date: Temporal.PlainDate): 'weekend' | 'holiday' | 'closure' | null {
    if (!this.#workingIsoDays.has(date.dayOfWeek)) return 'weekend';
    const iso = date.toString();
    if (this.#holidays.publicHolidays(date.year).includes(iso)) return 'holiday';
    if (this.#closures.has(iso)) return 'closure';
    return null;
  }

  isWorkingDay(date: Temporal.PlainDate | string): boolean {
    return this.#isWorkingEpochDay(epochDayOf(date));
  }

  /** The n-th working day strictly after `date` (n ≥ 1); n = 0 gives `date` itself. */
  addWorkingDays(date: Temporal.PlainDate | string, n: number): Temporal.PlainDate {
    if (!Number.isInteger(n) || n < 0)
      throw new CalendarError(`working days must be a whole number ≥ 0, got ${n}`);
    let day = epochDayOf(date);
    let left = n;
    let scanned = 0;
    while (left > 0) {
      day++;
      if (this.#isWorkingEpochDay(day)) left--;
      else if (++scanned > MAX_SEARCH_DAYS) throw new CalendarError('no working day found within two years');
    }
    return plainDateOfEpochDay(day);
  }

  /** Working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: Temporal.PlainDate | string, to: Temporal.PlainDate | string): number {
    const end = epochDayOf(to);
    let count = 0;
    for (let day = epochDayOf(from) + 1; day <= end; day++) if (this.#isWorkingEpochDay(day)) count++;
    return count;
  }

  /** The next working day on or after `date`. */
  nextWorkingDay(date: Temporal.PlainDate | string): Temporal.PlainDate {
    let d = toPlainDate(date);
    let scanned = 0;
    while (!this.isWorkingDay(d)) {
      d = d.add({ days: 1 });
      if (++scanned > MAX_SEARCH_DAYS) throw new CalendarError('no working day found within two years');
    }
    return d;
  }

  /** The local calendar date of an instant. */
  localDate(instant: string): Temporal.PlainDate {
    const ms = epochMsOf(instant);
    if (ms === null) return Temporal.Instant.from(instant).toZonedDateTimeISO(this.timeZone).toPlainDate();
    return plainDateOfEpochDay(Math.floor((ms + this.#offsetMs(ms)) / DAY_MS));
  }

  /**
   * The zone's UTC offset at an instant, in ms. Offsets change only at transitions, which real zones place on
   * quarter hours, so the offset is computed once per quarter hour (and per instant when a transition falls
   * inside one, as in zones' early local-mean-time history).
   */
  #offsetMs(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS);
    let offset = this.#offsets.get(quarter);
    if (offset === undefined) {
      const start = this.#zoneOffsetMs(quarter * QUARTER_MS);
      if (start !== this.#zoneOffsetMs((quarter + 1) * QUARTER_MS - 1)) return this.#zoneOffsetMs(ms);
      offset = start;
      remember(this.#offsets, quarter, offset);
    }
    return offset;
  }

  #zoneOffsetMs(ms: number): number {
    return (
      Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(this.timeZone).offsetNanoseconds / 1e6
    );
  }

  /** The first instant of a local day (DST-safe). */
  startOfDay(date: Temporal.PlainDate | string): string {
    const iso = typeof date === 'string' ? date : date.toString();
    let start = this.#starts.get(iso);
    if (start === undefined) {
      // In the one form every stored instant has (milliseconds always written): instants are compared as
      // strings, and '…T23:00:00Z' sorts after '…T23:00:00.000Z', which put the first instant of a day in the
      // day before.
      start = toPlainDate(iso)
        .toZonedDateTime({ timeZone: this.timeZone })
        .toInstant()
        .toString({ fractionalSecondDigits: 3 });
      remember(this.#starts, iso, start);
    }
    return start;
  }

  /** The last instant (millisecond) of a local day: the start of the next day minus 1 ms. */
  endOfDay(date: Temporal.PlainDate | string): string {
    const iso = typeof date === 'string' ? date : date.toString();
    let end = this.#ends.get(iso);
    if (end === undefined) {
      const next = toPlainDate(iso).add({ days: 1 }).toZonedDateTime({ timeZone: this.timeZone }).toInstant();
      end = next.subtract({ milliseconds: 1 }).toString({ fractionalSecondDigits: 3 });
      remember(this.#ends, iso, end);
    }
    return end;
  }
}

/** Keeps a memo table bounded: past a few thousand entries it starts again (the keys are days and hours). */
function remember<K, V>(memo: Map<K, V>, key: K, value: V): void {
  if (memo.size >= 4096) memo.clear();
  memo.set(key, value);
}

const QUARTER_MS = 15 * 60_000;

/** `2026-11-23T21:50:11.123Z`, or with a `±HH:MM` offset: the form instants take everywhere in Redress. */
const PLAIN_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an instant in the plain ISO form, or null for any other form (Temporal's). */
function epochMsOf(instant: string): number | null {
  const plain = epochMsOfPlainIso(instant);
  if (plain !== null) return plain;
  if (!PLAIN_INSTANT.test(instant)) return null;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : ms;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a local calendar date (no time zone involved: a date is a date). */
function epochDayOf(date: Temporal.PlainDate | string): number {
  const iso = typeof date === 'string' ? date : date.toString();
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** Plain dates are immutable: one object per day is shared (intake asks for the same few days over and over). */
const plainDates = new Map<number, Temporal.PlainDate>();

function plainDateOfEpochDay(day: number): Temporal.PlainDate {
  let date = plainDates.get(day);
  if (!date) {
    const d = new Date(day * DAY_MS);
    date = new Temporal.PlainDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    remember(plainDates, day, date);
  }
  return date;
}

export function toPlainDate(date: Temporal.PlainDate | string): Temporal.PlainDate {
  return typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
}

/** Normalises an ISO instant with an offset to UTC with `Z` and millisecond precision. */
export function toUtcIso(instant: string): string {
  const ms = epochMsOf(instant);
  // Date keeps milliseconds as Temporal's toString would (sub-millisecond digits are cut, not rounded).
  if (ms !== null && ms >= 0 && ms < MAX_FOUR_DIGIT_YEAR_MS) return isoOfEpochMs(ms);
  return Temporal.Instant.from(instant).toString({ fractionalSecondDigits: 3 });
}

/** 10000-01-01T00:00:00Z: past it, Date and Temporal write years differently. */
const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_800_000;

/**
 * The deadlines of P3.1 and P4.2 for a receipt instant:
 * - acknowledgeBy: receipt + N calendar hours, or the end of the N-th working day after the local day of receipt;
 * - answerBy: the end of the N-th working day after the local calendar day of receipt (a Saturday receipt and
 *   one on the Friday before are due the same day).
 */
export function computeDeadlines(
  calendar: BusinessCalendar,
  receivedAt: string,
  policy: DeadlinePolicy,
): Deadlines {
  const received = toUtcIso(receivedAt);
  const receivedDay = calendar.localDate(received);
  const days = dueDaysOf(calendar, receivedDay, policy);
  const acknowledgeBy =
    policy.acknowledge.unit === 'hours'
      ? isoOfEpochMs(epochMsOfIso(received) + policy.acknowledge.amount * 3_600_000)
      : days.acknowledgeBy!;
  return { receivedAt: received, acknowledgeBy, answerBy: days.answerBy, answerByDate: days.answerByDate };
}

interface DueDays {
  /** The end of the acknowledgement's last working day, when it is counted in working days (else null). */
  acknowledgeBy: string | null;
  answerBy: string;
  answerByDate: string;
}

/**
 * What is due for a local day of receipt, per calendar and policy. Every message received on the same day has
 * the same due days, and counting working days (with the date arithmetic around it) costs more than the rest of
 * the deadlines: the answer is kept per day. A calendar is immutable, so its answers never go stale; local
 * dates are shared objects (plainDateOfEpochDay), which makes them the key.
 */
const dueDayMemo = new WeakMap<BusinessCalendar, Map<string, WeakMap<Temporal.PlainDate, DueDays>>>();

function dueDaysOf(calendar: BusinessCalendar, day: Temporal.PlainDate, policy: DeadlinePolicy): DueDays {
  let byPolicy = dueDayMemo.get(calendar);
  if (!byPolicy) {
    byPolicy = new Map();
    dueDayMemo.set(calendar, byPolicy);
  }
  const policyKey = `${policy.acknowledge.unit}:${policy.acknowledge.amount}:${policy.answerBusinessDays}`;
  let byDay = byPolicy.get(policyKey);
  if (!byDay) {
    byDay = new WeakMap();
    byPolicy.set(policyKey, byDay);
  }
  let due = byDay.get(day);
  if (!due) {
    const dueDay = calendar.addWorkingDays(day, policy.answerBusinessDays);
    due = {
      acknowledgeBy:
        policy.acknowledge.unit === 'hours'
          ? null
          : calendar.endOfDay(calendar.addWorkingDays(day, policy.acknowledge.amount)),
      answerBy: calendar.endOfDay(dueDay),
      answerByDate: dueDay.toString(),
    };
    byDay.set(day, due);
  }
  return due;
}

/** Is `s` an ISO 8601 instant that carries an offset (`Z` or `±HH:MM`)? Input without an offset is refused. */
export function isInstantWithOffset(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s.trim())) return false;
  try {
    Temporal.Instant.from(s.trim());
    return true;
  } catch {
    return false;
  }
}

/** Is `s` a valid local ISO date (YYYY-MM-DD)? */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  try {
    Temporal.PlainDate.from(s, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}
