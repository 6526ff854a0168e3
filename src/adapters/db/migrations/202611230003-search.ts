// Full-text search (FTS5 on SQLite, tsvector + GIN on PostgreSQL) over folded text, and exact case keys.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('search_docs')
    .addColumn('id', sql.raw(engine === 'postgres' ? 'bigserial' : 'integer'), (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('search_docs_case_source', ['case_id', 'source'])
    .execute();

  if (engine === 'sqlite') {
    // External-content FTS5 index over search_docs, kept in step by triggers. Text is folded before it is
    // stored, so the default tokenizer suffices; prefix indexes make 2- and 3-letter prefixes cheap.
    await sql`create virtual table search_fts using fts5(body, content='search_docs', content_rowid='id', prefix='2 3')`.execute(
      db,
    );
    await sql`create trigger search_docs_ai after insert on search_docs begin
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
    await sql`create trigger search_docs_ad after delete on search_docs begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body); end`.execute(db);
    await sql`create trigger search_docs_au after update on search_docs begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body);
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
  } else {
    await sql`alter table search_docs add column tsv tsvector generated always as (to_tsvector('simple', body)) stored`.execute(
      db,
    );
    await sql`create index search_docs_tsv on search_docs using gin (tsv)`.execute(db);
  }
  await db.schema.createIndex('search_docs_received').on('search_docs').column('received_at').execute();

  await db.schema
    .createTable('case_keys')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_keys_pk', ['kind', 'value', 'case_id'])
    .execute();
  await db.schema.createIndex('case_keys_case').on('case_keys').column('case_id').execute();
}
