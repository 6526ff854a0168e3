// Staff accounts, sessions, failed sign-ins, API tokens and the audit log over Kysely (SQLite and PostgreSQL).
// Only hashes of secrets are stored; rows are mapped to plain values (departments parsed, booleans as booleans).
import type { Kysely, Selectable } from 'kysely';
import { isRole, type Role, type UserStatus } from '../../core/access/roles.ts';
import { LANGUAGES, type Language } from '../../core/case/model.ts';
import type { ApiTokensTable, AuditLogTable, SessionsTable, UsersTable } from './accounts.tables.ts';
import type { DB } from './schema.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  departments: string[];
  language: Language;
  status: UserStatus;
  hasPassword: boolean;
  invitationPending: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  absoluteExpiresAt: string;
  address: string | null;
  userAgent: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  hint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
}

/** What a set-your-password link is for: an administrator's invitation, or a reset the person asked for. */
export type LinkPurpose = 'invitation' | 'reset';

export interface Page<T> {
  rows: T[];
  total: number;
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: isRole(r.role) ? r.role : 'auditor',
    departments: JSON.parse(r.departments) as string[],
    language: (LANGUAGES as readonly string[]).includes(r.language) ? (r.language as Language) : 'en',
    status: r.status as UserStatus,
    hasPassword: r.password_hash !== null,
    invitationPending: r.invitation_hash !== null,
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toSession(r: Selectable<SessionsTable>): Session {
  return {
    id: r.id,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
    address: r.address,
    userAgent: r.user_agent,
  };
}

function toToken(r: Omit<Selectable<ApiTokensTable>, 'token_hash'>): ApiToken {
  return {
    id: r.id,
    name: r.name,
    role: isRole(r.role) ? r.role : 'auditor',
    hint: r.hint,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

function toAudit(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetLabel: r.target_label,
    address: r.address,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  };
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  departments: string[];
  language: Language;
  status: UserStatus;
  passwordHash: string | null;
  invitationHash: string | null;
  invitationExpiresAt: string | null;
  invitationPurpose?: LinkPurpose | null;
  at: string;
}

export interface UserPatch {
  name?: string;
  role?: Role;
  departments?: string[];
  language?: Language;
  status?: UserStatus;
  passwordHash?: string | null;
  invitationHash?: string | null;
  invitationExpiresAt?: string | null;
  invitationPurpose?: LinkPurpose | null;
  lastSignInAt?: string;
}

const TOKEN_COLUMNS = [
  'id',
  'name',
  'role',
  'hint',
  'created_by',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
  'revoked_by',
] as const;

/** The accounts store as seen from one connection or transaction. */
export class AccountsRepo {
  readonly db: Kysely<DB>;
  constructor(db: Kysely<DB>) {
    this.db = db;
  }

  // -- users ------------------------------------------------------------------------------------------------

  async insertUser(u: NewUser): Promise<User> {
    const row = {
      id: u.id,
      email: u.email.toLowerCase(),
      name: u.name,
      role: u.role,
      departments: JSON.stringify(u.departments),
      language: u.language,
      password_hash: u.passwordHash,
      status: u.status,
      invitation_hash: u.invitationHash,
      invitation_expires_at: u.invitationExpiresAt,
      invitation_purpose: u.invitationHash ? (u.invitationPurpose ?? 'invitation') : null,
      last_sign_in_at: null,
      created_at: u.at,
      updated_at: u.at,
    };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async userById(id: string): Promise<User | null> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async userByEmail(email: string): Promise<User | null> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return r ? toUser(r) : null;
  }

  /** The account and its password hash, for signing in. */
  async credentialsByEmail(email: string): Promise<{ user: User; passwordHash: string | null } | null> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return r ? { user: toUser(r), passwordHash: r.password_hash } : null;
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst();
    return r?.password_hash ?? null;
  }

  async userByInvitationHash(
    hash: string,
  ): Promise<{ user: User; expiresAt: string | null; purpose: LinkPurpose } | null> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('invitation_hash', '=', hash)
      .executeTakeFirst();
    return r
      ? {
          user: toUser(r),
          expiresAt: r.invitation_expires_at,
          purpose: r.invitation_purpose === 'reset' ? 'reset' : 'invitation',
        }
      : null;
  }

  async updateUser(id: string, patch: UserPatch, at: string): Promise<void> {
    const set: Partial<UsersTable> = { updated_at: at };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.departments !== undefined) set.departments = JSON.stringify(patch.departments);
    if (patch.language !== undefined) set.language = patch.language;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    if (patch.invitationHash !== undefined) set.invitation_hash = patch.invitationHash;
    if (patch.invitationExpiresAt !== undefined) set.invitation_expires_at = patch.invitationExpiresAt;
    if (patch.invitationPurpose !== undefined) set.invitation_purpose = patch.invitationPurpose;
    if (patch.lastSignInAt !== undefined) set.last_sign_in_at = patch.lastSignInAt;
    await this.db.updateTable('users').set(set).where('id', '=', id).execute();
  }

  async listUsers(options: { offset: number; limit: number }): Promise<Page<User>> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('users')
        .selectAll()
        .orderBy('status')
        .orderBy('email')
        .offset(options.offset)
        .limit(options.limit)
        .execute(),
      this.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toUser), total: Number(count.n) };
  }

  /** The accounts placed in at least one department (few: read whole, their departments parsed). */
  async departmentMembers(): Promise<Array<{ name: string; departments: string[] }>> {
    const rows = await this.db
      .selectFrom('users')
      .select(['name', 'email', 'departments'])
      .where('departments', '<>', '[]')
      .orderBy('email')
      .execute();
    return rows.map((r) => ({ name: r.name || r.email, departments: JSON.parse(r.departments) as string[] }));
  }

  async countUsers(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async countActiveAdministrators(exceptUserId: string | null): Promise<number> {
    let q = this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'administrator')
      .where('status', '=', 'active');
    if (exceptUserId) q = q.where('id', '!=', exceptUserId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  // -- sessions ---------------------------------------------------------------------------------------------

  async insertSession(s: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        expires_at: s.expiresAt,
        absolute_expires_at: s.absoluteExpiresAt,
        address: s.address,
        user_agent: s.userAgent,
      })
      .execute();
  }

  /** A session and its account in one query (every request of a signed-in person runs this). */
  async sessionWithUser(id: string): Promise<{ session: Session; user: User } | null> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.id as s_id',
        'sessions.user_id as s_user_id',
        'sessions.csrf_token as s_csrf_token',
        'sessions.created_at as s_created_at',
        'sessions.last_seen_at as s_last_seen_at',
        'sessions.expires_at as s_expires_at',
        'sessions.absolute_expires_at as s_absolute_expires_at',
        'sessions.address as s_address',
        'sessions.user_agent as s_user_agent',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!r) return null;
    const session = toSession({
      id: r.s_id,
      user_id: r.s_user_id,
      csrf_token: r.s_csrf_token,
      created_at: r.s_created_at,
      last_seen_at: r.s_last_seen_at,
      expires_at: r.s_expires_at,
      absolute_expires_at: r.s_absolute_expires_at,
      address: r.s_address,
      user_agent: r.s_user_agent,
    });
    return { session, user: toUser(r) };
  }

  async touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of an account (sign out everywhere, disabling, a new password); returns how many. */
  async deleteSessionsOfUser(userId: string, exceptSessionId: string | null = null): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async sessionsOfUser(userId: string): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('last_seen_at', 'desc')
      .execute();
    return rows.map(toSession);
  }

  // -- failed sign-ins ---------------------------------------------------------------------------------------

  async recordSignInFailure(keys: readonly string[], at: string, newId: () => string): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .insertInto('sign_in_failures')
      .values(keys.map((key) => ({ id: newId(), key, at })))
      .execute();
  }

  /** Failures per key since an instant (one query for the account and the address keys). */
  async signInFailuresSince(keys: readonly string[], since: string): Promise<Map<string, number>> {
    const out = new Map(keys.map((k) => [k, 0]));
    if (keys.length === 0) return out;
    const rows = await this.db
      .selectFrom('sign_in_failures')
      .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('key', 'in', keys)
      .where('at', '>', since)
      .groupBy('key')
      .execute();
    for (const r of rows) out.set(r.key, Number(r.n));
    return out;
  }

  /** The oldest failure still inside the window for a key (to say when the next attempt is possible). */
  async oldestSignInFailureSince(key: string, since: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('sign_in_failures')
      .select('at')
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at')
      .executeTakeFirst();
    return r?.at ?? null;
  }

  async clearSignInFailures(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  }

  async pruneSignInFailures(before: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('at', '<=', before).execute();
  }

  // -- API tokens -------------------------------------------------------------------------------------------

  async insertApiToken(t: ApiToken & { tokenHash: string }): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        name: t.name,
        role: t.role,
        token_hash: t.tokenHash,
        hint: t.hint,
        created_by: t.createdBy,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
        revoked_by: t.revokedBy,
      })
      .execute();
  }

  async apiTokenByHash(hash: string): Promise<ApiToken | null> {
    const r = await this.db
      .selectFrom('api_tokens')
      .select(TOKEN_COLUMNS)
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    return r ? toToken(r) : null;
  }

  async apiTokenById(id: string): Promise<ApiToken | null> {
    const r = await this.db
      .selectFrom('api_tokens')
      .select(TOKEN_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toToken(r) : null;
  }

  async listApiTokens(options: { offset: number; limit: number }): Promise<Page<ApiToken>> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('api_tokens')
        .select(TOKEN_COLUMNS)
        .orderBy('created_at', 'desc')
        .offset(options.offset)
        .limit(options.limit)
        .execute(),
      this.db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toToken), total: Number(count.n) };
  }

  async revokeApiToken(id: string, at: string, by: string): Promise<boolean> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The tokens created by `actor` (`user:<id>`) that are not revoked yet, expired ones included. */
  async unrevokedTokensCreatedBy(actor: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(TOKEN_COLUMNS)
      .where('created_by', '=', actor)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map(toToken);
  }

  async touchApiToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  // -- audit log --------------------------------------------------------------------------------------------

  /** Newest first; filtered by action when given. */
  async listAudit(options: {
    offset: number;
    limit: number;
    action?: string | null;
  }): Promise<Page<AuditEntry>> {
    let rows = this.db.selectFrom('audit_log').selectAll();
    let count = this.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
    if (options.action) {
      rows = rows.where('action', '=', options.action);
      count = count.where('action', '=', options.action);
    }
    const [r, c] = await Promise.all([
      rows.orderBy('at', 'desc').orderBy('id', 'desc').offset(options.offset).limit(options.limit).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { rows: r.map(toAudit), total: Number(c.n) };
  }
}
