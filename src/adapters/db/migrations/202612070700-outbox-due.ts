// The outbox claims the oldest e-mails due, a few at a time (adapters/db/outbox.repo.ts claimDue). On the index by
// status and next attempt, two statuses ('pending', 'sending') are two ranges, so the database read every e-mail
// due and sorted them all to take the first few: with a backlog of ten thousand acknowledgements (a relay that was
// down for a morning), each claim of eight read ten thousand rows, and draining the backlog took time that grew
// with its square. This partial index holds only the e-mails still to send, in the order they are taken, so a claim
// reads just the rows it takes. An index only: older instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index correspondence_due on correspondence (next_attempt_at) where status in ('pending', 'sending') and direction = 'out' and channel = 'email'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('correspondence_due').ifExists().execute();
}
