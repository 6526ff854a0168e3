// The list of correspondence rows written before outbound seals were anchored (202612061420) becomes evidence: each
// entry gets its place in the list (`seq`) and the seal its row carried (`seal`), and the list is recorded once in
// the audit chain (core/archive/anchor-list.ts), so that `redress archive verify` names an entry added, removed or
// changed since. Filling them reads the whole list, so it runs after the commit (migration-fills.ts
// `recordAnchorList`), a piece at a time; on a database whose list is empty (a new installation) nothing is due.
// Columns and an index are only added: an older instance, which never writes the list, keeps working.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('correspondence_before_anchor').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('correspondence_before_anchor').addColumn('seal', 'text').execute();
  await db.schema
    .createIndex('correspondence_before_anchor_seq')
    .on('correspondence_before_anchor')
    .column('seq')
    .unique()
    .execute();
  await db.schema
    .createTable('migration_fills')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .execute();
  await sql`insert into migration_fills (name)
    select '202612061700-anchor-list-record' where exists (select 1 from correspondence_before_anchor)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from migration_fills where name = '202612061700-anchor-list-record'`.execute(db);
  await db.schema.dropIndex('correspondence_before_anchor_seq').execute();
  await db.schema.alterTable('correspondence_before_anchor').dropColumn('seal').execute();
  await db.schema.alterTable('correspondence_before_anchor').dropColumn('seq').execute();
}
