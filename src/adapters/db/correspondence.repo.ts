// Inbound correspondence rows (e-mails and letters) and the lookups the mail doors need: the duplicate key,
// threading by Message-ID, and the per-sender auto-reply counter. Runs in the caller's transaction.
import type { Kysely } from 'kysely';
import { type InboundContent, inboundContentDigest, SEAL_KEY } from '../../core/archive/inbound-digest.ts';
import {
  OUTBOUND_LIST_KEY,
  OUTBOUND_REF_KEYS,
  OUTBOUND_SEAL_KEY,
  OUTBOUND_SEALS_KEY,
} from '../../core/archive/outbound-digest.ts';
import type { AutoReply } from '../../core/correspondence/auto-reply.ts';
import { byInstantThenId } from '../../core/text/order.ts';
import type { DB } from './schema.ts';
import { first, upsertAndRead } from './statements.ts';
import { insertRow, updateRow } from './write-buffer.ts';

export const DOORS = ['smtp', 'pipe', 'imap', 'letter', 'web', 'api'] as const;
export type Door = (typeof DOORS)[number];

/** Where an inbound item was filed (the outbox reads it to know what to send). */
export const FILINGS = [
  'case_opened',
  'filed_on_case',
  'step2_by_email',
  'step2_case_opened',
  'inbox',
] as const;
export type Filing = (typeof FILINGS)[number];

/**
 * Whether an inbound item may be answered automatically (loop and flood protection): `allowed`; `automated`
 * (bounces, out-of-office, lists: never answered); `flood_limited` (over the sender's daily limit);
 * `restricted_channel` (a designated contact handles all correspondence, P8.4); `no_address` (no sender
 * address to answer, or the message could not be read); `suspicious_address` (From: or Reply-To: is a list, a
 * group or not an address: a red flag, a person looks first). The rule that decides it is core's auto-reply.ts.
 */
export { AUTO_REPLIES, type AutoReply } from '../../core/correspondence/auto-reply.ts';

export interface InboundCorrespondence {
  id: string;
  caseId: string | null;
  inboxItemId: string | null;
  channel: 'email' | 'letter' | 'web' | 'api';
  door: Door;
  mailbox: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  /** E-mail: the Message-ID of the message a forward carries whole, if any. */
  carriedMessageId?: string | null;
  bodySha256: string | null;
  originalSha256: string | null;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  /**
   * E-mail: the address the message verifiably comes from (complainant.ts `messageSender`), or null: what staff
   * acting on it from the triage inbox go by (handle-inbox-item.ts).
   */
  senderAddress?: string | null;
  toAddress: string | null;
  at: string;
  language: string | null;
  reading: unknown;
  textBody: string | null;
  filing: Filing;
  autoReply: AutoReply;
  createdAt: string;
}

export interface StoredInbound {
  id: string;
  caseId: string | null;
  reference: string | null;
  inboxItemId: string | null;
  filing: Filing | null;
  autoReply: AutoReply | null;
}

export class CorrespondenceRepo {
  readonly #db: Kysely<DB>;
  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** The item already stored under this duplicate key (same Message-ID, same body), if any. */
  async findByKey(messageId: string, bodySha256: string): Promise<StoredInbound | null> {
    // The duplicate key first (the unique index answers); the case's reference only for a duplicate.
    const row = await first<{
      id: string;
      case_id: string | null;
      inbox_item_id: string | null;
      filing: string | null;
      auto_reply: string | null;
    }>(
      this.#db,
      'select "id", "case_id", "inbox_item_id", "filing", "auto_reply" from "correspondence" where "message_id" = ? and "body_sha256" = ?',
      [messageId, bodySha256],
    );
    if (!row) return null;
    const theCase = row.case_id
      ? await first<{ reference: string }>(this.#db, 'select "reference" from "cases" where "id" = ?', [
          row.case_id,
        ])
      : undefined;
    return {
      id: row.id,
      caseId: row.case_id,
      reference: theCase?.reference ?? null,
      inboxItemId: row.inbox_item_id,
      filing: row.filing as Filing | null,
      autoReply: row.auto_reply as AutoReply | null,
    };
  }

  async insertInbound(c: InboundCorrespondence): Promise<void> {
    // Sealed as written (inbound-digest.ts): the row keeps the seal, and the first event that names the row in this
    // transaction carries it into its stream's hash chain (`withInboundSeal`).
    const seal = inboundContentDigest({
      id: c.id,
      channel: c.channel,
      door: c.door,
      mailbox: c.mailbox,
      messageId: c.messageId,
      inReplyTo: c.inReplyTo,
      carriedMessageId: c.carriedMessageId ?? null,
      bodySha256: c.bodySha256,
      originalSha256: c.originalSha256,
      subject: c.subject,
      fromAddress: c.fromAddress,
      fromName: c.fromName,
      toAddress: c.toAddress,
      at: c.at,
      language: c.language,
      textBody: c.textBody,
      createdAt: c.createdAt,
      senderAddress: c.senderAddress ?? null,
    });
    const pending = pendingSeals.get(this.#db);
    if (pending) pending.set(c.id, seal);
    else pendingSeals.set(this.#db, new Map([[c.id, seal]]));
    await insertRow(
      this.#db,
      'correspondence',
      {
        id: c.id,
        case_id: c.caseId,
        inbox_item_id: c.inboxItemId,
        direction: 'in',
        channel: c.channel,
        mailbox: c.mailbox,
        message_id: c.messageId,
        in_reply_to: c.inReplyTo,
        carried_message_id: c.carriedMessageId ?? null,
        body_sha256: c.bodySha256,
        original_sha256: c.originalSha256,
        subject: c.subject,
        from_address: c.fromAddress,
        from_name: c.fromName,
        to_address: c.toAddress,
        at: c.at,
        language: c.language,
        reading: JSON.stringify(c.reading),
        text_body: c.textBody,
        status: 'received',
        status_detail: null,
        attempts: 0,
        next_attempt_at: null,
        created_at: c.createdAt,
        door: c.door,
        filing: c.filing,
        auto_reply: c.autoReply,
        sender_address: c.senderAddress ?? null,
        // Every column of the outbound rows too, in the same order (outbox.repo.ts `insertOutbound`): the
        // message and its acknowledgement, written together, then share one statement.
        content_sha256: seal,
        link_token: null,
      },
      { key: c.id },
    );
  }

  /** Files an inbound row on the case that was opened for it, with the final auto-reply decision. */
  async setCase(id: string, caseId: string, autoReply: AutoReply, reading: unknown): Promise<void> {
    await updateRow(
      this.#db,
      'correspondence',
      id,
      { case_id: caseId, auto_reply: autoReply, reading: JSON.stringify(reading) },
      { id },
    );
  }

  /** Records a changed auto-reply decision on an inbound row (a case routed to a designated contact, P8.4). */
  async setAutoReply(id: string, autoReply: AutoReply, reading: unknown): Promise<void> {
    await updateRow(
      this.#db,
      'correspondence',
      id,
      { auto_reply: autoReply, reading: JSON.stringify(reading) },
      { id },
    );
  }

  /**
   * The cases a message's Message-IDs name (see `casesOfThreadRows`): every case that holds correspondence, in or
   * out, under one of `messageIds` (most telling first: In-Reply-To, then References from the newest, then what a
   * forward carries), or a forward that carried one of them; and, when `ownId` is given, the case of a forward
   * that carried this very message (the original arriving after a colleague forwarded it).
   */
  async casesOfMessageIds(messageIds: readonly string[], ownId: string | null = null): Promise<ThreadHit[]> {
    const lookup = threadLookup(messageIds, ownId);
    if (!lookup) return [];
    return casesOfThreadRows(lookup, await this.threadRows([lookup]));
  }

  /**
   * The correspondence on a case that any of these look-ups may name (by Message-ID, or by the Message-ID a
   * forward carried): one statement for the look-ups of a whole batch of messages (`casesOfThreadRows` then
   * answers each).
   */
  async threadRows(lookups: readonly ThreadLookup[]): Promise<ThreadRow[]> {
    const ids = [...new Set(lookups.flatMap((l) => l.ids))];
    const carried = [...new Set(lookups.flatMap((l) => l.carried))];
    if (carried.length === 0) return [];
    const rows: ThreadRow[] = [];
    // Chunks of a few hundred, so that a batch stays well under either engine's limit on parameters.
    for (let i = 0; i < Math.max(ids.length, carried.length); i += 400) {
      const someIds = ids.slice(i, i + 400);
      const someCarried = carried.slice(i, i + 400);
      if (someIds.length === 0 && someCarried.length === 0) break;
      rows.push(
        ...(await this.#db
          .selectFrom('correspondence')
          .select(['id', 'message_id', 'carried_message_id', 'case_id', 'created_at'])
          .where((eb) =>
            eb.or([
              ...(someIds.length > 0 ? [eb('message_id', 'in', someIds)] : []),
              ...(someCarried.length > 0 ? [eb('carried_message_id', 'in', someCarried)] : []),
            ]),
          )
          .where('case_id', 'is not', null)
          .execute()),
      );
    }
    return rows;
  }

  /** Counts one more automatically answerable message from `sender` on local `day`; returns the new count. */
  async countAutoReply(sender: string, day: string): Promise<number> {
    const row = await upsertAndRead<{ count: number }>(
      this.#db,
      'insert into "auto_reply_counts" ("sender", "day", "count") values (?, ?, 1) on conflict ("sender", "day") do update set "count" = "auto_reply_counts"."count" + 1',
      '"count"',
      'select "count" from "auto_reply_counts" where "sender" = ? and "day" = ?',
      [sender, day],
    );
    return row!.count;
  }
}

/**
 * The seals of inbound rows written through a database handle (a transaction) that no event has carried yet. Kept
 * by handle, as the write buffer keeps its rows: the row and the event that files it are written in one transaction.
 */
const pendingSeals = new WeakMap<Kysely<DB>, Map<string, string>>();

/** The same for outbound items (outbox.repo.ts `insertOutbound`), carried by the event that records them. */
const pendingOutboundSeals = new WeakMap<Kysely<DB>, Map<string, string>>();

/**
 * The outbound items that an event appended through a handle has named without carrying their seal (the event came
 * before the item was written): their seal is anchored in the audit chain instead (outbox.repo.ts).
 */
const namedBeforeWritten = new WeakMap<Kysely<DB>, Set<string>>();

/** Keeps an outbound item's seal for the event that records it in this transaction (`withCorrespondenceSeal`). */
export function pendOutboundSeal(db: Kysely<DB>, id: string, seal: string): void {
  const pending = pendingOutboundSeals.get(db);
  if (pending) pending.set(id, seal);
  else pendingOutboundSeals.set(db, new Map([[id, seal]]));
}

/** Whether an event appended through `db` has already named this item (before it was written). */
export function namedByEventIn(db: Kysely<DB>, id: string): boolean {
  return namedBeforeWritten.get(db)?.has(id) ?? false;
}

function nameBeforeWritten(db: Kysely<DB>, id: string): void {
  const named = namedBeforeWritten.get(db);
  if (named) named.add(id);
  else namedBeforeWritten.set(db, new Set([id]));
}

/**
 * An event's payload as it is to be stored: when it names (`correspondenceId`) an inbound row written through `db`
 * whose seal no event carries yet, with that seal added (`correspondenceSeal`); when it names (`correspondenceId`,
 * `letterId`, `instructionId`) an outbound item written through `db` whose seal no event carries yet, with that one
 * added (`outboundSeal`: its id and seal); when it names a list of outbound items (`outboundIds`) so written, with
 * theirs (`outboundSeals`); so the stream's hash chain covers what was received and what was decided to be sent. Any
 * other payload is returned as it is. The event store calls it for every event it appends.
 */
export function withCorrespondenceSeal(db: Kysely<DB>, payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object') return payload;
  const p = payload as Record<string, unknown>;
  let out = payload;
  const pending = pendingSeals.get(db);
  const id = p.correspondenceId;
  if (pending !== undefined && pending.size > 0 && typeof id === 'string') {
    const seal = pending.get(id);
    if (seal !== undefined) {
      pending.delete(id);
      out = { ...p, [SEAL_KEY]: seal };
    }
  }
  const inboundSealed = out !== payload;
  const outbound = pendingOutboundSeals.get(db);
  const list = p[OUTBOUND_LIST_KEY];
  if (Array.isArray(list)) {
    const seals: { id: string; sha256: string }[] = [];
    for (const ref of list) {
      if (typeof ref !== 'string') continue;
      const seal = outbound?.get(ref);
      if (seal === undefined) {
        nameBeforeWritten(db, ref);
        continue;
      }
      outbound!.delete(ref);
      seals.push({ id: ref, sha256: seal });
    }
    if (seals.length) out = { ...(out as Record<string, unknown>), [OUTBOUND_SEALS_KEY]: seals };
  }
  for (const key of OUTBOUND_REF_KEYS) {
    const ref = p[key];
    // The inbound row it filed, just sealed above, is not an outbound item.
    if (typeof ref !== 'string' || (key === 'correspondenceId' && inboundSealed)) continue;
    const seal = outbound?.get(ref);
    if (seal === undefined) {
      // An outbound item this event names may be written after it (a reply, an answer): remembered, so that the
      // item's seal goes to the audit chain (an inbound id named here costs a set entry, nothing more).
      nameBeforeWritten(db, ref);
      continue;
    }
    outbound!.delete(ref);
    return { ...(out as Record<string, unknown>), [OUTBOUND_SEAL_KEY]: { id: ref, sha256: seal } };
  }
  return out;
}

/** An inbound row as `redress archive verify` checks it against its seal. */
export interface SealedInbound extends InboundContent {
  caseId: string | null;
  inboxItemId: string | null;
  contentSha256: string | null;
  redacted: boolean;
}

const SEALED_COLUMNS = [
  'id',
  'case_id',
  'inbox_item_id',
  'direction',
  'channel',
  'door',
  'mailbox',
  'message_id',
  'in_reply_to',
  'carried_message_id',
  'body_sha256',
  'original_sha256',
  'subject',
  'from_address',
  'from_name',
  'to_address',
  'at',
  'language',
  'text_body',
  'created_at',
  'sender_address',
  'content_sha256',
  'redacted',
] as const;

type SealedRow = {
  id: string;
  case_id: string | null;
  inbox_item_id: string | null;
  direction: string;
  channel: string;
  door: string | null;
  mailbox: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  carried_message_id: string | null;
  body_sha256: string | null;
  original_sha256: string | null;
  subject: string;
  from_address: string | null;
  from_name: string | null;
  to_address: string | null;
  at: string;
  language: string | null;
  text_body: string | null;
  created_at: string;
  sender_address: string | null;
  content_sha256: string | null;
  redacted: number;
};

/** What the inbound seal covers of a row (any row with these columns, as the database gives it). */
export function inboundContentOf(
  r: Omit<SealedRow, 'case_id' | 'inbox_item_id' | 'direction' | 'content_sha256' | 'redacted'>,
): InboundContent {
  return {
    id: r.id,
    channel: r.channel,
    door: r.door ?? null,
    mailbox: r.mailbox,
    messageId: r.message_id,
    inReplyTo: r.in_reply_to,
    carriedMessageId: r.carried_message_id ?? null,
    bodySha256: r.body_sha256,
    originalSha256: r.original_sha256,
    subject: r.subject,
    fromAddress: r.from_address,
    fromName: r.from_name,
    toAddress: r.to_address,
    at: r.at,
    language: r.language,
    textBody: r.text_body,
    createdAt: r.created_at,
    senderAddress: r.sender_address ?? null,
  };
}

function toSealed(r: SealedRow): SealedInbound & { direction: string } {
  return {
    ...inboundContentOf(r),
    caseId: r.case_id,
    inboxItemId: r.inbox_item_id,
    direction: r.direction,
    contentSha256: r.content_sha256 ?? null,
    redacted: r.redacted === 1,
  };
}

/** Correspondence rows (either direction) by id, for checking them against the seals events carry. */
export async function correspondenceByIds(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, SealedInbound & { direction: string }>> {
  const out = new Map<string, SealedInbound & { direction: string }>();
  for (let i = 0; i < ids.length; i += 400) {
    const rows = (await db
      .selectFrom('correspondence')
      .select([...SEALED_COLUMNS])
      .where('id', 'in', ids.slice(i, i + 400))
      .execute()) as SealedRow[];
    for (const r of rows) out.set(r.id, toSealed(r));
  }
  return out;
}

/** Every inbound row, a page at a time in id order. */
export async function* inboundPages(db: Kysely<DB>, pageSize = 500): AsyncGenerator<SealedInbound[]> {
  let after = '';
  for (;;) {
    const rows = (await db
      .selectFrom('correspondence')
      .select([...SEALED_COLUMNS])
      .where('direction', '=', 'in')
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute()) as SealedRow[];
    if (!rows.length) return;
    yield rows.map(toSealed);
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/**
 * Every correspondence row (either direction) as `redress archive verify` accounts for it, with its own copy of its
 * seal, a page at a time.
 */
export async function* correspondenceIdPages(
  db: Kysely<DB>,
  pageSize = 1000,
): AsyncGenerator<
  {
    id: string;
    seal: string | null;
    direction: string;
    channel: string;
    caseId: string | null;
    inboxItemId: string | null;
  }[]
> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('correspondence')
      .select(['id', 'content_sha256', 'direction', 'channel', 'case_id', 'inbox_item_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows.map((r) => ({
      id: r.id,
      seal: r.content_sha256 ?? null,
      direction: r.direction,
      channel: r.channel,
      caseId: r.case_id,
      inboxItemId: r.inbox_item_id,
    }));
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** The list of rows written before outbound seals were anchored (migration 202612061420-correspondence-before-anchor). */
type BeforeAnchorDb = Kysely<DB & { correspondence_before_anchor: { id: string } }>;

/** Which of these rows were written before outbound seals were anchored in a chain (the upgrade listed them). */
export async function writtenBeforeAnchor(db: Kysely<DB>, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const listed = db.withTables<{
    correspondence_before_anchor: { id: string };
  }>() as unknown as BeforeAnchorDb;
  for (let i = 0; i < ids.length; i += 400) {
    const rows = await listed
      .selectFrom('correspondence_before_anchor')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 400))
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** What `casesOfMessageIds` looks up for one message: the Message-IDs it names, and those a forward may carry. */
export interface ThreadLookup {
  /** The Message-IDs it replies to or carries, most telling first (at most 50). */
  ids: string[];
  /** The Message-IDs a forward on a case may have carried: `ids`, and the message's own. */
  carried: string[];
  ownId: string | null;
}

export interface ThreadRow {
  id: string;
  message_id: string | null;
  carried_message_id: string | null;
  case_id: string | null;
  created_at: string;
}

/** A case a message's Message-IDs name, and the Message-ID (of `ThreadLookup.ids`, or its own) that names it. */
export interface ThreadHit {
  caseId: string;
  messageId: string;
}

/** The look-up for a message's Message-IDs and its own, or null when there is nothing to look up. */
export function threadLookup(messageIds: readonly string[], ownId: string | null): ThreadLookup | null {
  const ids = [...new Set(messageIds)].slice(0, 50);
  const carried = ownId && !ids.includes(ownId) ? [...ids, ownId] : ids;
  if (carried.length === 0) return null;
  return { ids, carried, ownId };
}

/** At most this many cases are named for one message: enough for any thread, and a bound on what is loaded. */
const MAX_HITS = 20;

/**
 * The cases a look-up names among rows holding at least every row that matches it (rows of other look-ups are
 * ignored), each once, in this order: for each of its Message-IDs in turn, the cases holding correspondence
 * under it, then those of forwards that carried it; then the cases of forwards that carried the message itself.
 * One Message-ID may be on several cases (a sender may reuse another's Message-ID with a body of their own,
 * which is not a duplicate): those come oldest row first, an order nobody sending mail can choose (not the
 * order an index on the body's hash would give). Who may join which of them is the filing rule's to decide.
 */
export function casesOfThreadRows(lookup: ThreadLookup, rows: readonly ThreadRow[]): ThreadHit[] {
  const sorted = rows.filter((r) => r.case_id).sort(byInstantThenId((r) => r.created_at));
  const hits: ThreadHit[] = [];
  const add = (caseId: string, messageId: string) => {
    if (hits.length < MAX_HITS && !hits.some((h) => h.caseId === caseId)) hits.push({ caseId, messageId });
  };
  for (const id of lookup.ids) {
    for (const r of sorted) if (r.message_id === id) add(r.case_id!, id);
    for (const r of sorted) if (r.carried_message_id === id) add(r.case_id!, id);
  }
  const { ownId } = lookup;
  if (ownId) for (const r of sorted) if (r.carried_message_id === ownId) add(r.case_id!, ownId);
  return hits;
}
