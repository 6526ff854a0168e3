// Limits on automatic mail (acknowledgements, thank-yous, instructions), so that nobody can use Redress to flood
// a third party's mailbox (DESIGN.md "Outbound mail"). Counted per normalised recipient (`Victim@x`,
// `victim+1@x` and `victim+2@X` are one mailbox) and per sender address (the From: of the message, e.g. one web
// form robot writing for many), each per hour and per local day. Nothing is keyed on the connecting host: behind
// an MTA every connection comes from the same host, and one attacker would silence everyone's acknowledgements.
//
// The counts are taken in the transaction that files the message, so what the history says was written is what
// was written. Beyond a limit the message is still filed, the case flagged, and a person decides.
import { addressKey, normalisedAddress } from '../intake/addresses.ts';
import { staffNote } from '../intake/staff-notes.ts';

export interface AutoReplyLimits {
  perRecipientPerDay: number;
  perRecipientPerHour: number;
  perSenderPerHour: number;
  perSenderPerDay: number;
}

/** One counter to take: its key (the window's day is apart) and the most it may reach. */
export interface AutoReplyCounter {
  key: string;
  limit: number;
  /** What it counts, for the flag a person reads (staff-notes.ts): mail to an address, or about a sender's messages, today or this hour. */
  label: 'overLimitToToday' | 'overLimitToHour' | 'overLimitFromToday' | 'overLimitFromHour';
  /** The address it counts for. */
  address: string;
}

/**
 * The counters one automatic mail to `recipient` about a message from `sender` takes, in key order (so that
 * two transactions lock them in the same order). `hour` is the local hour (0–23): the day's counters live in
 * the local day, the hour's in the day and hour. Null when the recipient is not one valid address.
 */
export function autoReplyCounters(
  recipient: string,
  sender: string | null,
  hour: number,
  limits: AutoReplyLimits,
): AutoReplyCounter[] | null {
  const to = normalisedAddress(recipient);
  if (!to) return null;
  const hh = String(hour).padStart(2, '0');
  const counters: AutoReplyCounter[] = [
    { key: `to:${to}`, limit: limits.perRecipientPerDay, label: 'overLimitToToday', address: to },
    {
      key: `to@${hh}:${to}`,
      // An hour never allows more than its day.
      limit: Math.min(limits.perRecipientPerHour, limits.perRecipientPerDay),
      label: 'overLimitToHour',
      address: to,
    },
  ];
  // The sender as complainants are matched (addressKey): writing the domain the other way is the same sender.
  const from = addressKey(sender);
  if (from) {
    counters.push(
      { key: `from:${from}`, limit: limits.perSenderPerDay, label: 'overLimitFromToday', address: from },
      {
        key: `from@${hh}:${from}`,
        limit: Math.min(limits.perSenderPerHour, limits.perSenderPerDay),
        label: 'overLimitFromHour',
        address: from,
      },
    );
  }
  return counters.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The first limit the counts (after this message was counted) are over, in words for the flag, or null when
 * the automatic mail may go.
 */
export function overAutoReplyLimit(
  counted: ReadonlyArray<{ counter: AutoReplyCounter; count: number }>,
): string | null {
  const over = counted.find((c) => c.count > c.counter.limit);
  return over
    ? staffNote(over.counter.label, { limit: over.counter.limit, address: over.counter.address })
    : null;
}

/**
 * Every counter key that can name `address` (as a recipient or as a sender, for the day and for each hour), so
 * that retention and erasure can forget an address's counters whole: the keys hold the address itself.
 */
export function autoReplyCounterKeysOf(address: string): string[] {
  const forms = [
    ...new Set(
      [normalisedAddress(address), addressKey(address), address.trim().toLowerCase()].filter(
        (a): a is string => !!a,
      ),
    ),
  ];
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  return forms.flatMap((a) => [
    a,
    `to:${a}`,
    `from:${a}`,
    ...hours.flatMap((hh) => [`to@${hh}:${a}`, `from@${hh}:${a}`]),
  ]);
}
