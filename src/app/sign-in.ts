// Signing in and out (sessions stored in the database, so several instances share them), with failed attempts
// counted per account and per client address over a sliding window shared by every instance.

import {
  hashPassword,
  needsRehash,
  randomToken,
  sha256Hex,
  verifyAgainstNothing,
  verifyPassword,
} from '../adapters/crypto/secrets.ts';
import { AccountsRepo, type Session, type User } from '../adapters/db/accounts.repo.ts';
import { AccessError } from '../core/access/access-error.ts';
import type { AppContext } from './context.ts';
import { addressNetwork } from './rate-limit.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';

const MINUTE = 60_000;
/** A session's last-seen time is written at most this often (not on every request). */
const TOUCH_EVERY_MS = MINUTE;

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const earlier = (a: string, b: string) => (a < b ? a : b);

export interface SignInInput {
  email: string;
  password: string;
  address: string | null;
  userAgent: string | null;
}

export interface SignedIn {
  user: User;
  session: Session;
  /** The cookie value; only its SHA-256 is stored. */
  sessionToken: string;
}

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
/** A client by its network: an IPv6 host holds a whole /64, and each new address of it is not a new client. */
export const addressKey = (address: string) => `address:${addressNetwork(address)}`;

export async function signIn(ctx: AppContext, input: SignInInput): Promise<SignedIn> {
  const { auth } = ctx.config;
  const repo = new AccountsRepo(ctx.database.db);
  const now = ctx.clock.now();
  const windowMs = auth.failureWindowMinutes * MINUTE;
  const since = plus(now, -windowMs);
  const email = input.email.trim().toLowerCase();
  const keys = [accountKey(email), ...(input.address ? [addressKey(input.address)] : [])];
  const acting: Acting = { actor: 'anonymous', label: email, address: input.address };

  // Slowed, not merely counted: over the limit, even the right password is refused until the window moves on.
  const counts = await repo.signInFailuresSince(keys, since);
  const limits = new Map([
    [keys[0]!, auth.maxFailuresPerAccount],
    [keys[1] ?? '', auth.maxFailuresPerAddress],
  ]);
  const blocked = keys.find((k) => (counts.get(k) ?? 0) >= (limits.get(k) ?? Infinity));
  if (blocked) {
    const oldest = (await repo.oldestSignInFailureSince(blocked, since)) ?? now;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((Date.parse(oldest) + windowMs - Date.parse(now)) / 1000),
    );
    await inAccountsTransaction(ctx, (r) =>
      recordAudit(ctx, r, acting, 'sign_in_throttled', null, { by: blocked.split(':')[0] }),
    );
    throw new AccessError('sign_in_throttled', 'Too many failed sign-ins; try again later.', {
      details: { context: 'failures', minutes: Math.ceil(retryAfterSeconds / 60) },
      retryAfterSeconds,
    });
  }

  const found = await repo.credentialsByEmail(email);
  const hash = found?.user.status === 'active' ? found.passwordHash : null;
  const usable = hash !== null;
  const ok = hash ? await verifyPassword(input.password, hash) : await verifyAgainstNothing(input.password);
  if (!ok || !found) {
    await inAccountsTransaction(ctx, async (r) => {
      await r.recordSignInFailure(keys, now, ctx.newId);
      await r.pruneSignInFailures(since);
      await recordAudit(
        ctx,
        r,
        acting,
        'sign_in_failed',
        found ? { type: 'user', id: found.user.id, label: found.user.email } : null,
        { reason: !found ? 'unknown_account' : !usable ? found.user.status : 'wrong_password' },
      );
    });
    throw new AccessError('sign_in_failed', 'The e-mail address or the password is not right.', {
      field: 'password',
      details: { context: 'credentials' },
    });
  }

  const sessionToken = randomToken(32);
  const absolute = plus(now, auth.sessionMaxHours * 60 * MINUTE);
  const session: Session = {
    id: sha256Hex(sessionToken),
    userId: found.user.id,
    csrfToken: randomToken(32),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: earlier(plus(now, auth.sessionIdleMinutes * MINUTE), absolute),
    absoluteExpiresAt: absolute,
    address: input.address,
    userAgent: input.userAgent?.slice(0, 200) ?? null,
  };
  const rehash = needsRehash(found.passwordHash!) ? await hashPassword(input.password) : null;
  await inAccountsTransaction(ctx, async (r) => {
    await r.clearSignInFailures(keys[0]!);
    await r.insertSession(session);
    await r.updateUser(
      found.user.id,
      { lastSignInAt: now, ...(rehash ? { passwordHash: rehash } : {}) },
      now,
    );
    await recordAudit(
      ctx,
      r,
      { actor: `user:${found.user.id}`, label: email, address: input.address },
      'sign_in',
      {
        type: 'user',
        id: found.user.id,
        label: email,
      },
    );
  });
  return { user: { ...found.user, lastSignInAt: now }, session, sessionToken };
}

export type SessionLookup =
  | { status: 'valid'; user: User; session: Session }
  | { status: 'expired' }
  | { status: 'none' };

/** The session behind a cookie value: valid (and kept alive), expired (and removed), or none. */
export async function resolveSession(ctx: AppContext, sessionToken: string): Promise<SessionLookup> {
  const repo = new AccountsRepo(ctx.database.db);
  const found = await repo.sessionWithUser(sha256Hex(sessionToken));
  if (!found) return { status: 'none' };
  const now = ctx.clock.now();
  const { session, user } = found;
  if (session.expiresAt <= now || user.status !== 'active') {
    await repo.deleteSession(session.id);
    return { status: 'expired' };
  }
  if (Date.parse(now) - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    const expiresAt = earlier(
      plus(now, ctx.config.auth.sessionIdleMinutes * MINUTE),
      session.absoluteExpiresAt,
    );
    await repo.touchSession(session.id, now, expiresAt);
    return { status: 'valid', user, session: { ...session, lastSeenAt: now, expiresAt } };
  }
  return { status: 'valid', user, session };
}

export function signOut(ctx: AppContext, session: Session, acting: Acting): Promise<void> {
  return inAccountsTransaction(ctx, async (r) => {
    await r.deleteSession(session.id);
    await recordAudit(ctx, r, acting, 'sign_out', { type: 'user', id: session.userId, label: acting.label });
  });
}

/** Ends every session of an account, on every device and instance. */
export function signOutEverywhere(ctx: AppContext, user: User, acting: Acting): Promise<number> {
  return inAccountsTransaction(ctx, async (r) => {
    const ended = await r.deleteSessionsOfUser(user.id);
    await recordAudit(
      ctx,
      r,
      acting,
      'sign_out_everywhere',
      { type: 'user', id: user.id, label: user.email },
      {
        sessions: ended,
      },
    );
    return ended;
  });
}

/** Removes expired sessions (run now and then; expired ones are refused anyway). */
export function pruneSessions(ctx: AppContext): Promise<number> {
  return new AccountsRepo(ctx.database.db).deleteExpiredSessions(ctx.clock.now());
}
