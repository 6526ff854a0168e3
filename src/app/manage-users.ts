// Staff accounts: added from the command line (the first administrator), invited by administrators (a
// set-your-password link), changed (name, role, departments, language), disabled and enabled. Accounts are never
// deleted: the history of cases and the audit log name them. Every change is in the audit log.

import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../adapters/crypto/secrets.ts';
import type { AccountsRepo, LinkPurpose, Page, Session, User } from '../adapters/db/accounts.repo.ts';
import { AccessError } from '../core/access/access-error.ts';
import {
  accountProblem,
  knownDepartments,
  normaliseDepartments,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from '../core/access/account.ts';
import type { Role } from '../core/access/roles.ts';
import type { Language } from '../core/case/model.ts';
import { queueAccountMail } from './account-mail.ts';
import type { AppContext } from './context.ts';
import { revokeTokensOfCreator } from './manage-api-tokens.ts';
import { type Acting, inAccountsTransaction, recordAudit, repoOf } from './record-audit.ts';

export interface AccountInput {
  email: string;
  name: string;
  role: Role;
  departments: string[];
  language: Language;
}

const target = (u: { id: string; email: string }) => ({ type: 'user' as const, id: u.id, label: u.email });

function checkPassword(password: string, email: string, field = 'password'): void {
  const problem = passwordProblem(password, email);
  const message = `The password is not acceptable (${problem}).`;
  if (problem === 'password_too_short')
    throw new AccessError(problem, message, {
      field,
      details: { context: 'length', min: PASSWORD_MIN_LENGTH },
    });
  if (problem === 'password_too_long')
    throw new AccessError(problem, message, {
      field,
      details: { context: 'length', max: PASSWORD_MAX_LENGTH },
    });
  if (problem === 'password_is_email')
    throw new AccessError(problem, message, { field, details: { context: 'email' } });
}

async function checkShape(
  repo: AccountsRepo,
  current: User | null,
  next: { role: Role; status: User['status']; departments: string[] },
): Promise<void> {
  const others = await repo.countActiveAdministrators(current?.id ?? null);
  const problem = accountProblem(current, next, others);
  if (problem === 'departments_required')
    throw new AccessError(problem, 'A department member needs at least one department.', {
      field: 'departments',
      details: { context: 'department_member' },
    });
  if (problem === 'last_administrator')
    throw new AccessError(problem, 'This is the last active administrator; appoint another one first.', {
      field: 'role',
      details: { context: 'active' },
    });
}

/**
 * The departments an administrator gives a department member, as configured; one that does not exist is refused,
 * naming it and the existing ones (or saying there are none yet), since the way out is to pick one of those or to
 * add the department first. Every door that gives an account its departments asks it: `redress user add` (addUser),
 * inviting (inviteUser) and changing an account (updateUser); a department nobody forwards to would leave its
 * member with no suggestion to see.
 */
function departmentsFor(ctx: AppContext, role: Role, typed: string[]): string[] {
  const departments = normaliseDepartments(typed);
  if (role !== 'department_member') return departments;
  const existing = ctx.config.departments.map((d) => d.name);
  const known = knownDepartments(departments, existing);
  if (known.ok) return known.departments;
  throw new AccessError(
    'unknown_department',
    existing.length
      ? `There is no department "${known.unknown}": choose among ${existing.join(', ')}, or add it first under Administration > Departments.`
      : `There is no department "${known.unknown}", and no department exists yet: add it first under Administration > Departments.`,
    {
      field: 'departments',
      details: existing.length
        ? { context: 'existing', department: known.unknown, existing: existing.join(', ') }
        : { department: known.unknown, context: 'none' },
    },
  );
}

async function newAccount(
  ctx: AppContext,
  repo: AccountsRepo,
  input: AccountInput,
  extra: { status: User['status']; passwordHash: string | null; invitationHash: string | null },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (await repo.userByEmail(email))
    throw new AccessError('email_taken', `There is already an account for ${email}.`, {
      field: 'email',
      details: { context: 'account', email },
    });
  const departments = departmentsFor(ctx, input.role, input.departments);
  await checkShape(repo, null, { role: input.role, status: extra.status, departments });
  const now = ctx.clock.now();
  return repo.insertUser({
    id: ctx.newId(),
    email,
    name: input.name.trim() || email,
    role: input.role,
    departments,
    language: input.language,
    status: extra.status,
    passwordHash: extra.passwordHash,
    invitationHash: extra.invitationHash,
    invitationExpiresAt: extra.invitationHash
      ? new Date(Date.parse(now) + ctx.config.auth.invitationHours * 3_600_000).toISOString()
      : null,
    at: now,
  });
}

/** An active account with a password (the command line; the first administrator of a fresh install). */
export async function addUser(
  ctx: AppContext,
  input: AccountInput & { password: string },
  acting: Acting,
): Promise<User> {
  checkPassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return inAccountsTransaction(ctx, async (repo) => {
    const user = await newAccount(ctx, repo, input, { status: 'active', passwordHash, invitationHash: null });
    await recordAudit(ctx, repo, acting, 'user_added', target(user), { role: user.role });
    return user;
  });
}

export interface Invitation {
  user: User;
  /** The secret of the set-your-password link; stored as SHA-256 only. */
  token: string;
  expiresAt: string;
  /**
   * True when the link went to the person by e-mail (in the outbox, in the same transaction). False when outbound
   * mail is switched off: then, and only then, the administrator is shown the link to pass on.
   */
  mailed: boolean;
}

/**
 * An invited account: the person gets a set-your-password link by e-mail, valid for `auth.invitationHours`. The
 * account, the audit entry and the mail are one transaction.
 */
export async function inviteUser(ctx: AppContext, input: AccountInput, acting: Acting): Promise<Invitation> {
  const token = randomToken(32);
  const mailed = ctx.config.outbound.enabled;
  return inAccountsTransaction(ctx, async (repo) => {
    const user = await newAccount(ctx, repo, input, {
      status: 'invited',
      passwordHash: null,
      invitationHash: sha256Hex(token),
    });
    const stored = await repo.userByInvitationHash(sha256Hex(token));
    const expiresAt = stored!.expiresAt!;
    if (mailed)
      await queueAccountMail(ctx, repo.db, {
        kind: 'account_invitation',
        user,
        token,
        expiresAt,
        actor: acting.actor,
      });
    await recordAudit(ctx, repo, acting, 'user_invited', target(user), { role: user.role, mailed });
    return { user, token, expiresAt, mailed };
  });
}

/**
 * A new set-your-password link for an account (an expired invitation, a lost password), sent like an invitation.
 * It replaces any link the account had: the earlier one stops working.
 */
export function renewInvitation(ctx: AppContext, userId: string, acting: Acting): Promise<Invitation> {
  const token = randomToken(32);
  const mailed = ctx.config.outbound.enabled;
  return inAccountsTransaction(ctx, async (repo) => {
    const user = await requireUser(repo, userId);
    const now = ctx.clock.now();
    const expiresAt = new Date(Date.parse(now) + ctx.config.auth.invitationHours * 3_600_000).toISOString();
    await repo.updateUser(
      user.id,
      { invitationHash: sha256Hex(token), invitationExpiresAt: expiresAt, invitationPurpose: 'invitation' },
      now,
    );
    if (mailed && user.status !== 'disabled')
      await queueAccountMail(ctx, repo.db, {
        kind: 'account_invitation',
        user,
        token,
        expiresAt,
        actor: acting.actor,
      });
    await recordAudit(ctx, repo, acting, 'invitation_renewed', target(user), { mailed });
    return { user: { ...user, invitationPending: true }, token, expiresAt, mailed };
  });
}

/**
 * The account a set-your-password link is for and what the link is (an invitation, a reset), or
 * `invitation_invalid` (unknown, used, replaced by a newer link, expired, disabled account).
 */
export async function linkAccount(
  ctx: AppContext,
  token: string,
): Promise<{ user: User; purpose: LinkPurpose }> {
  const found = await repoOf(ctx).userByInvitationHash(sha256Hex(token));
  const expiresAt = found?.expiresAt;
  if (!found || !expiresAt || expiresAt <= ctx.clock.now() || found.user.status === 'disabled')
    throw new AccessError(
      'invitation_invalid',
      'This link is not valid any more; ask an administrator for a new one.',
      { details: { context: 'expired' } },
    );
  return { user: found.user, purpose: found.purpose };
}

/** The account a set-your-password link is for, or `invitation_invalid` (see linkAccount). */
export async function invitationAccount(ctx: AppContext, token: string): Promise<User> {
  return (await linkAccount(ctx, token)).user;
}

/** Sets the password through a set-your-password link; the link then stops working and other sessions end. */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  password: string,
  address: string | null,
): Promise<User> {
  const { user } = await linkAccount(ctx, token);
  checkPassword(password, user.email);
  const passwordHash = await hashPassword(password);
  return inAccountsTransaction(ctx, async (repo) => {
    // Read again in the transaction: two posts of one link, or a newer link meanwhile, set no password.
    const again = await repo.userByInvitationHash(sha256Hex(token));
    if (!again)
      throw new AccessError('invitation_invalid', 'This link was used already.', {
        details: { context: 'used' },
      });
    const now = ctx.clock.now();
    const status = user.status === 'invited' ? 'active' : user.status;
    await repo.updateUser(
      user.id,
      { passwordHash, status, invitationHash: null, invitationExpiresAt: null, invitationPurpose: null },
      now,
    );
    // Whoever was signed in with the old password (perhaps the person who made a reset necessary) is signed out.
    const ended = await repo.deleteSessionsOfUser(user.id);
    await recordAudit(
      ctx,
      repo,
      { actor: `user:${user.id}`, label: user.email, address },
      again.purpose === 'reset' ? 'password_reset' : 'invitation_accepted',
      target(user),
      again.purpose === 'reset' ? { otherSessionsEnded: ended } : null,
    );
    return { ...user, status, hasPassword: true, invitationPending: false };
  });
}

export interface AccountChange {
  name: string;
  role: Role;
  departments: string[];
  language: Language;
}

/** An account after a change, with how many API tokens it created were revoked by the change. */
export type ChangedUser = User & { tokensRevoked: number };

/** Changes an account's name, role, departments and language (administrators). */
export function updateUser(
  ctx: AppContext,
  userId: string,
  change: AccountChange,
  acting: Acting,
): Promise<ChangedUser> {
  return inAccountsTransaction(ctx, async (repo) => {
    const user = await requireUser(repo, userId);
    const departments = departmentsFor(ctx, change.role, change.departments);
    await checkShape(repo, user, { role: change.role, status: user.status, departments });
    const name = change.name.trim() || user.email;
    const now = ctx.clock.now();
    await repo.updateUser(user.id, { name, role: change.role, departments, language: change.language }, now);
    if (change.role !== user.role)
      await recordAudit(ctx, repo, acting, 'user_role_changed', target(user), {
        from: user.role,
        to: change.role,
      });
    const changed: string[] = (['name', 'language'] as const).filter((k) => change[k] !== user[k]);
    if (JSON.stringify(departments) !== JSON.stringify(user.departments)) changed.push('departments');
    if (changed.length)
      await recordAudit(ctx, repo, acting, 'user_updated', target(user), { fields: changed });
    const tokensRevoked = await revokeTokensOfCreator(
      ctx,
      repo,
      user.id,
      { role: change.role, status: user.status },
      acting,
    );
    return {
      ...user,
      name,
      role: change.role,
      departments,
      language: change.language,
      updatedAt: now,
      tokensRevoked,
    };
  });
}

/** Disables an account (its sessions end at once) or enables it again. History keeps naming it either way. */
export function setUserEnabled(
  ctx: AppContext,
  userId: string,
  enabled: boolean,
  acting: Acting,
): Promise<ChangedUser> {
  return inAccountsTransaction(ctx, async (repo) => {
    const user = await requireUser(repo, userId);
    const status = enabled ? (user.hasPassword ? 'active' : 'invited') : 'disabled';
    if (status === user.status)
      throw new AccessError('already_in_state', `The account is already ${user.status}.`, {
        details: { context: 'account', status: user.status },
      });
    await checkShape(repo, user, { role: user.role, status, departments: user.departments });
    const now = ctx.clock.now();
    // Disabling also takes back any set-your-password link (an invitation, a reset): an account is often disabled
    // because such a link reached the wrong person, and the link must not work again once the account is enabled.
    // Enabling an account that never chose a password therefore needs a new link from the administrator.
    await repo.updateUser(
      user.id,
      enabled
        ? { status }
        : { status, invitationHash: null, invitationExpiresAt: null, invitationPurpose: null },
      now,
    );
    if (!enabled) await repo.deleteSessionsOfUser(user.id);
    await recordAudit(ctx, repo, acting, enabled ? 'user_enabled' : 'user_disabled', target(user));
    const tokensRevoked = await revokeTokensOfCreator(
      ctx,
      repo,
      user.id,
      { role: user.role, status },
      acting,
    );
    return { ...user, status, updatedAt: now, tokensRevoked };
  });
}

/** A person changes their own password; their other sessions end, and any link to set one stops working. */
export async function changeOwnPassword(
  ctx: AppContext,
  user: User,
  input: { current: string; next: string; keepSession: Session | null },
  acting: Acting,
): Promise<void> {
  const stored = await repoOf(ctx).passwordHashOf(user.id);
  if (!stored || !(await verifyPassword(input.current, stored)))
    throw new AccessError('password_wrong', 'The current password is not right.', {
      field: 'current',
      details: { context: 'current' },
    });
  checkPassword(input.next, user.email, 'next');
  const passwordHash = await hashPassword(input.next);
  await inAccountsTransaction(ctx, async (repo) => {
    // The password chosen here replaces any set-your-password link still waiting (a reset the person did not ask for
    // is often answered by changing the password): whoever holds that link must not replace this password.
    await repo.updateUser(
      user.id,
      { passwordHash, invitationHash: null, invitationExpiresAt: null, invitationPurpose: null },
      ctx.clock.now(),
    );
    const ended = await repo.deleteSessionsOfUser(user.id, input.keepSession?.id ?? null);
    await recordAudit(ctx, repo, acting, 'password_changed', target(user), { otherSessionsEnded: ended });
  });
}

/** Sets a password from the command line (an administrator who lost theirs, on the server). */
export async function setPassword(
  ctx: AppContext,
  email: string,
  password: string,
  acting: Acting,
): Promise<User> {
  const user = await repoOf(ctx).userByEmail(email);
  if (!user)
    throw new AccessError('user_not_found', `There is no account for ${email}.`, {
      field: 'email',
      details: { context: 'email', email },
    });
  checkPassword(password, user.email);
  const passwordHash = await hashPassword(password);
  return inAccountsTransaction(ctx, async (repo) => {
    const status = user.status === 'invited' ? 'active' : user.status;
    await repo.updateUser(
      user.id,
      { passwordHash, status, invitationHash: null, invitationExpiresAt: null },
      ctx.clock.now(),
    );
    await repo.deleteSessionsOfUser(user.id);
    await recordAudit(ctx, repo, acting, 'password_changed', target(user), { by: 'cli' });
    return { ...user, status, hasPassword: true };
  });
}

/** A person's own language for the interface (a preference, not an administrative act). */
export async function setOwnLanguage(ctx: AppContext, user: User, language: Language): Promise<void> {
  await repoOf(ctx).updateUser(user.id, { language }, ctx.clock.now());
}

export function listUsers(ctx: AppContext, options: { page: number; pageSize: number }): Promise<Page<User>> {
  return repoOf(ctx).listUsers({ offset: (options.page - 1) * options.pageSize, limit: options.pageSize });
}

export async function getUser(ctx: AppContext, userId: string): Promise<User> {
  return requireUser(repoOf(ctx), userId);
}

export async function sessionsOf(ctx: AppContext, userId: string): Promise<Session[]> {
  return repoOf(ctx).sessionsOfUser(userId);
}

export async function countUsers(ctx: AppContext): Promise<number> {
  return repoOf(ctx).countUsers();
}

async function requireUser(repo: AccountsRepo, userId: string): Promise<User> {
  const user = await repo.userById(userId);
  if (!user)
    throw new AccessError('user_not_found', 'There is no such account.', { details: { context: 'account' } });
  return user;
}
