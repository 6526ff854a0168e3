// The active accounts alerts go to (src/app/staff-directory.ts says who is told what, P7.3): one by id, or every
// one holding a role. Accounts are the web shell's `users` table.
import type { Db } from './database.ts';

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  language: string;
  role: string;
}

/** An active account by id, or undefined. */
export function activeAccount(db: Db, id: string): Promise<StaffAccount | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language', 'role'])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Every active account holding a role. */
export function activeAccountsWithRole(db: Db, role: string): Promise<StaffAccount[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language', 'role'])
    .where('role', '=', role)
    .where('status', '=', 'active')
    .execute();
}
