// The retention run (P6.3; `redress retention run` and the worker's daily schedule): each case the dry run lists
// as due (plan-retention.ts) has its personal data anonymised in one transaction of its own, so a run stopped at
// any moment leaves every case either untouched or wholly anonymised, and the next run carries on where it
// stopped (an anonymised case is not listed again, unless it was reopened since). Inside the transaction the case is checked again: still
// closed, not anonymised meanwhile by another instance, no legal hold set since the listing.
//
// What goes (retention.repo.ts names every column): the payloads of the case's events and its stored state are
// redacted while their digests stay, so the hash chains still verify; its correspondence's texts, addresses and
// readings; its originals and outbound bodies when no kept case or inbox item refers to them; its search entries
// and the automatic-mail counters of its addresses; the personal fields of audit entries about it; the e-mails
// Redress wrote to staff about it (a new reply, a deadline passed: they quote the person; of a digest listing other
// people's cases too, only its items about this case); the histories of
// the inbox items filed on it (the door's note names the sender). The complainant's
// record goes with the last of their cases (none kept). The case's dimensions (kind, dates, channel, category,
// outcome, …) and the report counts stay, so the figures of past periods do not change.
//
// Inbox items on no case whose period after handling has ended go the same way, one transaction each: their
// message's correspondence redacted by the same code, their stream `inbox:<id>` redacted (digests kept), their
// original deleted when nothing kept refers to it, and the automatic-mail counters of the sender's address purged.
// A redacted message marks the item done, so a stopped run carries on with the next one.

import { caseStream, complainantStream, inboxStream } from '../adapters/db/aggregates.repo.ts';
import { holdsOnSenders } from '../adapters/db/archive.repo.ts';
import { appendAudit } from '../adapters/db/audit-chain.repo.ts';
import { holdsInForce } from '../adapters/db/legal-holds.repo.ts';
import { redactionSeal } from '../adapters/db/redaction-seal.repo.ts';
import {
  complainantHasKeptCase,
  complainantRecords,
  complainantsWithOnlyAnonymisedCases,
  deleteOrphanOriginals,
  inboxItemsOfCase,
  linkStaffMailByItsLinks,
  lockCase,
  lockInboxItem,
  markCaseAnonymised,
  markComplainantAnonymised,
  purgeCounters,
  redactAuditAbout,
  redactCorrespondence,
  redactCorrespondenceOfCase,
  redactCorrespondenceOfInboxItem,
  redactLiftedHolds,
  redactStaffMailLines,
  redactStream,
  STAFF_LINES_KEY,
  STAFF_MAIL_KEY,
  secureDelete,
  staffMailAbout,
} from '../adapters/db/retention.repo.ts';
import { claimAlert } from '../adapters/db/sweep.repo.ts';
import type { AppContext } from './context.ts';
import { localDate, planRetentionRun, type RetentionListing } from './plan-retention.ts';

export interface RetentionRunReport {
  today: string;
  anonymised: {
    reference: string;
    closedOn: string;
    endsOn: string;
    correspondence: number;
    originalsDeleted: number;
    complainantAnonymised: boolean;
  }[];
  /** Listed as due but left alone when its turn came (reopened, held or anonymised meanwhile), with why. */
  skipped: { reference: string; why: string }[];
  /** Complainant records anonymised on their own (every case of theirs already was). */
  complainantsAnonymised: number;
  /** Inbox items on no case anonymised, and those listed but left alone when their turn came, with why. */
  inboxAnonymised: InboxAnonymisation[];
  inboxSkipped: { id: string; why: string }[];
  listing: RetentionListing;
}

export interface InboxAnonymisation {
  id: string;
  handledOn: string;
  endsOn: string;
  correspondence: number;
  originalsDeleted: number;
}

export interface RunOptions {
  /** Who runs it, as the audit log records it: `cli` or `system` (the schedule). */
  actor: string;
  actorLabel?: string | null;
  /** Called after each case's transaction commits (to show progress). */
  afterCase?: (reference: string) => void | Promise<void>;
}

/** The transaction a use case is handed by `ctx.database.transaction`. */
type Trx = Parameters<Parameters<AppContext['database']['transaction']>[0]>[0];

/** What an anonymisation's audit entry is about, and what its detail says (its seal among it). */
interface AnonymisationEntry {
  action: 'case_anonymised' | 'inbox_item_anonymised' | 'complainant_anonymised';
  targetType: 'case' | 'inbox_item' | 'complainant';
  targetId: string;
  /** The case's reference; null for the others (an inbox item or a record has no label that is not personal). */
  targetLabel: string | null;
  detail: Record<string, unknown>;
}

/**
 * Records one anonymisation in the audit chain: who ran it, when, on what, with its seal in the detail. One writer
 * for the case, the inbox items filed on it, an inbox item alone and a record, so the entries verify alike.
 */
async function recordAnonymisation(
  trx: Trx,
  record: { newId: () => string; actor: string; actorLabel?: string | null },
  at: string,
  entry: AnonymisationEntry,
): Promise<void> {
  await appendAudit(trx, {
    id: record.newId(),
    at,
    actor: record.actor,
    actorLabel: record.actorLabel ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    targetLabel: entry.targetLabel,
    address: null,
    detail: entry.detail,
  });
}

/**
 * Anonymises a complainant's record (and the records merged into it) when none of their cases is kept and no hold
 * is on them; false when it stays. Runs inside the caller's transaction.
 */
export async function anonymiseComplainant(
  trx: Trx,
  complainantId: string,
  at: string,
  record: { newId: () => string; actor: string; actorLabel?: string | null },
): Promise<boolean> {
  const records = await complainantRecords(trx, complainantId);
  if (!records.length) return false;
  const ids = records.map((x) => x.id);
  if ((await holdsInForce(trx, 'complainant', ids)).length) return false;
  for (const id of ids) if (await complainantHasKeptCase(trx, id)) return false;
  await purgeCounters(
    trx,
    records.map((x) => x.email?.trim().toLowerCase() ?? ''),
  );
  for (const id of ids) {
    await redactStream(trx, complainantStream(id));
    await redactAuditAbout(trx, 'complainant', id);
    await redactLiftedHolds(trx, 'complainant', id);
    await markComplainantAnonymised(trx, id, at);
    // Recorded and sealed (redaction-seal.repo.ts): what the record's redacted stream and entries hold now.
    await recordAnonymisation(trx, record, at, {
      action: 'complainant_anonymised',
      targetType: 'complainant',
      targetId: id,
      targetLabel: null,
      detail: { seal: await redactionSeal(trx, 'complainant', id) },
    });
  }
  return true;
}

/** What became of one case a run (or an erasure request) anonymised: the entry, or why it was left alone. */
export type CaseAnonymisation =
  | { entry: RetentionRunReport['anonymised'][number]; why?: undefined }
  | { entry?: undefined; why: string };

/**
 * Anonymises one case whose retention period has ended, in one transaction (the retention run and an erasure
 * request share it). The case is checked again inside the transaction: still closed, not anonymised meanwhile,
 * no legal hold since it was listed. `detail` adds to the audit entry (an erasure request names itself there).
 * Call it inside `secureDelete`, so that what is deleted is overwritten on SQLite.
 */
export async function anonymiseCase(
  ctx: AppContext,
  d: { id: string; closedOn: string; endsOn: string },
  options: RunOptions & { detail?: Record<string, unknown> },
): Promise<CaseAnonymisation> {
  return ctx.database.transaction(async (trx): Promise<CaseAnonymisation> => {
    const c = await lockCase(trx, d.id);
    if (!c) return { why: 'the case no longer exists' };
    if (c.done) return { why: 'anonymised meanwhile' };
    if (c.status !== 'closed') return { why: `no longer closed (${c.status})` };
    const holds = [
      ...(await holdsInForce(trx, 'case', [c.id])),
      ...(await holdsInForce(trx, 'complainant', [c.complainantId])),
    ];
    if (holds.length) return { why: `a legal hold was set meanwhile: ${holds[0]!.reason}` };
    const at = ctx.clock.now();
    const writer = { newId: () => ctx.newId(), ...options };
    // Found by the cases each names (staff_mail_cases), read before anything is redacted.
    const staffMail = await staffMailAbout(trx, c.id, c.reference);
    await redactStream(trx, caseStream(c.id));
    const gone = await redactCorrespondenceOfCase(trx, c.id);
    // Staff e-mails about the case: their addresses are staff's and they carry no original, so nothing more goes.
    // A digest that lists other people's cases too keeps their items: only this case's go.
    await redactCorrespondence(trx, staffMail.whole);
    const staffLines = await redactStaffMailLines(trx, staffMail.shared, c.reference);
    const originalsDeleted = await deleteOrphanOriginals(trx, gone.originals);
    await markCaseAnonymised(trx, c.id, at);
    await purgeCounters(trx, gone.addresses);
    await redactAuditAbout(trx, 'case', c.id);
    await redactLiftedHolds(trx, 'case', c.id);
    const seal = await redactionSeal(trx, 'case', c.id, staffMail.whole, staffLines);
    // Messages that waited in the triage inbox before they were filed on the case (or opened it): their own
    // histories go too, each recorded and sealed as an inbox item's anonymisation (verify accounts for them so).
    for (const itemId of await inboxItemsOfCase(trx, c.id)) {
      if (!(await redactStream(trx, inboxStream(itemId)))) continue;
      await redactAuditAbout(trx, 'inbox_item', itemId);
      await recordAnonymisation(trx, writer, at, {
        action: 'inbox_item_anonymised',
        targetType: 'inbox_item',
        targetId: itemId,
        targetLabel: null,
        detail: { ...options.detail, caseId: c.id, seal: await redactionSeal(trx, 'inbox_item', itemId) },
      });
    }
    const complainantAnonymised = await anonymiseComplainant(trx, c.complainantId, at, writer);
    await recordAnonymisation(trx, writer, at, {
      action: 'case_anonymised',
      targetType: 'case',
      targetId: c.id,
      targetLabel: c.reference,
      detail: {
        ...options.detail,
        closedOn: d.closedOn,
        retentionEndedOn: d.endsOn,
        correspondence: gone.items,
        originalsDeleted,
        complainantAnonymised,
        ...(staffMail.whole.length ? { [STAFF_MAIL_KEY]: staffMail.whole } : {}),
        ...(staffLines.length ? { [STAFF_LINES_KEY]: staffLines } : {}),
        seal,
      },
    });
    return {
      entry: {
        reference: c.reference,
        closedOn: d.closedOn,
        endsOn: d.endsOn,
        correspondence: gone.items,
        originalsDeleted,
        complainantAnonymised,
      },
    };
  });
}

/**
 * Anonymises one inbox item on no case, in one transaction (the retention run and an erasure request share it).
 * Checked again inside: still on no case, handled, not anonymised meanwhile, no legal hold on its sender since it
 * was listed. `d.endsOn` is null for an erasure request (the item goes before its period ends). Call it inside
 * `secureDelete`.
 */
export async function anonymiseInboxItem(
  ctx: AppContext,
  d: { id: string; handledOn: string | null; endsOn: string | null },
  options: RunOptions & { detail?: Record<string, unknown> },
): Promise<{ entry: InboxAnonymisation; why?: undefined } | { entry?: undefined; why: string }> {
  return ctx.database.transaction(async (trx) => {
    const item = await lockInboxItem(trx, d.id);
    if (!item) return { why: 'the inbox item no longer exists' };
    if (item.done) return { why: 'anonymised meanwhile' };
    if (item.caseId) return { why: 'filed on a case meanwhile' };
    if (item.status === 'open') return { why: 'awaiting triage again' };
    if (item.fromAddress) {
      const hold = (await holdsOnSenders(trx, [item.fromAddress])).get(item.fromAddress);
      if (hold) return { why: `a legal hold was set meanwhile: ${hold.reason}` };
    }
    const at = ctx.clock.now();
    await redactStream(trx, inboxStream(item.id));
    const gone = await redactCorrespondenceOfInboxItem(trx, item);
    const originalsDeleted = await deleteOrphanOriginals(trx, gone.originals);
    await purgeCounters(trx, gone.addresses);
    const seal = await redactionSeal(trx, 'inbox_item', item.id);
    await recordAnonymisation(trx, { newId: () => ctx.newId(), ...options }, at, {
      action: 'inbox_item_anonymised',
      targetType: 'inbox_item',
      targetId: item.id,
      targetLabel: null,
      detail: {
        ...options.detail,
        handledOn: d.handledOn,
        retentionEndedOn: d.endsOn,
        correspondence: gone.items,
        originalsDeleted,
        seal,
      },
    });
    return {
      entry: {
        id: item.id,
        handledOn: d.handledOn ?? '',
        endsOn: d.endsOn ?? '',
        correspondence: gone.items,
        originalsDeleted,
      },
    };
  });
}

export async function runRetention(ctx: AppContext, options: RunOptions): Promise<RetentionRunReport> {
  const { db } = ctx.database;
  const { listing, due } = await planRetentionRun(ctx);
  const report: RetentionRunReport = {
    today: listing.today,
    anonymised: [],
    skipped: [],
    complainantsAnonymised: 0,
    inboxAnonymised: [],
    inboxSkipped: [],
    listing,
  };
  // Staff mail an older instance wrote during an upgrade names no case yet: given its cases first, it goes with them.
  await linkStaffMailByItsLinks(db);
  await secureDelete(db, async () => {
    for (const d of due) {
      const done = await anonymiseCase(ctx, d, options);
      if (done.entry) report.anonymised.push(done.entry);
      else report.skipped.push({ reference: d.reference, why: done.why ?? '' });
      await options.afterCase?.(d.reference);
    }
    for (const d of listing.inbox.due) {
      const done = await anonymiseInboxItem(ctx, d, options);
      if (done.entry) report.inboxAnonymised.push(done.entry);
      else report.inboxSkipped.push({ id: d.id, why: done.why });
    }
    // Records whose cases all went while the record was held, or before a run was stopped between two cases.
    for (const id of await complainantsWithOnlyAnonymisedCases(db)) {
      const ok = await ctx.database.transaction((trx) =>
        anonymiseComplainant(trx, id, ctx.clock.now(), { newId: () => ctx.newId(), ...options }),
      );
      if (ok) report.complainantsAnonymised++;
    }
  });
  return report;
}

/**
 * The worker's daily run, when configuration switches it on (`REDRESS_RETENTION_ENABLED`): checked every hour,
 * run once per local day by whichever instance claims the day first. A run stopped part-way is finished by the
 * next day's (each case is done whole or not at all).
 */
export function startRetentionSchedule(
  ctx: AppContext,
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
  options: { firstCheckAfterMs?: number } = {},
): { stop(): Promise<void>; runToday(): Promise<RetentionRunReport | null> } {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  // The day is claimed before the run: another instance, or this one an hour later, leaves it alone.
  const runToday = async (): Promise<RetentionRunReport | null> => {
    const today = localDate(ctx.clock.now(), ctx.config.timezone);
    if (!(await claimAlert(ctx.database.db, `retention:${today}`, ctx.clock.now()))) return null;
    const r = await runRetention(ctx, { actor: 'system' });
    if (r.anonymised.length || r.skipped.length || r.complainantsAnonymised || r.inboxAnonymised.length)
      log.info(
        {
          retention: {
            anonymised: r.anonymised.length,
            skipped: r.skipped.length,
            complainants: r.complainantsAnonymised,
            inboxItems: r.inboxAnonymised.length,
          },
        },
        'retention: personal data of closed cases anonymised',
      );
    return r;
  };
  const tick = () => {
    if (stopped || running) return;
    running = runToday()
      .catch((e: unknown) => log.error({ err: e }, 'retention run failed; the next day runs it again'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, 3_600_000);
  timer.unref();
  setTimeout(tick, options.firstCheckAfterMs ?? 60_000).unref();
  return {
    runToday,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
