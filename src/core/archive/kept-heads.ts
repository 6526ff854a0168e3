// The heads of the archive's chains kept outside the database (P6.2). A hash chain shows an event changed, removed or
// added in the middle of a stream, but not its last events deleted together with the head row that counts them, nor a
// stream rewritten from some event on with every hash after it made again: whoever can write to the database can do
// both, and the chain then agrees with itself. What shows it is a head kept where the database's writers cannot
// reach. `redress archive verify --keep-heads FILE` writes one line per stream (and one for the audit chain): its
// name, how many events it held and the hash of the last. Events are only ever appended, so later the event at each
// kept place must still be there with the same hash: `--heads FILE` checks exactly that, and names each stream whose
// kept event is gone (its tail was cut off) or is another one (its history was rewritten).
import { AUDIT_STREAM } from './audit-chain.ts';

/** The first line of a kept-heads file: what it is, and the version of its format. */
export const KEPT_HEADS_FORMAT = 'redress-archive-heads/1';

/** One chain's head as kept: the stream (or `audit`), its count of events (entries) and the hash of the last. */
export interface KeptHead {
  stream: string;
  count: number;
  hash: string;
}

export const keptHeadLine = (h: KeptHead): string => `${h.stream} ${h.count} ${h.hash}\n`;

/** The header of a kept-heads file: its format, then when it was written (comment lines start with `#`). */
export const keptHeadsHeader = (at: string): string => `${KEPT_HEADS_FORMAT}\n# kept at ${at}\n`;

/**
 * One line of a kept-heads file: a head, `skip` for the format line, comments and blank lines, or null for a line
 * that is none of those (the file was changed, or is not a kept-heads file).
 */
export function parseKeptHeadLine(line: string): KeptHead | 'skip' | null {
  const text = line.trim();
  if (text === '' || text === KEPT_HEADS_FORMAT || text.startsWith('#')) return 'skip';
  const m = /^(\S+) ([1-9]\d{0,15}) ([0-9a-f]{64})$/.exec(text);
  if (!m) return null;
  const [, stream, count, hash] = m;
  if (stream !== AUDIT_STREAM && !/^[a-z_]+:\S+$/.test(stream!)) return null;
  return { stream: stream!, count: Number(count), hash: hash! };
}

export interface KeptHeadProblem {
  /** `truncated`: the kept event is gone; `rewritten`: another event stands at its place. */
  kind: 'truncated' | 'rewritten';
  stream: string;
  seq: number;
  detail: string;
}

/**
 * A kept head against what the archive holds now: the hash of the event (audit entry) at the kept place, if there is
 * one, and how many the archive's own head counts. `name` says which case or chain it is, for a person.
 */
export function compareKeptHead(
  kept: KeptHead,
  now: { hashAtKept: string | null; count: number | null },
  name: string,
): KeptHeadProblem | null {
  if (now.hashAtKept === kept.hash) return null;
  const what = kept.stream === AUDIT_STREAM ? 'entry' : 'event';
  const holds =
    now.count === null
      ? kept.stream === AUDIT_STREAM
        ? 'the archive has no audit head now'
        : 'the archive holds no head for it now'
      : `its head counts ${now.count} now`;
  if (now.hashAtKept === null)
    return {
      kind: 'truncated',
      stream: kept.stream,
      seq: kept.count,
      detail: `${name}: the kept heads record ${kept.count} ${what === 'entry' ? 'entries' : 'events'} ending in ${kept.hash}, and ${what} ${kept.count} is gone (${holds}): ${what === 'entry' ? 'entries were' : 'events were'} deleted since the heads were kept, the head that counts them with them`,
    };
  return {
    kind: 'rewritten',
    stream: kept.stream,
    seq: kept.count,
    detail: `${name}: ${what} ${kept.count} is not the one the kept heads record (its hash is ${now.hashAtKept}, kept ${kept.hash}): the chain up to it was written again since the heads were kept`,
  };
}
