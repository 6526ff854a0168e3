// When a message reached the organisation, which starts every clock of the procedure (P3.1, P4.1) and gives the
// case its year of receipt (its reference). A message says it in its trace: the top-most `Received:` line, which the
// organisation's own mail server writes in front of the others as it takes the message. Redress trusts that line,
// within what is credible, because it is the only record of a wait before Redress saw the message (a relay that
// queued it while Redress was down, a mailbox not polled for a while); without any trace, the `Date:` field (written
// by the sender's program) is the last hint.
//
// Both are bytes from outside, and not always written by a careful server: a relay with its clock a year ahead,
// a client that connects to the SMTP listener directly (it should sit behind the organisation's mail server, but
// nothing makes sure of that) and writes whatever it likes. A date after now would push every deadline of the case
// into the future, so that no promise of the procedure would be kept or even checked; a date years back would file
// the complaint in another year's register and count it late in every figure. So a claimed arrival counts only
// within a window that ends now: a claim in the future means now (a clock a little ahead, most often), a claim older
// than the window is not believed either, and the message counts as arriving when Redress got it.
/**
 * How far back a message's trace may place its arrival: a week. A mail server keeps retrying a message it could
 * not deliver for five days by default (Postfix's and Sendmail's queue lifetime) before it gives up, and a mailbox
 * whose polling stopped on a Friday is read again within days; anything older comes from a clock that is wrong.
 */
export const MAX_ARRIVAL_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * The instant a message counts as received, from what it claims (`claimed`: its trace's date, else its `Date:`,
 * ISO UTC, or null) and the instant Redress got it (`now`).
 */
export function arrivalOf(claimed: string | null, now: string): string {
  if (claimed === null) return now;
  const claimedMs = Date.parse(claimed);
  const nowMs = Date.parse(now);
  if (!Number.isFinite(claimedMs) || claimedMs > nowMs) return now;
  if (claimedMs < nowMs - MAX_ARRIVAL_AGE_MS) return now;
  return new Date(claimedMs).toISOString();
}
