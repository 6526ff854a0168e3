// Who an inbound message verifiably comes from (complainant.ts `messageSender`: the address filing, registration
// and automatic mail go by), kept on its row at intake, so that staff opening a case from a triage inbox item or
// filing it onto a case go by the same address rather than by a reading of From: or Reply-To of their own.
// Null when the message verifiably comes from no one (an unreadable From:, a list, a stranger's Reply-To), for
// every row that is not an e-mail, and for the rows stored before this migration: those are treated as coming
// from no verified sender (handle-inbox-item.ts), so staff say whose address a case opened from one is.
// A column is only added: an older instance keeps working (the rows it stores meanwhile have no verified sender).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('correspondence').addColumn('sender_address', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('correspondence').dropColumn('sender_address').execute();
}
