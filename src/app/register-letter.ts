// Registering a postal letter (P1.1, P1.2, P2, P3.1, P5): staff enter what the letter says and
// the scan (PDF or image) is kept byte for byte as its original. In ONE transaction: the scan (if new), the
// correspondence row, and the case: a new case (the clock starts when the letter ARRIVED: 00:00 local that day
// unless a time is given), a step-2 case linked to the step-1 case it escalates, or the letter filed on the case
// it refers to. The same scan registered twice is one letter (the second registration changes nothing).
// The acknowledgement follows in the same transaction: by e-mail where an address is known, else a printable
// letter waiting on the case (see acknowledge-case.ts); none for a complainant with a designated contact (P8.4).
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import { type Aggregates, caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import { caseIdOfReference } from '../adapters/db/case-page.repo.ts';
import { type AutoReply, CorrespondenceRepo, type Filing } from '../adapters/db/correspondence.repo.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import { recordsNamed } from '../adapters/db/letters.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { LANGUAGES } from '../config.ts';
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import { isInstantWithOffset, isIsoDate, toUtcIso } from '../core/calendar/business-calendar.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import { caseLanguage, languageBeforeText } from '../core/case/case-language.ts';
import { type ComplainantState, decideComplainant, designatedContactOf } from '../core/case/complainant.ts';
import { type FieldFix, fieldIssuesOf } from '../core/case/field-issue.ts';
import type { Language, MissingField } from '../core/case/model.ts';
import { type PromiseForecast, promiseForecast } from '../core/case/promise.ts';
import { DomainError, orThrow, type RefusalDetails } from '../core/case/refusal.ts';
import { autoReplyVerdict } from '../core/correspondence/auto-reply.ts';
import { nameMatchingType } from '../core/files/attachment-policy.ts';
import { SCAN_EXTENSIONS, SCAN_TYPE_LIST, type ScanType, scanTypeOf } from '../core/files/scan-types.ts';
import { storedAddress } from '../core/intake/addresses.ts';
import { letterArrivalProblem, letterArrivalVerdict } from '../core/intake/arrival.ts';
import { normaliseDomain } from '../core/intake/domains.ts';
import {
  type ContactField,
  letterContactVerdict,
  sameNameAndAddress,
} from '../core/intake/letter-contact.ts';
import { isEmptyLetter, letterPlace, typedLetterIdentity } from '../core/intake/letter-form.ts';
import { findMarker } from '../core/intake/marker.ts';
import { missingFields } from '../core/intake/missing-fields.ts';
import { typedTicketNumber } from '../core/intake/ticket-refs.ts';
import { ADDRESS_MAX_LINES, cleanAddressLines, cleanName, keepableText } from '../core/text/clean-text.ts';
import { afterCaseOpened } from './acknowledge-case.ts';
import type { AppContext } from './context.ts';
import { openCaseIn } from './open-case.ts';
import { serverSecret } from './rate-limit.ts';
import { recordAudit } from './record-audit.ts';
import { findStep1Case, findStep2Place } from './step1-of-request.ts';
import { SUBMISSION_LIMITS } from './submit-complaint.ts';
import { tellMovedAnswerDateIn } from './tell-moved-answer-date.ts';
import { inTransaction } from './transaction.ts';

// The scan types every door takes are one rule (core/files/scan-types.ts); re-exported for the doors.
export { type ScanType, scanTypeOf } from '../core/files/scan-types.ts';

const trimmed = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string());
const optionalText = z
  .string()
  .nullish()
  .transform((s) => s?.trim() || null);
/** A line typed, trimmed, within the limit the same field has at every door (SUBMISSION_LIMITS). */
const boundedText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((s) => s?.trim() || null);
/**
 * Text as typed, kept as every door keeps it (a NUL, which PostgreSQL refuses, shown as �: clean-text.ts), within
 * the limits of every door (SUBMISSION_LIMITS, which the letter form's fields also give).
 */
const keptText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((s) => (s ? keepableText(s).trim() : '') || null);

/** What staff enter for a letter: the same schema serves the CLI and the API. */
export const letterInputSchema = z
  .object({
    /** The day it arrived (YYYY-MM-DD: the clock starts at 00:00 local), or an instant with an offset. */
    arrived: trimmed.refine((s) => isIsoDate(s) || isInstantWithOffset(s), {
      message:
        'the date the letter arrived as YYYY-MM-DD, or an instant with its offset like 2026-11-23T14:05:00+01:00',
      params: { fix: 'letter_arrived' satisfies FieldFix },
    }),
    /** The local time of arrival on that day (HH:MM), when known. */
    time: optionalText.refine((s) => s === null || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), {
      message: 'a local time as HH:MM (24 hours), e.g. 14:05',
      params: { fix: 'letter_time' satisfies FieldFix },
    }),
    kind: z.enum(['complaint', 'suggestion']).default('complaint'),
    /** The step (complaints): as written on the letter; when absent, from the marker in the title, else 1. */
    step: z.union([z.literal(1), z.literal(2)]).nullish(),
    complainant: z
      .object({
        // One visible line each: a line break or control character must never break the letter's PDF.
        name: boundedText(SUBMISSION_LIMITS.name).transform((s) => cleanName(s)),
        // An address as every door takes it (addresses.ts storedAddress): the domain in Unicode too.
        email: z
          .string()
          .trim()
          .max(SUBMISSION_LIMITS.email)
          .refine((s) => s === '' || storedAddress(s) !== null, {
            message: 'an e-mail address like name@example.org',
            // Past its length, the address is refused for that alone.
            when: (payload) => payload.issues.length === 0,
          })
          .nullish()
          .transform((s) => storedAddress(s)),
        // One line too; a control character pasted from elsewhere is a space.
        phone: keptText(SUBMISSION_LIMITS.phone).transform((s) => cleanName(s)),
        // The lines of an address as at the API's complaint door, and no more lines than any address has.
        postalAddress: z
          .array(z.string().max(SUBMISSION_LIMITS.postalAddressLine))
          .max(ADDRESS_MAX_LINES)
          .nullish()
          .transform((lines) => cleanAddressLines(lines)),
      })
      .default({ name: null, email: null, phone: null, postalAddress: null }),
    language: z.enum(LANGUAGES).nullish(),
    /** The letter's title or subject line (where P2.6's marker is looked for). */
    title: keptText(SUBMISSION_LIMITS.subject),
    ticketRefs: z
      .array(
        z
          .string()
          .trim()
          // The rule of every door (ticket-refs.ts): what the mail reading takes for a ticket number.
          .refine((s) => typedTicketNumber(s) !== null, {
            message: 'ticket numbers as written on the ticket, e.g. 123456 or INC-2026-AB12',
            params: { fix: 'ticket_ref' satisfies FieldFix },
          }),
      )
      .max(SUBMISSION_LIMITS.ticketRefCount)
      .default([])
      .transform((refs) => [...new Set(refs.map((r) => typedTicketNumber(r) as string))]),
    domains: z
      .array(z.string().trim().min(1).max(SUBMISSION_LIMITS.domain))
      .max(SUBMISSION_LIMITS.domainCount)
      .default([]),
    description: keptText(SUBMISSION_LIMITS.description),
    expectations: keptText(SUBMISSION_LIMITS.expectations),
    /** The case the letter refers to (a reference like RC-2026-000123): a step-2 letter escalates it, else it is filed on it. */
    // Within the length of every door: a reference is looked up and named back in the refusal when there is no such case.
    caseReference: boundedText(SUBMISSION_LIMITS.caseReference),
    /**
     * The date of arrival is more than a year back and right (arrival.ts letterArrivalVerdict): without it such a
     * date is taken for a mistyped year and refused. Recorded in the audit log.
     */
    confirmOldArrival: z.boolean().default(false),
  })
  .refine((v) => v.kind === 'complaint' || !v.step, {
    message: 'a suggestion has no step (leave the step out)',
    path: ['step'],
    params: { fix: 'suggestion_without_step' satisfies FieldFix },
  })
  .refine((v) => v.time === null || isIsoDate(v.arrived), {
    message: 'give a time only with a date (YYYY-MM-DD), not with an instant',
    path: ['time'],
    params: { fix: 'letter_time_with_date' satisfies FieldFix },
  });
export type LetterInput = z.input<typeof letterInputSchema>;

export interface LetterScan {
  content: Uint8Array;
  /** Checked against the file's first bytes; guessed from them when absent. */
  contentType?: string | null;
  filename?: string | null;
}

export interface RegisteredLetter {
  correspondenceId: string;
  /** True when this letter (its scan, or without one what was typed of it) was already registered: nothing new was written. */
  duplicate: boolean;
  filing: Filing | null;
  caseId: string | null;
  reference: string | null;
  receivedAt: string | null;
  missing: MissingField[];
  /** How the complainant is acknowledged: by e-mail, by a letter to post, or not automatically. */
  acknowledgement: 'email' | 'letter' | null;
  /** No address to answer: the complaint waits "to address" until staff add one (src/core/case/reachability.ts). */
  toAddress?: boolean;
  /**
   * The contact details the letter gives that its writer's record (on record before the letter) does not hold:
   * the record was left as it was (letter-contact.ts), and staff are told so.
   */
  contactDiffers?: ContactField[];
  /** The complainant record the letter is filed under (a case opened by it). */
  complainantId?: string;
  /**
   * A record with the same name and postal address as this letter's writer, who gave no e-mail address and so got
   * a record of their own: a hint for staff, who may merge the two (nothing is merged by name).
   */
  sameRecord?: { complainantId: string; name: string | null; restricted: boolean } | null;
}

function invalid(message: string, details: RefusalDetails<'invalid_command'>): DomainError {
  return new DomainError({ code: 'invalid_command', message, details });
}

/** Registers a letter; refuses input that is not valid with a message naming the field and the fix. */
export async function registerLetter(
  ctx: AppContext,
  input: LetterInput,
  scan: LetterScan | null,
  by: ActorRef,
): Promise<RegisteredLetter> {
  // With the value refused in each issue, so that a field left out is said as such ("fill this in").
  const parsed = letterInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'letter'}: ${i.message}`);
    throw invalid(`The letter cannot be registered: ${problems.join('; ')}.`, {
      context: 'letter_fields',
      problems: fieldIssuesOf(parsed.error.issues, 'letter'),
    });
  }
  const letter = parsed.data;
  const now = ctx.clock.now();
  const receivedAt = arrivalInstant(ctx, letter.arrived, letter.time);
  // The rule of every door (arrival.ts): never in the future; more than a year back only when confirmed.
  const verdict = letterArrivalVerdict(receivedAt, now, letter.confirmOldArrival);
  // The day as typed when no time was given, else the instant (written in the organisation's time zone).
  const arrived = letter.time ? receivedAt : letter.arrived;
  const typed = `${letter.arrived}${letter.time ? ` ${letter.time}` : ''}`;
  if (!verdict.ok && verdict.refused === 'future')
    throw invalid(`arrived: ${typed} is in the future.`, { context: 'letter_arrived_future', arrived });
  if (!verdict.ok)
    throw invalid(
      `arrived: ${typed} is more than a year ago; check the year, or confirm that the letter arrived then (confirmOldArrival in the API, --confirm-old on the command line).`,
      { context: 'letter_arrived_too_old', arrived },
    );
  const domains = letter.domains.map((d) => {
    const n = normaliseDomain(d);
    if (!n)
      throw invalid(`domains: "${d}" is not a domain name (write it like example.de or müller-bau.de).`, {
        context: 'letter_domain',
        domain: d,
      });
    return n;
  });
  let scanType: ScanType | null = null;
  if (scan) {
    if (scan.content.byteLength === 0) throw invalid('scan: the file is empty.', { context: 'scan_empty' });
    scanType = scanTypeOf(scan.content);
    if (!scanType)
      throw invalid(`scan: not a PDF or an image (${SCAN_TYPE_LIST.join(', ')}); scan the letter again.`, {
        context: 'scan_type',
        types: SCAN_TYPE_LIST.join(', '),
      });
    if (scan.contentType && scan.contentType !== scanType)
      throw invalid(`scan: the file is ${scanType}, not ${scan.contentType} as given.`, {
        context: 'scan_type_differs',
        found: scanType,
        given: scan.contentType,
      });
  }
  if (
    isEmptyLetter({
      hasScan: scan !== null && scan.content.byteLength > 0,
      name: letter.complainant.name,
      title: letter.title,
      description: letter.description,
      expectations: letter.expectations,
    })
  )
    throw invalid(
      'letter: the letter is empty; attach its scan, or give the complainant’s name or what the letter says.',
      { context: 'letter_empty' },
    );
  const parsedLetter = { ...letter, domains, receivedAt, oldArrival: verdict.old ? typed : null };
  const typedKey = scan ? null : await typedLetterKey(ctx, parsedLetter);
  return inTransaction(ctx, (agg) =>
    registerLetterIn(ctx, agg, parsedLetter, scan && { ...scan, type: scanType! }, by, typedKey),
  );
}

/**
 * The identity of a letter without a scan (letter-form.ts typedLetterIdentity), kept as a keyed hash: it is made
 * of the writer's name, address and words, and stays on the row after retention has anonymised it, where a plain
 * hash would let anyone with a copy of the database confirm a guess of who wrote on which day.
 */
async function typedLetterKey(ctx: AppContext, letter: ParsedLetter): Promise<string> {
  const marker = findMarker(letter.title, ctx.config.markers);
  const step = letter.kind === 'complaint' ? (letter.step ?? marker?.step ?? 1) : null;
  return createHmac('sha256', await serverSecret(ctx, 'letter-identity'))
    .update(typedLetterIdentity({ ...letter, step }))
    .digest('hex');
}

/**
 * What the acknowledgement of a complaint letter that arrived then would promise if registered now (null when the
 * arrival is not a valid date and time, or is in the future): shown to staff before they register it, so that a
 * letter whose answer date has passed is registered knowingly (the acknowledgement then names a new date).
 */
export function letterPromise(ctx: AppContext, arrived: string, time: string | null): PromiseForecast | null {
  const day = arrived.trim();
  if (!(isIsoDate(day) || isInstantWithOffset(day))) return null;
  if (time && (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time) || !isIsoDate(day))) return null;
  const now = ctx.clock.now();
  const at = arrivalInstant(ctx, day, time || null);
  if (letterArrivalProblem(at, now) !== null) return null;
  return promiseForecast(at, now, ctx.calendar, ctx.policy);
}

/**
 * Whether a letter that arrived then is more than a year back (arrival.ts letterArrivalVerdict), so that the form
 * names the date and asks to confirm it before registering. False when the arrival is not a valid date and time.
 */
export function letterArrivedLongAgo(ctx: AppContext, arrived: string, time: string | null): boolean {
  const day = arrived.trim();
  if (!(isIsoDate(day) || isInstantWithOffset(day))) return false;
  if (time && (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time) || !isIsoDate(day))) return false;
  const verdict = letterArrivalVerdict(arrivalInstant(ctx, day, time || null), ctx.clock.now(), false);
  return !verdict.ok && verdict.refused === 'old_unconfirmed';
}

/**
 * Whether a complaint letter quoting `reference` would be filed on a case rather than open one (letter-form.ts,
 * letterPlace): filed, it promises no new answer date, so staff are not asked to confirm one. `step` as chosen on
 * the form (null: from the marker in the title, else 1). False when there is no such case (the registration says
 * so). Read without a write transaction, as the form is shown.
 */
export async function letterFiledOnCase(
  ctx: AppContext,
  reference: string,
  step: 1 | 2 | null,
  title: string | null,
): Promise<boolean> {
  const { db } = ctx.database;
  const row = await caseIdOfReference(db, reference.trim().toUpperCase());
  let quoted = row ? (await loadStream<CaseState>(db, caseStream(row.id))).state : null;
  for (let hops = 0; quoted?.mergedInto && hops < 10; hops++)
    quoted = (await loadStream<CaseState>(db, caseStream(quoted.mergedInto))).state;
  if (!quoted) return false;
  const receivedDay = ctx.calendar.localDate(quoted.receivedAt).toString();
  // Only where it goes matters here: the day and the writer, which may refuse it, are checked as it is registered.
  const place = letterPlace(
    step ?? findMarker(title, ctx.config.markers)?.step ?? 1,
    receivedDay,
    { ...quoted, receivedDay },
    { complainantId: null, addressIsCaseComplainants: false },
  );
  return 'fileOn' in place;
}

/** The instant the clock starts: 00:00 local on the day of arrival, or the given local time, or the instant. */
function arrivalInstant(ctx: AppContext, arrived: string, time: string | null): string {
  if (!isIsoDate(arrived)) return toUtcIso(arrived);
  // In the time zone of the calendar in force then: a letter that arrived before a change of time zone keeps the
  // local day the report counts it on.
  if (!time) return toUtcIso(ctx.calendars.startOfDay(arrived));
  return ctx.calendars.instantOf(`${arrived}T${time}`);
}

type ParsedLetter = z.output<typeof letterInputSchema> & {
  receivedAt: string;
  /** The date of arrival as typed, when it is more than a year back and was confirmed (audited), else null. */
  oldArrival: string | null;
};

async function registerLetterIn(
  ctx: AppContext,
  agg: Aggregates,
  letter: ParsedLetter,
  scan: (LetterScan & { type: ScanType }) | null,
  by: ActorRef,
  typedKey: string | null,
): Promise<RegisteredLetter> {
  const actor = actorName(by);
  const repo = new CorrespondenceRepo(agg.db);
  const now = ctx.clock.now();
  const meta = { at: now, actor };
  const decideCtx = { now, calendar: ctx.calendar, policy: ctx.policy };
  const sha = scan ? sha256Hex(scan.content) : null;
  const marker = findMarker(letter.title, ctx.config.markers);
  const step = letter.kind === 'complaint' ? (letter.step ?? marker?.step ?? 1) : null;
  const c = letter.complainant;
  // A scan is the letter's identity: the same scan registered twice is one letter. Without a scan, what staff typed
  // of it and its day of arrival are (typedKey): the same form sent twice is one letter too (P1.4).
  const key = sha ? `letter:${sha}` : `letter-text:${typedKey}`;
  const identity = (sha ?? typedKey)!;
  {
    const existing = await repo.findByKey(key, identity);
    if (existing)
      return {
        correspondenceId: existing.id,
        duplicate: true,
        filing: existing.filing,
        caseId: existing.caseId,
        reference: existing.reference,
        receivedAt: null,
        missing: [],
        acknowledgement: null,
      };
  }

  // The case it refers to: a step-2 letter escalates a step-1 case; any other letter is filed on it.
  const referred = letter.caseReference
    ? await agg.caseIdByReference(letter.caseReference.toUpperCase())
    : null;
  if (letter.caseReference && !referred)
    throw invalid(
      `caseReference: there is no case ${letter.caseReference}; check the reference on the letter.`,
      { context: 'letter_reference_unknown', reference: letter.caseReference },
    );
  // A case merged into another stands for the case kept (its duplicate is closed, and no letter is recorded on it).
  let referredState = referred ? (await agg.loadCase(referred)).state : null;
  for (let hops = 0; referredState?.mergedInto && hops < 10; hops++)
    referredState = (await agg.loadCase(referredState.mergedInto)).state;
  // Where it goes (letter-form.ts): a step-2 letter escalates a step-1 case, or is filed on its step-2 case when
  // there is one; a letter giving the address of another complainant than the case's is refused.
  let place: ReturnType<typeof letterPlace> | null = null;
  if (referredState) {
    const writer = c.email ? await agg.complainantIdByEmail(c.email) : null;
    const caseComplainant = await agg.complainantState(referredState.complainantId);
    const ownAddress = caseComplainant?.details.email;
    const day = (at: string) => ctx.calendar.localDate(at).toString();
    const quoted = { ...referredState, receivedDay: day(referredState.receivedAt) };
    place = letterPlace(step, day(letter.receivedAt), quoted, {
      complainantId: writer,
      addressIsCaseComplainants:
        !!c.email && !!ownAddress && ownAddress.toLowerCase() === c.email.toLowerCase(),
    });
    if ('refused' in place && place.refused === 'arrived_before') {
      const typed = `${letter.arrived}${letter.time ? ` ${letter.time}` : ''}`;
      throw invalid(
        `arrived: ${typed} is before ${referredState.reference} was received (${quoted.receivedDay}), so the letter cannot quote it yet; check the date of arrival.`,
        {
          context: 'letter_arrived_before_case',
          arrived: letter.time ? letter.receivedAt : letter.arrived,
          reference: referredState.reference,
          received: quoted.receivedDay,
        },
      );
    }
    if ('refused' in place)
      throw invalid(
        `caseReference: ${referredState.reference} is the case of another complainant than ${c.email}, who is on record too; check the reference and the address on the letter.`,
        {
          context: 'letter_reference_other_complainant',
          reference: referredState.reference,
          email: c.email!,
        },
      );
  }
  let escalates = place !== null && 'escalate' in place;
  let fileOnState =
    place && 'fileOn' in place
      ? place.fileOn === referredState?.id
        ? referredState
        : (await agg.loadCase(place.fileOn)).state
      : null;
  // A step-2 letter quoting no complaint (nothing, or a suggestion or a matter of kind other), from a writer on
  // record: the rule of every door finds the step-1 case it takes to step 2; where none is left, it goes to the one
  // step-2 case that is theirs, if there is just one (step2-of-request.ts), not count the matter twice at step 2.
  const quotesNoComplaint = !referredState || (escalates && referredState.kind !== 'complaint');
  const writer =
    step !== 2 || !quotesNoComplaint
      ? null
      : referredState
        ? referredState.complainantId
        : c.email
          ? await agg.complainantIdByEmail(c.email)
          : null;
  if (writer) {
    const toEscalate = await findStep1Case(agg, {
      complainantId: writer,
      quotedRefs: [],
      staffChose: true,
    });
    const place = await findStep2Place(agg, { complainantId: writer, step1: toEscalate });
    if ('join' in place) {
      fileOnState = (await agg.loadCase(place.join)).state;
      escalates = false;
    }
  }
  // Registering a letter files it on a case or opens one: the same acts as from the inbox, for the same people
  // (only management files onto or opens a step-2 case, P5.2), checked before anything is written.
  if (fileOnState) requireCaseAct(by, 'file_correspondence', fileOnState);
  else requireCaseAct(by, 'open', { kind: letter.kind, step, department: null, ownerId: null });

  // The complainant: the one of the case it refers to, else the one known by this e-mail address.
  const complainantId = referredState
    ? referredState.complainantId
    : c.email
      ? await agg.complainantIdByEmail(c.email)
      : null;
  const known = complainantId ? (await agg.loadComplainant(complainantId)).state : null;
  // P2.7, the rule of every door (missing-fields.ts): what the letter gives, completed by what is known of its
  // writer (a step-2 letter need not repeat the e-mail address the case already has); the title carries the
  // marker or not.
  const missing: MissingField[] = missingFields({
    kind: letter.kind,
    name: c.name ?? known?.details.name,
    contact: {
      email: c.email ?? known?.details.email,
      phone: c.phone ?? known?.details.phone,
      postalAddress: c.postalAddress ?? known?.details.postalAddress,
    },
    description: letter.description,
    expectations: letter.expectations,
    marker: marker !== null,
  });
  // The language (P10), by the rule of every door (case-language.ts): as staff read it on the letter, else the
  // case it refers to (which keeps its complainant's), else the complainant's, else the one the letter is written
  // in, as the mail door detects it (the organisation's when nothing was typed of the letter to tell).
  const typedText = [letter.title, letter.description, letter.expectations].filter(Boolean).join('\n');
  const facts = {
    chosen: letter.language ?? null,
    continued: referredState?.language ?? null,
    complainant: known?.details.language ?? null,
  };
  const written =
    languageBeforeText(facts) === null && typedText
      ? await detectLanguageOf(typedText, ctx.config.defaultLanguage)
      : null;
  const language = caseLanguage({ ...facts, written, fallback: ctx.config.defaultLanguage });

  const id = ctx.newId();
  if (scan && sha) await new DatabaseOriginals(agg.db).put(scan.content, scan.type, now, sha);
  const fileOn = fileOnState;
  const filing: Filing = fileOn ? 'filed_on_case' : step === 2 ? 'step2_case_opened' : 'case_opened';
  const reading = {
    kind: letter.kind,
    step,
    markerFound: marker !== null,
    language,
    complainant: c,
    ticketRefs: letter.ticketRefs,
    domains: letter.domains,
    caseRefs: letter.caseReference ? [letter.caseReference.toUpperCase()] : [],
    description: letter.description,
    expectations: letter.expectations,
    missing,
    receivedAt: letter.receivedAt,
    scan: scan
      ? {
          contentType: scan.type,
          // The name gets the extension of what the scan is (a PDF sent as "scan.html" is kept as "scan.pdf").
          filename: scan.filename ? nameMatchingType(scan.filename, SCAN_EXTENSIONS[scan.type]) : null,
          size: scan.content.byteLength,
        }
      : null,
  };
  const contact = designatedContactOf(known);
  // The rule of every door (auto-reply.ts): a letter is always answerable (by e-mail, else a printed letter).
  const autoReply: AutoReply = autoReplyVerdict({
    readable: true,
    automated: false,
    suspiciousAddress: null,
    answerable: true,
    designatedContact: contact !== null,
    overLimit: null,
  }).autoReply;
  await repo.insertInbound({
    id,
    caseId: fileOn?.id ?? null,
    inboxItemId: null,
    channel: 'letter',
    door: 'letter',
    mailbox: null,
    messageId: key,
    inReplyTo: null,
    bodySha256: identity,
    originalSha256: sha,
    subject: letter.title ?? '',
    fromAddress: c.email,
    fromName: c.name,
    toAddress: null,
    at: letter.receivedAt,
    language,
    reading,
    textBody: [letter.description, letter.expectations].filter(Boolean).join('\n\n') || null,
    filing,
    autoReply,
    createdAt: now,
  });

  if (fileOn) {
    const loaded = await agg.loadCase(fileOn.id);
    const fromComplainant = complainantId !== null && complainantId === fileOn.complainantId;
    const events = orThrow(
      decideCase(
        loaded.state,
        {
          type: 'file_correspondence',
          correspondenceId: id,
          direction: 'in',
          channel: 'letter',
          fromComplainant,
        },
        decideCtx,
      ),
    );
    const saved = await agg.saveCase(fileOn.id, loaded, events, meta);
    await tellMovedAnswerDateIn(ctx, agg, saved.state, events, actor, autoReply);
    await auditOldArrival(ctx, agg, letter, { id: fileOn.id, reference: fileOn.reference }, id, actor);
    const contactDiffers = await letterOnKnownRecord(ctx, agg, fileOn.complainantId, c, meta);
    return {
      correspondenceId: id,
      duplicate: false,
      filing,
      caseId: fileOn.id,
      reference: fileOn.reference,
      receivedAt: letter.receivedAt,
      missing,
      acknowledgement: null,
      contactDiffers,
    };
  }

  const opened = await openCaseIn(ctx, agg, {
    kind: letter.kind,
    step,
    channel: 'letter',
    receivedAt: letter.receivedAt,
    // The case it opens asks the same rule again, with the step-1 case and the complainant it finds.
    language,
    languageChosen: letter.language != null,
    subject: letter.title ?? '',
    complainant: { name: c.name, email: c.email, phone: c.phone, postalAddress: c.postalAddress },
    complainantId: referredState && escalates ? referredState.complainantId : null,
    fields: {
      ticketRefs: letter.ticketRefs,
      domains: letter.domains,
      description: letter.description,
      expectations: letter.expectations,
    },
    missing,
    correspondenceId: id,
    caseRefs: referredState ? [referredState.reference] : [],
    actor,
  });
  await repo.setCase(id, opened.caseId, autoReply, reading);
  // A record that existed before this letter (found by its e-mail address, or the case it quotes) is not changed by
  // it; a record the letter created holds what it gives already.
  const contactDiffers = known ? await letterOnKnownRecord(ctx, agg, opened.complainantId, c, meta) : [];
  // A letter without an e-mail address opened a record of its own: where a record of the same name and postal
  // address exists, staff are told (and may merge them); nothing is merged by name (letter-contact.ts).
  let sameRecord: RegisteredLetter['sameRecord'] = null;
  if (!known && !c.email && c.name && c.postalAddress?.length) {
    const [found] = sameNameAndAddress(c, await recordsNamed(agg.db, c.name, opened.complainantId));
    if (found) sameRecord = { complainantId: found.id, name: found.name, restricted: found.restricted };
  }
  await auditOldArrival(ctx, agg, letter, { id: opened.caseId, reference: opened.reference }, id, actor);
  const after = await afterCaseOpened(ctx, agg, opened, { correspondenceId: id, autoReply }, actor);
  return {
    correspondenceId: id,
    duplicate: false,
    filing,
    caseId: opened.caseId,
    reference: opened.reference,
    receivedAt: letter.receivedAt,
    missing,
    acknowledgement: 'acknowledged' in after ? after.acknowledged : null,
    toAddress: 'reason' in after && after.reason === 'no_address',
    contactDiffers,
    complainantId: opened.complainantId,
    sameRecord,
  };
}

/**
 * A letter registered with a date of arrival more than a year back, which the person confirmed: recorded in the audit
 * log with who confirmed it, in the registration's transaction, so that a case dated far back is never there unseen.
 */
async function auditOldArrival(
  ctx: AppContext,
  agg: Aggregates,
  letter: ParsedLetter,
  onCase: { id: string; reference: string },
  correspondenceId: string,
  actor: string,
): Promise<void> {
  if (!letter.oldArrival) return;
  await recordAudit(
    ctx,
    new AccountsRepo(agg.db),
    { actor, label: null, address: null },
    'old_letter_registered',
    { type: 'case', id: onCase.id, label: onCase.reference },
    { arrived: letter.oldArrival, receivedAt: letter.receivedAt, correspondenceId },
  );
}

/**
 * What a letter does to the record of a complainant who was on record before it (letter-contact.ts): it gains a
 * name where it had none, and nothing else; the contact details the letter gives that the record does not hold are
 * returned, for staff to see and decide on.
 */
async function letterOnKnownRecord(
  ctx: AppContext,
  agg: Aggregates,
  complainantId: string,
  c: ParsedLetter['complainant'],
  meta: { at: string; actor: string },
): Promise<ContactField[]> {
  const loaded = await agg.loadComplainant(complainantId);
  const details = loaded.state?.details;
  if (!details) return [];
  const verdict = letterContactVerdict(details, c);
  if (verdict.fill.name) {
    const decision = decideComplainant(
      loaded.state,
      { type: 'change_details', details: verdict.fill },
      { today: ctx.calendar.localDate(meta.at).toString() },
    );
    if (decision.ok) await agg.saveComplainant(complainantId, loaded, decision.events, meta);
  }
  return verdict.differs;
}

/** What the letter form starts with when a letter is recorded on a case: the case and what is known of its writer. */
export interface LetterFormDefaults {
  caseReference: string;
  kind: 'complaint' | 'suggestion';
  language: Language;
  name: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: string[] | null;
}

/**
 * The defaults of "Record a letter on this case": the case's reference and language (a case keeps its
 * complainant's language) and the complainant's known details, so a step-2 letter from a French complainant is
 * not registered in the organisation's default language. Null when there is no such case.
 */
export async function letterFormDefaults(
  ctx: AppContext,
  reference: string,
): Promise<LetterFormDefaults | null> {
  // Read without a write transaction (a GET): the case and its complainant as last saved.
  const { db } = ctx.database;
  const row = await caseIdOfReference(db, reference.trim().toUpperCase());
  const state = row ? (await loadStream<CaseState>(db, caseStream(row.id))).state : null;
  if (!state) return null;
  const person =
    (await loadStream<ComplainantState>(db, complainantStream(state.complainantId))).state?.details ?? null;
  return {
    caseReference: state.reference,
    kind: state.kind === 'suggestion' ? 'suggestion' : 'complaint',
    language: state.language,
    name: person?.name ?? null,
    email: person?.email ?? null,
    phone: person?.phone ?? null,
    postalAddress: person?.postalAddress ?? null,
  };
}

/**
 * The language a letter is written in, as the mail door detects it. Its detector and trigram tables are loaded with
 * the first letter that needs them, not when the server starts: mail is read on the reading threads, so the main
 * thread would otherwise hold them for nothing (test/cli/start-modules.test.ts).
 */
async function detectLanguageOf(text: string, hint: Language): Promise<Language> {
  const { detectLanguage } = await import('../core/intake/language.ts');
  return detectLanguage(text, hint);
}
