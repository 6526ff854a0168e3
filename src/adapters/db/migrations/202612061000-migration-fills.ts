// The ledger of fills due after their migration (migration-fills.ts): a migration that must fill what it adds from
// the existing rows records its name here in its transaction, and the fill runs after the commit, a piece at a
// time. Made by the first migration that has such a fill (202612051800-register-columns) on the databases that
// ran it since; made here for those that ran it before.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('migration_fills')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('migration_fills').ifExists().execute();
}
