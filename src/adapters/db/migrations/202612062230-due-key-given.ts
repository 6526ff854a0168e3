// The stored due key counts an acknowledgement once it went out, not once it was recorded (adapters/db/due-key.repo.ts):
// a complaint whose acknowledgement e-mail waits in the outbox (held, retrying) or failed, with no letter posted
// instead, keeps its acknowledge-by time as its key, so the queue's "due first" order shows it first among the due
// cases, as its row's clock and the Late filter already did. `due_key_given` keeps the key the case's state gives
// once the acknowledgement is given: the outbox moves the due key to it when it sends the acknowledgement.
//
// Backfill: every row's key so far is the key with the acknowledgement given; the open complaints recorded as
// acknowledged whose acknowledgement is not given (core/correspondence/acknowledgement-given.ts in SQL: an item
// written, none of them an e-mail sent or a letter posted) go back to their acknowledge-by when it comes first.
// Nothing is dropped or renamed: an older instance writes the due key as before and leaves `due_key_given` null,
// which the outbox then leaves alone.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('due_key_given', 'text').execute();
  await sql`update cases set due_key_given = due_key`.execute(db);
  await sql`update cases set due_key = acknowledge_by
    where kind = 'complaint' and status in ('received', 'acknowledged') and acknowledged_at is not null
      and acknowledge_by is not null and acknowledge_by < due_key
      and exists (select 1 from correspondence as ack
        join outbound_items as ack_item on ack_item.correspondence_id = ack.id
        where ack.case_id = cases.id and ack.direction = 'out' and ack_item.purpose = 'acknowledgement'
          and ack_item.audience = 'complainant')
      and not exists (select 1 from correspondence as ack
        join outbound_items as ack_item on ack_item.correspondence_id = ack.id
        where ack.case_id = cases.id and ack.direction = 'out' and ack_item.purpose = 'acknowledgement'
          and ack_item.audience = 'complainant'
          and ((ack.channel = 'email' and ack.status = 'sent') or (ack.channel = 'letter' and ack.status = 'posted')))`.execute(
    db,
  );
}

/** Back to keys that count an acknowledgement once recorded, as the release before wrote them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update cases set due_key = due_key_given where due_key_given is not null`.execute(db);
  await db.schema.alterTable('cases').dropColumn('due_key_given').execute();
}
