// The stored due key of a case (cases.due_key): the queue's "due first" order and its Late, today and soon filters,
// /metrics and the report's open and overdue, each read through an index that holds it. It is the clock's order key
// (core/case/clock.ts dueKey) with the acknowledgement counted as given only once it went out
// (core/correspondence/acknowledgement-given.ts): a complaint whose acknowledgement was recorded but waits in the
// outbox (held because our sending was refused, retrying) or failed keeps its acknowledge-by time as its key, so it
// sorts first among the due cases and is late once that time passes, as its row's clock says.
//
// Whether an acknowledgement went out is not in the case's events: the outbox says it when the mail server takes
// the e-mail. So two writers keep the key, each from the same rule:
// - every write of the case (aggregates.repo.ts saveCase) from its state, asking the outbox only when the key
//   hangs on it (clock.ts dueKeyHangsOnAcknowledgement); the row also keeps `due_key_given`, the key its state
//   gives once the acknowledgement is given;
// - the outbox, in the transaction that records an acknowledgement sent (outbox.repo.ts recordOutcomes), which
//   moves the key to `due_key_given`. A letter is recorded posted by a write of the case, which then reads it.
//
// On PostgreSQL a write of the case and a send may run at once. The write locks the case's row before it reads the
// case's acknowledgements; the send moves the keys of the rows it can lock at once in its own transaction, and the
// others (a write of that case is under way) after its commit, one row at a time: each waits for that write to
// commit, then sets the key from the row as written, never the other way round, and no lock is held while waiting.
//
// A key the outbox did not move (the process died between the send's commit and the move after it, or that move
// failed) would stay on the acknowledge-by, and the case show as late once that passed although the complainant has
// the acknowledgement, until the case is next written, which for a quiet case may be never. So the sweep also sets,
// from the same rule, the keys of the open complaints that may disagree with it (settleDueKeys): those whose key is
// not the given key (a partial index holds them: the acknowledgements not given, few), those an older instance wrote
// without a given key during a rolling upgrade (another partial index), and those whose acknowledgement e-mail has
// not gone out (the outbox's, read through its index), whose key may sit on the given key.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CaseState } from '../../core/case/case.ts';
import {
  type ClockFacts,
  clockFactsOf,
  dueKey,
  dueKeyHangsOnAcknowledgement,
} from '../../core/case/clock.ts';
import {
  type AcknowledgementItem,
  clockFactsAsGiven,
} from '../../core/correspondence/acknowledgement-given.ts';
import { acknowledgementItemsOf } from './acknowledgements.repo.ts';
import type { Engine } from './database.ts';
import type { DB } from './schema.ts';

/**
 * The due key to store for this state. `queuedHere`: its acknowledgement was recorded by an e-mail written to the
 * outbox in this very transaction, which cannot have gone out yet (and may not be written to the database yet: the
 * intake writes its rows at the end, write-buffer.ts), so the outbox is not asked.
 */
export async function storedDueKey(
  db: Kysely<DB>,
  engine: Engine,
  state: CaseState,
  queuedHere: boolean,
): Promise<string> {
  const facts = clockFactsOf(state);
  if (!dueKeyHangsOnAcknowledgement(facts)) return dueKey(facts);
  if (queuedHere) return dueKey({ ...facts, acknowledgedAt: null });
  if (engine === 'postgres')
    await db.selectFrom('cases').select('id').where('id', '=', state.id).forUpdate().execute();
  return (await dueKeysAsGiven(db, [{ id: state.id, ...facts }])).get(state.id)!;
}

/**
 * The due key of each case by the rule: its clock with the acknowledgement counted once given (the outbox asked only
 * for the cases whose key hangs on it). The caller holds the rows, so that no send is recorded unseen meanwhile.
 */
async function dueKeysAsGiven(
  db: Kysely<DB>,
  facts: ReadonlyArray<ClockFacts & { id: string }>,
): Promise<Map<string, string>> {
  const hanging = facts.filter((f) => dueKeyHangsOnAcknowledgement(f)).map((f) => f.id);
  const items = hanging.length ? await acknowledgementItemsOf(db, hanging) : new Map();
  return dueKeysOf(facts, items);
}

/**
 * The due key of each case by the rule, from its clock facts and the acknowledgements it wrote as the outbox holds
 * them (`items`, by case id, as acknowledgementItemsOf reads them). Every case whose key hangs on its acknowledgement
 * must have been asked about: one missing from `items` is taken as given at its record, as for a case that wrote
 * nothing. The writers' keys and `redress archive verify`'s expected ones both come from here.
 */
export function dueKeysOf(
  facts: ReadonlyArray<ClockFacts & { id: string }>,
  items: ReadonlyMap<string, readonly AcknowledgementItem[]>,
): Map<string, string> {
  return new Map(clockFactsAsGiven(facts, items).map((f) => [f.id, dueKey(f)]));
}

/** The rows whose key an acknowledgement just sent moves: recorded as acknowledged, the given key known. */
const MOVES = sql`acknowledged_at is not null and due_key_given is not null and due_key <> due_key_given`;

/**
 * Moves the due keys of the cases whose acknowledgement e-mails (`sentIds`, correspondence ids, any purpose: the
 * others are left out here) were just recorded sent, in the transaction that records them (`trx`). On PostgreSQL
 * returns the cases whose rows another transaction held: the caller passes them to `moveHeldDueKeys` after its
 * commit.
 */
export async function moveDueKeysOfSent(
  trx: Kysely<DB>,
  engine: Engine,
  sentIds: readonly string[],
): Promise<string[]> {
  if (sentIds.length === 0) return [];
  if (engine === 'sqlite') {
    await sql`update cases set due_key = due_key_given
               where id in (select c.case_id from correspondence as c
                              join outbound_items as o on o.correspondence_id = c.id
                             where c.id in (select value from json_each(${JSON.stringify(sentIds)}))
                               and o.purpose = 'acknowledgement' and o.audience = 'complainant')
                 and ${MOVES}`.execute(trx);
    return [];
  }
  const ids = sql`cast(${sentIds} as text[])`;
  const cases = (
    await sql<{ case_id: string }>`select distinct c.case_id from correspondence as c
        join outbound_items as o on o.correspondence_id = c.id
       where c.id = any(${ids}) and o.purpose = 'acknowledgement' and o.audience = 'complainant'
         and c.case_id is not null`.execute(trx)
  ).rows.map((r) => r.case_id);
  if (cases.length === 0) return [];
  // Never waits for a row: a send must commit quickly, and waiting while holding the rows locked so far could
  // deadlock with a transaction that writes several cases.
  const locked = (
    await sql<{ id: string }>`select id from cases where id = any(cast(${cases} as text[]))
        for update skip locked`.execute(trx)
  ).rows.map((r) => r.id);
  if (locked.length)
    await sql`update cases set due_key = due_key_given
               where id = any(cast(${locked} as text[])) and ${MOVES}`.execute(trx);
  const done = new Set(locked);
  return cases.filter((id) => !done.has(id));
}

/**
 * PostgreSQL, after the send's commit: the keys of the cases another transaction held, one row at a time. The send
 * is recorded by then, so a failure here does not undo it (its caller would take the sends for unrecorded): that
 * key stays at the acknowledge-by, the safe side (shown due, not hidden), until the case is next written or the
 * sweep sets it (settleDueKeys).
 */
export async function moveHeldDueKeys(db: Kysely<DB>, caseIds: readonly string[]): Promise<void> {
  for (const id of caseIds)
    await sql`update cases set due_key = due_key_given where id = ${id} and ${MOVES}`
      .execute(db)
      .catch(() => {});
}

/**
 * The open complaints whose due key is not their given key, after `afterId` in the order of their ids, at most
 * `limit`: the acknowledgements recorded but not given, and keys a lost move left behind. Read through the partial
 * index that holds only these rows (migration 202612062340-due-key-apart), never the whole table; the conditions
 * are written as the index's own (literal `is_open = 1`), which SQLite needs to use it. A row an older instance
 * wrote without a given key is not among them (dueKeysUngiven).
 */
export async function dueKeysApart(db: Kysely<DB>, afterId: string, limit: number): Promise<string[]> {
  return openComplaintsWhere(db, sql<boolean>`is_open = 1 and due_key <> due_key_given`, afterId, limit);
}

/**
 * The open complaints without a given key, after `afterId` in the order of their ids, at most `limit`: rows an older
 * instance wrote during a rolling upgrade. The outbox cannot move their key when the acknowledgement goes out (it
 * moves a key only to its given key), so the sweep sets both. Read through the partial index that holds only these
 * rows (migration 202612070050-due-key-ungiven), written as its own conditions like dueKeysApart's.
 */
export async function dueKeysUngiven(db: Kysely<DB>, afterId: string, limit: number): Promise<string[]> {
  return openComplaintsWhere(db, sql<boolean>`is_open = 1 and due_key_given is null`, afterId, limit);
}

async function openComplaintsWhere(
  db: Kysely<DB>,
  indexed: RawBuilder<boolean>,
  afterId: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where(indexed)
    .where('kind', '=', 'complaint')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Sets the due key of these cases by the rule where it disagrees, in the caller's transaction (`trx`), and their
 * given key where it is stale or missing (an older instance wrote the row since, or wrote it without one: the outbox
 * moves a key only to its given key, so a row left without one would keep its key once the acknowledgement went
 * out). Each row is read as it is now, under its lock on PostgreSQL: a row another transaction holds is left out (a
 * write of the case sets the key itself, and a send's move after its commit waits for it), and a send recorded after
 * the outbox was read here moves the key after this transaction, as for a write of the case. Returns the ids whose
 * due key it changed.
 */
export async function settleDueKeys(
  trx: Kysely<DB>,
  engine: Engine,
  caseIds: readonly string[],
): Promise<string[]> {
  if (caseIds.length === 0) return [];
  let q = trx
    .selectFrom('cases')
    .select([
      'id',
      'kind',
      'status',
      'acknowledge_by',
      'acknowledged_at',
      'answer_by',
      'answer_by_date',
      'answered_at',
      'due_key',
      'due_key_given',
    ])
    .where('id', 'in', [...caseIds])
    .where('is_open', '=', 1);
  if (engine === 'postgres') q = q.forUpdate().skipLocked();
  const rows = await q.execute();
  const facts = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    acknowledgeBy: r.acknowledge_by,
    acknowledgedAt: r.acknowledged_at,
    answerBy: r.answer_by,
    answerByDate: r.answer_by_date,
    answeredAt: r.answered_at,
  }));
  const keys = await dueKeysAsGiven(trx, facts);
  const changed: string[] = [];
  for (const [i, r] of rows.entries()) {
    const key = keys.get(r.id)!;
    const given = dueKey(facts[i]!);
    const givenStale = r.due_key_given !== given;
    if (key === r.due_key && !givenStale) continue;
    await trx
      .updateTable('cases')
      .set(givenStale ? { due_key: key, due_key_given: given } : { due_key: key })
      .where('id', '=', r.id)
      .execute();
    if (key !== r.due_key) changed.push(r.id);
  }
  return changed;
}
