// The audit log of administrative acts (who signed in or failed to, user and role changes, API tokens,
// configuration changes, exports of personal data). Written in the same transaction as the act it records, and
// hash-chained (core/archive/audit-chain.ts) so that `redress archive verify` finds an entry changed or removed.
import { AccountsRepo, type AuditEntry, type Page } from '../adapters/db/accounts.repo.ts';
import { appendAudit } from '../adapters/db/audit-chain.repo.ts';
import type { AppContext } from './context.ts';

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_throttled',
  'sign_out',
  'sign_out_everywhere',
  'user_added',
  'user_invited',
  'invitation_renewed',
  'invitation_accepted',
  'password_reset_requested',
  'password_reset',
  'user_updated',
  'user_role_changed',
  'user_disabled',
  'user_enabled',
  'password_changed',
  'token_created',
  'token_revoked',
  'config_changed',
  'template_saved',
  'personal_data_exported',
  'case_dossier_exported',
  'legal_hold_set',
  'legal_hold_lifted',
  'case_anonymised',
  'inbox_item_anonymised',
  'complainant_anonymised',
  'complainant_link_revoked',
  'erasure_requested',
  'snippet_saved',
  'snippet_retired',
  // The seal of an outbound item that no event of its case carries (outbox.repo.ts insertOutbound).
  'outbound_sealed',
  // The list of rows written before outbound seals were anchored, recorded once by the upgrade (anchor-list.repo.ts).
  'anchor_list_recorded',
  // A notice of the mail door (a message Redress has no bytes of) marked dealt with on the inbox page (imap-notices.ts).
  'imap_notice_dealt_with',
  // A letter registered with a date of arrival more than a year back, confirmed by the person (register-letter.ts).
  'old_letter_registered',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acts, as the audit log and the event streams record it. */
export interface Acting {
  /** `user:<id>`, `token:<id>`, `cli`, `system`, `anonymous`. */
  actor: string;
  /** The e-mail or token name at the time. */
  label: string | null;
  /** The client's address (HTTP), or null. */
  address: string | null;
}

export interface AuditTarget {
  /** `address`: a data subject known only by an e-mail address (no complainant record); named by its digest. */
  type: 'user' | 'token' | 'config' | 'complainant' | 'case' | 'snippet' | 'address' | 'imap_notice';
  id: string | null;
  label: string | null;
}

export async function recordAudit(
  ctx: AppContext,
  repo: AccountsRepo,
  acting: Acting,
  action: AuditAction,
  target: AuditTarget | null = null,
  detail: Record<string, unknown> | null = null,
): Promise<void> {
  const entry = {
    id: ctx.newId(),
    at: ctx.clock.now(),
    actor: acting.actor,
    actorLabel: acting.label,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    targetLabel: target?.label ?? null,
    address: acting.address,
    detail,
  };
  // The chain reads and moves its head: inside the caller's transaction when there is one, else in its own.
  if (repo.db.isTransaction) await appendAudit(repo.db, entry);
  else await ctx.database.transaction((trx) => appendAudit(trx, entry));
}

export function listAudit(
  ctx: AppContext,
  options: { page: number; pageSize: number; action?: AuditAction | null },
): Promise<Page<AuditEntry>> {
  return repoOf(ctx).listAudit({
    offset: (options.page - 1) * options.pageSize,
    limit: options.pageSize,
    action: options.action ?? null,
  });
}

export function repoOf(ctx: AppContext): AccountsRepo {
  return new AccountsRepo(ctx.database.db);
}

/** Runs `fn` in one transaction with the accounts store. */
export function inAccountsTransaction<T>(
  ctx: AppContext,
  fn: (repo: AccountsRepo) => Promise<T>,
): Promise<T> {
  return ctx.database.transaction((trx) => fn(new AccountsRepo(trx)));
}
