// What a pending set-your-password link is for: an administrator's invitation or a password reset the person
// asked for. One link per account, as before (a new one replaces the old); null on rows written by older
// instances, which only ever wrote invitations. An added column only: older instances ignore it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('invitation_purpose', 'text').execute();
}
