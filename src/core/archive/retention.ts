// Retention of personal data (P6.3): when a closed case's personal data is due to be anonymised, and which cases
// must wait for others. The period is configurable; by default six years counted from the end of the calendar year
// in which the case closed, as German commercial law counts the keeping of business letters (§ 257 HGB: the period
// starts at the end of the year). Days are local dates in the organisation's time zone (the caller converts).
//
// A case goes only when every case it is linked to goes too: a step-1 case and its step-2 case, and a duplicate
// and the case it was merged into, are one matter, and the history of the one refers to the other. A legal hold
// (on a case or on a complainant, with a reason and who set it) keeps a case whatever its period, and its matter.

import { isCurrency, normaliseAmount, type RemedyAmount } from '../case/root-cause.ts';
import { byInstantThenId } from '../text/order.ts';
import { canonicalJson } from './hash-chain.ts';

export const RETENTION_COUNT_FROM = ['end_of_year', 'closure'] as const;
export type RetentionCountFrom = (typeof RETENTION_COUNT_FROM)[number];

export interface RetentionPolicy {
  years: number;
  countFrom: RetentionCountFrom;
}

export const DEFAULT_RETENTION: RetentionPolicy = { years: 6, countFrom: 'end_of_year' };

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The first local day on which a case closed on `closedOn` (YYYY-MM-DD, local) may be anonymised. `end_of_year`:
 * 1 January of the year after closure plus `years` (closed any day of 2019, six years: 2026-01-01). `closure`: the
 * same day `years` later (29 February to 28 February when that year has none).
 */
export function retentionEndsOn(closedOn: string, policy: RetentionPolicy): string {
  const year = Number(closedOn.slice(0, 4));
  if (policy.countFrom === 'end_of_year') return `${String(year + 1 + policy.years).padStart(4, '0')}-01-01`;
  const to = year + policy.years;
  const monthDay = closedOn.slice(5) === '02-29' && !isLeap(to) ? '02-28' : closedOn.slice(5);
  return `${String(to).padStart(4, '0')}-${monthDay}`;
}

export interface RetentionCandidate {
  id: string;
  reference: string;
  /** Open cases are never due; a reopened case counts from its last closure. */
  closedOn: string | null;
  /** Cases this one is one matter with (its step-1 or step-2 case, merged duplicates). */
  linked: readonly string[];
  /** Under a legal hold (on the case or on its complainant): kept, and its whole matter with it. */
  held?: boolean;
}

export interface RetentionPlan {
  due: { id: string; reference: string; closedOn: string; endsOn: string }[];
  /** Due by the period, kept by a legal hold on the case or its complainant. */
  held: { id: string; reference: string; closedOn: string; endsOn: string }[];
  /** Due on their own, kept while a linked case is kept (until that one is due). */
  waiting: { id: string; reference: string; closedOn: string; endsOn: string; keptWith: string[] }[];
}

/**
 * Which of `cases` are due on `today` (local YYYY-MM-DD). `cases` must include every case linked to a candidate
 * (open ones too), so that a link to a kept case is seen; links to cases not given count as kept.
 */
export function planRetention(
  cases: readonly RetentionCandidate[],
  today: string,
  policy: RetentionPolicy,
): RetentionPlan {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const endsOn = new Map<string, string>();
  for (const c of cases) if (c.closedOn) endsOn.set(c.id, retentionEndsOn(c.closedOn, policy));
  const periodOver = (id: string) => {
    const e = endsOn.get(id);
    return e !== undefined && e <= today;
  };
  const dueAlone = (id: string) => periodOver(id) && !byId.get(id)?.held;
  // A matter is the set of cases linked to each other, directly or through others: it goes whole or not at all.
  const plan: RetentionPlan = { due: [], held: [], waiting: [] };
  for (const c of cases)
    if (c.held && periodOver(c.id))
      plan.held.push({ id: c.id, reference: c.reference, closedOn: c.closedOn!, endsOn: endsOn.get(c.id)! });
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id) || !dueAlone(c.id)) continue;
    const matter: string[] = [];
    const stack = [c.id];
    const inMatter = new Set<string>([c.id]);
    while (stack.length) {
      const id = stack.pop()!;
      matter.push(id);
      for (const other of byId.get(id)?.linked ?? [])
        if (!inMatter.has(other)) {
          inMatter.add(other);
          stack.push(other);
        }
    }
    const kept = matter.filter((id) => !dueAlone(id));
    for (const id of matter) {
      if (!dueAlone(id)) continue;
      seen.add(id);
      const x = byId.get(id)!;
      const entry = { id, reference: x.reference, closedOn: x.closedOn!, endsOn: endsOn.get(id)! };
      if (kept.length === 0) plan.due.push(entry);
      else plan.waiting.push({ ...entry, keptWith: kept.map((k) => byId.get(k)?.reference ?? k) });
    }
  }
  const byRef = (a: { reference: string }, b: { reference: string }) => (a.reference < b.reference ? -1 : 1);
  plan.due.sort(byRef);
  plan.held.sort(byRef);
  plan.waiting.sort(byRef);
  return plan;
}

/** What replaces a name, an address or a text when a case's personal data is anonymised. */
export const ANONYMISED = '[anonymised]';

// Values that say nothing about a person and that the history and the figures need: instants and dates, record
// ids, case references, staff references, and codes (snake_case words such as an outcome, a kind or a reason's
// code).
const KEPT_VALUE = [
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[A-Z][A-Z0-9]{0,15}-\d{4}-\d{4,9}$/,
  // Who acted: a staff account or an API token (`user:<id>`, `token:<id>`), as the events' actor names them.
  /^(user|token):[0-9A-Za-z-]{1,64}$/,
  /^[a-z][a-z0-9_]{0,39}$/,
];
// Dimensions of a case that the reports count by: named by staff, not by the complainant.
const KEPT_KEYS = new Set(['category', 'department']);
// Money offered with a remedy: an amount and a currency code, as the answer recorded them (in an event's payload and
// state under `remedyAmount`, in the register's columns). Finance counts them after the case is anonymised, and
// they say nothing about a person. Kept only in the exact forms an answer accepts, so no text can hide there.
const AMOUNT_KEYS = new Set(['remedy_amount']);
// The SHA-256 of what the archive gave out (a dossier's manifest, the chain's head it held), as the record of an
// export names them: a digest names no one, and kept, the archive can still recognise a dossier it exported before
// the case was anonymised. Kept only as 64 hexadecimal digits, so no text can hide there.
const DIGEST_KEYS = new Set(['manifestSha256', 'chainHead']);
const SHA256_HEX = /^[0-9a-f]{64}$/;
const CURRENCY_KEYS = new Set(['remedy_currency']);
// Keys whose value is a way to reach a person: null rather than a placeholder that could look like an address.
const NULLED_KEYS = new Set(['email', 'phone', 'name', 'address', 'fromAddress', 'toAddress', 'fromName']);
// Keys whose values the complainant wrote, whatever they look like: a customer or ticket number such as
// `KD-2016-884213` has the shape of a case reference, yet it is the person's own and names them in the records of
// whoever issued it.
const WRITTEN_BY_THEM_KEYS = new Set(['ticketRefs']);

function keptString(v: string): boolean {
  return !v.includes('@') && KEPT_VALUE.some((re) => re.test(v));
}

/**
 * The personal data of an event payload, a stored state or an audit entry's particulars replaced, everything else
 * kept as it was: numbers, booleans, nulls, dates, ids, references and codes stay, so the state still loads and the
 * figures still add up; every other text becomes ANONYMISED (null under a key that names a way to reach a person).
 * Applying it twice gives the same result, so a run interrupted and run again writes the same thing.
 */
export function redactPersonal(value: unknown, key: string | null = null): unknown {
  return redact(value, key, WRITTEN_BY_THEM_KEYS);
}

/**
 * Whether `value` is what a redaction wrote, so that a redacted record holding anything else was changed since:
 * today's rule gives it back unchanged, or the rule of the releases before customer numbers always went, which
 * kept one shaped like a case reference (`KD-2016-884213`) among a person's ticket numbers. A record redacted by
 * such a release was not altered; it still holds that number, which only a new anonymisation would remove.
 */
export function isRedacted(value: unknown): boolean {
  const held = canonicalJson(value);
  return (
    canonicalJson(redact(value, null, WRITTEN_BY_THEM_KEYS)) === held ||
    canonicalJson(redact(value, null, NONE)) === held
  );
}

const NONE: ReadonlySet<string> = new Set();

function redact(value: unknown, key: string | null, writtenByThem: ReadonlySet<string>): unknown {
  if (typeof value === 'string') {
    if (key !== null && NULLED_KEYS.has(key)) return null;
    if (key !== null && writtenByThem.has(key)) return ANONYMISED;
    if (key !== null && KEPT_KEYS.has(key) && !value.includes('@')) return value;
    if (key !== null && AMOUNT_KEYS.has(key) && normaliseAmount(value) === value) return value;
    if (key !== null && DIGEST_KEYS.has(key) && SHA256_HEX.test(value)) return value;
    if (key !== null && CURRENCY_KEYS.has(key) && isCurrency(value)) return value;
    return keptString(value) ? value : ANONYMISED;
  }
  if (key === 'remedyAmount' && isRemedyAmount(value))
    return { value: value.value, currency: value.currency };
  if (Array.isArray(value)) return value.map((v) => redact(v, key, writtenByThem));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = redact(v, k, writtenByThem);
    return out;
  }
  return value;
}

function isRemedyAmount(value: unknown): value is RemedyAmount {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    Object.keys(v).length === 2 &&
    typeof v.value === 'string' &&
    normaliseAmount(v.value) === v.value &&
    typeof v.currency === 'string' &&
    isCurrency(v.currency)
  );
}

// Inbox items on no case (spam, automated mail, a message reclassified as `other` or dismissed) hold personal data
// too: the sender's address, the message, and the reasons staff wrote. Nothing refers to them once they are
// handled, so each goes on its own when the same period has run, counted from the day it was handled as a case's
// is from its closure. An item still waiting in the triage inbox is work to do, never due. A legal hold on the
// complainant whose address sent it keeps it, as it keeps their cases.

export interface InboxRetentionCandidate {
  id: string;
  /** The local day a person handled it (dismissed, reclassified); null while it awaits triage. */
  handledOn: string | null;
  /** The sender's address belongs to a complainant under a legal hold. */
  held?: boolean;
}

export interface InboxRetentionPlan {
  due: { id: string; handledOn: string; endsOn: string }[];
  /** Due by the period, kept by a legal hold on the complainant who sent it. */
  held: { id: string; handledOn: string; endsOn: string }[];
}

/** Which of the inbox items on no case are due on `today` (local YYYY-MM-DD), oldest handled first. */
export function planInboxRetention(
  items: readonly InboxRetentionCandidate[],
  today: string,
  policy: RetentionPolicy,
): InboxRetentionPlan {
  const plan: InboxRetentionPlan = { due: [], held: [] };
  for (const i of items) {
    if (i.handledOn === null) continue;
    const endsOn = retentionEndsOn(i.handledOn, policy);
    if (endsOn > today) continue;
    (i.held ? plan.held : plan.due).push({ id: i.id, handledOn: i.handledOn, endsOn });
  }
  const order = byInstantThenId<{ handledOn: string; id: string }>((r) => r.handledOn);
  plan.due.sort(order);
  plan.held.sort(order);
  return plan;
}
