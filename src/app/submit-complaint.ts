// A complaint sent in by the public form (/complain, channel `web`) or by another system through the API
// (channel `api`): the fields of P2 as the person typed them. In ONE transaction: the submission is kept byte for
// byte as its original (JSON), a correspondence row, the case (a step-2 case linked to the step-1 case it names,
// P5.3), and the acknowledgement in the outbox (P3.1), exactly as a mail door does. The same submission sent twice
// (same idempotency key or form token, same content) is one complaint. What is missing (P2.7) is named in the
// acknowledgement.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { CorrespondenceRepo } from '../adapters/db/correspondence.repo.ts';
import { correspondenceKeyUsed } from '../adapters/db/intake-lookups.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { type ActingStaff, requireCaseAct } from '../core/access/case-access.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import type { Deadline } from '../core/case/case-events.ts';
import { designatedContactOf } from '../core/case/complainant.ts';
import { type FieldFix, fieldIssuesOf } from '../core/case/field-issue.ts';
import { LANGUAGES, type Language, type MissingField, type Step } from '../core/case/model.ts';
import { isCaseReference } from '../core/case/reference.ts';
import { DomainError, orThrow, type RefusalDetails } from '../core/case/refusal.ts';
import { type AutoReply, autoReplyVerdict, countsTowardsLimits } from '../core/correspondence/auto-reply.ts';
import { documentsLimits, requireAcceptableDocuments } from '../core/files/attachment-limits.ts';
import { storedAddress } from '../core/intake/addresses.ts';
import { normaliseDomain } from '../core/intake/domains.ts';
import { missingFields } from '../core/intake/missing-fields.ts';
import { typedTicketNumber } from '../core/intake/ticket-refs.ts';
import { cleanAddressLines, cleanName, keepableText } from '../core/text/clean-text.ts';
import { afterCaseOpened } from './acknowledge-case.ts';
import { actOnCaseIn } from './act-on-case.ts';
import {
  type ComposedMessage,
  composeFromComplainant,
  fileFromComplainantIn,
  letGoOfChunksAhead,
} from './complainant-link.ts';
import type { AppContext } from './context.ts';
import { type GivenFile, withTypesRead } from './file-types.ts';
import { openCaseIn } from './open-case.ts';
import { countAutoReply } from './rate-limit.ts';
import { findStep1Case, findStep2Place } from './step1-of-request.ts';
import { tellMovedAnswerDateIn } from './tell-moved-answer-date.ts';
import { inTransaction } from './transaction.ts';

/** Size limits of a submission (characters), the same on the form and in the API. */
export const SUBMISSION_LIMITS = {
  name: 200,
  email: 254,
  phone: 50,
  postalAddress: 600,
  /** One line of a postal address sent as a list of lines (the API's complaint and letter). */
  postalAddressLine: 200,
  subject: 300,
  ticketRefs: 200,
  /** How many ticket numbers one complaint or letter may give as a list. */
  ticketRefCount: 20,
  domains: 1000,
  /** One domain name (the longest a domain name can be), and how many one complaint or letter may give as a list. */
  domain: 253,
  domainCount: 50,
  description: 20_000,
  expectations: 5_000,
  caseReference: 40,
} as const;

const optional = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((s) => (s ? keepableText(s).trim() : '') || null);

/** What a complaint carries (P2), as the API takes it; the form maps its fields onto this. */
export const complaintSubmissionSchema = z.object({
  complainant: z
    .object({
      // One visible line: a line break or a bidi override in a name would break letters and mislead readers.
      name: optional(SUBMISSION_LIMITS.name)
        .transform((s) => cleanName(s))
        .describe('P2.1: the complainant’s name.'),
      // The address rule of every door (core/intake/addresses.ts), so the form, the API and the mail agree:
      // one plain address, internationalised ones (jürgen@müller-bau.de) included, never a list or a quoted name.
      email: z
        .string()
        .trim()
        .max(SUBMISSION_LIMITS.email)
        .refine((s) => storedAddress(s) !== null, {
          message: 'an e-mail address like name@example.org',
          params: { fix: 'email' satisfies FieldFix },
        })
        .transform((s) => storedAddress(s) as string)
        .nullish()
        .transform((s) => s || null)
        .describe('P2.1: where the acknowledgement and the answer are sent.'),
      phone: optional(SUBMISSION_LIMITS.phone),
      postalAddress: z
        .array(z.string().max(SUBMISSION_LIMITS.postalAddressLine))
        .max(8)
        .nullish()
        .transform((lines) => cleanAddressLines(lines))
        .describe('Postal address, one line per item (optional).'),
    })
    .describe('P2.1: who complains and how to reach them.'),
  language: z
    .enum(LANGUAGES)
    .nullish()
    .describe(
      'The language to write to the complainant in; when absent, the one on file for a known complainant (or the step-1 case’s, for step 2), else the organisation’s default.',
    ),
  step: z
    .union([z.literal(1), z.literal(2)])
    .nullish()
    .describe('1 (default) or 2: a step-2 complaint escalates the step-1 case named in caseReference.'),
  subject: optional(SUBMISSION_LIMITS.subject).describe(
    'A short title; made from the description when absent.',
  ),
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
    .transform((refs) => [...new Set(refs.map((r) => typedTicketNumber(r) as string))])
    .describe('P2.2: the support ticket numbers the complaint refers to (optional).'),
  domains: z
    .array(z.string().trim().min(1).max(SUBMISSION_LIMITS.domain))
    .max(SUBMISSION_LIMITS.domainCount)
    .default([])
    .describe('P2.3: the domain names concerned (optional; Unicode or punycode).'),
  description: optional(SUBMISSION_LIMITS.description).describe(
    'P2.4: a precise description of the complaint.',
  ),
  expectations: optional(SUBMISSION_LIMITS.expectations).describe(
    'P2.5: what the complainant expects from the company to resolve it.',
  ),
  caseReference: optional(SUBMISSION_LIMITS.caseReference).describe(
    'For step 2: the reference of the step-1 case (e.g. RC-2026-000123).',
  ),
});
export type ComplaintSubmission = z.input<typeof complaintSubmissionSchema>;

export interface SubmitOptions {
  channel: 'web' | 'api';
  actor: string;
  /**
   * Who submits through a door that acts with a role (an API token): the case rule decides whether they may open a
   * complaint at this step (management step 2, the complaints team step 1). Absent for the public form, which any
   * complainant may use.
   */
  by?: ActingStaff;
  /**
   * The API's Idempotency-Key header: the same submission sent again under it is one complaint (a client
   * retrying); other content under a key already used is refused, since it is the client's mistake.
   */
  idempotencyKey?: string | null;
  /**
   * The form's own token: the same form sent again with the same content is one complaint (a double click, a
   * reload of the post); sent with other content (back, an edit, send) it is the complaint the person meant to
   * send, a new one, whose key is the token and its content.
   */
  formToken?: string | null;
  /** What the person agreed to on the form (kept with the submission). */
  consent?: { given: boolean; text: string } | null;
  /**
   * Documents sent with the form: each one's type read again from its content (whatever type is stated) and held
   * again to the rule of one message's files (core/files/attachment-limits.ts) before anything is written, then
   * kept, named after their types, as one inbound message on the new case, as the complainant's own page keeps what
   * is added there (complainant-link.ts). The message is composed (with `title` as its subject) before the
   * transaction, and `files` is emptied then, so that only the message is held while it is stored; the
   * correspondence is listed under `subject(reference)`.
   */
  documents?: {
    files: GivenFile[];
    title: string;
    subject: (reference: string) => string;
  } | null;
}

export interface SubmittedComplaint {
  caseId: string;
  reference: string;
  /** True when this submission had been received already (nothing new was written). */
  duplicate: boolean;
  step: Step;
  receivedAt: string;
  deadline: Deadline | null;
  missing: MissingField[];
  /** How the complainant is acknowledged: by e-mail, by a letter to post, or by a person (null). */
  acknowledgement: 'email' | 'letter' | null;
  /**
   * What became of the submission: a case opened (`case_opened`, `step2_case_opened`), or, for a step-2 request
   * from a writer who has a step-2 complaint already, a message filed on that complaint (`filed_on_case`), whose
   * reference, answer date and acknowledgement are then that complaint's: nothing new is acknowledged.
   */
  filing: 'case_opened' | 'step2_case_opened' | 'filed_on_case';
  /** Whether the complaint has been answered already (its answer date then no longer waits ahead). */
  answered: boolean;
}

/** Domain names as written (lenient: a URL or a trailing dot is fine), each checked; which are not domains. */
export function checkDomains(written: readonly string[]): { domains: string[]; rejected: string[] } {
  const domains: string[] = [];
  const rejected: string[] = [];
  for (const raw of written) {
    const host = raw
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .replace(/[/?#].*$/, '')
      .replace(/:\d+$/, '');
    const d = host ? normaliseDomain(host) : null;
    if (d) {
      if (!domains.includes(d)) domains.push(d);
    } else rejected.push(raw.trim());
  }
  return { domains, rejected };
}

function invalid(message: string, details: RefusalDetails<'invalid_command'>): DomainError {
  return new DomainError({ code: 'invalid_command', message, details });
}

function subjectOf(s: { subject: string | null; description: string | null }, language: Language): string {
  if (s.subject) return s.subject;
  const first = (s.description ?? '').split(/\r?\n/)[0]!.trim();
  if (first) return first.length > 120 ? `${first.slice(0, 117)}…` : first;
  return { fr: 'Réclamation', en: 'Complaint', de: 'Beschwerde' }[language];
}

/** Receives a complaint from the form or the API; refuses input that is not valid, naming the field and the fix. */
export async function submitComplaint(
  ctx: AppContext,
  input: ComplaintSubmission,
  options: SubmitOptions,
): Promise<SubmittedComplaint> {
  // With the value refused in each issue, so that a field left out is said as such ("fill this in").
  const parsed = complaintSubmissionSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'complaint'}: ${i.message}`);
    throw invalid(`The complaint cannot be received: ${problems.join('; ')}.`, {
      context: 'complaint_fields',
      problems: fieldIssuesOf(parsed.error.issues, 'complaint'),
    });
  }
  const s = parsed.data;
  const { domains, rejected } = checkDomains(s.domains);
  if (rejected.length)
    throw invalid(
      `domains: ${rejected.map((d) => `"${d}"`).join(', ')} ${rejected.length > 1 ? 'are' : 'is'} not a domain name (write it like example.de or müller-bau.de).`,
      { context: 'complaint_domains', domains: rejected.map((d) => `"${d}"`).join(', ') },
    );
  if (options.by)
    requireCaseAct(options.by, 'open', {
      kind: 'complaint',
      step: s.step ?? 1,
      department: null,
      ownerId: null,
    });
  const reference = s.caseReference?.toUpperCase() ?? null;
  if (reference && !isCaseReference(reference))
    throw invalid(`caseReference: "${s.caseReference}" is not a case reference (like RC-2026-000123).`, {
      context: 'complaint_reference',
      reference: s.caseReference,
    });
  if (
    !s.complainant.email &&
    !s.complainant.postalAddress &&
    !s.complainant.phone &&
    options.channel === 'web'
  )
    throw invalid('complainant.email: give an e-mail address so that we can answer.', {
      context: 'complaint_email',
    });
  // The documents are held to the rule the pages hold them to, before their message is composed and written.
  // Their types are read from their content, never taken from the caller.
  const files = options.documents?.files.length
    ? requireAcceptableDocuments(
        await withTypesRead(ctx, options.documents.files),
        documentsLimits(ctx.config.smtp.maxMessageBytes),
      )
    : [];
  const documents = options.documents?.files.length
    ? await composeFromComplainant(ctx, {
        from: { name: s.complainant.name, email: s.complainant.email },
        text: null,
        files,
        subject: options.documents.title,
        source: 'public_form',
      })
    : null;
  // The files' bytes are in the message now: let them go before it is stored.
  if (options.documents) options.documents.files = [];
  try {
    const submitted = await inTransaction(ctx, (agg) =>
      submitIn(ctx, agg, { ...s, domains, caseReference: reference }, options, documents),
    );
    if (documents && submitted.duplicate) await letGoOfChunksAhead(ctx, documents);
    return submitted;
  } catch (e) {
    if (documents) await letGoOfChunksAhead(ctx, documents);
    throw e;
  }
}

type Parsed = z.output<typeof complaintSubmissionSchema>;

async function submitIn(
  ctx: AppContext,
  agg: Aggregates,
  s: Parsed,
  options: SubmitOptions,
  documents: ComposedMessage | null,
): Promise<SubmittedComplaint> {
  const now = ctx.clock.now();
  const repo = new CorrespondenceRepo(agg.db);
  const language = s.language ?? ctx.config.defaultLanguage;
  const step: Step = s.step ?? 1;
  const c = s.complainant;
  const submission = {
    channel: options.channel,
    receivedAt: now,
    complainant: c,
    language,
    step,
    subject: s.subject,
    ticketRefs: s.ticketRefs,
    domains: s.domains,
    description: s.description,
    expectations: s.expectations,
    caseReference: s.caseReference,
    consent: options.consent ?? null,
  };
  // The submission as received, byte for byte: its original (P1.4). The key makes a repeat one complaint.
  const bodyOnly = JSON.stringify({ ...submission, receivedAt: undefined });
  const bodySha = createHash('sha256').update(bodyOnly).digest('hex');
  const key = options.formToken
    ? `${options.channel}:${options.formToken}:${bodySha}`
    : options.idempotencyKey
      ? `${options.channel}:${options.idempotencyKey}`
      : null;
  if (key) {
    const existing = await repo.findByKey(key, bodySha);
    if (existing?.caseId) return repeated(agg, existing.caseId, existing.filing);
    if (await correspondenceKeyUsed(agg.db, key))
      throw invalid('Idempotency-Key: this key was used for a different complaint; use a new key.', {
        context: 'idempotency_key_reused',
      });
  }
  const original = new TextEncoder().encode(JSON.stringify(submission, null, 2));
  const { sha256 } = await new DatabaseOriginals(agg.db).put(original, 'application/json', now);

  // P2.7: the form and the API ask for the step in a field of their own, so no marker is asked for.
  const missing = missingFields({
    kind: 'complaint',
    name: c.name,
    contact: c,
    description: s.description,
    expectations: s.expectations,
    marker: null,
  });
  const known = c.email ? await agg.complainantIdByEmail(c.email) : null;
  // Answered automatically by the rule of every door (auto-reply.ts): to the address given, never beyond the
  // limits of the mail doors, which are counted on the same normalised recipient (a form submission and a forged
  // From: share one count). There is no sender address here; the route limits each client.
  const facts = {
    readable: true,
    automated: false,
    suspiciousAddress: null,
    answerable: c.email !== null,
    designatedContact: known ? designatedContactOf((await agg.loadComplainant(known)).state) !== null : false,
  };
  const flood = countsTowardsLimits(facts) && c.email ? await countAutoReply(ctx, agg, c.email, null) : null;
  const autoReply: AutoReply = autoReplyVerdict({ ...facts, overLimit: flood }).autoReply;
  const correspondenceId = ctx.newId();
  const subject = subjectOf(s, language);
  const reading = { ...submission, missing, autoReply };
  // A step-2 request its writer made before, by any door: a message on their step-2 case, not a second case
  // (step2-of-request.ts, the rule of every door); its clock and its acknowledgement are that case's.
  const joins = step === 2 && known ? await step2CaseJoined(agg, known, s.caseReference) : null;
  await repo.insertInbound({
    id: correspondenceId,
    caseId: joins?.id ?? null,
    inboxItemId: null,
    channel: options.channel,
    door: options.channel,
    mailbox: null,
    messageId: key,
    inReplyTo: null,
    bodySha256: bodySha,
    originalSha256: sha256,
    subject,
    fromAddress: c.email,
    fromName: c.name,
    toAddress: null,
    at: now,
    language,
    reading,
    textBody: [s.description, s.expectations].filter(Boolean).join('\n\n') || null,
    filing: joins ? 'filed_on_case' : step === 2 ? 'step2_case_opened' : 'case_opened',
    autoReply,
    createdAt: now,
  });
  if (joins) {
    const loaded = await agg.loadCase(joins.id);
    const events = orThrow(
      decideCase(
        loaded.state,
        {
          type: 'file_correspondence',
          correspondenceId,
          direction: 'in',
          channel: options.channel,
          fromComplainant: true,
        },
        { now, calendar: ctx.calendar, policy: ctx.policy },
      ),
    );
    if (flood && !loaded.state!.flagged) events.push({ type: 'flagged', payload: { reason: flood } });
    const saved = await agg.saveCase(joins.id, loaded, events, { at: now, actor: options.actor });
    await tellMovedAnswerDateIn(ctx, agg, saved.state!, events, options.actor, autoReply);
    if (documents && options.documents)
      await fileFromComplainantIn(ctx, agg, saved.state!, {
        message: documents,
        subject: options.documents.subject(joins.reference),
        key: `${key ?? `${options.channel}:${correspondenceId}`}:documents`,
        source: 'public_form',
        actor: options.actor,
      });
    const state = saved.state!;
    return {
      caseId: state.id,
      reference: state.reference,
      duplicate: false,
      step: 2,
      // The complaint's, as a retry of this request is told (`repeated`): the message is on it, not a case of its own.
      receivedAt: state.receivedAt,
      deadline: state.deadline,
      missing: state.missing,
      acknowledgement: state.acknowledgedAt ? 'email' : state.lettersToPost.length ? 'letter' : null,
      filing: 'filed_on_case',
      answered: state.answeredAt !== null,
    };
  }
  const opened = await openCaseIn(ctx, agg, {
    kind: 'complaint',
    step,
    channel: options.channel,
    receivedAt: now,
    language,
    // The visitor's choice (the form's language); when the caller named none, the complainant's on file comes first.
    languageChosen: s.language != null,
    subject,
    complainant: { name: c.name, email: c.email, phone: c.phone, postalAddress: c.postalAddress },
    fields: {
      ticketRefs: s.ticketRefs,
      domains: s.domains,
      description: s.description,
      expectations: s.expectations,
    },
    missing,
    correspondenceId,
    caseRefs: s.caseReference ? [s.caseReference] : [],
    actor: options.actor,
  });
  await repo.setCase(correspondenceId, opened.caseId, autoReply, reading);
  if (flood && !opened.state.flagged)
    await actOnCaseIn(ctx, agg, opened.caseId, { type: 'flag', reason: flood }, 'system');
  if (documents && options.documents)
    await fileFromComplainantIn(ctx, agg, (await agg.loadCase(opened.caseId)).state!, {
      message: documents,
      subject: options.documents.subject(opened.reference),
      key: `${key ?? `${options.channel}:${correspondenceId}`}:documents`,
      source: 'public_form',
      actor: options.actor,
    });
  const after = await afterCaseOpened(ctx, agg, opened, { correspondenceId, autoReply }, options.actor);
  return {
    caseId: opened.caseId,
    reference: opened.reference,
    duplicate: false,
    step,
    receivedAt: now,
    deadline: opened.state.deadline,
    missing,
    acknowledgement: 'acknowledged' in after ? after.acknowledged : null,
    filing: step === 2 ? 'step2_case_opened' : 'case_opened',
    answered: false,
  };
}

/**
 * The step-2 case of the complainant's that a step-2 complaint from the form or the API joins, or null when it
 * opens one: the rule of every door (step2-of-request.ts), on the step-1 case it concerns and the case it names.
 */
async function step2CaseJoined(
  agg: Aggregates,
  complainantId: string,
  reference: string | null,
): Promise<CaseState | null> {
  const step1 = await findStep1Case(agg, {
    complainantId,
    quotedRefs: reference ? [reference] : [],
    staffChose: false,
  });
  const namedId = reference ? await agg.caseIdByReference(reference) : null;
  const named = namedId ? (await agg.loadCase(namedId)).state : null;
  const place = await findStep2Place(agg, { complainantId, step1, named });
  return 'join' in place ? (await agg.loadCase(place.join)).state : null;
}

async function repeated(agg: Aggregates, caseId: string, filing: string | null): Promise<SubmittedComplaint> {
  const { state } = await agg.loadCase(caseId);
  if (!state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  return {
    caseId,
    reference: state.reference,
    duplicate: true,
    step: state.step ?? 1,
    receivedAt: state.receivedAt,
    // A request filed on a complaint the writer had is told as it was the first time: that complaint's answer
    // date as it stands, not the date it was first given.
    deadline: filing === 'filed_on_case' ? state.deadline : state.originalDeadline,
    missing: state.missing,
    acknowledgement: state.acknowledgedAt ? 'email' : state.lettersToPost.length ? 'letter' : null,
    filing:
      filing === 'filed_on_case' ? 'filed_on_case' : state.step === 2 ? 'step2_case_opened' : 'case_opened',
    answered: filing === 'filed_on_case' && state.answeredAt !== null,
  };
}
