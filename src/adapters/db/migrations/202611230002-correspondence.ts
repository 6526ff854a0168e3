// Correspondence and originals (byte for byte, keyed by SHA-256).
import type { Kysely } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('originals')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content', engine === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('correspondence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text')
    .addColumn('inbox_item_id', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('mailbox', 'text')
    .addColumn('message_id', 'text')
    .addColumn('in_reply_to', 'text')
    .addColumn('body_sha256', 'text')
    .addColumn('original_sha256', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('from_name', 'text')
    .addColumn('to_address', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('reading', 'text')
    .addColumn('text_body', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_detail', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The duplicate key of P1.4: the same Message-ID and the same body is the same message.
  await db.schema
    .createIndex('correspondence_dedupe')
    .on('correspondence')
    .columns(['message_id', 'body_sha256'])
    .unique()
    .execute();
  await db.schema
    .createIndex('correspondence_case')
    .on('correspondence')
    .columns(['case_id', 'at'])
    .execute();
  await db.schema.createIndex('correspondence_inbox').on('correspondence').column('inbox_item_id').execute();
  await db.schema
    .createIndex('correspondence_outbox')
    .on('correspondence')
    .columns(['status', 'next_attempt_at'])
    .execute();
}
