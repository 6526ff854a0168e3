// The reference model of the conformance test: what the procedure promises, computed here without the project's
// calendar or clock rules, so that a drift in the code shows as a difference. Its own business-day arithmetic
// (weekends, the region's public holidays from date-holidays, the closure days in force), its own local days
// (Intl, not Temporal), and the few facts the test learns as it drives the use cases.
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';

export const TIME_ZONE = 'Europe/Berlin';
export const REGION = ['DE', 'BW'] as const;
export const ANSWER_BUSINESS_DAYS = 10;
export const ACKNOWLEDGE_HOURS = 24;

const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
const holidayYears = new Map<number, Set<string>>();

/** The region's public holidays of a year (type `public` only), as YYYY-MM-DD. */
export function publicHolidays(year: number): Set<string> {
  let set = holidayYears.get(year);
  if (!set) {
    const hd = new Holidays(REGION[0], REGION[1]);
    set = new Set(
      (hd.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)),
    );
    holidayYears.set(year, set);
  }
  return set;
}

const localFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The local date (YYYY-MM-DD) and hour of an instant in the organisation's time zone. */
export function localParts(ms: number): { date: string; hour: number; minute: number } {
  const p = Object.fromEntries(localFormat.formatToParts(ms).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute) };
}

export const localDate = (instant: string | number): string =>
  localParts(typeof instant === 'number' ? instant : Date.parse(instant)).date;

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

export function isWorkingDay(date: string, closures: readonly string[]): boolean {
  if (weekday(date) > 5) return false;
  if (publicHolidays(Number(date.slice(0, 4))).has(date)) return false;
  return !closures.includes(date);
}

/** The n-th working day strictly after `date`. */
export function addWorkingDays(date: string, n: number, closures: readonly string[]): string {
  let day = date;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, closures)) left--;
  }
  return day;
}

/**
 * The first instant of a local day, found by trying the zone's possible offsets (Europe/Berlin: +01:00 in winter,
 * +02:00 in summer): the instant whose local reading is that day at 00:00.
 */
export function startOfLocalDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (const offsetHours of [1, 2, 0, 3]) {
    const ms = Date.UTC(y, m - 1, d) - offsetHours * 3_600_000;
    const p = localParts(ms);
    if (p.date === date && p.hour === 0 && p.minute === 0) return ms;
  }
  throw new Error(`no local midnight found for ${date}`);
}

/** The last instant (ISO, milliseconds) of a local day. */
export function endOfLocalDay(date: string): string {
  return new Date(startOfLocalDay(addDays(date, 1)) - 1).toISOString();
}

export interface ReferenceDeadline {
  acknowledgeBy: string;
  answerBy: string;
  answerByDate: string;
}

/** P3.1 and P4.1 for a receipt instant, with the closure days in force. */
export function referenceDeadline(receivedAt: string, closures: readonly string[]): ReferenceDeadline {
  const due = addWorkingDays(localDate(receivedAt), ANSWER_BUSINESS_DAYS, closures);
  return {
    acknowledgeBy: new Date(Date.parse(receivedAt) + ACKNOWLEDGE_HOURS * 3_600_000).toISOString(),
    answerBy: endOfLocalDay(due),
    answerByDate: due,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Dates written out in texts, read back (the test's own reading: month names of the three languages).

const MONTHS: Record<string, number> = {};
for (const [i, names] of [
  ['janvier', 'january', 'januar', 'jänner'],
  ['février', 'february', 'februar'],
  ['mars', 'march', 'märz'],
  ['avril', 'april'],
  ['mai', 'may'],
  ['juin', 'june', 'juni'],
  ['juillet', 'july', 'juli'],
  ['août', 'august'],
  ['septembre', 'september'],
  ['octobre', 'october', 'oktober'],
  ['novembre', 'november'],
  ['décembre', 'december', 'dezember'],
].entries())
  for (const n of names) MONTHS[n] = i + 1;

const DATE_IN_TEXT = new RegExp(
  `\\b(\\d{1,2})(?:er)?\\.?\\s+(${Object.keys(MONTHS).join('|')})\\s+(\\d{4})\\b`,
  'giu',
);

/** Every date written out in a text ("4 December 2026", "4 décembre 2026", "4. Dezember 2026"), as YYYY-MM-DD. */
export function datesInText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(DATE_IN_TEXT)) {
    const month = MONTHS[m[2]!.toLowerCase()]!;
    out.push(`${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// What the model knows.

export type Lang = 'fr' | 'en' | 'de';

export interface ModelCase {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  channel: string;
  receivedAt: string;
  /** The language it is written in: what it was opened with, changed only by the test's own language changes. */
  language: string;
  complainantId: string;
  /** Duplicates merged into it (their acknowledgements moved with their correspondence). */
  absorbed: number;
  /** Merged into another case: no longer counted in the figures (P6.1 keeps it, closed, in the history). */
  merged: boolean;
}

export interface Sender {
  name: string;
  email: string;
  language: Lang;
}

export interface Model {
  /** The clock, in milliseconds. */
  now: number;
  /**
   * The closure days in force after each calendar change of the sequence, oldest first: `afterEvent` is the last
   * event id recorded before the change (instants do not order them: a step may change the calendar without time
   * passing).
   */
  closures: Array<{ afterEvent: number; days: string[] }>;
  cases: Map<string, ModelCase>;
  /** Case ids in the order the test learnt of them (commands pick cases by index). */
  order: string[];
  /** Raw messages sent so far (for duplicates). */
  sent: Array<{ raw: Buffer; mailbox: string }>;
  /** Outbound items already checked (each is checked in the step that wrote it). */
  checkedOutbound: Set<string>;
  restricted: Set<string>;
  /** The first local day of the sequence (for report periods). */
  startDay: string;
  /** What the sequence did, and where its time went (the steps themselves, the checks). */
  stats: { steps: number; checks: number; refusals: number; actMs: number; checkMs: number };
}

/** The closure days in force when the event `eventId` was recorded. */
export function closuresAt(model: Pick<Model, 'closures'>, eventId: number): string[] {
  let days: string[] = [];
  for (const c of model.closures) if (c.afterEvent < eventId) days = c.days;
  return days;
}

export const SENDERS: Sender[] = [
  { name: 'Marie Dupont', email: 'marie.dupont@example.fr', language: 'fr' },
  { name: 'Hanna Schmidt', email: 'hanna.schmidt@example.de', language: 'de' },
  { name: 'John Carter', email: 'john.carter@example.net', language: 'en' },
  { name: 'Luc Martin', email: 'luc.martin@example.fr', language: 'fr' },
];
