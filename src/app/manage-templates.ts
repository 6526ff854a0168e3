// Administrators' versions of the outbound texts: every save is a new version (none is overwritten); the
// highest version of a kind and language is in use, else the built-in text. Preview renders a version with a
// real case; a test send puts the rendered text in the outbox to an address of the administrator's choice.
import type { Kysely } from 'kysely';
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import type { DB } from '../adapters/db/schema.ts';
import { first } from '../adapters/db/statements.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { builtInTemplate, type RenderedText } from '../core/correspondence/compose.ts';
import {
  type TemplateProblem,
  templateProblemList,
  templateProblems,
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
  db: Kysely<DB>,
  kind: TemplateKind,
  language: Language,
): Promise<ActiveTemplate> {
  // Written as SQL text: every message that opens a case asks (see statements.ts).
  const row = await first<{ subject: string; body: string; version: number }>(
    db,
    'select "subject", "body", "version" from "template_versions" where "kind" = ? and "language" = ? order by "version" desc limit 1',
    [kind, language],
  );
  if (!row) return { template: builtInTemplate(kind, language), version: null };
  return { template: { subject: row.subject, body: row.body }, version: row.version };
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
  const rows = await ctx.database.db
    .selectFrom('template_versions')
    .selectAll()
    .where('kind', '=', kind)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .execute();
  // Versions name their author as an actor (`user:<id>`); the page shows people by name.
  const ids = [...new Set(rows.map((r) => r.created_by).filter((a) => a.startsWith('user:')))].map((a) =>
    a.slice(5),
  );
  const people = ids.length
    ? await ctx.database.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
    : [];
  const names = new Map(people.map((p) => [`user:${p.id}`, p.name]));
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
    createdByName: names.get(r.created_by) ?? null,
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
  },
): Promise<TemplateVersion> {
  const problems = templateProblems(input.kind, input.template);
  if (problems.length)
    return Promise.reject(
      new DomainError({
        code: 'invalid_command',
        message: `The template cannot be saved: ${problems.join('; ')}.`,
        details: { problems },
      }),
    );
  return inTransaction(ctx, async (agg) => {
    const last = await agg.db
      .selectFrom('template_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('kind', '=', input.kind)
      .where('language', '=', input.language)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
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
    await agg.db.insertInto('template_versions').values(row).execute();
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

/**
 * Renders a template (a draft, or the one in use) with the data of a real case, without saving or sending
 * anything. Returns the text and the problems of the draft (empty when it can be saved).
 */
export async function previewTemplate(
  ctx: AppContext,
  input: { kind: TemplateKind; language: Language; caseId: string; draft?: TemplateText },
): Promise<RenderedText & { problems: TemplateProblem[] }> {
  const mailCtx: CaseMailContext = await loadCaseMailContext(ctx, ctx.database.db, input.caseId);
  const template =
    input.draft ?? (await activeTemplate(ctx.database.db, input.kind, input.language)).template;
  const rendered = variablesForPreview(ctx, mailCtx, input.kind, input.language, template);
  return { ...rendered, problems: input.draft ? templateProblemList(input.kind, input.draft) : [] };
}

/** Puts a preview in the outbox to `to` (an administrator's address), subject marked as a test. */
export async function sendTestTemplate(
  ctx: AppContext,
  input: {
    kind: TemplateKind;
    language: Language;
    caseId: string;
    draft?: TemplateText;
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
    });
    return { correspondenceId: id };
  });
}
