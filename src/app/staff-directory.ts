// Who is told what (P7.3): a case's owner and the leads of its queue (step 1: leads; step 2: management). The
// accounts come from the web shell's `users` table; `alerts.leads` in the configuration adds addresses (for an
// installation without accounts yet).
import type { Db } from '../adapters/db/database.ts';
import { activeAccount, activeAccountsWithRole } from '../adapters/db/staff.repo.ts';
import type { Config } from '../config.ts';
import type { Language } from '../core/case/model.ts';
import { languageOf } from './outbound-mail.ts';

export interface StaffMember {
  id: string | null;
  email: string;
  name: string;
  language: Language;
}

export interface StaffDirectory {
  /** An active account by id (a case's `ownerId`; `user:<id>` is accepted too). */
  member(id: string): Promise<StaffMember | null>;
  /** Who gets the team's alerts for cases at this step. */
  leadsFor(step: number | null): Promise<StaffMember[]>;
}

export function accountsDirectory(db: Db, config: Config): StaffDirectory {
  const toMember = (u: { id: string; email: string; name: string; language: string }): StaffMember => ({
    id: u.id,
    email: u.email,
    name: u.name,
    language: languageOf(config, u.language),
  });
  return {
    async member(id) {
      const u = await activeAccount(db, id.replace(/^user:/, ''));
      return u ? toMember(u) : null;
    },
    async leadsFor(step) {
      const role = step === 2 ? 'management' : 'lead';
      const users = await activeAccountsWithRole(db, role);
      const members = users.map(toMember);
      for (const email of config.alerts.leads)
        if (!members.some((m) => m.email === email.toLowerCase()))
          members.push({
            id: null,
            email: email.toLowerCase(),
            name: email,
            language: config.defaultLanguage,
          });
      return members;
    },
  };
}
