// Reference numbers reserved but not yet given to a case (PostgreSQL; aggregates.repo.ts `nextReference`): a
// case takes the lowest free number of its prefix and year from here, inside its own transaction.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reference_pool')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reference_pool_pk', ['prefix', 'year', 'value'])
    .execute();
}
