// When a message reached the organisation, which starts every clock of the procedure (P3.1, P4.1) and gives the
// case its year of receipt (its reference). A message says it in its trace: the top-most `Received:` line, which the
// organisation's own mail server writes in front of the others as it takes the message; without any trace, the
// `Date:` field (written by the sender's program) is the last hint.
//
// Both are bytes from outside, and not always written by a careful server. A date after now would push every
// deadline of the case into the future, so that no promise of the procedure would be kept or even checked; a date
// years back would file the complaint in another year's register and count it late in every figure. So, by who
// handed the message to Redress (`arrivalTrust`):
// - the organisation's own mail server (the pipe, which the local mail server runs; an IMAP mailbox, which its
//   server delivered to; the SMTP listener when the peer is one of `smtp.trustedRelays`, the organisation's MTA):
//   its top-most line is believed, however far back (a shared mailbox connected to Redress with weeks of
//   complaints in it: their clocks started when they reached it), but never after now (a clock a little ahead);
// - a peer at the SMTP listener that is none of those relays: it may have written every `Received:` line and the
//   `Date:` itself, so nothing it claims is believed and the message counts as received when Redress got it.
//   Otherwise anyone who can reach the listener could open a case as received days ago, its acknowledgement
//   already late, and make the organisation break its promises on paper;
// - a door that does not say (`redress parse`), and the `Date:` field everywhere: a claimed arrival counts only
//   within a window that ends now: in the future or older than the window, the message counts as arriving when
//   Redress got it.
import { Temporal } from 'temporal-polyfill';

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
 * What is believed of a message's arrival claims: `own`, its top-most `Received:` line is the organisation's own
 * server's (believed however far back, never after now); `window`, its claims count within the week before now;
 * `none`, nothing it claims counts (the arrival is now).
 */
export type ArrivalTrust = 'own' | 'window' | 'none';

/**
 * What is believed of the claims of a message that came through `door`. The pipe (`redress ingest`, run by the
 * local mail server) and IMAP (the mailbox's server delivered the message there) have the organisation's own server
 * in front. The SMTP listener has it only when the peer that handed the message over is one of its trusted relays
 * (`relayTrusted`, decided by the listener from the peer's address); any other peer, or no word on it, believes
 * nothing. Any other door, or none named, holds the claims to the window.
 */
export function arrivalTrust(door: string | undefined, relayTrusted: boolean | undefined): ArrivalTrust {
  if (door === 'pipe' || door === 'imap') return 'own';
  if (door === 'smtp') return relayTrusted === true ? 'own' : 'none';
  return 'window';
}

/** The instant a message counts as received, from its claims, believed as `trust` says (`arrivalTrust`). */
export function arrivalOfClaims(claims: ArrivalClaims, now: string, trust: ArrivalTrust): string {
  if (trust === 'none') return now;
  if (trust === 'own' && claims.topTrace !== null) {
    const at = Date.parse(claims.topTrace);
    return Number.isFinite(at) && at <= Date.parse(now) ? new Date(at).toISOString() : now;
  }
  return arrivalOf(claims.topTrace ?? claims.laterTrace ?? claims.date, now);
}

/**
 * How far back a letter's date of arrival, as staff type it, is taken without a word: a year. A letter is
 * registered within days of its arrival; a date further back is most often a year mistyped (1900, or last year for
 * this one), which would open the case in another year's register with a promise already broken. But a letter
 * found late (behind a cabinet, forwarded from an old address) did arrive then: it is registered once the person
 * confirms that date (`letterArrivalVerdict`), and the confirmation is recorded.
 */
export const MAX_LETTER_AGE_DAYS = 366;

/** What is wrong with a letter's date of arrival (an instant, ISO UTC) registered at `now`, or null. */
export function letterArrivalProblem(receivedAt: string, now: string): 'future' | 'too_old' | null {
  const at = Date.parse(receivedAt);
  const nowMs = Date.parse(now);
  if (at > nowMs) return 'future';
  if (at < nowMs - MAX_LETTER_AGE_DAYS * 24 * 3600 * 1000) return 'too_old';
  return null;
}

/**
 * Whether a letter that arrived at `receivedAt` is registered at `now`, the one rule of every door that registers
 * letters (the form, the API, the command line). A date in the future is refused: no letter has arrived yet then,
 * and its clock would start after now. A date more than MAX_LETTER_AGE_DAYS back is registered only when the
 * person confirmed it (`oldConfirmed`: the form's box, the API's `confirmOldArrival`, the command line's
 * `--confirm-old`); `old` then says the confirmation is to be recorded.
 */
export function letterArrivalVerdict(
  receivedAt: string,
  now: string,
  oldConfirmed: boolean,
): { ok: true; old: boolean } | { ok: false; refused: 'future' | 'old_unconfirmed' } {
  const problem = letterArrivalProblem(receivedAt, now);
  if (problem === 'future') return { ok: false, refused: 'future' };
  if (problem === 'too_old')
    return oldConfirmed ? { ok: true, old: true } : { ok: false, refused: 'old_unconfirmed' };
  return { ok: true, old: false };
}

/**
 * Whether an arrival is shown as its day alone, wherever it is shown (the case page, the complainant's page, the
 * dossier). A letter registered with a day and no time is stored as 00:00 local that day (register-letter.ts: its
 * clock starts then, as DESIGN.md says), which says nothing of the hour the post came: shown as "12:00 AM" it would
 * claim a time nobody saw. So a letter whose arrival is 00:00:00 local is a date-only arrival; one registered with
 * 00:00 typed counts the same on the clock, and no post comes at midnight. Anything else keeps its time.
 */
export function arrivalShownAsDay(channel: string, receivedAt: string, timeZone: string): boolean {
  if (channel !== 'letter') return false;
  const local = Temporal.Instant.from(receivedAt).toZonedDateTimeISO(timeZone);
  return local.hour === 0 && local.minute === 0 && local.second === 0 && local.millisecond === 0;
}
