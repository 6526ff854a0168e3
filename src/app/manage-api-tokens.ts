// API tokens for integrations: created by administrators, scoped to one role, shown once, stored as SHA-256,
// revocable at any time, optionally expiring. Creation and revocation are in the audit log.

import { randomToken, sha256Hex } from '../adapters/crypto/secrets.ts';
import { AccountsRepo, type ApiToken, type Page } from '../adapters/db/accounts.repo.ts';
import { accountNames } from '../adapters/db/templates.repo.ts';
import { AccessError } from '../core/access/access-error.ts';
import { keepsTokensCreated } from '../core/access/account.ts';
import type { Role, UserStatus } from '../core/access/roles.ts';
import type { AppContext } from './context.ts';
import { type Acting, inAccountsTransaction, recordAudit, repoOf } from './record-audit.ts';

export const TOKEN_PREFIX = 'rdt_';

export interface CreatedToken {
  token: ApiToken;
  /** The bearer secret; shown to the administrator once and never again. */
  secret: string;
}

export function createApiToken(
  ctx: AppContext,
  input: { name: string; role: Role; expiresInDays: number | null },
  acting: Acting,
): Promise<CreatedToken> {
  const secret = randomToken(32, TOKEN_PREFIX);
  const now = ctx.clock.now();
  const token: ApiToken = {
    id: ctx.newId(),
    name: input.name.trim(),
    role: input.role,
    hint: secret.slice(0, TOKEN_PREFIX.length + 6),
    createdBy: acting.actor,
    createdAt: now,
    expiresAt: input.expiresInDays
      ? new Date(Date.parse(now) + input.expiresInDays * 86_400_000).toISOString()
      : null,
    lastUsedAt: null,
    revokedAt: null,
    revokedBy: null,
  };
  return inAccountsTransaction(ctx, async (repo) => {
    await repo.insertApiToken({ ...token, tokenHash: sha256Hex(secret) });
    await recordAudit(
      ctx,
      repo,
      acting,
      'token_created',
      { type: 'token', id: token.id, label: token.name },
      {
        role: token.role,
        expiresAt: token.expiresAt,
      },
    );
    return { token, secret };
  });
}

export function revokeApiToken(ctx: AppContext, tokenId: string, acting: Acting): Promise<ApiToken> {
  return inAccountsTransaction(ctx, async (repo) => {
    const token = await repo.apiTokenById(tokenId);
    if (!token)
      throw new AccessError('token_not_found', 'There is no such API token.', {
        details: { context: 'token' },
      });
    const now = ctx.clock.now();
    if (!(await repo.revokeApiToken(tokenId, now, acting.actor)))
      throw new AccessError('already_in_state', 'This token is already revoked.', {
        details: { context: 'token_revoked' },
      });
    await recordAudit(ctx, repo, acting, 'token_revoked', { type: 'token', id: token.id, label: token.name });
    return { ...token, revokedAt: now, revokedBy: acting.actor };
  });
}

/**
 * Revokes, within the account change that calls it, the tokens `userId` created and still holds, when the account's
 * new shape may not keep them (core/access/account.ts: keepsTokensCreated). Each revocation is in the audit log,
 * with why; the number revoked is returned so the administrator is told.
 */
export async function revokeTokensOfCreator(
  ctx: AppContext,
  repo: AccountsRepo,
  userId: string,
  next: { role: Role; status: UserStatus },
  acting: Acting,
): Promise<number> {
  if (keepsTokensCreated(next)) return 0;
  const tokens = await repo.unrevokedTokensCreatedBy(`user:${userId}`);
  const now = ctx.clock.now();
  const because = next.status === 'disabled' ? 'creator_disabled' : 'creator_no_longer_administrator';
  for (const token of tokens) {
    await repo.revokeApiToken(token.id, now, acting.actor);
    await recordAudit(
      ctx,
      repo,
      acting,
      'token_revoked',
      { type: 'token', id: token.id, label: token.name },
      { because },
    );
  }
  return tokens.length;
}

/** The token behind a bearer secret, if it is valid now (not revoked, not expired). */
export async function authenticateApiToken(ctx: AppContext, secret: string): Promise<ApiToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const repo = new AccountsRepo(ctx.database.db);
  const token = await repo.apiTokenByHash(sha256Hex(secret));
  const now = ctx.clock.now();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  if (!token.lastUsedAt || Date.parse(now) - Date.parse(token.lastUsedAt) >= 60_000)
    await repo.touchApiToken(token.id, now);
  return token;
}

/** A page of tokens, newest first, each with its creator's name (their tokens end with their account's rights). */
export async function listApiTokens(
  ctx: AppContext,
  options: { page: number; pageSize: number },
): Promise<Page<ApiToken & { createdByName: string | null }>> {
  const page = await repoOf(ctx).listApiTokens({
    offset: (options.page - 1) * options.pageSize,
    limit: options.pageSize,
  });
  const creators = page.rows.map((t) => t.createdBy).filter((a) => a.startsWith('user:'));
  const names = await accountNames(
    ctx.database.db,
    creators.map((a) => a.slice(5)),
  );
  return {
    ...page,
    rows: page.rows.map((t) => ({
      ...t,
      createdByName: t.createdBy.startsWith('user:') ? (names.get(t.createdBy.slice(5)) ?? null) : null,
    })),
  };
}
