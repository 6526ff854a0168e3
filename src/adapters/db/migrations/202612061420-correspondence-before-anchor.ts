// The correspondence rows written before outbound items' seals were anchored in a hash chain. From this release on,
// `redress archive verify` names every correspondence row that no chain accounts for (no event names it, no event or
// audit entry carries its seal): a row added by hand. Rows written by an earlier release are accounted for by this
// list instead (mail that belongs to no case was named by nothing then), and an outbound item among them is checked
// against its own copy of its seal only, counted apart (`outboundUnanchored`).
// A table is only added: an older instance keeps working (the rows it writes meanwhile are named by verify).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('correspondence_before_anchor')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .execute();
  await sql`insert into correspondence_before_anchor (id) select id from correspondence`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('correspondence_before_anchor').ifExists().execute();
}
