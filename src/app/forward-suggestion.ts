// Suggestions (P9): forwarded to a department (chosen by a person, or by the keyword rules at receipt) with an
// e-mail to the department; the department acknowledges it and marks it done, each step recorded and counted.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { departmentMemberEmails } from '../adapters/db/intake-lookups.repo.ts';
import type { ActingStaff, ActorRef } from '../core/access/case-access.ts';
import { DomainError } from '../core/case/refusal.ts';
import { formatDate, renderText } from '../core/correspondence/compose.ts';
import { CLOSE_REASONS } from '../core/correspondence/status-words.ts';
import { departmentNamed } from '../core/correspondence/suggestion-routing.ts';
import { actOnCaseIn, decideOnCaseIn, saveDecidedIn } from './act-on-case.ts';
import { knownDepartments } from './case-page.ts';
import type { AppContext } from './context.ts';
import { activeTemplate } from './manage-templates.ts';
import { caseUrl, queueEmail } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

/** The addresses of a department: its configured address, else its members' (web shell accounts). */
async function departmentAddresses(ctx: AppContext, agg: Aggregates, department: string): Promise<string[]> {
  const configured = ctx.config.departments.find((d) => d.name.toLowerCase() === department.toLowerCase());
  if (configured) return [configured.email];
  return departmentMemberEmails(agg.db, department);
}

/**
 * Forwards a suggestion: the case's `suggestion_forwarded` event and an e-mail to each of the department's addresses.
 * The e-mails belong to no case (they are not correspondence with the complainant), so the event names them and
 * carries their seals: they are written first, then the event (outbox.repo.ts `anchor: 'event'`). Their seals are
 * thus kept out of the audit chain, whose head row an append holds until the transaction commits: a suggestion routed
 * at intake would otherwise hold it for the whole intake batch, and make intake on every other instance wait.
 */
export async function forwardSuggestionIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  input: { department: string; note: string | null; actor: string; by?: ActingStaff },
): Promise<{ notified: string[] }> {
  const notified = await departmentAddresses(ctx, agg, input.department);
  const ids = notified.map(() => ctx.newId());
  // Decided before anything is written: a refused forward writes no e-mail.
  const decided = await decideOnCaseIn(
    ctx,
    agg,
    caseId,
    {
      type: 'forward_suggestion',
      department: input.department,
      note: input.note,
      outboundIds: ids,
      addresses: notified,
    },
    input.by ?? input.actor,
  );
  const s = decided.state;
  const forwarded = decided.events.find((e) => e.type === 'suggestion_forwarded');
  const language = ctx.config.defaultLanguage;
  const { template, version } = await activeTemplate(agg.db, 'department_forward', language);
  const rendered = renderText('department_forward', template, {
    organisation: ctx.config.organisation.name,
    reference: s.reference,
    department: forwarded?.payload.department ?? input.department,
    receivedDate: formatDate(s.receivedAt, language, ctx.config.timezone),
    text: s.fields.description ?? s.subject,
    note: input.note?.trim() || null,
    caseUrl: caseUrl(ctx, caseId),
  });
  for (const [i, to] of notified.entries())
    await queueEmail(
      ctx,
      agg.db,
      {
        id: ids[i]!,
        caseId: null,
        purpose: 'department_forward',
        audience: 'department',
        fromRole: 'suggestions',
        to,
        subject: rendered.subject,
        text: rendered.text,
        language,
        inReplyTo: null,
        references: [],
        autoSubmitted: input.actor === 'system' ? 'auto-generated' : null,
        attachments: [],
        templateVersion: version,
        actor: input.actor,
      },
      { anchor: 'event' },
    );
  await saveDecidedIn(agg, decided);
  return { notified };
}

/**
 * Forwards a suggestion as a person or a client asks (the staff page, the API): only to a department there is
 * (configured, or of department members' accounts, as the staff page offers them). A name mistyped, or an address,
 * was recorded as forwarded to it, no one was told, and the reports then knew a department of that name. At intake
 * the keyword rules name configured departments only (forwardSuggestionIn). The department is recorded under the
 * name it is defined with, however it was typed (departmentNamed).
 */
export async function forwardSuggestion(
  ctx: AppContext,
  caseId: string,
  input: { department: string; note: string | null; actor: string; by?: ActingStaff },
): Promise<{ notified: string[] }> {
  const departments = await knownDepartments(ctx);
  const department = departmentNamed(departments, input.department);
  if (!department)
    throw new DomainError({
      code: 'invalid_command',
      message: `department: "${input.department}" is not a department; use one of ${departments.join(', ')}.`,
      details: {
        context: 'department_unknown',
        department: input.department,
        departments: departments.join(', '),
      },
    });
  return inTransaction(ctx, (agg) => forwardSuggestionIn(ctx, agg, caseId, { ...input, department }));
}

/** The department confirms it has taken the suggestion up. */
export function acknowledgeSuggestion(ctx: AppContext, caseId: string, actor: ActorRef): Promise<void> {
  return inTransaction(ctx, async (agg) => {
    await actOnCaseIn(ctx, agg, caseId, { type: 'department_acknowledge_suggestion' }, actor);
  });
}

/** The department has handled the suggestion; it is closed with it. */
export function completeSuggestion(
  ctx: AppContext,
  caseId: string,
  input: { note: string | null; actor: string; by?: ActingStaff },
): Promise<void> {
  return inTransaction(ctx, async (agg) => {
    const saved = await actOnCaseIn(
      ctx,
      agg,
      caseId,
      { type: 'complete_suggestion', note: input.note },
      input.by ?? input.actor,
    );
    if (saved.state.status !== 'closed')
      await actOnCaseIn(
        ctx,
        agg,
        caseId,
        { type: 'close', reason: CLOSE_REASONS.suggestionHandled },
        input.actor,
      );
  });
}

export function assertSuggestion(kind: string): void {
  if (kind !== 'suggestion')
    throw new DomainError({
      code: 'not_a_suggestion',
      message: 'Only a suggestion is forwarded to a department.',
      details: { context: 'forward' },
    });
}
