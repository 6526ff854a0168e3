// The list of the records that share an address key (the staff page of records to merge, complainants.repo.ts
// sharedAddressGroups) groups the records not merged into another by their key. Through the index on `email_key`
// alone, each of them would also be read from the table to see whether it was merged: a read of every complainant,
// which on SQLite holds the one process (SMTP and HTTP) while it runs. This index holds only the keys of the records
// not merged, so the grouping reads the index alone (`merged_into` in it too, always null there: SQLite reads the
// table for a column the query names that its index lacks, even one the index's condition fixes). An index only:
// older instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index complainants_live_email_key on complainants (email_key, merged_into)
    where merged_into is null and email_key is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('complainants_live_email_key').ifExists().execute();
}
