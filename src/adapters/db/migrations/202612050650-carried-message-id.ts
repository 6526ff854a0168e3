// A forward keeps the Message-ID of the message it carries. A colleague who forwards a customer's complaint
// "as attachment" opens the case of the customer; when the customer's own message then reaches the complaints
// address too, it carries that same Message-ID as its own, and nothing held named it: it opened a second case
// and the customer was acknowledged twice. The carried Message-ID is now kept beside the forward's own, and
// the lookup that files replies by Message-ID (correspondence.repo.ts `caseOfMessageIds`) reads both.
//
// Only added: a nullable column (rows stored before keep null: forwards already held are not found by it) and
// its index, which the lookup needs on every message received.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('correspondence').addColumn('carried_message_id', 'text').execute();
  await db.schema
    .createIndex('correspondence_carried_message_id')
    .on('correspondence')
    .column('carried_message_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('correspondence_carried_message_id').execute();
  await db.schema.alterTable('correspondence').dropColumn('carried_message_id').execute();
}
