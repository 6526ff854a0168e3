// Reading a delivery-failure report (RFC 3464 DSN, or the free-form bounces some servers still write) that came
// back for one of our own e-mails: did delivery fail for good, why, and which of our messages it is about. Pure.

export interface BounceReading {
  /** True when delivery failed for good; false for a delay warning ("will keep trying"). */
  failed: boolean;
  /** The DSN status code, e.g. 5.1.1. */
  status: string | null;
  /** What the receiving server said, when the report gives it. */
  diagnostic: string | null;
  /** Every Message-ID the report names (its own headers and the returned original's), in angle brackets. */
  messageIds: string[];
}

const ID_HEADERS =
  /^(?:message-id|in-reply-to|references|original-message-id)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/gim;

export function readBounce(raw: string, extraIds: readonly string[] = []): BounceReading {
  // Line endings of any kind (some servers write CR alone), as LF.
  const text = raw.replace(/\r\n?/g, '\n');
  const actions = [...text.matchAll(/^Action:[ \t]*([a-z]+)/gim)].map((m) => m[1]!.toLowerCase());
  const status = /^Status:[ \t]*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? null;
  const diagnostic =
    /^Diagnostic-Code:[ \t]*(?:smtp;[ \t]*)?([^\n]*(?:\n[ \t][^\n]*)*)/im
      .exec(text)?.[1]
      ?.replace(/\s+/g, ' ')
      .trim() ?? null;
  let failed: boolean;
  if (actions.length) failed = actions.includes('failed');
  else if (status) failed = status.startsWith('5');
  else failed = !/\b(delayed|will (?:retry|keep trying)|still trying|verzögert|retardé)\b/i.test(text);
  const ids = new Set<string>();
  for (const id of extraIds) if (id) ids.add(id.trim());
  for (const m of text.matchAll(ID_HEADERS)) for (const id of m[1]!.matchAll(/<[^<>\s]+>/g)) ids.add(id[0]);
  return { failed, status, diagnostic, messageIds: [...ids] };
}
