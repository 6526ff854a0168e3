// An erasure request from a complainant (P6.3; `redress subject erase` and the administrators' button on the
// complainant's page): what may be erased now is decided by core/archive/erasure.ts (the retention rule applied to
// this person today); each case that goes is anonymised by the retention run's own code (run-retention.ts), one
// transaction per case, so the hash chains still verify, the report figures stay and a request stopped half-way
// is finished by asking again. Every case that is kept is listed with why and until when, for the answer to the
// person. The request is recorded in the audit log (who, why) before anything is erased; a dry run changes nothing.
// The person's messages on no case (inbox items from an address of theirs) that a person has handled go now, by the
// retention run's code too; one still awaiting triage is kept and listed, with why.
// A request naming an address that no complainant record holds (a person who only ever reached the triage inbox) is
// decided by the same rule over their messages from that address alone: there is no record to erase or keep.
// The person's messages that staff filed on someone else's case stay with that case (they are part of that
// complaint's record) and go when it goes; the result counts them, so that the answer tells the person.

import { casesLinkedTo } from '../adapters/db/archive.repo.ts';
import { caseIdsOfComplainants } from '../adapters/db/cases.repo.ts';
import { inboundOnOthersCases } from '../adapters/db/complainants.repo.ts';
import { holdsInForce } from '../adapters/db/legal-holds.repo.ts';
import { anonymisedAmong, linkStaffMailByItsLinks, secureDelete } from '../adapters/db/retention.repo.ts';
import { type Requester, requesterRef, requireRecordAct } from '../core/access/complainant-record.ts';
import { type ErasurePlan, planAddressErasure, planErasure } from '../core/archive/erasure.ts';
import type { RetentionPolicy } from '../core/archive/retention.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import {
  addressDigest,
  findSubjectOrAddress,
  recordSubjectOf,
  recordsOfPerson,
  subjectAddresses,
  subjectAuditTarget,
  subjectInboxItems,
} from './export-complainant.ts';
import { loadMatters, localDate } from './plan-retention.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';
import { anonymiseCase, anonymiseComplainant, anonymiseInboxItem } from './run-retention.ts';

export interface ErasureResult {
  /** Null when the request named an address that no complainant record holds (only messages on no case). */
  complainantId: string | null;
  /** That address, for such a request; null otherwise. */
  address: string | null;
  /** The language the person writes in: the answer is offered in it first. */
  language: Language;
  dryRun: boolean;
  policy: RetentionPolicy;
  plan: ErasurePlan;
  /** Cases anonymised by this request (none on a dry run). */
  erased: { reference: string; correspondence: number; originalsDeleted: number }[];
  /** Cases the plan let go but that changed before their turn (reopened, held meanwhile), with why. */
  skipped: { reference: string; why: string }[];
  /** Inbox items on no case erased by this request, and those the plan let go that changed before their turn. */
  inboxErased: { id: string; receivedAt: string; originalsDeleted: number }[];
  inboxSkipped: { id: string; why: string }[];
  /** The person's record is anonymised (by this request, or was already). */
  complainantErased: boolean;
  /** The person's record still holds a name or a way to reach them (false once it is anonymised). */
  recordHoldsData: boolean;
  /**
   * The person's messages that staff filed on someone else's case: they belong to that complaint's record and stay
   * with it (erased with that case, not by this request). The answer tells the person how many, naming no one.
   */
  keptOnOthersCases: number;
}

export interface ErasureRequest {
  /** Why (the person's request, its date and channel): recorded in the audit log. */
  reason: string;
  acting: Acting & Requester;
  dryRun?: boolean;
}

function reasonOf(reason: string): string {
  const r = reason.trim();
  if (r.length < 3 || r.length > 2000)
    throw new DomainError({
      code: 'empty_text',
      message:
        'An erasure request needs a reason (3 to 2000 characters): whose request, when, and how it came.',
      details: { context: 'erasure_reason' },
    });
  return r;
}

/** What a request would erase today, and why the rest is kept; reads only. */
export async function planComplainantErasure(
  ctx: AppContext,
  idOrEmail: string,
): Promise<{
  complainantId: string | null;
  address: string | null;
  language: Language;
  policy: RetentionPolicy;
  plan: ErasurePlan;
  recordHoldsData: boolean;
  keptOnOthersCases: number;
}> {
  const found = await findSubjectOrAddress(ctx, idOrEmail);
  const { years, countFrom } = ctx.config.retention;
  const policy: RetentionPolicy = { years, countFrom };
  const inboxCandidates = (inbox: Awaited<ReturnType<typeof subjectInboxItems>>) =>
    inbox.map((i) => ({
      id: i.id,
      receivedAt: i.receivedAt,
      receivedOn: localDate(i.receivedAt, ctx.config.timezone),
      handled: i.status !== 'open',
    }));
  if (found.kind === 'address') {
    // No record, so no case, no hold on a person and nothing of a record to erase: only the messages decide.
    const plan = planAddressErasure(
      inboxCandidates(found.inbox),
      localDate(ctx.clock.now(), ctx.config.timezone),
      policy,
    );
    return {
      complainantId: null,
      address: found.address,
      language: ctx.config.defaultLanguage,
      policy,
      plan,
      recordHoldsData: false,
      keptOnOthersCases: (await inboundOnOthersCases(ctx.database.db, [found.address], [])).length,
    };
  }
  const subject = found.complainant;
  const { db } = ctx.database;
  const ids = await recordsOfPerson(ctx, subject);
  const mine = new Set(await caseIdsOfComplainants(db, ids));
  const { rows, holds, candidates } = await loadMatters(ctx, await casesLinkedTo(db, [...mine]));
  const done = await anonymisedAmong(db, [...rows.keys()]);
  const complainantHold = (await holdsInForce(db, 'complainant', ids))[0];
  const inbox = await subjectInboxItems(ctx, ids);
  const plan = planErasure(
    candidates.map((c) => {
      const h = holds.get(c.id);
      return {
        ...c,
        subject: mine.has(c.id),
        anonymised: done.has(c.id),
        hold: h ? { scope: h.scope, reason: h.reason, setBy: h.setBy, setAt: h.setAt } : null,
      };
    }),
    localDate(ctx.clock.now(), ctx.config.timezone),
    policy,
    complainantHold
      ? {
          scope: complainantHold.scope,
          reason: complainantHold.reason,
          setBy: complainantHold.setBy,
          setAt: complainantHold.setAt,
        }
      : false,
    inboxCandidates(inbox),
  );
  const d = subject.details;
  return {
    complainantId: subject.id,
    address: null,
    language: d.language,
    policy,
    plan,
    recordHoldsData: !!(d.name || d.email || d.phone || d.postalAddress?.length),
    // Redacted rows no longer name the sender, so a message whose other case is anonymised is not counted.
    keptOnOthersCases: (await inboundOnOthersCases(db, await subjectAddresses(ctx, ids), [...mine])).length,
  };
}

/** What a request would do today, as its result (the erasure page shows it): changes nothing, records nothing. */
/**
 * What an erasure of this person would do, changing nothing: it lists what is held on them, so it is asked of the
 * same rule as the erasure itself (core/access/complainant-record.ts), whatever the door.
 */
export async function previewErasure(
  ctx: AppContext,
  idOrEmail: string,
  by: Requester,
): Promise<ErasureResult> {
  requireRecordAct(requesterRef(by), 'erase');
  return plannedErasure(ctx, idOrEmail);
}

async function plannedErasure(ctx: AppContext, idOrEmail: string): Promise<ErasureResult> {
  const planned = await planComplainantErasure(ctx, idOrEmail);
  return {
    ...planned,
    dryRun: true,
    erased: [],
    skipped: [],
    inboxErased: [],
    inboxSkipped: [],
    complainantErased: planned.plan.complainantErased,
  };
}

export async function eraseComplainant(
  ctx: AppContext,
  idOrEmail: string,
  request: ErasureRequest,
): Promise<ErasureResult> {
  // Who may ask for it (core/access/complainant-record.ts), whatever the door, before anything is planned.
  requireRecordAct(requesterRef(request.acting), 'erase');
  const reason = reasonOf(request.reason);
  if (request.dryRun) return plannedErasure(ctx, idOrEmail);
  // A record erased already is refused with why (the page after an erasure still shows what is left: nothing).
  requireRecordAct(
    requesterRef(request.acting),
    'erase',
    await recordSubjectOf(ctx, await findSubjectOrAddress(ctx, idOrEmail)),
  );
  const result = { ...(await plannedErasure(ctx, idOrEmail)), dryRun: false };
  const { plan } = result;
  const erase = plan.cases.flatMap((d) => (d.decision === 'erase' ? [d] : []));
  const eraseInbox = plan.inboxItems.flatMap((d) => (d.decision === 'erase' ? [d] : []));
  const digest = result.complainantId === null ? await addressDigest(ctx, result.address ?? '') : null;
  // Recorded first, so that the log shows the request even if it is stopped half-way; the reason and the label
  // are redacted with the record when it goes.
  await inAccountsTransaction(ctx, (repo) =>
    recordAudit(
      ctx,
      repo,
      request.acting,
      'erasure_requested',
      result.complainantId === null
        ? subjectAuditTarget(
            {
              kind: 'address',
              address: result.address ?? '',
              digest: digest ?? '',
              inbox: [],
            },
            'none',
          )
        : { type: 'complainant', id: result.complainantId, label: null },
      {
        reason,
        erase: erase.map((d) => d.reference),
        kept: plan.cases.flatMap((d) =>
          d.decision === 'keep' ? [{ reference: d.reference, why: d.why, until: d.until }] : [],
        ),
        inboxErased: eraseInbox.length,
        inboxKept: plan.inboxItems.flatMap((d) => (d.decision === 'keep' ? [{ id: d.id, why: d.why }] : [])),
        complainantErased: plan.complainantErased,
      },
    ),
  );
  const options = {
    actor: request.acting.actor,
    actorLabel: request.acting.label,
    detail: { erasureRequest: true },
  };
  // Staff mail an older instance wrote during an upgrade names no case yet: given its cases first, it goes with them.
  await linkStaffMailByItsLinks(ctx.database.db);
  await secureDelete(ctx.database.db, async () => {
    for (const d of erase) {
      const done = await anonymiseCase(ctx, d, options);
      if (done.entry)
        result.erased.push({
          reference: d.reference,
          correspondence: done.entry.correspondence,
          originalsDeleted: done.entry.originalsDeleted,
        });
      else result.skipped.push({ reference: d.reference, why: done.why });
    }
    // Messages on no case that a person has handled serve no kept case: they go now, before their period ends.
    for (const d of eraseInbox) {
      const done = await anonymiseInboxItem(ctx, { id: d.id, handledOn: null, endsOn: null }, options);
      if (done.entry)
        result.inboxErased.push({
          id: d.id,
          receivedAt: d.receivedAt,
          originalsDeleted: done.entry.originalsDeleted,
        });
      else result.inboxSkipped.push({ id: d.id, why: done.why });
    }
    // A person with no case left to keep (none at all, or every one anonymised before): the record goes on its
    // own, as the retention run does for such records. anonymiseComplainant checks holds and kept cases again.
    // Applying it again to a record already anonymised writes the same thing (redaction is idempotent).
    const complainantId = result.complainantId;
    if (plan.complainantErased && complainantId !== null)
      result.complainantErased = await ctx.database.transaction((trx) =>
        anonymiseComplainant(trx, complainantId, ctx.clock.now(), { newId: () => ctx.newId(), ...options }),
      );
  });
  if (result.complainantErased) result.recordHoldsData = false;
  return result;
}
