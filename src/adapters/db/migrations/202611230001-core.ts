// The event store, reference counters and the aggregates' state tables.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const id = engine === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('events')
    .addColumn('id', sql.raw(id), (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('payload_digest', 'text', (c) => c.notNull())
    .addColumn('prev', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('events_stream_seq', ['stream', 'seq'])
    .execute();
  await db.schema.createIndex('events_type_at').on('events').columns(['type', 'at']).execute();

  await db.schema
    .createTable('streams')
    .addColumn('stream', 'text', (c) => c.primaryKey())
    .addColumn('aggregate', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('counters_pk', ['prefix', 'year'])
    .execute();

  await db.schema
    .createTable('complainants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('designated_contact_id', 'text')
    .addColumn('unreachable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complainants_email').on('complainants').column('email').execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('other_reason', 'text')
    .addColumn('step', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('complainant_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('category', 'text')
    .addColumn('department', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('acknowledge_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('answer_by', 'text')
    .addColumn('answer_by_date', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('waiting_on_complainant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('step1_case_id', 'text')
    .addColumn('step2_case_id', 'text')
    .addColumn('letters_to_post', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suggestion_status', 'text')
    .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Queues: open cases by kind/step, sorted by what is due first; "mine"; a complainant's cases; reports by receipt.
  await db.schema
    .createIndex('cases_queue')
    .on('cases')
    .columns(['kind', 'step', 'status', 'answer_by'])
    .execute();
  await db.schema
    .createIndex('cases_owner')
    .on('cases')
    .columns(['owner_id', 'status', 'answer_by'])
    .execute();
  await db.schema
    .createIndex('cases_complainant')
    .on('cases')
    .columns(['complainant_id', 'received_at'])
    .execute();
  await db.schema.createIndex('cases_received').on('cases').column('received_at').execute();

  await db.schema
    .createTable('inbox_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('correspondence_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('handled_at', 'text')
    .execute();
  await db.schema
    .createIndex('inbox_items_open')
    .on('inbox_items')
    .columns(['status', 'received_at'])
    .execute();
}
