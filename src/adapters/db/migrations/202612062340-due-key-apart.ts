// The sweep sets the stored due key of an open complaint by the rule where it disagrees with it (a move of the
// outbox lost with its process: adapters/db/due-key.repo.ts settleDueKeys). It looks only at the open cases whose
// key is not their given key: this partial index holds just those (acknowledgements recorded but not given yet, and
// keys left behind), so the sweep never reads the whole cases table; by kind and id, the order in which the sweep
// walks them a page at a time. An index only: older instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_due_key_apart on cases (kind, id) where is_open = 1 and due_key <> due_key_given`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_due_key_apart').ifExists().execute();
}
