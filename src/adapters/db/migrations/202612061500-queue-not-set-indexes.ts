// The list behind a report figure narrowed to "not set" (a case nobody owns, a complaint without a category or not
// answered: `_none` in the queue's address) reads the cases of the period newest first. Where most cases of the
// period have a value, as they do once a period is worked through, the receipt date's index walks every case of
// the period and reads a table row for each to find the few without one (the whole period when there are none).
// These partial indexes hold only the cases without a value, in receipt order: such a list is one range of
// them. A dimension narrowed to a value has its own index already (cases_owner_report) or is common; a
// department not set is every complaint's, which the receipt date's index already tells apart by kind. The
// conditions are written as the queries' own (`owner_id is null`, report-scope.ts), so that both engines see that
// the queries' conditions imply them. Indexes only: older instances ignore them.
import { type Kysely, sql } from 'kysely';

const INDEXES = [
  ['cases_unowned', 'owner_id'],
  ['cases_uncategorised', 'category'],
  ['cases_unanswered', 'outcome'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, column] of INDEXES)
    await sql`create index ${sql.id(name)} on cases (received_at) where ${sql.ref(column)} is null`.execute(
      db,
    );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
