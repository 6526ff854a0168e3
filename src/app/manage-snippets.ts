// Saved snippets for free replies, kept by administrators per language: added, changed, retired, each with an
// entry in the audit log in the same transaction. Staff insert a snippet into a reply on the case page; what is
// sent is always the reply as the person left it (a snippet is a starting point, not a text sent as it is).
import { createHash } from 'node:crypto';
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import {
  insertSnippet,
  listSnippets,
  retireSnippet,
  type SnippetRow,
  snippetById,
  snippetsIn,
  updateSnippet,
} from '../adapters/db/snippets.repo.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { type Acting, recordAudit } from './record-audit.ts';

export type { SnippetRow };

export interface SnippetInput {
  language: Language;
  title: string;
  body: string;
  /**
   * The snippet as the form showed it (`snippetRevision`): a change is refused when the snippet is no longer so,
   * since a colleague saved it after the form was opened and saving would silently drop their change. Absent: not
   * checked (a caller that did not show it).
   */
  seen?: string | undefined;
}

/**
 * What a snippet is now, as a short token the form carries: its last change and its text. The text is in it so that
 * two saves within the same millisecond still tell apart.
 */
export function snippetRevision(s: SnippetRow): string {
  return createHash('sha256')
    .update(JSON.stringify([s.updatedAt, s.language, s.title, s.body]))
    .digest('hex')
    .slice(0, 32);
}

const notFound = (id: string) =>
  new DomainError({
    code: 'invalid_command',
    message: `There is no snippet ${id}.`,
    details: { context: 'no_snippet' },
  });

export function allSnippets(ctx: AppContext): Promise<SnippetRow[]> {
  return listSnippets(ctx.database.db);
}

/** The snippets staff may insert into a reply written in `language`. */
export function snippetsForReply(ctx: AppContext, language: Language): Promise<SnippetRow[]> {
  return snippetsIn(ctx.database.db, language);
}

/** One snippet in use in `language`, or null (a retired one, or one of another language, is not inserted). */
export async function snippetToInsert(
  ctx: AppContext,
  id: string,
  language: Language,
): Promise<SnippetRow | null> {
  const s = await snippetById(ctx.database.db, id);
  return s && !s.retiredAt && s.language === language ? s : null;
}

export function snippet(ctx: AppContext, id: string): Promise<SnippetRow | null> {
  return snippetById(ctx.database.db, id);
}

/** Adds a snippet (no id) or changes one, audited. */
export function saveSnippet(
  ctx: AppContext,
  id: string | null,
  input: SnippetInput,
  acting: Acting,
): Promise<string> {
  // A reply's text is sent as the person left it, never read as a template (core/correspondence/reply.ts): a
  // template's variable in a snippet would reach the complainant as braces.
  const variable = /\{\{[^{}]*\}\}/.exec(`${input.title}\n${input.body}`)?.[0];
  if (variable)
    return Promise.reject(
      new DomainError({
        code: 'invalid_command',
        message: `A snippet is inserted as written: ${variable} would reach the complainant as it stands.`,
        details: { context: 'snippet_variable', variable },
      }),
    );
  return ctx.database.transaction(async (trx) => {
    const at = ctx.clock.now();
    const row = {
      language: input.language,
      title: input.title.trim(),
      body: input.body.trim(),
      at,
      by: acting.actor,
    };
    let saved = id;
    if (saved) {
      const had = await snippetById(trx, saved, { engine: ctx.database.engine });
      if (!had) throw notFound(saved);
      if (had.retiredAt)
        throw new DomainError({
          code: 'invalid_command',
          message: 'A retired snippet cannot be changed; add a new one.',
          details: { context: 'snippet_retired_change' },
        });
      if (input.seen !== undefined && input.seen !== snippetRevision(had))
        throw new DomainError({
          code: 'invalid_command',
          message: 'The snippet was changed by someone else after the form was opened; nothing was saved.',
          details: { context: 'snippet_changed_meanwhile' },
        });
      await updateSnippet(trx, saved, row);
    } else {
      saved = ctx.newId();
      await insertSnippet(trx, { id: saved, ...row });
    }
    await recordAudit(
      ctx,
      new AccountsRepo(trx),
      acting,
      'snippet_saved',
      { type: 'snippet', id: saved, label: `${row.title} (${row.language})` },
      { change: id ? 'changed' : 'added' },
    );
    return saved;
  });
}

/** Retires a snippet: no longer offered, kept for the record; audited. */
export function retireSnippetBy(ctx: AppContext, id: string, acting: Acting): Promise<void> {
  return ctx.database.transaction(async (trx) => {
    const had = await snippetById(trx, id);
    if (!had) throw notFound(id);
    if (had.retiredAt)
      throw new DomainError({
        code: 'same_value',
        message: 'The snippet is already retired.',
        details: { context: 'snippet_retired' },
      });
    await retireSnippet(trx, id, ctx.clock.now(), acting.actor);
    await recordAudit(
      ctx,
      new AccountsRepo(trx),
      acting,
      'snippet_retired',
      { type: 'snippet', id, label: `${had.title} (${had.language})` },
      null,
    );
  });
}
