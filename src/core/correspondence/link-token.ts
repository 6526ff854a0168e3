// Links that open something by a secret token (the complainant's page `/c/TOKEN`, a staff account's set-your-password
// page `/invitation/TOKEN` or `/reset-password/TOKEN`) are for their recipient alone: whoever holds one acts as them.
// The e-mail that carries such a link is kept as evidence of what was sent, and staff and auditors read it; so its
// text is kept naming the link without its token (`https://…/c/…`), the outbox holds the token beside it, puts it
// in as it sends, and forgets it once the mail server has taken the message (outbox.repo.ts recordOutcomes). Then
// neither a reader of what was sent nor a copy of the database opens anything.

/** What stands for a link's token in a text kept by Redress. */
export const TOKEN_LEFT_OUT = '…';

/** A token as Redress makes them: 32 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A link's address with its token (the last part of its path) left out: what the text kept carries. */
export function linkWithoutToken(url: string): string {
  return url.replace(/\/[A-Za-z0-9_-]+$/, `/${TOKEN_LEFT_OUT}`);
}

/** A link whose token was left out: an address whose path ends in `/…`, not followed by more of a token. */
export const LINK_LEFT_OUT = /(https?:\/\/\S*?\/)…(?![A-Za-z0-9_-])/;

/**
 * The text as sent: the first link whose token was left out gets `token` back. A text without such a link, or a
 * token that is not one, is left as it is (the e-mail then names the link without it, never something else).
 */
export function withLinkToken(text: string, token: string): string {
  if (!TOKEN.test(token)) return text;
  return text.replace(LINK_LEFT_OUT, (_whole, start: string) => `${start}${token}`);
}
