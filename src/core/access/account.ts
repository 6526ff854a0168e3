// The rules of staff accounts, pure: what makes a password acceptable, what a department list looks like, and
// which changes would lock the organisation out (the last active administrator stays).
import type { Role, UserStatus } from './roles.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_is_email';

/** Why a new password is refused, or null when it is acceptable. Length over rules: a passphrase is fine. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  const lower = password.toLowerCase();
  if (lower === email.toLowerCase() || (local.length >= 4 && lower === local)) return 'password_is_email';
  return null;
}

/** Departments as a person types them ("Billing, domains"): trimmed, without blanks and duplicates, in order. */
export function normaliseDepartments(input: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of input.flatMap((s) => s.split(','))) {
    const name = part.trim().replace(/\s+/g, ' ');
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/**
 * A department member's departments as the organisation names them (`known`: the configured departments), or the
 * first one typed that does not exist. Matched without regard to case, so "billing" is kept as "Billing"; a
 * department member placed in a department nobody forwards to would see no suggestion at all.
 */
export function knownDepartments(
  typed: readonly string[],
  known: readonly string[],
): { ok: true; departments: string[] } | { ok: false; unknown: string } {
  const byKey = new Map(known.map((k) => [k.trim().replace(/\s+/g, ' ').toLowerCase(), k]));
  const departments: string[] = [];
  for (const name of typed) {
    const found = byKey.get(name.toLowerCase());
    if (found === undefined) return { ok: false, unknown: name };
    if (!departments.includes(found)) departments.push(found);
  }
  return { ok: true, departments };
}

/**
 * The departments a new list of departments leaves out that still have members, each with them (matched without
 * regard to case, as `knownDepartments` does). Such a department cannot be removed: its members would keep a
 * department that no longer exists, and every later change of their account would be refused for it.
 */
export function departmentsStillInUse(
  before: readonly string[],
  after: readonly string[],
  members: ReadonlyArray<{ name: string; departments: readonly string[] }>,
): Array<{ department: string; members: string[] }> {
  const key = (d: string) => d.trim().replace(/\s+/g, ' ').toLowerCase();
  const kept = new Set(after.map(key));
  return before
    .filter((d) => !kept.has(key(d)))
    .map((department) => ({
      department,
      members: members
        .filter((m) => m.departments.some((d) => key(d) === key(department)))
        .map((m) => m.name),
    }))
    .filter((d) => d.members.length > 0);
}

export type AccountProblem = 'departments_required' | 'last_administrator';

export interface AccountShape {
  role: Role;
  status: UserStatus;
  departments: readonly string[];
}

/**
 * Whether an account may take the shape `next`: a department member belongs to at least one department, and the
 * organisation keeps at least one active administrator (`activeAdministrators` counts the others, not this one).
 */
export function accountProblem(
  current: AccountShape | null,
  next: AccountShape,
  otherActiveAdministrators: number,
): AccountProblem | null {
  if (next.role === 'department_member' && next.departments.length === 0) return 'departments_required';
  const wasActiveAdmin = current?.role === 'administrator' && current.status === 'active';
  const staysActiveAdmin = next.role === 'administrator' && next.status === 'active';
  if (wasActiveAdmin && !staysActiveAdmin && otherActiveAdministrators === 0) return 'last_administrator';
  return null;
}

/**
 * Whether the API tokens an account created stay valid once the account has shape `next`. Whoever created a
 * token saw its secret, and may have kept it; a token is only as trustworthy as the person who could still use
 * it. So tokens live only as long as their creator may create tokens: an account disabled, or no longer an
 * administrator, takes its tokens with it (enabling it again does not bring them back; a new token is made).
 */
export function keepsTokensCreated(next: Pick<AccountShape, 'role' | 'status'>): boolean {
  return next.role === 'administrator' && next.status !== 'disabled';
}
