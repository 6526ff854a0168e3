// "Forgot your password?": a person types their address on the sign-in page and, if an enabled account has that
// address, gets a one-time set-your-password link by e-mail, valid for an hour (stored as its SHA-256 only, in
// the account's one link slot: an earlier link stops working). Following it is manage-users.ts acceptInvitation.
//
// The answer never says whether an account exists: the caller shows the same sentence either way, and the work
// done is the same shape (one transaction with an audit entry). Requests are counted per address asked about and
// per client, over the sign-in window, with the sign-in limits' table and numbers (under keys of their own), so
// nobody can fill a colleague's mailbox or probe addresses at speed; the count does not depend on whether the
// account exists either.
import { randomToken, sha256Hex } from '../adapters/crypto/secrets.ts';
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import { AccessError } from '../core/access/access-error.ts';
import { RESET_LINK_HOURS, resetRequestBlocked } from '../core/access/account-mail.ts';
import { queueAccountMail } from './account-mail.ts';
import type { AppContext } from './context.ts';
import { addressNetwork } from './rate-limit.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';

const MINUTE = 60_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export const resetAccountKey = (email: string) => `reset:account:${email.trim().toLowerCase()}`;
/** A client by its network, as for sign-in: an IPv6 host holds a whole /64 of addresses. */
export const resetClientKey = (address: string) => `reset:address:${addressNetwork(address)}`;

/**
 * Handles one request. Resolves the same way whether or not an account exists (the caller shows one neutral
 * answer); refuses with `reset_throttled` (and when to try again) past the limits.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  input: { email: string; address: string | null },
): Promise<void> {
  const { auth } = ctx.config;
  const repo = new AccountsRepo(ctx.database.db);
  const now = ctx.clock.now();
  const windowMs = auth.failureWindowMinutes * MINUTE;
  const since = plus(now, -windowMs);
  const email = input.email.trim().toLowerCase();
  const accountKey = resetAccountKey(email);
  const clientKey = input.address ? resetClientKey(input.address) : null;
  const keys = clientKey ? [accountKey, clientKey] : [accountKey];
  const acting: Acting = { actor: 'anonymous', label: email, address: input.address };

  const counts = await repo.signInFailuresSince(keys, since);
  const blocked = resetRequestBlocked(
    { account: counts.get(accountKey) ?? 0, client: clientKey ? (counts.get(clientKey) ?? 0) : 0 },
    { perAccount: auth.maxFailuresPerAccount, perClient: auth.maxFailuresPerAddress },
  );
  if (blocked) {
    const key = blocked === 'account' ? accountKey : clientKey!;
    const oldest = (await repo.oldestSignInFailureSince(key, since)) ?? now;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((Date.parse(oldest) + windowMs - Date.parse(now)) / 1000),
    );
    await inAccountsTransaction(ctx, (r) =>
      recordAudit(ctx, r, acting, 'password_reset_requested', null, { throttled: blocked }),
    );
    throw new AccessError('reset_throttled', 'Too many requests for a new password; try again later.', {
      details: { context: 'requests', minutes: Math.ceil(retryAfterSeconds / 60) },
      retryAfterSeconds,
    });
  }

  const user = await repo.userByEmail(email);
  const token = randomToken(32);
  const expiresAt = plus(now, RESET_LINK_HOURS * 60 * MINUTE);
  await inAccountsTransaction(ctx, async (r) => {
    await r.recordSignInFailure(keys, now, ctx.newId);
    await r.pruneSignInFailures(since);
    if (!user || user.status === 'disabled') {
      await recordAudit(
        ctx,
        r,
        acting,
        'password_reset_requested',
        user ? { type: 'user', id: user.id, label: user.email } : null,
        { mailed: false, reason: user ? 'disabled' : 'unknown_account' },
      );
      return;
    }
    await r.updateUser(
      user.id,
      { invitationHash: sha256Hex(token), invitationExpiresAt: expiresAt, invitationPurpose: 'reset' },
      now,
    );
    await queueAccountMail(ctx, r.db, { kind: 'password_reset', user, token, expiresAt, actor: 'anonymous' });
    await recordAudit(
      ctx,
      r,
      acting,
      'password_reset_requested',
      { type: 'user', id: user.id, label: user.email },
      { mailed: true },
    );
  });
}
