// During a rolling upgrade an older instance writes case rows without a given key (`due_key_given` null: it does not
// know the column). The outbox moves a due key only to a given key, so such a row's key stays as the older release
// wrote it, or as the sweep last set it, even once its acknowledgement went out. The sweep sets both keys of these
// rows (adapters/db/due-key.repo.ts dueKeysUngiven): this partial index holds just the open ones, none once the
// upgrade is over, so the sweep never reads the whole cases table for them; by kind and id, the order in which the
// sweep walks them a page at a time. An index only: older instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_due_key_ungiven on cases (kind, id) where is_open = 1 and due_key_given is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_due_key_ungiven').ifExists().execute();
}
