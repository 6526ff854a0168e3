// Repositories of the three aggregates (case, complainant, inbox item) over the event store, each keeping its
// projection row (cases, complainants, inbox_items) in step in the same transaction; and reference counters.
import type { Kysely } from 'kysely';
import { type CaseState, evolveCase } from '../../core/case/case.ts';
import type { CaseEvent } from '../../core/case/case-events.ts';
import { clockFactsOf, dueKey, dueKeyHangsOnAcknowledgement, isOpenStatus } from '../../core/case/clock.ts';
import {
  activeRestrictions,
  type ComplainantEvent,
  type ComplainantState,
  designatedContactOf,
  evolveComplainant,
} from '../../core/case/complainant.ts';
import { evolveInboxItem, type InboxEvent, type InboxItemState } from '../../core/case/inbox.ts';
import { measuredPromise } from '../../core/case/promise.ts';
import { formatReference } from '../../core/case/reference.ts';
import { addressKey } from '../../core/intake/addresses.ts';
import { countCaseChange } from './case-counts.repo.ts';
import { addressLookup, addressLookupStatement, fillAddressKeys, holdsAddress } from './complainants.repo.ts';
import {
  CorrespondenceRepo,
  casesOfThreadRows,
  type ThreadHit,
  type ThreadLookup,
  type ThreadRow,
  threadLookup,
} from './correspondence.repo.ts';
import { type Engine, outsideTransaction } from './database.ts';
import { storedDueKey } from './due-key.repo.ts';
import { appendToStream, type Loaded, loadStream, type Meta, type RecordedEvent } from './event-store.ts';
import type { REGISTER_COLUMNS } from './register.repo.ts';
import { markReportDay } from './report-days.repo.ts';
import { restrictedRecords } from './restricted-records.repo.ts';
import type { DB } from './schema.ts';
import { type CorrespondenceText, indexCase, indexCorrespondence } from './search.repo.ts';
import { first, insertRows, query, upsertAndRead } from './statements.ts';
import { dropWrites, flushWrites, insertRow, updateRow, withWriteBuffer } from './write-buffer.ts';

/** A complainant as the intake's lookup by address finds it (complainants.repo.ts addressLookupStatement). */
interface FoundComplainant {
  id: string;
  merged_into: string | null;
  email_key: string | null;
  email: string | null;
}

export const caseStream = (id: string) => `case:${id}`;
export const complainantStream = (id: string) => `complainant:${id}`;
export const inboxStream = (id: string) => `inbox:${id}`;

/**
 * Reference numbers reserved at once on PostgreSQL (`nextReference`): each reservation is a commit of its own, so a
 * block saves most of them; unused numbers wait in the pool for the next cases.
 */
const RESERVED_BLOCK = 32;

export interface Saved<S> {
  state: S;
  version: number;
  recorded: RecordedEvent[];
}

/**
 * The aggregates as seen from one transaction. What it loads and saves is remembered until the transaction
 * ends (one Aggregates per transaction): filing one e-mail loads the new case and its complainant several times
 * (acknowledgement, mail context, flags), and each load would otherwise read and parse the stream's state
 * again. States are never changed in place (evolve copies), so a remembered state can be handed out again.
 * Whoever rolls back to a savepoint inside the transaction calls `forget()`: what was remembered since may
 * have been undone, and what was waiting to be written (write-buffer.ts) was written after the savepoint.
 */
export class Aggregates {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  readonly #seen = new Map<string, Loaded<unknown>>();
  /** Complainants' names and addresses as saved, and correspondence as written, for the search index. */
  readonly #people = new Map<string, { name: string | null; email: string | null }>();
  readonly #texts = new Map<string, CorrespondenceText>();
  /** Answers that hold for the whole transaction (see `once`). */
  readonly #once = new Map<string, Promise<unknown>>();
  /** Counters this transaction has taken (and holds), with the value reached (see `#count`). */
  readonly #counts = new Map<string, number>();
  /** What the mail intake looked up for a whole batch at once (see `prefetch`); each answer is used once. */
  readonly #absentKeys = new Set<string>();
  readonly #complainantsByEmail = new Map<string, { id: string; merged_into: string | null } | null>();
  /**
   * The rows the batch's look-ups by Message-ID found (see `prefetch`), and those look-ups by key: a message
   * asking one of them is answered from these rows, any other asks the database.
   */
  #threadRows: ThreadRow[] = [];
  readonly #threadLookups = new Set<string>();
  /** The UTC days of receipt this transaction has marked for the report (see `saveCase`). */
  readonly #markedDays = new Set<string>();
  /** The cases this transaction recorded as acknowledged by an e-mail it wrote to the outbox (see `saveCase`). */
  readonly #acknowledgementsQueued = new Set<string>();
  /**
   * While the mail intake files a batch it looked up at once (`prefetch`, until `forgetPrefetched`), the records a
   * restriction is in force on, read once for the batch (see `restrictedRecords`).
   */
  #inBatch = false;
  #restricted: Promise<Array<{ id: string; email: string | null }>> | null = null;
  constructor(db: Kysely<DB>, engine: Engine) {
    this.db = db;
    this.engine = engine;
  }

  /** Drops what was remembered (after a rollback to a savepoint). */
  forget(): void {
    dropWrites(this.db);
    this.#counts.clear();
    this.#markedDays.clear();
    this.#acknowledgementsQueued.clear();
    this.forgetPrefetched();
    this.#seen.clear();
    this.#people.clear();
    this.#texts.clear();
  }

  /**
   * Runs `fn` as one unit of work (write-buffer.ts): the rows it writes through the aggregates, the event store,
   * the correspondence, originals, outbox and search repositories are written when it returns, a few multi-row
   * statements in all; a row saved twice (a new case, opened then acknowledged) is written once. `fn` must not
   * read back what it wrote (the mail intake reads stream states, which are remembered, and other cases' rows).
   * Whoever opens a savepoint inside calls `flushWrites` first.
   */
  withWritesBuffered<T>(fn: () => Promise<T>): Promise<T> {
    return withWriteBuffer(this.db, fn);
  }

  /** Writes what is waiting (see withWritesBuffered). */
  flushWrites(): Promise<void> {
    return flushWrites(this.db);
  }

  /** Tells the search index what a correspondence row just written holds (it would otherwise read it back). */
  wroteCorrespondence(id: string, text: CorrespondenceText): void {
    this.#texts.set(id, text);
  }

  async #load<S>(stream: string): Promise<Loaded<S>> {
    const seen = this.#seen.get(stream);
    if (seen) return seen as Loaded<S>;
    // PostgreSQL: the stream's row stays locked (FOR UPDATE) until the transaction ends, so remembering it
    // is as good as reading it again.
    const loaded = await loadStream<S>(this.db, stream, this.engine === 'postgres');
    if (loaded.state) this.#seen.set(stream, loaded);
    return loaded;
  }

  /**
   * The answer of `load`, asked once per transaction and key: for reads of things filing never changes (the
   * texts in use, asked by every acknowledgement of a batch).
   */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let answer = this.#once.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = load();
      this.#once.set(key, answer);
      // A failed read is not remembered.
      answer.catch(() => this.#once.delete(key));
    }
    return answer;
  }

  /**
   * A complainant's state for reading only (writing to them, not saving): the one saved or loaded in this
   * transaction if any, else read without taking the row's lock.
   */
  async complainantState(id: string): Promise<ComplainantState | null> {
    const seen = this.#seen.get(complainantStream(id));
    if (seen) return seen.state as ComplainantState;
    return (await loadStream<ComplainantState>(this.db, complainantStream(id))).state;
  }

  loadCase(id: string): Promise<Loaded<CaseState>> {
    return this.#load<CaseState>(caseStream(id));
  }

  /**
   * Evolves the loaded state by the events, appends them to the stream (hash chain, head) and returns the new
   * state; the caller then writes the aggregate's projection row.
   */
  async #append<S extends { id: string }, E extends { type: string; payload: unknown }>(
    kind: 'case' | 'complainant' | 'inbox',
    stream: string,
    id: string,
    loaded: Loaded<S>,
    events: E[],
    meta: Meta,
    evolve: (state: S | null, event: E, meta: Meta) => S,
  ): Promise<Saved<S>> {
    let state = loaded.state;
    for (const e of events) {
      state = evolve(state, e, meta);
      state.id = id;
    }
    if (!state) throw new Error(`a ${kind} stream must start with its first event (${stream})`);
    let recorded: RecordedEvent[];
    try {
      recorded = await appendToStream(this.db, {
        stream,
        aggregate: kind,
        expected: loaded,
        events,
        meta,
        state,
      });
    } catch (e) {
      this.#seen.delete(stream);
      throw e;
    }
    const version = loaded.version + events.length;
    if (recorded.length > 0) this.#seen.set(stream, { state, version, headHash: recorded.at(-1)!.hash });
    return { state, version, recorded };
  }

  async saveCase(
    id: string,
    loaded: Loaded<CaseState>,
    events: CaseEvent[],
    meta: Meta,
  ): Promise<Saved<CaseState>> {
    const saved = await this.#append('case', caseStream(id), id, loaded, events, meta, evolveCase);
    const row = caseRow(saved.state);
    // The due key with the acknowledgement counted once it went out (due-key.repo.ts): an e-mail written with its
    // `acknowledged` event in this transaction has not.
    for (const e of events)
      if (e.type === 'acknowledged' && e.payload.channel === 'email' && e.payload.correspondenceId !== null)
        this.#acknowledgementsQueued.add(id);
    row.due_key ??= await storedDueKey(
      this.db,
      this.engine,
      saved.state,
      this.#acknowledgementsQueued.has(id),
    );
    // The report's counts follow the row (case-counts.repo.ts); its day of receipt is marked for counting again
    // (report-days.repo.ts).
    const before = loaded.state ? caseRow(loaded.state) : null;
    // A state renewed before its first renewal was kept in it does not say the procedure's date: the row kept
    // what the migration filled, which both readings of the counts take.
    let procedureAnswerBy = row.procedure_answer_by;
    if (procedureAnswerBy === undefined) {
      const kept = await this.db
        .selectFrom('cases')
        .select('procedure_answer_by')
        .where('id', '=', id)
        .executeTakeFirst();
      procedureAnswerBy = kept?.procedure_answer_by ?? row.answer_by;
    }
    const counted = <R extends typeof row>(r: R) => ({
      ...r,
      procedure_answer_by: r.procedure_answer_by === undefined ? procedureAnswerBy : r.procedure_answer_by,
    });
    await this.#putRow('cases', id, row, loaded.version === 0);
    await countCaseChange(this.db, before && counted(before), counted(row));
    // One mark per day of receipt and transaction is enough: a report counts a marked day from the committed
    // cases, and this transaction's writes commit together with its first mark of that day. A batch of mail
    // then writes one mark a day instead of one per case saved (each new case is saved twice: opened, then
    // acknowledged).
    const unmarked = [row, before].filter(
      (r): r is typeof row => r !== null && !this.#markedDays.has(r.received_at.slice(0, 10)),
    );
    if (unmarked.length > 0) {
      await markReportDay(this.db, id, saved.version, unmarked[1] ?? null, unmarked[0]!);
      for (const r of unmarked) this.#markedDays.add(r.received_at.slice(0, 10));
    }
    await this.#index(saved.state, events);
    return saved;
  }

  /** Keeps the search index in step: the case's fields on receipt or reclassification, each correspondence filed. */
  async #index(state: CaseState, events: CaseEvent[]): Promise<void> {
    for (const e of events) {
      if (e.type === 'case_received' || e.type === 'reclassified' || e.type === 'categorised')
        await indexCase(this.db, state, this.#people.get(state.complainantId));
      const correspondenceId =
        e.type === 'case_received' || e.type === 'correspondence_filed' ? e.payload.correspondenceId : null;
      if (correspondenceId)
        await indexCorrespondence(this.db, state.id, correspondenceId, this.#texts.get(correspondenceId));
    }
  }

  /** Writes an aggregate's projection row: inserted with its first events, else updated (keyed by id). */
  #putRow(
    table: 'cases' | 'complainants' | 'inbox_items',
    id: string,
    row: Record<string, unknown>,
    isNew: boolean,
  ): Promise<void> {
    return isNew
      ? insertRow(this.db, table, row as never, { key: id })
      : updateRow(this.db, table, id, row, { id });
  }

  loadComplainant(id: string): Promise<Loaded<ComplainantState>> {
    return this.#load<ComplainantState>(complainantStream(id));
  }

  async saveComplainant(
    id: string,
    loaded: Loaded<ComplainantState>,
    events: ComplainantEvent[],
    meta: Meta,
  ): Promise<Saved<ComplainantState>> {
    const saved = await this.#append(
      'complainant',
      complainantStream(id),
      id,
      loaded,
      events,
      meta,
      evolveComplainant,
    );
    const { state } = saved;
    const row = {
      id,
      name: state.details.name,
      email: state.details.email?.toLowerCase() ?? null,
      // What the record is found by: the address however its domain is written (addresses.ts addressKey).
      email_key: addressKey(state.details.email),
      phone: state.details.phone,
      language: state.details.language,
      restricted: activeRestrictions(state).length > 0 ? 1 : 0,
      designated_contact_id: designatedContactOf(state),
      unreachable: state.unreachableByEmail ? 1 : 0,
      merged_into: state.mergedInto,
      created_at: state.createdAt,
      updated_at: state.updatedAt,
    };
    await this.#putRow('complainants', id, row, loaded.version === 0);
    this.#people.set(id, { name: row.name, email: row.email });
    // An address looked up as unknown is known from now on (the message that looked it up registers its sender,
    // then asks again); one already known keeps its oldest record, as the lookup picks it.
    if (row.email_key && this.#complainantsByEmail.get(row.email_key) === null)
      this.#complainantsByEmail.set(row.email_key, { id, merged_into: row.merged_into });
    return saved;
  }

  loadInboxItem(id: string): Promise<Loaded<InboxItemState>> {
    return this.#load<InboxItemState>(inboxStream(id));
  }

  async saveInboxItem(
    id: string,
    loaded: Loaded<InboxItemState>,
    events: InboxEvent[],
    meta: Meta,
  ): Promise<Saved<InboxItemState>> {
    const saved = await this.#append('inbox', inboxStream(id), id, loaded, events, meta, evolveInboxItem);
    const { state } = saved;
    const row = {
      id,
      correspondence_id: state.correspondenceId,
      reason: state.reason,
      kind: state.kind,
      status: state.status,
      case_id: state.caseId,
      received_at: state.receivedAt,
      handled_at: state.handledAt,
    };
    await this.#putRow('inbox_items', id, row, loaded.version === 0);
    return saved;
  }

  async caseIdByReference(reference: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('cases')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * The complainant with this e-mail address, however its domain is written (addresses.ts addressKey); a record
   * merged into another leads to the one kept. A record an older instance registered without a key is found by its
   * address as written, and given its key here (complainants.repo.ts addressLookupStatement).
   */
  async complainantIdByEmail(email: string): Promise<string | null> {
    const statement = addressLookupStatement(email);
    if (statement === null) return null;
    let row: { id: string; merged_into: string | null } | null | undefined = this.#complainantsByEmail.get(
      statement.key,
    );
    if (row === undefined) {
      const found = await first<FoundComplainant>(this.db, statement.text, statement.params);
      if (found) await fillAddressKeys(this.db, [found]);
      row = found;
    }
    let id = row?.id ?? null;
    let next = row?.merged_into ?? null;
    for (let hops = 0; next && hops < 10; hops++) {
      id = next;
      const r = await first<{ merged_into: string | null }>(
        this.db,
        'select "merged_into" from "complainants" where "id" = ?',
        [next],
      );
      next = r?.merged_into ?? null;
    }
    return id;
  }

  /**
   * The next reference for a prefix and year, `PREFIX-YYYY-NNNNNN`, gap-free per prefix and year, safe with
   * several processes and instances.
   *
   * SQLite: a counter row, counted up in this transaction (`#count`). Its lock is held until commit, which costs
   * nothing there: a SQLite writer holds the whole database until commit anyway.
   *
   * PostgreSQL: a counter row locked until commit would make every transaction that opens a case (a whole intake
   * batch, on every instance) wait for the one before it to commit, so intake from all instances would run one
   * batch at a time. Instead, numbers are reserved a block at a time by a statement that commits on its own (the
   * counter's lock is held for that one statement) into `reference_pool`, and a case takes the lowest free number
   * of the pool in its own transaction (deleting it, `skip locked`: a number another transaction holds is not
   * waited for). If the transaction rolls back or its process dies, the delete is undone and the number is free
   * again: the next case takes it, since the lowest free number always goes first. So the cases' references stay
   * gap-free (a number given up by a failed transaction is missing only until the next case of that prefix and
   * year), the acknowledgement written in the same transaction carries the reference, and the numbers reserved
   * but not yet given sit above every number given. References follow the order in which numbers were taken,
   * which is close to, but not always, the order of commit.
   */
  async nextReference(prefix: string, year: number): Promise<string> {
    const outside = this.engine === 'postgres' ? outsideTransaction(this.db) : undefined;
    const value = outside
      ? await this.#takeFromPool(outside, prefix, year)
      : await this.#count(
          `counters\u0000${prefix}\u0000${year}`,
          'counters',
          'value',
          { prefix, year },
          async () =>
            (await upsertAndRead<{ value: number }>(
              this.db,
              'insert into "counters" ("prefix", "year", "value") values (?, ?, 1) on conflict ("prefix", "year") do update set "value" = "counters"."value" + 1',
              '"value"',
              'select "value" from "counters" where "prefix" = ? and "year" = ?',
              [prefix, year],
            ))!.value,
        );
    return formatReference(prefix, year, value);
  }

  /** PostgreSQL: the lowest free reserved number, taken in this transaction; a block more is reserved when none is free. */
  async #takeFromPool(outside: Kysely<DB>, prefix: string, year: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const taken = await first<{ value: number }>(
        this.db,
        'delete from "reference_pool" where ("prefix", "year", "value") = (select "prefix", "year", "value" from "reference_pool" where "prefix" = ? and "year" = ? order by "value" limit 1 for update skip locked) returning "value"',
        [prefix, year],
      );
      if (taken) return taken.value;
      // Every reserved number is taken (or held by a transaction not yet committed): reserve more, committed at
      // once whatever becomes of this transaction. Other transactions may take them first; then this runs again.
      if (attempt >= 50) throw new Error(`no reference number could be taken for ${prefix}-${year}`);
      await query(
        outside,
        'with "c" as (insert into "counters" ("prefix", "year", "value") values (?, ?, ?) on conflict ("prefix", "year") do update set "value" = "counters"."value" + excluded."value" returning "value") insert into "reference_pool" ("prefix", "year", "value") select ?, ?, "g" from "c", generate_series("c"."value" - ? + 1, "c"."value") as "g"',
        [prefix, year, RESERVED_BLOCK, prefix, year, RESERVED_BLOCK],
      );
    }
  }

  /** Counts one more automatically answerable message from `sender` on local `day`; returns the new count. */
  countAutoReply(sender: string, day: string): Promise<number> {
    return this.#count(
      `auto_reply\u0000${sender}\u0000${day}`,
      'auto_reply_counts',
      'count',
      { sender, day },
      () => new CorrespondenceRepo(this.db).countAutoReply(sender, day),
    );
  }

  /**
   * A counting row: the first count in the transaction upserts it (which takes its lock until the transaction
   * ends, on both engines) and reads the value; the next ones count on from that value and write it (at the end
   * of the unit of work, write-buffer.ts). No one else can move it meanwhile: the lock is held. A rollback
   * to a savepoint forgets the value (`forget`).
   */
  async #count(
    key: string,
    table: 'counters' | 'auto_reply_counts',
    column: string,
    where: Record<string, unknown>,
    take: () => Promise<number>,
  ): Promise<number> {
    const reached = this.#counts.get(key);
    const value = reached === undefined ? await take() : reached + 1;
    this.#counts.set(key, value);
    // The row exists (taken above): written as an upsert, so that a unit's counting rows share a statement.
    if (reached !== undefined)
      await insertRow(this.db, table, { ...where, [column]: value } as never, {
        tail: `on conflict (${Object.keys(where)
          .map((c) => `"${c}"`)
          .join(', ')}) do update set "${column}" = excluded."${column}"`,
        key,
        merge: (pending, next) => {
          pending[column] = next[column];
        },
      });
    return value;
  }

  /**
   * Looks up, for a batch of e-mails at once, what filing each would look up alone: whether its duplicate key
   * is stored, and the complainants of its senders. A duplicate key's answer serves once (the message it was
   * asked for); a complainant found stays known for the batch, and one registered meanwhile is added. A message
   * that may read what an earlier one of the batch wrote has the intake flush and `forgetPrefetched`.
   */
  async prefetch(
    keys: ReadonlyArray<{ messageId: string; bodySha256: string }>,
    emails: readonly string[],
    autoReplies: { day: string; senders: readonly string[] },
    threads: ReadonlyArray<{ messageIds: readonly string[]; ownId: string | null }> = [],
  ) {
    this.forgetPrefetched();
    this.#inBatch = true;
    await this.#takeAutoReplyCounts(autoReplies.day, [...new Set(autoReplies.senders)]);
    // The cases the messages reply to, or whose forwards carried them: one statement for the batch instead of
    // one per message (most messages name no thread and ask only whether a forward carried them).
    const lookups = threads
      .map((t) => threadLookup(t.messageIds, t.ownId))
      .filter((l): l is ThreadLookup => l !== null);
    if (lookups.length > 0) {
      this.#threadRows = await new CorrespondenceRepo(this.db).threadRows(lookups);
      for (const l of lookups) this.#threadLookups.add(threadKey(l));
    }
    const ids = [...new Set(keys.map((k) => k.messageId))];
    if (ids.length > 0) {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await this.db
          .selectFrom('correspondence')
          .select(['message_id', 'body_sha256'])
          .where('message_id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) found.add(`${r.message_id}\u0000${r.body_sha256}`);
      }
      for (const k of keys) {
        const key = `${k.messageId}\u0000${k.bodySha256}`;
        if (!found.has(key)) this.#absentKeys.add(key);
      }
    }
    const wanted = [...new Set(emails.map(addressKey).filter((k): k is string => k !== null))];
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      // By their keys, and the records an older instance registered without a key by their addresses as written
      // (complainants.repo.ts addressLookup): the forms of a key are the forms of any address with that key.
      const rows = await this.db
        .selectFrom('complainants')
        .select(['id', 'email_key', 'email', 'merged_into', 'created_at'])
        .where((eb) => holdsAddress(eb, addressLookup(chunk)))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      await fillAddressKeys(this.db, rows);
      for (const e of chunk) this.#complainantsByEmail.set(e, null);
      // The oldest record of an address, as complainantIdByEmail picks it.
      for (const r of rows.reverse()) {
        const key = r.email_key ?? addressKey(r.email);
        if (key !== null) this.#complainantsByEmail.set(key, { id: r.id, merged_into: r.merged_into });
      }
    }
  }

  /**
   * Takes the auto-reply counting rows of these senders for the day at once (creating them at 0): their
   * locks, and their values to count on in memory (`#count`), as the first count of each would have.
   */
  async #takeAutoReplyCounts(day: string, senders: readonly string[]): Promise<void> {
    const wanted = senders.filter((s) => !this.#counts.has(`auto_reply\u0000${s}\u0000${day}`));
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      const rows = chunk.map((sender) => ({ sender, day, count: 0 }));
      let taken: Array<{ sender: string; count: number }>;
      if (this.engine === 'postgres')
        taken = (
          await insertRows(
            this.db,
            'auto_reply_counts',
            rows,
            'on conflict ("sender", "day") do update set "count" = "auto_reply_counts"."count" returning "sender", "count"',
          )
        ).rows as Array<{ sender: string; count: number }>;
      else {
        await insertRows(this.db, 'auto_reply_counts', rows, 'on conflict ("sender", "day") do nothing');
        taken = await this.db
          .selectFrom('auto_reply_counts')
          .select(['sender', 'count'])
          .where('day', '=', day)
          .where('sender', 'in', chunk)
          .execute();
      }
      for (const r of taken) this.#counts.set(`auto_reply\u0000${r.sender}\u0000${day}`, Number(r.count));
    }
  }

  /** Is this duplicate key known, from the batch's lookup, not to be stored? (Answers once.) */
  knownNew(messageId: string, bodySha256: string): boolean {
    return this.#absentKeys.delete(`${messageId}\u0000${bodySha256}`);
  }

  forgetPrefetched(): void {
    this.#inBatch = false;
    this.#restricted = null;
    this.#absentKeys.clear();
    this.#complainantsByEmail.clear();
    this.#threadRows = [];
    this.#threadLookups.clear();
  }

  /**
   * The records a restriction is in force on (restricted-records.repo.ts), asked for every new case and its
   * acknowledgement (designated-contact.ts). In a batch of the mail intake they are read once: filing never
   * restricts anyone, and a restriction decided elsewhere meanwhile is one decided just after the batch. Anywhere
   * else (deciding a restriction reads them again after writing it), from the database each time.
   */
  restrictedRecords(): Promise<Array<{ id: string; email: string | null }>> {
    if (!this.#inBatch) return restrictedRecords(this.db);
    if (!this.#restricted) {
      const read = restrictedRecords(this.db);
      this.#restricted = read;
      // A failed read is not remembered.
      read.catch(() => {
        if (this.#restricted === read) this.#restricted = null;
      });
    }
    return this.#restricted;
  }

  /**
   * The cases a message's Message-IDs name (CorrespondenceRepo `casesOfMessageIds`): from the batch's look-up
   * when it asked the same (nothing the batch wrote since can change the answer: the intake flushes and forgets
   * what was prefetched before a message that reads what an earlier one wrote), else from the database.
   */
  async casesOfMessageIds(messageIds: readonly string[], ownId: string | null): Promise<ThreadHit[]> {
    const lookup = threadLookup(messageIds, ownId);
    if (!lookup) return [];
    if (this.#threadLookups.has(threadKey(lookup))) return casesOfThreadRows(lookup, this.#threadRows);
    return new CorrespondenceRepo(this.db).casesOfMessageIds(messageIds, ownId);
  }
}

/** A look-up by Message-ID as a key (Message-IDs hold no NUL). */
function threadKey(l: ThreadLookup): string {
  return `${l.ids.join('\u0000')}\u0001${l.ownId ?? ''}`;
}

export function caseRow(s: CaseState) {
  return {
    id: s.id,
    reference: s.reference,
    kind: s.kind,
    other_reason: s.otherReason,
    step: s.step,
    status: s.status,
    channel: s.channel,
    language: s.language,
    complainant_id: s.complainantId,
    owner_id: s.ownerId,
    category: s.category,
    department: s.department,
    subject: s.subject,
    received_at: s.receivedAt,
    acknowledge_by: s.deadline?.acknowledgeBy ?? null,
    acknowledged_at: s.acknowledgedAt,
    // The date told to the complainant (renewed, extended): the queue, the case page, the alerts.
    answer_by: s.deadline?.answerBy ?? null,
    answer_by_date: s.deadline?.answerByDate ?? null,
    // The procedure's date, which the figures measure against (promise.ts measuredPromise; undefined: the state
    // does not say, and an update keeps what the migration filled).
    procedure_answer_by: measuredPromise(s).answerBy,
    answered_at: s.answeredAt,
    outcome: s.outcome,
    closed_at: s.closedAt,
    waiting_on_complainant: s.waitingOnComplainant ? 1 : 0,
    flagged: s.flagged ? 1 : 0,
    step1_case_id: s.step1CaseId,
    step2_case_id: s.step2CaseId,
    letters_to_post: s.lettersToPost.length,
    suggestion_status: s.suggestionStatus,
    extensions: s.extensions.length,
    merged_into: s.mergedInto,
    is_open: isOpenStatus(s.status) ? 1 : 0,
    // The earliest open deadline (the acknowledgement's until it is given): the queue's order and Late filter. When
    // it hangs on whether the acknowledgement went out, which the events do not say, the writer asks the outbox
    // (due-key.repo.ts storedDueKey) and the events alone leave it unsaid (undefined: `redress archive verify`
    // reads the outbox for it, verify-derived.ts). `due_key_given` is the key once the acknowledgement is given,
    // which the outbox moves the due key to when it sends the acknowledgement.
    due_key: dueKeyHangsOnAcknowledgement(clockFactsOf(s)) ? undefined : dueKey(clockFactsOf(s)),
    due_key_given: dueKey(clockFactsOf(s)),
    updated_at: s.updatedAt,
    ...registerColumns(s),
  };
}

/**
 * The facts of a case's events that the register of cases shows, kept on its row so that an export of a year
 * reads no events: the answer deadline the first extension replaced, and what the last answer recorded. A state
 * stored before a fact was kept in it (an extension without its previous deadline, an answer without its record)
 * leaves that column out (undefined), so an update keeps what the migration filled from the events.
 */
export function registerColumns(s: CaseState) {
  const answer = s.answerRecord;
  return {
    // Before the first extension the figures count (none after a renewal): promise.ts measuredPromise.
    first_answer_by: measuredPromise(s).firstAnswerBy,
    remedy: answer ? answer.remedy : undefined,
    remedy_amount: answer ? (answer.remedyAmount?.value ?? null) : undefined,
    remedy_currency: answer ? (answer.remedyAmount?.currency ?? null) : undefined,
    root_cause: answer ? (answer.rootCause?.cause ?? null) : undefined,
    root_cause_note: answer ? (answer.rootCause?.note ?? null) : undefined,
  } satisfies Record<(typeof REGISTER_COLUMNS)[number], string | null | undefined>;
}
