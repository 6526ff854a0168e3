// Printing an undelivered e-mail as a letter to post (the case page's "send as a letter", record-bounce.ts): what
// may be printed, and when it has been already. One rule for the page that offers it and the use case that does it.

/** What the rule reads of an outbound item of the case. */
export interface PrintFacts {
  direction: string;
  channel: string;
  status: string;
  audience: string | null;
  /** The text it was written from (acknowledgement, answer, …); null for what came in. */
  purpose: string | null;
  subject: string;
  at: string;
}

/**
 * Why this item cannot be printed as a letter now, or null when it can. Only an e-mail to the complainant that
 * was not delivered is (`not_undelivered`): a letter printed again, or a delivered e-mail, would send the same
 * text twice. And only once (`printed_already`): the e-mail stays undelivered after its letter is printed, so a
 * second click, another tab or a colleague days later would otherwise put a second copy in the post. Printed
 * already means a letter of the same text written since (`others`: the case's items): for an acknowledgement,
 * which a case has one of, any acknowledgement letter; for another text, one with the same subject, as printing
 * copies it.
 */
export function printAsLetterRefusal(
  item: PrintFacts,
  others: readonly PrintFacts[],
): 'not_undelivered' | 'printed_already' | null {
  if (
    item.direction !== 'out' ||
    item.channel !== 'email' ||
    item.status !== 'failed' ||
    item.audience !== 'complainant'
  )
    return 'not_undelivered';
  const printed = others.some(
    (o) =>
      o.direction === 'out' &&
      o.channel === 'letter' &&
      o.purpose === item.purpose &&
      (item.purpose === 'acknowledgement' || o.subject === item.subject) &&
      o.at >= item.at,
  );
  return printed ? 'printed_already' : null;
}
