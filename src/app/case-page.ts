// What the staff's case page shows beyond getCase: the text and purpose of each piece of
// correspondence and the kind of its original, the names of the people in the history, the staff a case can be
// assigned to, and the actions the procedure allows on the case now, found by asking the core (decideCase) rather
// than by repeating its rules. A fixed number of queries whatever the length of the history (no N+1).
import { caseStream } from '../adapters/db/aggregates.repo.ts';
import {
  activeStaffIn,
  caseIdOfReference,
  correspondenceExtras,
  correspondenceOfCase,
  departmentMembersDepartments,
  firstInboundText,
  namesOf,
  openCaseOwnersIn,
  reportOwnersIn,
  staffByIds,
} from '../adapters/db/case-page.repo.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { rolesMayOwn, rolesOwningCases } from '../core/access/case-access.ts';
import type { DesignatedContact } from '../core/access/designated-contact.ts';
import {
  CASE_ACTION_NAMES,
  offeredActions,
  type CaseActionName as RegisteredAction,
} from '../core/case/actions.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import {
  type ComplainantState,
  type MailboxRestriction,
  mailboxRestrictions,
} from '../core/case/complainant.ts';
import { extensionChoices } from '../core/case/extension.ts';
import type { Language, Outcome } from '../core/case/model.ts';
import { hasAddressToAnswer } from '../core/case/reachability.ts';
import { answerExtras } from '../core/correspondence/case-texts.ts';
import type { RenderedText } from '../core/correspondence/compose.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn, sameMailboxRecordsIn } from './designated-contact.ts';
import { type CaseView, CORRESPONDENCE_SHOWN, getCase } from './get-case.ts';
import { activeTemplate } from './manage-templates.ts';
import {
  complainantAsWrittenTo,
  languageOf,
  loadCaseMailContext,
  organisationDetails,
  reachableByEmail,
  renderForCase,
} from './outbound-mail.ts';

export interface CorrespondenceItem {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  at: string;
  status: string;
  statusDetail: string | null;
  originalSha256: string | null;
  originalType: string | null;
  originalSize: number | null;
  /** Outbound: the text it was written from (acknowledgement, answer, …) and who it was for. */
  purpose: string | null;
  audience: string | null;
}

export interface StaffMemberRow {
  id: string;
  name: string;
  role: string;
  /** Where it is not `active` (a disabled account still owning cases), the page says so. */
  status?: string;
}

export interface CasePage extends Omit<CaseView, 'correspondence'> {
  correspondence: CorrespondenceItem[];
  /** Display names of the accounts named in the history (owner, actors, deciders). */
  names: Map<string, string>;
  /** The complainant's designated contact in force, with their account (who writes on this case, P8.4). */
  designatedContact: DesignatedContact | null;
  /** Restrictions in force on another record of the complainant's mailbox, which hold for this one too (P8.3). */
  mailboxRestrictions: MailboxRestriction[];
  /**
   * The complainant as this case writes to them (outbound-mail.ts complainantOfCase): their record, at the postal
   * address of the letter that opened the case where it gave one. What the page shows as where an answer goes.
   */
  writtenTo: ComplainantState | null;
  /**
   * The words of the first message received, where the page shows them: a suggestion that has no description of
   * its own. The only text of a message the page holds (correspondenceExtras reads none).
   */
  firstInText: string | null;
}

/**
 * Everything the case page needs, in a fixed number of queries. On PostgreSQL each query waits for a round trip,
 * so what does not depend on another answer is asked at the same time: the correspondence's text with the case's
 * state, then the names once the history tells whose they are.
 */
export async function loadCasePage(ctx: AppContext, caseId: string): Promise<CasePage> {
  const [view, extras] = await Promise.all([
    getCase(ctx, caseId),
    correspondenceExtras(ctx.database.db, caseId, CORRESPONDENCE_SHOWN),
  ]);
  const byId = new Map(extras.map((e) => [e.id, e]));
  const correspondence = view.correspondence.map((c) => {
    const x = byId.get(c.id);
    return {
      ...c,
      direction: c.direction === 'out' ? ('out' as const) : ('in' as const),
      purpose: x?.purpose ?? null,
      audience: x?.audience ?? null,
      originalType: x?.originalType ?? null,
      originalSize: x?.originalSize === null || x?.originalSize === undefined ? null : Number(x.originalSize),
    };
  });
  const people = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (id) people.add(id.replace(/^user:/, ''));
  };
  add(view.state.ownerId);
  for (const e of view.events) {
    if (e.actor.startsWith('user:')) add(e.actor);
    const p = e.payload as { from?: unknown; to?: unknown } | null;
    if (e.type === 'assigned') {
      if (typeof p?.from === 'string') add(p.from);
      if (typeof p?.to === 'string') add(p.to);
    }
  }
  // Restrictions decided on another record of the same mailbox hold here too (designatedContactHolding).
  const others = await sameMailboxRecordsIn(ctx.database, view.complainant ?? null);
  const onMailbox = view.complainant ? mailboxRestrictions(view.complainant, others) : [];
  for (const r of [...(view.complainant?.restrictions ?? []), ...onMailbox.map((m) => m.restriction)]) {
    add(r.designatedContactId);
    if (r.decidedBy.startsWith('user:')) add(r.decidedBy);
    if (r.liftedBy?.startsWith('user:')) add(r.liftedBy);
  }
  const showsFirstText = view.state.kind === 'suggestion' && !view.state.fields.description?.trim();
  const [names, designatedContact, writtenTo, firstInText] = await Promise.all([
    userNames(ctx, [...people]),
    designatedContactIn(ctx.database, view.complainant ?? null, others),
    complainantAsWrittenTo(ctx.database.db, view.state, view.complainant),
    showsFirstText ? firstInboundText(ctx.database.db, caseId) : null,
  ]);
  return {
    ...view,
    correspondence,
    names,
    designatedContact,
    mailboxRestrictions: onMailbox,
    writtenTo,
    firstInText,
  };
}

/** Names of accounts by id, in one query. */
export async function userNames(ctx: AppContext, ids: readonly string[]): Promise<Map<string, string>> {
  return namesOf(ctx.database.db, ids);
}

/** Active staff who can own cases: the complaints team for step 1 and suggestions, management for step 2. */
export async function assignableStaff(ctx: AppContext, step: number | null): Promise<StaffMemberRow[]> {
  // The roles the case rule lets own such a case (a step of null: a suggestion or other, handled as step 1).
  const roles = rolesMayOwn({ kind: step === null ? 'suggestion' : 'complaint', step: step === 2 ? 2 : 1 });
  return activeStaffIn(ctx.database.db, roles);
}

/** Every active member of the complaints team and management (for reassignment and designated contacts). */
export async function caseHandlers(ctx: AppContext): Promise<StaffMemberRow[]> {
  return activeStaffIn(ctx.database.db, rolesOwningCases());
}

/** Who the reports can be narrowed to: whoever handles cases now, and whoever owns one, a disabled account too. */
export async function reportOwners(ctx: AppContext): Promise<StaffMemberRow[]> {
  return reportOwnersIn(ctx.database.db, rolesOwningCases());
}

/** The account owning a case, with its role and status (a disabled owner is still shown as the owner), or null. */
export async function caseOwner(ctx: AppContext, ownerId: string | null): Promise<StaffMemberRow | null> {
  if (!ownerId) return null;
  return (await staffByIds(ctx.database.db, [ownerId]))[0] ?? null;
}

/**
 * Everyone who still owns open cases, active or not (for "Someone is away": a disabled colleague's cases are handed
 * over like anyone's), by name.
 */
export async function openCaseOwners(ctx: AppContext): Promise<StaffMemberRow[]> {
  return openCaseOwnersIn(ctx.database.db);
}

/**
 * What the page offers: the case actions (declared once in src/core/case/actions.ts) and a link to the letter door
 * to record a letter on this case.
 */
export type CaseActionName = RegisteredAction | 'record_letter';
export const CASE_ACTIONS: readonly CaseActionName[] = [...CASE_ACTION_NAMES, 'record_letter'];

/**
 * The actions the procedure allows on this case now: each is put to the core as its probe command (nothing is
 * saved) and offered when the core accepts it; an extension only when some window would be accepted (a late
 * case cannot be extended: P4.3 says before); what writes to the complainant only when there is an address to
 * write to (the case page offers to add one instead, src/core/case/reachability.ts).
 */
export function allowedActions(
  ctx: AppContext,
  state: CaseState,
  complainant?: ComplainantState | null,
): Set<CaseActionName> {
  const now = ctx.clock.now();
  const d = { now, calendar: ctx.calendar, policy: ctx.policy };
  const out: Set<CaseActionName> = offeredActions({
    merged: !!state.mergedInto,
    accepts: (command) => decideCase(state, command, d).ok,
    extensible: !!extensionChoices(state, now, ctx.calendar, ctx.policy, 1),
    reachable:
      !complainant ||
      hasAddressToAnswer({
        email: complainant.details.email,
        unreachableByEmail: complainant.unreachableByEmail,
        postalAddress: complainant.details.postalAddress,
      }),
    lettersToPost: state.lettersToPost.length > 0,
  });
  if (!state.mergedInto) out.add('record_letter');
  return out;
}

/**
 * The definitive answer as the complainant will read it, in their language, from the template in use and what
 * staff typed so far (nothing is saved or sent). The same variables answer-case.ts sends with.
 */
export async function previewAnswer(
  ctx: AppContext,
  caseId: string,
  input: { outcome: Outcome; text: string | null; remedy: string | null },
  known: { state: CaseState; complainant: ComplainantState | null } | null = null,
): Promise<RenderedText> {
  const { db } = ctx.database;
  // The case page has just read the case and its complainant: the preview reuses them rather than read them
  // again, and asks for the template at the same time as the rest.
  const templateOf = (language: Language) => activeTemplate(db, 'answer', language).then((t) => t.template);
  const [mailCtx, knownTemplate] = await Promise.all([
    loadCaseMailContext(ctx, db, caseId, known ?? {}),
    known ? templateOf(languageOf(ctx.config, known.state.language)) : null,
  ]);
  const s = mailCtx.state;
  const language = languageOf(ctx.config, s.language);
  const template = knownTemplate ?? (await templateOf(language));
  const org = organisationDetails(ctx.config);
  const extras = answerExtras(s, language, org, input);
  return renderForCase(
    ctx,
    mailCtx,
    'answer',
    language,
    template,
    extras,
    reachableByEmail(mailCtx.complainant),
  );
}

export interface WindowDay {
  date: string;
  /** Working days from today. */
  n: number;
}

/**
 * The extension window picker: the working days a window may start and end on, each with its distance. It works
 * from the state the page has just read (the same rule extend-case.ts applies when the form is sent); reading it
 * again would take a transaction and a row lock on every page view.
 */
export function extensionPicker(
  ctx: AppContext,
  state: CaseState,
): { firstDays: WindowDay[]; lastDays: WindowDay[] } | null {
  const options = extensionChoices(state, ctx.clock.now(), ctx.calendar, ctx.policy);
  if (!options) return null;
  const today = ctx.calendar.localDate(ctx.clock.now());
  const withDistance = (days: string[]) =>
    days.map((date) => ({ date, n: ctx.calendar.workingDaysBetween(today, date) }));
  return { firstDays: withDistance(options.firstDays), lastDays: withDistance(options.lastDays) };
}

/** Departments suggestions go to: the configured ones and those of department members' accounts. */
export async function knownDepartments(ctx: AppContext): Promise<string[]> {
  const rows = await departmentMembersDepartments(ctx.database.db);
  const names = new Map<string, string>();
  for (const d of ctx.config.departments) names.set(d.name.toLowerCase(), d.name);
  for (const r of rows)
    for (const d of JSON.parse(r.departments) as string[])
      if (!names.has(d.toLowerCase())) names.set(d.toLowerCase(), d);
  return [...names.values()].sort((a, b) => a.localeCompare(b));
}

export interface CorrespondenceDetail extends CorrespondenceItem {
  /** The text read out of it: its own page shows it (the case page holds none). */
  textBody: string | null;
  toAddress: string | null;
  attachments: Array<{ sha256: string; filename: string; contentType: string }>;
}

/** One piece of correspondence of a case (null when it is not on this case). */
export async function caseCorrespondence(
  ctx: AppContext,
  caseId: string,
  correspondenceId: string,
): Promise<CorrespondenceDetail | null> {
  const r = await correspondenceOfCase(ctx.database.db, caseId, correspondenceId);
  if (!r) return null;
  return {
    ...r,
    direction: r.direction === 'out' ? 'out' : 'in',
    originalSize: r.originalSize === null ? null : Number(r.originalSize),
    attachments: r.attachments
      ? (JSON.parse(r.attachments) as Array<{ sha256: string; filename: string; contentType: string }>)
      : [],
  };
}

/** The bytes of an original (raw e-mail, scan, letter PDF, attachment we sent) by its SHA-256. */
export function originalContent(ctx: AppContext, sha256: string) {
  return new DatabaseOriginals(ctx.database.db).get(sha256);
}

/** The current state of a case (for checking who may act before acting), or null. */
export async function caseStateOf(ctx: AppContext, caseId: string): Promise<CaseState | null> {
  return (await loadStream<CaseState>(ctx.database.db, caseStream(caseId))).state;
}

/** A case's id by its reference (as typed: any case), or null. */
export async function caseIdByReference(ctx: AppContext, reference: string): Promise<string | null> {
  const row = await caseIdOfReference(ctx.database.db, reference.trim().toUpperCase());
  return row?.id ?? null;
}
