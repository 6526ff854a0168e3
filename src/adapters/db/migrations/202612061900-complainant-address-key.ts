// The key complainants are found by (core/intake/addresses.ts `addressKey`): an address with its domain in its
// ASCII form, so that `x@münchen.de` and `x@XN--MNCHEN-3YA.DE` find the same person. The address as the person
// wrote it stays in `email`, for display and for writing to; `email_key` is only compared. The case search's exact
// e-mail keys (`case_keys`) hold the same key from now on.
//
// Most existing rows need no rule to get their key: an address the records keep in lower case with nothing but
// printable ASCII in it (no space, no letter beyond ASCII) is its own key (addressKey keeps it as it is, a
// punycode domain included; addresses.test.ts holds it to that), so this migration copies it over in one
// statement. Only the others (a domain or local part beyond ASCII) need the rule itself, in JavaScript: they are
// filled after this migration commits (migration-fills.ts, complainants.repo.ts `fillComplainantAddressKeys`), a
// piece at a time, as are the case search's e-mail keys written beyond ASCII; when there are none, no fill is due.
//
// The fill merges nothing: two existing records whose addresses now share a key (the same person, the domain
// written once in Unicode, once in ASCII) stay two records, and a lookup by address finds the oldest of them.
// Each one's page names the other (a notice linking to it), and staff merge them there ("Merge another record of
// the same person into this one", naming the other by the address or by a case reference: the merge-complainants
// use case), which keeps both histories. `sharedAddressKeys` (complainants.repo.ts) lists them all.
// A column and an index are only added: an older instance, which does not know them, keeps working. A record an
// older instance registers after the fill (during a rolling upgrade) has no key until this release saves it
// again, so until then a lookup by address does not find it and its person's next message makes another record:
// finish the upgrade of every instance before mail flows, or merge such a pair as above.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

/** Text with a character that is not printable ASCII (a space, a letter beyond ASCII, a control character). */
function beyondAscii(column: string, engine: Engine) {
  return engine === 'postgres' ? sql`${sql.ref(column)} ~ '[^!-~]'` : sql`${sql.ref(column)} glob '*[^!-~]*'`;
}

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema.alterTable('complainants').addColumn('email_key', 'text').execute();
  await sql`update complainants set email_key = lower(email)
    where email is not null and not ${beyondAscii('email', engine)}`.execute(db);
  await db.schema.createIndex('complainants_email_key').on('complainants').column('email_key').execute();
  await db.schema
    .createTable('migration_fills')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .execute();
  await sql`insert into migration_fills (name)
    select '202612061900-complainant-address-key'
    where exists (select 1 from complainants where email is not null and email_key is null)
       or exists (select 1 from case_keys where kind = 'email' and ${beyondAscii('value', engine)})`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from migration_fills where name = '202612061900-complainant-address-key'`.execute(db);
  await db.schema.dropIndex('complainants_email_key').execute();
  await db.schema.alterTable('complainants').dropColumn('email_key').execute();
}
