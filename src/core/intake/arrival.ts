// When a message reached the organisation, which starts every clock of the procedure (P3.1, P4.1) and gives the
// case its year of receipt (its reference). A message says it in its trace: the top-most `Received:` line, which the
// organisation's own mail server writes in front of the others as it takes the message; without any trace, the
// `Date:` field (written by the sender's program) is the last hint.
//
// Both are bytes from outside, and not always written by a careful server. A date after now would push every
// deadline of the case into the future, so that no promise of the procedure would be kept or even checked; a date
// years back would file the complaint in another year's register and count it late in every figure. So:
// - at a door where the top-most line is surely the organisation's own server's (the pipe, which the local mail
//   server runs; an IMAP mailbox, which its server delivered to), that line is believed, however far back (a shared
//   mailbox connected to Redress with weeks of complaints in it: their clocks started when they reached it), but
//   never after now (a clock a little ahead);
// - anywhere else (the SMTP listener, which should sit behind the organisation's mail server but may be reached
//   directly, and the `Date:` field everywhere), a claimed arrival counts only within a window that ends now: in
//   the future or older than the window, the message counts as arriving when Redress got it.
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

/** The arrival claims of a message: the date of its top-most `Received:` line, of the first later one readable, of `Date:`. */
export interface ArrivalClaims {
  /** The date of the very first `Received:` line, when it is readable (null when it is not, or there is none). */
  topTrace: string | null;
  /** The date of the first readable `Received:` line after it (null when none). */
  laterTrace: string | null;
  date: string | null;
}

/**
 * The doors at which the top-most `Received:` line is written by the organisation's own mail server: the pipe
 * (`redress ingest`, run by the local mail server) and IMAP (the mailbox's server delivered the message there).
 */
export function traceIsOwn(door: string | undefined): boolean {
  return door === 'pipe' || door === 'imap';
}

/** The instant a message counts as received, from its claims, at a door whose own trace is or is not `traceOwn`. */
export function arrivalOfClaims(claims: ArrivalClaims, now: string, traceOwn: boolean): string {
  if (traceOwn && claims.topTrace !== null) {
    const at = Date.parse(claims.topTrace);
    return Number.isFinite(at) && at <= Date.parse(now) ? new Date(at).toISOString() : now;
  }
  return arrivalOf(claims.topTrace ?? claims.laterTrace ?? claims.date, now);
}
