// A report filter naming a department that is not configured is accepted only when a case was sent to it (a
// department may leave the configuration while its suggestions stay: app/report-filter-values.ts). Asked without an
// index, that question reads the whole cases table whenever the name is unknown, a misspelt one included. This
// partial index holds only the cases sent to a department (forwarded suggestions, a small share), so the answer is
// one look-up. An index only: older instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_department on cases (department) where department is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_department').ifExists().execute();
}
