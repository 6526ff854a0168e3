// Handling an item of the triage inbox (inbound correspondence not on a case): file it onto a case, open a case
// from it (with the reading of the message), reclassify it as `other` with a reason (P7.4), or dismiss it with a
// reason. Each action is an event on the item's stream; filing also records `correspondence_filed` on the case.
// Filing onto a case and opening a case are acts on that case (src/core/access/case-access.ts): only management
// opens a step-2 case or files mail onto one (P5.2), and only the complaints team does so for the rest.
import { z } from 'zod';
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import {
  complainantEmail,
  inboxCorrespondence,
  setCorrespondenceCase,
} from '../adapters/db/intake-lookups.repo.ts';
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import { decideCase } from '../core/case/case.ts';
import { decideInboxItem, type InboxItemState } from '../core/case/inbox.ts';
import {
  CHANNELS,
  type Channel,
  LANGUAGES,
  type Language,
  type OtherReason,
  type Step,
} from '../core/case/model.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import { storedAddress } from '../core/intake/addresses.ts';
import { missingFields } from '../core/intake/missing-fields.ts';
import type { AppContext } from './context.ts';
import { openCaseIn } from './open-case.ts';
import { inTransaction } from './transaction.ts';

export type InboxAction =
  | { type: 'file_onto_case'; caseReference: string }
  | { type: 'open_case'; kind: 'complaint' | 'suggestion'; step: Step | null }
  | { type: 'reclassify'; reason: OtherReason; note: string | null }
  | { type: 'dismiss'; reason: string };

export interface HandledInboxItem {
  item: InboxItemState;
  caseId: string | null;
  caseReference: string | null;
}

/** The parts of a stored reading (`correspondence.reading`, what `redress parse` prints) used here; lenient. */
const readingSchema = z
  .object({
    language: z.enum(LANGUAGES).nullable().catch(null),
    complainant: z
      .object({ name: z.string().nullable().catch(null), email: z.string().nullable().catch(null) })
      .nullable()
      .catch(null),
    ticketRefs: z.array(z.string()).catch([]),
    domains: z.array(z.string()).catch([]),
    caseRefs: z.array(z.string()).catch([]),
    description: z.string().nullable().catch(null),
    expectations: z.string().nullable().catch(null),
    markerFound: z.boolean().nullable().catch(null),
    missing: z.array(z.string()).nullable().catch(null),
    receivedAt: z.string().nullable().catch(null),
  })
  .partial();

function readingOf(json: string | null): z.infer<typeof readingSchema> {
  if (!json) return {};
  try {
    const parsed = readingSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const notFound = (what: string) => new DomainError({ code: 'case_not_found', message: what });

export function handleInboxItem(
  ctx: AppContext,
  itemId: string,
  action: InboxAction,
  by: ActorRef,
): Promise<HandledInboxItem> {
  return inTransaction(ctx, (agg) => handleInboxItemIn(ctx, agg, itemId, action, by));
}

export async function handleInboxItemIn(
  ctx: AppContext,
  agg: Aggregates,
  itemId: string,
  action: InboxAction,
  by: ActorRef,
): Promise<HandledInboxItem> {
  const now = ctx.clock.now();
  const actor = actorName(by);
  const meta = { at: now, actor };
  const loaded = await agg.loadInboxItem(itemId);
  const item = loaded.state;
  if (!item) throw notFound(`There is no inbox item ${itemId}.`);
  const decideCtx = { now, calendar: ctx.calendar, policy: ctx.policy };

  switch (action.type) {
    case 'reclassify':
    case 'dismiss': {
      const events = orThrow(decideInboxItem(item, action));
      const saved = await agg.saveInboxItem(itemId, loaded, events, meta);
      return { item: saved.state, caseId: null, caseReference: null };
    }
    case 'file_onto_case': {
      const reference = action.caseReference.trim().toUpperCase();
      const caseId = await agg.caseIdByReference(reference);
      if (!caseId) throw notFound(`There is no case ${reference}.`);
      // Check the item's rule first (already handled?), then the case's.
      const itemEvents = orThrow(decideInboxItem(item, { type: 'file_onto_case', caseId }));
      const corr = await correspondenceOf(agg, item.correspondenceId);
      const kase = await agg.loadCase(caseId);
      if (kase.state) requireCaseAct(by, 'file_correspondence', kase.state);
      const complainant = kase.state ? await complainantEmail(agg.db, kase.state.complainantId) : null;
      const fromComplainant =
        !!corr.from_address && !!complainant && corr.from_address.toLowerCase() === complainant;
      const caseEvents = orThrow(
        decideCase(
          kase.state,
          {
            type: 'file_correspondence',
            correspondenceId: corr.id,
            direction: 'in',
            channel: channelOf(corr.channel),
            fromComplainant,
          },
          decideCtx,
        ),
      );
      await agg.saveCase(caseId, kase, caseEvents, meta);
      const saved = await agg.saveInboxItem(itemId, loaded, itemEvents, meta);
      await setCorrespondenceCase(agg.db, corr.id, caseId);
      return { item: saved.state, caseId, caseReference: reference };
    }
    case 'open_case': {
      // Refuse before numbering a case when the item was already handled.
      orThrow(decideInboxItem(item, { type: 'open_case', caseId: '-' }));
      const step = action.kind === 'complaint' ? (action.step ?? 1) : null;
      requireCaseAct(by, 'open', { kind: action.kind, step, department: null, ownerId: null });
      const corr = await correspondenceOf(agg, item.correspondenceId);
      const r = readingOf(corr.reading);
      const name = r.complainant?.name ?? corr.from_name ?? null;
      // One valid address or none: an older row may hold a list (DESIGN.md "Outbound mail").
      const email = storedAddress(r.complainant?.email) ?? storedAddress(corr.from_address);
      const description = r.description ?? (corr.text_body?.trim() || null);
      // P2.7 for the kind the person chose (the reading may have taken it for another kind). Whether the
      // subject carried the marker: `markerFound`, or for an older reading, whether its `missing` named it.
      const missing = missingFields({
        kind: action.kind,
        name,
        contact: { email },
        description,
        expectations: r.expectations,
        marker:
          corr.channel === 'email'
            ? (r.markerFound ?? (r.missing ? !r.missing.includes('marker') : null))
            : null,
      });
      const language: Language =
        r.language ??
        ((LANGUAGES as readonly string[]).includes(corr.language ?? '')
          ? (corr.language as Language)
          : null) ??
        mailboxLanguage(ctx, corr.mailbox);
      const opened = await openCaseIn(ctx, agg, {
        kind: action.kind,
        step,
        channel: channelOf(corr.channel),
        receivedAt: r.receivedAt ?? corr.at,
        language,
        subject: corr.subject,
        complainant: { name, email },
        fields: {
          ticketRefs: r.ticketRefs ?? [],
          domains: r.domains ?? [],
          description,
          expectations: r.expectations ?? null,
        },
        missing,
        correspondenceId: corr.id,
        caseRefs: r.caseRefs ?? [],
        actor,
      });
      const events = orThrow(decideInboxItem(item, { type: 'open_case', caseId: opened.caseId }));
      const saved = await agg.saveInboxItem(itemId, loaded, events, meta);
      await setCorrespondenceCase(agg.db, corr.id, opened.caseId);
      return { item: saved.state, caseId: opened.caseId, caseReference: opened.reference };
    }
  }
}

async function correspondenceOf(agg: Aggregates, id: string) {
  const row = await inboxCorrespondence(agg.db, id);
  if (!row) throw notFound(`The correspondence ${id} of this inbox item is missing.`);
  return row;
}

function channelOf(value: string): Channel {
  return (CHANNELS as readonly string[]).includes(value) ? (value as Channel) : 'email';
}

function mailboxLanguage(ctx: AppContext, mailbox: string | null): Language {
  return ctx.config.mailboxes.find((m) => m.name === mailbox)?.language ?? ctx.config.defaultLanguage;
}
