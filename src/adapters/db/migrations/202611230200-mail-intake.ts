// The mail doors: what an inbound item's intake decided, and the per-sender auto-reply counter.
// Threading looks replies up by `correspondence.message_id`; the duplicate key's unique index
// (message_id, body_sha256) already leads with message_id, so it serves those lookups: no index is added
// here, to keep ingest fast (every index is written for every message).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  await db.schema.alterTable('correspondence').addColumn('door', 'text').execute();
  await db.schema.alterTable('correspondence').addColumn('filing', 'text').execute();
  await db.schema.alterTable('correspondence').addColumn('auto_reply', 'text').execute();
  await db.schema
    .createTable('auto_reply_counts')
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('auto_reply_counts_pk', ['sender', 'day'])
    .execute();
}
