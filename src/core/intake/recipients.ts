// Which of Redress's mailboxes an envelope recipient (SMTP `RCPT TO`, the pipe's --recipient) reaches: the one of
// its address, in any case, also written with a sub-address (`complaint+web@example.org`, RFC 5233). The
// organisation's MTA accepts such an address for the mailbox (Postfix with `recipient_delimiter = +`, the Debian
// default) and hands it on unchanged; refusing it would bounce mail to an address that works. One rule for the
// SMTP door and the pipe.

import { asciiDomain } from './addresses.ts';

/**
 * An address in lower case with its domain in ASCII (punycode) form, or as written when it has no valid domain.
 * Mailboxes are configured in ASCII; a sender that speaks SMTPUTF8 may write the same domain in Unicode
 * (`complaint@bücher.de` for `complaint@xn--bcher-kva.de`), and that is the same mailbox.
 */
function comparable(address: string): string {
  const a = address.trim().normalize('NFC').toLowerCase();
  const at = a.lastIndexOf('@');
  if (at <= 0) return a;
  const domain = asciiDomain(a.slice(at + 1));
  return domain ? `${a.slice(0, at)}@${domain}` : a;
}

/**
 * Whether `recipient` is `address` (case and the form of the domain aside), or `address` with a `+tag` after its
 * local part.
 */
export function reachesMailbox(recipient: string, address: string): boolean {
  const r = comparable(recipient);
  const m = comparable(address);
  if (r === m) return true;
  const at = r.lastIndexOf('@');
  const mailboxAt = m.lastIndexOf('@');
  if (at <= 0 || mailboxAt <= 0 || r.slice(at) !== m.slice(mailboxAt)) return false;
  return r.slice(0, at).startsWith(`${m.slice(0, mailboxAt)}+`);
}

/** The mailbox a recipient reaches: the one of its very address first, else the one it is a sub-address of. */
export function mailboxOfRecipient<T extends { address: string }>(
  mailboxes: readonly T[],
  recipient: string,
): T | null {
  const exact = comparable(recipient);
  return (
    mailboxes.find((m) => comparable(m.address) === exact) ??
    mailboxes.find((m) => reachesMailbox(recipient, m.address)) ??
    null
  );
}
