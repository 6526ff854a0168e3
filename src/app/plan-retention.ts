// What a retention run would anonymise today (P6.3; `redress retention run --dry-run`): the closed cases whose
// period has ended (core/archive/retention.ts), those kept by a legal hold, those that wait for a linked case, and for each case going what
// goes with it: its correspondence, the originals no kept case or inbox item still refers to, and the
// complainant's record when none of their cases is kept. Also the inbox items on no case (spam, automated mail,
// messages dismissed or reclassified) whose period, counted from the day they were handled, has ended, and those
// a legal hold on their sender keeps. Reads only; changes nothing.
import {
  casesLinkedTo,
  closedCasesBefore,
  complainantsWithOtherCases,
  correspondenceOfCases,
  handledInboxItemsBefore,
  holdsOnSenders,
  type InboxItemOnNoCase,
  originalsHeldElsewhere,
  type RetentionCaseRow,
} from '../adapters/db/archive.repo.ts';
import type { LegalHold } from '../adapters/db/legal-holds.repo.ts';
import { anonymisedAmong } from '../adapters/db/retention.repo.ts';
import {
  planInboxRetention,
  planRetention,
  type RetentionCandidate,
  type RetentionPolicy,
} from '../core/archive/retention.ts';
import type { AppContext } from './context.ts';
import { holdsByCase } from './legal-hold.ts';

export interface RetentionListing {
  today: string;
  policy: RetentionPolicy;
  due: {
    reference: string;
    closedOn: string;
    endsOn: string;
    correspondence: number;
    /** Originals deleted with the case (no kept case or inbox item refers to them). */
    originalsDeleted: number;
    /** Originals this case shares with a kept case or an inbox item: they stay. */
    originalsShared: number;
    /** The complainant's record is anonymised too (none of their cases is kept). */
    complainantAnonymised: boolean;
  }[];
  /** Period over, kept by a legal hold (on the case, or on its complainant). */
  held: {
    reference: string;
    closedOn: string;
    endsOn: string;
    hold: { scope: string; reason: string; setBy: string; setAt: string };
  }[];
  waiting: { reference: string; closedOn: string; endsOn: string; keptWith: string[] }[];
  /** Inbox items on no case: those whose period after handling has ended, and those a hold on the sender keeps. */
  inbox: {
    due: InboxRetentionEntry[];
    held: (InboxRetentionEntry & { hold: { scope: string; reason: string; setBy: string; setAt: string } })[];
  };
}

export interface InboxRetentionEntry {
  id: string;
  /** dismissed | reclassified (what a person did with it). */
  status: string;
  receivedAt: string;
  handledOn: string;
  endsOn: string;
}

/** The local calendar date of an instant in `timeZone` (YYYY-MM-DD). */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/**
 * The retention facts of `seeds` and of every case of their matters (linked cases, and theirs, open ones
 * included, so that a kept link is seen): each with its local closing day, its links both ways and its hold. The
 * retention run and an erasure request read them alike.
 */
export async function loadMatters(
  ctx: AppContext,
  seeds: readonly RetentionCaseRow[],
): Promise<{
  rows: Map<string, RetentionCaseRow>;
  holds: Map<string, LegalHold>;
  candidates: RetentionCandidate[];
}> {
  const { db } = ctx.database;
  const tz = ctx.config.timezone;
  // The whole matter of each candidate (linked cases, and theirs), open ones included, so a kept link is seen.
  const rows = new Map<string, RetentionCaseRow>(seeds.map((c) => [c.id, c]));
  const asked = new Set<string>();
  let frontier = seeds.map((c) => c.id);
  while (frontier.length) {
    for (const id of frontier) asked.add(id);
    const found = await casesLinkedTo(db, frontier);
    const next = new Set<string>();
    for (const r of found) {
      if (!rows.has(r.id)) rows.set(r.id, r);
      // An id that names no case (a link to a case that is gone) is asked once and ends there.
      for (const id of [r.id, ...r.links]) if (!asked.has(id)) next.add(id);
    }
    frontier = [...next];
  }
  // Links in both directions: a case merged into another points to it; the other is linked back.
  const linked = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!linked.has(a)) linked.set(a, new Set());
    linked.get(a)!.add(b);
  };
  for (const r of rows.values())
    for (const l of r.links) {
      link(r.id, l);
      link(l, r.id);
    }
  const holds = await holdsByCase(ctx, [...rows.values()]);
  const candidates = [...rows.values()].map((r) => ({
    held: holds.has(r.id),
    id: r.id,
    reference: r.reference,
    closedOn: r.status === 'closed' && r.closedAt ? localDate(r.closedAt, tz) : null,
    linked: [...(linked.get(r.id) ?? [])],
  }));
  return { rows, holds, candidates };
}

export async function listRetention(ctx: AppContext): Promise<RetentionListing> {
  return (await planRetentionRun(ctx)).listing;
}

/** The inbox items on no case that a run anonymises today, and those a hold on their sender keeps. */
export async function planInboxRetentionRun(
  ctx: AppContext,
  policy: RetentionPolicy,
  today: string,
): Promise<{ due: InboxRetentionEntry[]; held: RetentionListing['inbox']['held'] }> {
  const tz = ctx.config.timezone;
  // As for cases: nothing handled in the last `years` years is due, whatever the count.
  const before = `${String(Number(today.slice(0, 4)) - policy.years + 1).padStart(4, '0')}-01-02T00:00:00.000Z`;
  const items = await handledInboxItemsBefore(ctx.database.db, before);
  const holds = await holdsOnSenders(
    ctx.database.db,
    items.map((i) => i.fromAddress),
  );
  const byId = new Map<string, InboxItemOnNoCase>(items.map((i) => [i.id, i]));
  const plan = planInboxRetention(
    items.map((i) => ({
      id: i.id,
      handledOn: i.handledAt ? localDate(i.handledAt, tz) : null,
      held: !!i.fromAddress && holds.has(i.fromAddress),
    })),
    today,
    policy,
  );
  const entry = (d: { id: string; handledOn: string; endsOn: string }): InboxRetentionEntry => {
    const i = byId.get(d.id)!;
    return { id: d.id, status: i.status, receivedAt: i.receivedAt, handledOn: d.handledOn, endsOn: d.endsOn };
  };
  return {
    due: plan.due.map(entry),
    held: plan.held.map((d) => {
      const h = holds.get(byId.get(d.id)!.fromAddress!)!;
      return { ...entry(d), hold: { scope: h.scope, reason: h.reason, setBy: h.setBy, setAt: h.setAt } };
    }),
  };
}

/** The listing, and the cases a run anonymises (id, reference and dates), in the listing's order. */
export async function planRetentionRun(ctx: AppContext): Promise<{
  listing: RetentionListing;
  due: { id: string; reference: string; closedOn: string; endsOn: string }[];
}> {
  const { db } = ctx.database;
  const tz = ctx.config.timezone;
  const { years, countFrom } = ctx.config.retention;
  const policy: RetentionPolicy = { years, countFrom };
  const today = localDate(ctx.clock.now(), tz);
  // Whatever the count, nothing that closed in the last `years` years is due; a day's margin covers the zone.
  const before = `${String(Number(today.slice(0, 4)) - policy.years + 1).padStart(4, '0')}-01-02T00:00:00.000Z`;
  const candidates = await closedCasesBefore(db, before);

  const { rows, holds, candidates: matter } = await loadMatters(ctx, candidates);
  const plan = planRetention(matter, today, policy);
  // Cases a run already anonymised count as gone for their matter, and are not listed again.
  const done = await anonymisedAmong(db, [...rows.keys()]);
  plan.due = plan.due.filter((d) => !done.has(d.id));
  plan.held = plan.held.filter((d) => !done.has(d.id));
  plan.waiting = plan.waiting.filter((d) => !done.has(d.id));

  const leaving = new Set(plan.due.map((d) => d.id));
  const items = await correspondenceOfCases(db, [...leaving]);
  const itemsOf = new Map<string, typeof items>();
  for (const i of items) {
    const list = itemsOf.get(i.caseId) ?? [];
    list.push(i);
    itemsOf.set(i.caseId, list);
  }
  const shas = [...new Set(items.map((i) => i.originalSha256).filter((s): s is string => !!s))];
  const held = await originalsHeldElsewhere(db, shas, leaving);
  const complainantOf = new Map([...rows.values()].map((r) => [r.id, r.complainantId]));
  const keptComplainants = await complainantsWithOtherCases(
    db,
    [...new Set(plan.due.map((d) => complainantOf.get(d.id)!))],
    new Set([...leaving, ...done]),
  );
  const listing: RetentionListing = {
    today,
    policy,
    due: plan.due.map((d) => {
      const mine = itemsOf.get(d.id) ?? [];
      const originals = [...new Set(mine.map((i) => i.originalSha256).filter((s): s is string => !!s))];
      return {
        reference: d.reference,
        closedOn: d.closedOn,
        endsOn: d.endsOn,
        correspondence: mine.length,
        originalsDeleted: originals.filter((s) => !held.has(s)).length,
        originalsShared: originals.filter((s) => held.has(s)).length,
        complainantAnonymised: !keptComplainants.has(complainantOf.get(d.id)!),
      };
    }),
    held: plan.held.map(({ id, ...h }) => {
      const hold = holds.get(id)!;
      return { ...h, hold: { scope: hold.scope, reason: hold.reason, setBy: hold.setBy, setAt: hold.setAt } };
    }),
    waiting: plan.waiting.map(({ id: _id, ...w }) => w),
    inbox: await planInboxRetentionRun(ctx, policy, today),
  };
  return { listing, due: plan.due };
}
