// Dates in mail headers (RFC 5322 §3.3, with the obsolete forms real servers still write), read strictly:
// a date we cannot read is null, never a guess in the machine's time zone.
import { daysInMonth, isoOfEpochMs } from '../calendar/instant-text.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Zone names of RFC 5322 §4.3 and a few that servers write anyway; minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
  mez: 60,
  mesz: 120,
  bst: 60,
};

const RFC5322_DATE =
  /(?:^|[^\d])(\d{1,2})\s*[-\s]\s*([a-z]{3})[a-z]*\.?\s*[-\s]\s*(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})|\(?([a-z]{1,5})\)?)?/i;
const ISO_INSTANT = /^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\s*$/i;

/** An RFC 5322 date (e.g. `Mon, 2 Mar 2026 10:15:00 +0100`) as an ISO UTC instant with milliseconds, or null. */
export function parseMailDate(value: string | null | undefined): string | null {
  if (!value) return null;
  // Nearly every server writes the one form that commonDate reads by hand; the patterns read the others.
  const common = commonDate(value);
  if (common !== undefined) return common;
  return parseMailDateByPattern(value);
}

/** parseMailDate read by the patterns alone: the reference for commonDate, and the reading of every other form. */
export function parseMailDateByPattern(value: string | null | undefined): string | null {
  if (!value) return null;
  if (ISO_INSTANT.test(value)) {
    const t = Date.parse(value.trim());
    return Number.isNaN(t) ? null : isoOfEpochMs(t);
  }
  const m = RFC5322_DATE.exec(value.slice(0, 300));
  if (!m) return null;
  const day = Number(m[1]);
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase());
  let year = Number(m[3]);
  if ((m[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  else if ((m[3] ?? '').length === 3) year += 1900;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  let offsetMinutes = 0;
  if (m[7]) {
    const hh = Number(m[8]);
    const mm = Number(m[9]);
    if (hh > 23 || mm > 59) return null;
    offsetMinutes = (m[7] === '-' ? -1 : 1) * (hh * 60 + mm);
  } else if (m[10]) {
    offsetMinutes = ZONES[m[10].toLowerCase()] ?? 0;
  }
  return instantOf(year, month, day, hour, minute, second, offsetMinutes);
}

/** The instant of a date read, or null when a part is out of range or the day is not in its month. */
function instantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): string | null {
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  if (year < 1970 || year > 9999) return null;
  if (day > daysInMonth(year, month + 1)) return null;
  const local = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  return isoOfEpochMs(local - offsetMinutes * 60_000);
}

/** The value of a decimal digit at `at`, or -1. */
function digitAt(value: string, at: number): number {
  const c = value.charCodeAt(at) - 0x30;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Is the code unit at `at` an ASCII letter? */
function letterAt(value: string, at: number): boolean {
  const c = value.charCodeAt(at) | 0x20;
  return c >= 0x61 && c <= 0x7a;
}

/**
 * The common form read by hand, `[Ddd, ]D[D] Mon YYYY HH:MM[:SS] ±HHMM` after spaces or tabs, whatever follows
 * (a zone name in parentheses): what RFC5322_DATE reads of it, where its first choice at every step is the one
 * that matches (nothing before the day holds a digit, and each part is whole). Undefined for any other form.
 */
function commonDate(value: string): string | null | undefined {
  let at = 0;
  while (value.charCodeAt(at) === 0x20 || value.charCodeAt(at) === 0x09) at++;
  if (letterAt(value, at)) {
    if (!letterAt(value, at + 1) || !letterAt(value, at + 2) || value.charCodeAt(at + 3) !== 0x2c)
      return undefined;
    at += 4;
    if (value.charCodeAt(at) === 0x20) at++;
  }
  const d1 = digitAt(value, at);
  if (d1 < 0) return undefined;
  let day = d1;
  at++;
  const d2 = digitAt(value, at);
  if (d2 >= 0) {
    day = day * 10 + d2;
    at++;
  }
  if (value.charCodeAt(at) !== 0x20) return undefined;
  at++;
  if (!letterAt(value, at) || !letterAt(value, at + 1) || !letterAt(value, at + 2)) return undefined;
  const month = MONTHS.indexOf(value.slice(at, at + 3).toLowerCase());
  at += 3;
  if (value.charCodeAt(at) !== 0x20) return undefined;
  at++;
  const y1 = digitAt(value, at);
  const y2 = digitAt(value, at + 1);
  const y3 = digitAt(value, at + 2);
  const y4 = digitAt(value, at + 3);
  if (y1 < 0 || y2 < 0 || y3 < 0 || y4 < 0 || value.charCodeAt(at + 4) !== 0x20) return undefined;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  at += 5;
  const h1 = digitAt(value, at);
  const h2 = digitAt(value, at + 1);
  const m1 = digitAt(value, at + 3);
  const m2 = digitAt(value, at + 4);
  if (h1 < 0 || h2 < 0 || value.charCodeAt(at + 2) !== 0x3a || m1 < 0 || m2 < 0) return undefined;
  const hour = h1 * 10 + h2;
  const minute = m1 * 10 + m2;
  at += 5;
  let second = 0;
  if (value.charCodeAt(at) === 0x3a) {
    const s1 = digitAt(value, at + 1);
    const s2 = digitAt(value, at + 2);
    if (s1 < 0 || s2 < 0) return undefined;
    second = s1 * 10 + s2;
    at += 3;
  }
  if (value.charCodeAt(at) !== 0x20) return undefined;
  at++;
  const sign = value.charCodeAt(at);
  if (sign !== 0x2b && sign !== 0x2d) return undefined;
  const z1 = digitAt(value, at + 1);
  const z2 = digitAt(value, at + 2);
  const z3 = digitAt(value, at + 3);
  const z4 = digitAt(value, at + 4);
  if (z1 < 0 || z2 < 0 || z3 < 0 || z4 < 0) return undefined;
  // A fifth digit would leave the pattern another reading of the zone: not this form.
  if (digitAt(value, at + 5) >= 0) return undefined;
  // Past the first 300 characters the pattern does not look: leave such a value to it.
  if (at + 5 > 300) return undefined;
  const hh = z1 * 10 + z2;
  const mm = z3 * 10 + z4;
  if (hh > 23 || mm > 59) return null;
  return instantOf(year, month, day, hour, minute, second, (sign === 0x2d ? -1 : 1) * (hh * 60 + mm));
}

/** The date of a `Received:` field: what follows its last semicolon. */
export function receivedDate(value: string): string | null {
  const at = value.lastIndexOf(';');
  return at < 0 ? null : parseMailDate(value.slice(at + 1));
}
