// Who is told what (P7.3): a case's owner and the leads of its queue (step 1: leads; step 2: management). The
// accounts come from the web shell's `users` table; `alerts.leads` in the configuration adds addresses (for an
// installation without accounts yet). When neither an owner nor a lead of the step is there, the alert goes to
// the next people who can put it right (alertRecipients), so that no passed deadline goes untold.
import type { Db } from '../adapters/db/database.ts';
import { activeAccount, activeAccountsWithRole } from '../adapters/db/staff.repo.ts';
import type { Config } from '../config.ts';
import { isRole, type Role } from '../core/access/roles.ts';
import type { Language } from '../core/case/model.ts';
import { languageOf } from './outbound-mail.ts';

export interface StaffMember {
  id: string | null;
  email: string;
  name: string;
  language: Language;
  /** The account's role (a configured address of `alerts.leads`, which has no account, counts as a lead). */
  role: Role;
}

export interface StaffDirectory {
  /** An active account by id (a case's `ownerId`; `user:<id>` is accepted too). */
  member(id: string): Promise<StaffMember | null>;
  /** Who gets the team's alerts for cases at this step. */
  leadsFor(step: number | null): Promise<StaffMember[]>;
  /** The active accounts holding a role (no configured addresses). */
  withRole(role: 'lead' | 'management' | 'administrator'): Promise<StaffMember[]>;
}

const leadRoleOf = (step: number | null) => (step === 2 ? 'management' : 'lead');

export function accountsDirectory(db: Db, config: Config): StaffDirectory {
  const toMember = (u: {
    id: string;
    email: string;
    name: string;
    language: string;
    role: string;
  }): StaffMember => ({
    id: u.id,
    email: u.email,
    name: u.name,
    language: languageOf(config, u.language),
    // A role this version does not know reads nothing (canRead says no to it).
    role: isRole(u.role) ? u.role : 'administrator',
  });
  const withRole = async (role: string) => (await activeAccountsWithRole(db, role)).map(toMember);
  return {
    async member(id) {
      const u = await activeAccount(db, id.replace(/^user:/, ''));
      return u ? toMember(u) : null;
    },
    async leadsFor(step) {
      const members = await withRole(leadRoleOf(step));
      for (const email of config.alerts.leads)
        if (!members.some((m) => m.email === email.toLowerCase()))
          members.push({
            id: null,
            email: email.toLowerCase(),
            name: email,
            language: config.defaultLanguage,
            role: 'lead',
          });
      return members;
    },
    withRole,
  };
}

/**
 * The same directory, each answer read once: for one sweep run, which asks about the same owners and steps for
 * every case. Made afresh for each run, never kept across runs, since accounts come, go and change roles.
 */
export function memoisedDirectory(directory: StaffDirectory): StaffDirectory {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = read();
      cache.set(key, hit);
      // A failed read is not remembered as an answer: the caller sees the error, a later ask reads again.
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
  return {
    member: (id) => once(`member:${id.replace(/^user:/, '')}`, () => directory.member(id)),
    leadsFor: (step) => once(`leads:${leadRoleOf(step)}`, () => directory.leadsFor(step)),
    withRole: (role) => once(`role:${role}`, () => directory.withRole(role)),
  };
}

/**
 * Who is told of a finding about a case: its owner and the leads of its step. When there is neither (no owner, or
 * one no longer active, and no lead account nor configured address for the step), the leads of the other step,
 * then the active administrators. This follows what help desks do with work nobody holds (Zendesk tells the
 * group, then the account's administrators; Request Tracker the queue's watchers, then its administrators): the
 * other step's leads can read the case and see the team's work, and the administrators, though they handle no
 * case, are those who can give it someone (an account, a role, a lead); a passed deadline (P3.1, P4.1) told to
 * nobody would never be known. An empty list means there is no active staff account at all: the caller then
 * keeps the alert unclaimed, so that it goes out once someone exists.
 */
export async function alertRecipients(
  directory: StaffDirectory,
  f: { ownerId: string | null; step: number | null },
): Promise<StaffMember[]> {
  const out = new Map<string, StaffMember>();
  if (f.ownerId) {
    const owner = await directory.member(f.ownerId);
    if (owner) out.set(owner.email, owner);
  }
  for (const lead of await directory.leadsFor(f.step)) out.set(lead.email, lead);
  if (out.size > 0) return [...out.values()];
  for (const lead of await directory.withRole(f.step === 2 ? 'lead' : 'management'))
    out.set(lead.email, lead);
  if (out.size > 0) return [...out.values()];
  for (const admin of await directory.withRole('administrator')) out.set(admin.email, admin);
  return [...out.values()];
}
