// When a complaint's acknowledgement counts as given (P3.1: acknowledged within 24 hours), from the facts: the
// case's record of its acknowledgement and the acknowledgements it wrote, as the outbox holds them. One rule for
// every place that says whether the promise was kept: /metrics, the sweep's alerts, the monitoring report, and
// every place that shows or sorts by the clock: the queue (its rows, filters and stored due key), the case page.
//
// Recording an acknowledgement is not giving it. An e-mail is written to the outbox with the `acknowledged` event,
// and counts as given only once the mail server took it: while it waits there (the server down, or our own
// sending refused until the settings are fixed, "held"), or after it failed, the complainant has nothing. A
// letter is recorded as the acknowledgement when staff mark it posted, which is when it is given. Pure.

/** One acknowledgement a case wrote to its complainant (an outbound item of purpose `acknowledgement`). */
export interface AcknowledgementItem {
  channel: string;
  /** The outbox's status: pending, sending, sent, failed (e-mail); to_post, posted (letter). */
  status: string;
  /** When it was sent or posted (before that, when it was written). */
  at: string;
}

export interface AcknowledgementFacts {
  /** When the case recorded its acknowledgement (the `acknowledged` event), or null. */
  acknowledgedAt: string | null;
  /** Every acknowledgement the case wrote, e-mails and letters, in any order. */
  items: readonly AcknowledgementItem[];
}

/** Whether this item reached the complainant's way: an e-mail the mail server took, a letter posted. */
export function isGivenItem(item: AcknowledgementItem): boolean {
  return (
    (item.channel === 'email' && item.status === 'sent') ||
    (item.channel === 'letter' && item.status === 'posted')
  );
}

/**
 * The instant the acknowledgement was given, or null while it is not: the first of its e-mails sent or letters
 * posted (an e-mail that failed may be followed by a letter, which gives it then). A case recorded as acknowledged
 * without anything written (recorded by hand, or from before the outbox kept its items) is taken at its record.
 */
export function acknowledgementGivenAt(facts: AcknowledgementFacts): string | null {
  if (facts.acknowledgedAt === null) return null;
  if (facts.items.length === 0) return facts.acknowledgedAt;
  let first: string | null = null;
  for (const item of facts.items)
    if (isGivenItem(item) && (first === null || item.at < first)) first = item.at;
  return first;
}

/**
 * Clock facts (core/case/clock.ts), one per case, with `acknowledgedAt` the instant the acknowledgement was given
 * (null while it is not) rather than when it was recorded, from the acknowledgements each case wrote (`items`, by
 * case id). The one mapping of this rule onto the clock: the sweep's alerts, the queue's rows and stored due key and
 * the case page's clock card read their facts through here. A case with no entry in `items` is taken at its record,
 * as the rule takes a record with nothing written: the caller reads the items of every case it asks about whose
 * acknowledgement may not have gone out.
 */
export function clockFactsAsGiven<F extends { id: string; acknowledgedAt: string | null }>(
  facts: readonly F[],
  items: ReadonlyMap<string, readonly AcknowledgementItem[]>,
): F[] {
  return facts.map((f) => {
    const written = items.get(f.id);
    if (written === undefined || f.acknowledgedAt === null) return f;
    const givenAt = acknowledgementGivenAt({ acknowledgedAt: f.acknowledgedAt, items: written });
    return givenAt === f.acknowledgedAt ? f : { ...f, acknowledgedAt: givenAt };
  });
}

/** Whether the acknowledgement was given by its deadline (`acknowledgeBy`): the report's "acknowledged in time". */
export function acknowledgedInTime(givenAt: string | null, acknowledgeBy: string | null): boolean {
  return givenAt !== null && acknowledgeBy !== null && givenAt <= acknowledgeBy;
}
