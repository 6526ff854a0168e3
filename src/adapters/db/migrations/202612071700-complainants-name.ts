// An index on the complainant's name: a letter that gives no e-mail address is compared, as it is registered, with
// the records of the same name (register-letter.ts), so that staff are told of a record with the same name and
// postal address; without the index that look-up reads every record. An index only: older instances ignore it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('complainants_name').on('complainants').column('name').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('complainants_name').execute();
}
