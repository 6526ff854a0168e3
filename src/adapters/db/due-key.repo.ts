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
import { type Kysely, sql } from 'kysely';
import type { CaseState } from '../../core/case/case.ts';
import { clockFactsOf, dueKey, dueKeyHangsOnAcknowledgement } from '../../core/case/clock.ts';
import { clockFactsAsGiven } from '../../core/correspondence/acknowledgement-given.ts';
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
  const items = await acknowledgementItemsOf(db, [state.id]);
  const [given] = clockFactsAsGiven([{ id: state.id, ...facts }], items);
  return dueKey(given!);
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
 * key stays at the acknowledge-by, the safe side (shown due, not hidden), until the case is next written.
 */
export async function moveHeldDueKeys(db: Kysely<DB>, caseIds: readonly string[]): Promise<void> {
  for (const id of caseIds)
    await sql`update cases set due_key = due_key_given where id = ${id} and ${MOVES}`
      .execute(db)
      .catch(() => {});
}
