// API tokens for integrations: created by administrators, scoped to one role, shown once, stored as SHA-256,
// revocable at any time, optionally expiring. Creation and revocation are in the audit log.

import { randomToken, sha256Hex } from '../adapters/crypto/secrets.ts';
import { AccountsRepo, type ApiToken, type Page } from '../adapters/db/accounts.repo.ts';
import { AccessError } from '../core/access/access-error.ts';
import type { Role } from '../core/access/roles.ts';
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

export function listApiTokens(
  ctx: AppContext,
  options: { page: number; pageSize: number },
): Promise<Page<ApiToken>> {
  return repoOf(ctx).listApiTokens({
    offset: (options.page - 1) * options.pageSize,
    limit: options.pageSize,
  });
}
