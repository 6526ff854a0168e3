// SQLite: the full-text index (FTS5) is filled in the background instead of inside the transaction that files a
// message. Inside that transaction FTS5 costs a quarter of filing: every commit
// writes a new index segment and merges older ones, however few documents it adds. Documents are indexed in
// id order by `indexSearchDocs` (search.repo.ts), which records how far it got in `search_progress`; search
// reads the documents above that mark directly (as it already did for the newest ones), so a case is found
// the moment it is committed, indexed or not. Updates and deletes reach the index only for documents already
// in it (an FTS5 'delete' of a row it does not hold would corrupt it).
// PostgreSQL keeps its generated tsvector column: the GIN index is maintained by the server (fastupdate).
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`create table search_progress (name text primary key, indexed_up_to integer not null)`.execute(db);
  // Everything written so far went through the insert trigger: it is all indexed.
  await sql`insert into search_progress (name, indexed_up_to) select 'fts', coalesce(max(id), 0) from search_docs`.execute(
    db,
  );
  await sql`drop trigger search_docs_ai`.execute(db);
  await sql`drop trigger search_docs_ad`.execute(db);
  await sql`drop trigger search_docs_au`.execute(db);
  await sql`create trigger search_docs_ad after delete on search_docs
    when old.id <= (select indexed_up_to from search_progress where name = 'fts') begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body); end`.execute(db);
  await sql`create trigger search_docs_au after update of body on search_docs
    when old.id <= (select indexed_up_to from search_progress where name = 'fts') begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body);
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
}
