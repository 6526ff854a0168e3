// Administrators' versions of the outbound texts: every save is a new version (none is overwritten); the
// highest version of a kind and language is in use, else the built-in text. Preview renders a version with a
// real case where the person may read it, else with a made-up sample case; a test send puts the rendered text in
// the outbox to an address of the administrator's choice.
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import { caseStream } from '../adapters/db/aggregates.repo.ts';
import type { Db } from '../adapters/db/database.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import {
  accountNames,
  insertTemplateVersion,
  latestTemplateVersion,
  latestTemplateVersions,
  latestVersionNumbers,
  nextTemplateVersion,
  templateVersions,
} from '../adapters/db/templates.repo.ts';
import type { Staff } from '../core/access/case-access.ts';
import { templatePreviewSource } from '../core/access/template-preview.ts';
import { type CaseState, evolveCase } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { builtInTemplate, type RenderedText } from '../core/correspondence/compose.ts';
import { PREVIEW_SAMPLES } from '../core/correspondence/preview-sample.ts';
import {
  type TemplateProblem,
  templateFieldIssue,
  templateProblemList,
} from '../core/correspondence/template-check.ts';
import {
  TEMPLATE_KINDS,
  type TemplateKind,
  type TemplateText,
} from '../core/correspondence/template-kinds.ts';
import type { AppContext } from './context.ts';
import {
  type CaseMailContext,
  loadCaseMailContext,
  queueEmail,
  variablesForPreview,
} from './outbound-mail.ts';
import { type Acting, recordAudit } from './record-audit.ts';
import { inTransaction } from './transaction.ts';

export interface ActiveTemplate {
  template: TemplateText;
  /** null: the built-in text. */
  version: number | null;
}

export interface TemplateVersion {
  id: string;
  kind: TemplateKind;
  language: Language;
  version: number;
  subject: string;
  body: string;
  note: string | null;
  createdAt: string;
  /** The actor (`user:<id>`, `cli`, …) and, for a person, their name (null when the account is gone). */
  createdBy: string;
  createdByName: string | null;
}

export async function activeTemplate(
  db: Db,
  kind: TemplateKind,
  language: Language,
): Promise<ActiveTemplate> {
  const row = await latestTemplateVersion(db, kind, language);
  if (!row) return { template: builtInTemplate(kind, language), version: null };
  return { template: { subject: row.subject, body: row.body }, version: row.version };
}

/**
 * The texts in use of every kind and language, read in one statement: `of(kind, language)` gives what
 * `activeTemplate` gives. For a transaction that writes in several kinds or languages (the mail intake's batches).
 */
export async function activeTemplates(
  db: Db,
): Promise<{ of(kind: TemplateKind, language: Language): ActiveTemplate }> {
  const stored = new Map<string, ActiveTemplate>();
  for (const r of await latestTemplateVersions(db))
    stored.set(`${r.kind}/${r.language}`, {
      template: { subject: r.subject, body: r.body },
      version: Number(r.version),
    });
  return {
    of: (kind, language) =>
      stored.get(`${kind}/${language}`) ?? { template: builtInTemplate(kind, language), version: null },
  };
}

/** The version in use of every kind and language that has one (`kind/language` → version). */
export async function activeVersions(ctx: AppContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await latestVersionNumbers(ctx.database.db)) out[`${r.kind}/${r.language}`] = r.version;
  return out;
}

export function isTemplateKind(s: string): s is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(s);
}

/** Every version of a template, newest first (the built-in text is not a row: it is version 0). */
export async function listTemplateVersions(
  ctx: AppContext,
  kind: TemplateKind,
  language: Language,
): Promise<TemplateVersion[]> {
  const rows = await templateVersions(ctx.database.db, kind, language);
  // Versions name their author as an actor (`user:<id>`); the page shows people by name.
  const names = await accountNames(
    ctx.database.db,
    rows
      .map((r) => r.created_by)
      .filter((a) => a.startsWith('user:'))
      .map((a) => a.slice(5)),
  );
  return rows.map((r) => ({
    id: r.id,
    kind,
    language,
    version: r.version,
    subject: r.subject,
    body: r.body,
    note: r.note,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByName: r.created_by.startsWith('user:') ? (names.get(r.created_by.slice(5)) ?? null) : null,
  }));
}

/**
 * Saves a new version after checking it (unknown variables, unbalanced sections, no reference in the subject,
 * a part the procedure requires left out), with an entry in the audit log in the same transaction.
 */
export function saveTemplateVersion(
  ctx: AppContext,
  input: {
    kind: TemplateKind;
    language: Language;
    template: TemplateText;
    note: string | null;
    acting: Acting;
    /**
     * The version in use when the editor was opened (0: the built-in text). A save is refused when another has been
     * saved since: it would become the text in use and silently replace a colleague's. Absent: not checked.
     */
    basedOn?: number | undefined;
  },
): Promise<TemplateVersion> {
  const problems = templateProblemList(input.kind, input.template);
  if (problems.length)
    return Promise.reject(
      new DomainError({
        code: 'invalid_command',
        message: `The template cannot be saved: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`,
        details: { context: 'template_invalid', problems: problems.map(templateFieldIssue) },
      }),
    );
  return inTransaction(ctx, async (agg) => {
    const version = await nextTemplateVersion(agg.db, input.kind, input.language);
    if (input.basedOn !== undefined && version - 1 !== input.basedOn)
      throw new DomainError({
        code: 'invalid_command',
        message: `Version ${version - 1} of this text was saved by someone else after the editor was opened; nothing was saved.`,
        details: { context: 'template_changed_meanwhile', version: version - 1 },
      });
    const row = {
      id: ctx.newId(),
      kind: input.kind,
      language: input.language,
      version,
      subject: input.template.subject,
      body: input.template.body,
      note: input.note?.trim() || null,
      created_at: ctx.clock.now(),
      created_by: input.acting.actor,
    };
    await insertTemplateVersion(agg.db, row);
    await recordAudit(
      ctx,
      new AccountsRepo(agg.db),
      input.acting,
      'template_saved',
      {
        type: 'config',
        id: `templates/${input.kind}/${input.language}`,
        label: `${input.kind} (${input.language})`,
      },
      { version, ...(row.note ? { note: row.note } : {}) },
    );
    return {
      id: row.id,
      kind: input.kind,
      language: input.language,
      version,
      subject: row.subject,
      body: row.body,
      note: row.note,
      createdAt: row.created_at,
      createdBy: row.created_by,
      createdByName: null,
    };
  });
}

/** The made-up case and complainant a template is previewed with (core/correspondence/preview-sample.ts). */
function sampleMailContext(kind: TemplateKind, language: Language): CaseMailContext {
  const x = PREVIEW_SAMPLES[language];
  const suggestion = kind === 'suggestion_thanks' || kind === 'department_forward';
  const deadline = { acknowledgeBy: x.acknowledgeBy, answerBy: x.answerBy, answerByDate: x.answerByDate };
  // Made as a real case is, from its first event (core/case/case.ts), so that it has every field a case has.
  const state: CaseState = evolveCase(
    null,
    {
      type: 'case_received',
      payload: {
        kind: suggestion ? 'suggestion' : 'complaint',
        reference: x.reference,
        step: suggestion ? null : 1,
        channel: 'email',
        complainantId: 'sample',
        receivedAt: x.receivedAt,
        language,
        subject: x.subject,
        fields: { ticketRefs: [], domains: [], description: null, expectations: null },
        missing: [],
        correspondenceId: null,
        deadline: suggestion ? null : deadline,
        step1CaseId: null,
        step1Reference: null,
        warning: null,
      },
    },
    { at: x.receivedAt, actor: 'system' },
  );
  state.id = 'sample';
  const complainant: ComplainantState = {
    id: 'sample',
    mergedInto: null,
    mergedFrom: [],
    details: { name: x.name, email: x.email, phone: null, postalAddress: null, language },
    restrictions: [],
    unreachableByEmail: false,
    createdAt: x.receivedAt,
    updatedAt: x.receivedAt,
  };
  return { state, complainant, step1Reference: null, thread: { inReplyTo: null, references: [] } };
}

export interface TemplatePreviewText extends RenderedText {
  problems: TemplateProblem[];
  /** Rendered with the made-up sample case, not a real one (the person may not read the case asked for). */
  sample: boolean;
}

/**
 * Renders a template (a draft, or the one in use) without saving or sending anything: with the case `caseId`
 * (the one named, else the latest complaint; null: none) where the case rule lets `viewer` read it, else with the
 * made-up sample case (core/access/template-preview.ts). Returns the text and the problems of the draft (empty
 * when it can be saved). A reference named that the viewer may not read is refused as a case that does not exist.
 * Case reads are not recorded in the audit log, so a preview on a case is not either.
 */
export async function previewTemplate(
  ctx: AppContext,
  input: {
    kind: TemplateKind;
    language: Language;
    caseId: string | null;
    /** Whether the case was named by its reference (else it is the latest complaint, or none). */
    named?: boolean;
    draft?: TemplateText;
    viewer: Staff;
  },
): Promise<TemplatePreviewText> {
  const { db } = ctx.database;
  const state = input.caseId ? (await loadStream<CaseState>(db, caseStream(input.caseId))).state : null;
  const source = templatePreviewSource(input.viewer, state, input.named ?? false);
  if (source === 'not_found')
    throw new DomainError({
      code: 'case_not_found',
      message: 'There is no case with this reference.',
      details: { context: 'template_preview_case' },
    });
  const mailCtx =
    source === 'case' && state
      ? await loadCaseMailContext(ctx, db, state.id, { state })
      : sampleMailContext(input.kind, input.language);
  const template = input.draft ?? (await activeTemplate(db, input.kind, input.language)).template;
  const rendered = variablesForPreview(ctx, mailCtx, input.kind, input.language, template);
  return {
    ...rendered,
    problems: input.draft ? templateProblemList(input.kind, input.draft) : [],
    sample: source === 'sample',
  };
}

/** Puts a preview in the outbox to `to` (an administrator's address), subject marked as a test. */
export async function sendTestTemplate(
  ctx: AppContext,
  input: {
    kind: TemplateKind;
    language: Language;
    caseId: string | null;
    named?: boolean;
    draft?: TemplateText;
    viewer: Staff;
    to: string;
    actor: string;
  },
): Promise<{ correspondenceId: string }> {
  const preview = await previewTemplate(ctx, input);
  return inTransaction(ctx, async (agg) => {
    const id = await queueEmail(ctx, agg.db, {
      caseId: null,
      purpose: 'test',
      audience: 'staff',
      fromRole: 'complaints',
      to: input.to,
      subject: `[TEST] ${preview.subject}`,
      text: preview.text,
      language: input.language,
      inReplyTo: null,
      references: [],
      autoSubmitted: 'auto-generated',
      attachments: [],
      templateVersion: null,
      actor: input.actor,
      // A preview of a real case quotes it: it goes with that case.
      ...(input.caseId && !preview.sample ? { aboutCases: [input.caseId] } : {}),
    });
    return { correspondenceId: id };
  });
}
