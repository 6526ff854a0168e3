// Dates in mail headers (RFC 5322 §3.3, with the obsolete forms real servers still write), read strictly:
// a date we cannot read is null, never a guess in the machine's time zone.

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
  if (ISO_INSTANT.test(value)) {
    const t = Date.parse(value.trim());
    return Number.isNaN(t) ? null : new Date(t).toISOString();
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
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  if (year < 1970 || year > 9999) return null;
  let offsetMinutes = 0;
  if (m[7]) {
    const hh = Number(m[8]);
    const mm = Number(m[9]);
    if (hh > 23 || mm > 59) return null;
    offsetMinutes = (m[7] === '-' ? -1 : 1) * (hh * 60 + mm);
  } else if (m[10]) {
    offsetMinutes = ZONES[m[10].toLowerCase()] ?? 0;
  }
  const local = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return null;
  return new Date(local - offsetMinutes * 60_000).toISOString();
}

/** The date of a `Received:` field: what follows its last semicolon. */
export function receivedDate(value: string): string | null {
  const at = value.lastIndexOf(';');
  return at < 0 ? null : parseMailDate(value.slice(at + 1));
}
