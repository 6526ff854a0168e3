// Opening a case: a complaint (step 1 or 2) or a suggestion received by any channel. Finds or registers the
// complainant, numbers the case, links a step-2 case to its step-1 case (P5; never refused, P5.3), and routes
// the case to the complainant's designated contact when one is in force and may handle it (P8.4; a step the contact
// does not handle follows the usual routing, src/core/access/designated-contact.ts).
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import { caseLanguage } from '../core/case/case-language.ts';
import { type ContactDetails, decideComplainant } from '../core/case/complainant.ts';
import { missingNow } from '../core/case/known-details.ts';
import type { Channel, ComplaintFields, Language, MissingField, Step } from '../core/case/model.ts';
import { orThrow } from '../core/case/refusal.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn, routeToContactIn } from './designated-contact.ts';
import { findStep1Case, findStep2Place } from './step1-of-request.ts';
import { inTransaction } from './transaction.ts';

export interface OpenCaseInput {
  kind: 'complaint' | 'suggestion';
  step: Step | null;
  channel: Channel;
  receivedAt: string;
  /**
   * The language of the message: the one a person chose when `languageChosen`, else the one it is written in (or
   * the mailbox's). The case's language follows from it by the rule of every door (case-language.ts).
   */
  language: Language;
  /** A person chose `language` for this message (the form's visitor, staff reading a letter). Default: false. */
  languageChosen?: boolean;
  subject: string;
  complainant: Partial<Omit<ContactDetails, 'language'>>;
  fields: ComplaintFields;
  missing: MissingField[];
  correspondenceId: string | null;
  /** Case references quoted by the complainant; for a step-2 request the step-1 case is looked up among them. */
  caseRefs?: string[];
  /**
   * The references were chosen by a person (a letter registered by staff, an escalation) or already checked by
   * the door: a step-2 request may then concern a case that is not the complainant's own (step1-of-request.ts).
   * Default: for letters and escalations.
   */
  refsChosen?: boolean;
  /** An existing complainant to attach the case to (instead of looking up by e-mail). */
  complainantId?: string | null;
  /** The id the case is to have, when the caller has written rows naming it already (the mail doors). */
  caseId?: string;
  actor: string;
}

export interface OpenedCase {
  caseId: string;
  reference: string;
  complainantId: string;
  state: CaseState;
  step1CaseId: string | null;
}

export function openCase(ctx: AppContext, input: OpenCaseInput): Promise<OpenedCase> {
  return inTransaction(ctx, (agg) => openCaseIn(ctx, agg, input));
}

/** The same, inside a transaction the caller already holds (the mail doors store the original in it too). */
export async function openCaseIn(
  ctx: AppContext,
  agg: Aggregates,
  input: OpenCaseInput,
): Promise<OpenedCase> {
  const now = ctx.clock.now();
  const meta = { at: now, actor: input.actor };
  const complainantId = await findOrRegisterComplainant(ctx, agg, input, meta);
  const complainant = await agg.loadComplainant(complainantId);

  let step1: CaseState | null = null;
  if (input.kind === 'complaint' && input.step === 2)
    step1 = await findStep1Case(agg, {
      complainantId,
      quotedRefs: input.caseRefs ?? [],
      staffChose: input.refsChosen ?? (input.channel === 'letter' || input.channel === 'escalation'),
    });
  // The doors ask first whether a step-2 request joins a step-2 case of the writer's (step2-of-request.ts). Where
  // a case is opened all the same (the rule cannot tell which of several, or a person chose to open one from the
  // inbox), the step-2 cases it may be about are named on it for a person to choose, and merge.
  const otherStep2: string[] = [];
  if (input.kind === 'complaint' && input.step === 2 && input.channel !== 'escalation') {
    const place = await findStep2Place(agg, { complainantId, step1 });
    otherStep2.push(...('join' in place ? [place.join] : place.askStaff));
  }

  // P10: a known complainant keeps their language, a step-2 case its step-1 case's (case-language.ts).
  const language = caseLanguage({
    chosen: input.languageChosen ? input.language : null,
    continued: step1?.language ?? null,
    complainant: complainant.state?.details.language ?? null,
    written: input.language,
    fallback: ctx.config.defaultLanguage,
  });

  const prefix =
    input.kind === 'suggestion' ? ctx.config.references.suggestion : ctx.config.references.complaint;
  const year = ctx.calendar.localDate(input.receivedAt).year;
  const reference = await agg.nextReference(prefix, year);
  const caseId = input.caseId ?? ctx.newId();
  const decideCtx = { now, calendar: ctx.calendar, policy: ctx.policy };
  const events = orThrow(
    decideCase(
      null,
      {
        type: 'receive',
        caseId,
        reference,
        kind: input.kind,
        step: input.kind === 'complaint' ? (input.step ?? 1) : null,
        channel: input.channel,
        complainantId,
        receivedAt: input.receivedAt,
        language,
        subject: input.subject,
        fields: input.fields,
        // What the door found missing, less what the complainant's record already holds (known-details.ts): a
        // known complainant writing without a display name has given their name before. Letters completed it
        // themselves; every door now does, here.
        missing:
          input.kind === 'complaint'
            ? missingNow(input.missing, complainant.state?.details ?? null)
            : input.missing,
        correspondenceId: input.correspondenceId,
        step1,
        categories: ctx.config.categoryCatalogue,
      },
      decideCtx,
    ),
  );
  const opened = await agg.saveCase(caseId, { state: null, version: 0, headHash: null }, events, meta);
  const contact = await designatedContactIn(agg, complainant.state);
  const routed = await routeToContactIn(ctx, agg, [caseId], contact, 'system');
  let state = routed.length ? (await agg.loadCase(caseId)).state! : opened.state;
  if (otherStep2.length) {
    const references: string[] = [];
    for (const id of otherStep2) references.push((await agg.loadCase(id)).state?.reference ?? id);
    const reason = staffNote('step2OtherCases', { references: references.join(', ') });
    // Flagged with it, or, where P5.3's warning flagged the case already (no step-1 case behind it), noted on it.
    const loaded = await agg.loadCase(caseId);
    const flag = decideCase(loaded.state, { type: 'flag', reason }, decideCtx);
    const asked = flag.ok ? flag : decideCase(loaded.state, { type: 'add_note', text: reason }, decideCtx);
    if (asked.ok)
      state = (await agg.saveCase(caseId, loaded, asked.events, { ...meta, actor: 'system' })).state!;
  }
  if (step1) {
    const loaded = await agg.loadCase(step1.id);
    // Staff escalation records `escalated` on step 1 (refused unless answered); a received request links it.
    const type = input.channel === 'escalation' ? 'escalate' : 'link_step2';
    const link = decideCase(
      loaded.state,
      { type, step2CaseId: caseId, step2Reference: reference },
      decideCtx,
    );
    if (type === 'escalate') orThrow(link);
    if (link.ok) await agg.saveCase(step1.id, loaded, link.events, meta);
  }
  return { caseId, reference, complainantId, state, step1CaseId: step1?.id ?? null };
}

async function findOrRegisterComplainant(
  ctx: AppContext,
  agg: Aggregates,
  input: OpenCaseInput,
  meta: { at: string; actor: string },
): Promise<string> {
  if (input.complainantId) return input.complainantId;
  const email = input.complainant.email?.trim().toLowerCase() || null;
  if (email) {
    const found = await agg.complainantIdByEmail(email);
    if (found) return found;
  }
  const id = ctx.newId();
  const details: ContactDetails = {
    name: input.complainant.name?.trim() || null,
    email,
    phone: input.complainant.phone ?? null,
    postalAddress: input.complainant.postalAddress ?? null,
    language: input.language,
  };
  const events = orThrow(
    decideComplainant(
      null,
      { type: 'register', details },
      { today: ctx.calendar.localDate(meta.at).toString() },
    ),
  );
  await agg.saveComplainant(id, { state: null, version: 0, headHash: null }, events, meta);
  return id;
}
