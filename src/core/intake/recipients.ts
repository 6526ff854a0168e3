// Which of Redress's mailboxes an envelope recipient (SMTP `RCPT TO`, the pipe's --recipient) reaches: the one of
// its address, in any case, also written with a sub-address (`complaint+web@example.org`, RFC 5233). The
// organisation's MTA accepts such an address for the mailbox (Postfix with `recipient_delimiter = +`, the Debian
// default) and hands it on unchanged; refusing it would bounce mail to an address that works. One rule for the
// SMTP door and the pipe.

/** Whether `recipient` is `address` (case aside), or `address` with a `+tag` after its local part. */
export function reachesMailbox(recipient: string, address: string): boolean {
  const r = recipient.trim().toLowerCase();
  const m = address.trim().toLowerCase();
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
  const exact = recipient.trim().toLowerCase();
  return (
    mailboxes.find((m) => m.address.trim().toLowerCase() === exact) ??
    mailboxes.find((m) => reachesMailbox(recipient, m.address)) ??
    null
  );
}
