// The token of a link that opens something (the complainant's page, a staff account's set-your-password page), kept
// apart from its e-mail's text until the e-mail is sent (src/core/correspondence/link-token.ts): the text kept as
// evidence names the link without its token, the outbox puts the token in as it sends, and forgets it once the mail
// server has taken the message. Before, the text kept the token for ever, so a copy of the database (or anyone
// reading what was sent) could open the case's page and write on it as the complainant. On the e-mail's own row,
// which the outbox updates when the message is sent anyway, so forgetting the token writes nothing more. A column
// only: an older instance still running during an upgrade ignores it, and sends such a mail with its link's token
// left out.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('correspondence').addColumn('link_token', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('correspondence').dropColumn('link_token').execute();
}
