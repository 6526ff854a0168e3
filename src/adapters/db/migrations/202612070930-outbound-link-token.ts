// The token of the complainant's private link, kept apart from the acknowledgement's text until the e-mail is sent
// (src/core/case/complainant-link.ts withLinkToken): the text kept as evidence names the link without its token, the
// outbox puts the token in as it sends, and forgets it once the mail server has taken the message. Before, the text
// kept the token for ever, so a copy of the database (or anyone reading what was sent) could open the case's page
// and write on it as the complainant. A column only: an older instance still running during an upgrade ignores it,
// and sends such an acknowledgement with its link's token left out (the page then opens from a later link).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbound_items').addColumn('link_token', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbound_items').dropColumn('link_token').execute();
}
