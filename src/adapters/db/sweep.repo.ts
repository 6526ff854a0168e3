// What the sweep (src/app/sweep-deadlines.ts) reads and writes, behind one repository: the lock that lets one
// instance sweep at a time, the keys of alerts already sent, the clocks of open cases, the cursor of the notices
// and the facts each notice needs, and the complainants whose restriction is due for review.
import { sql } from 'kysely';
import type { CaseClock } from '../../core/correspondence/alerts.ts';
import type { Db, Engine } from './database.ts';

const SWEEP_LOCK = 7_274_001;

/** Runs `fn` unless another instance holds the sweep (PostgreSQL advisory lock; SQLite has one process). */
export async function withSweepLock<T>(db: Db, engine: Engine, fn: () => Promise<T>): Promise<T | null> {
  if (engine !== 'postgres') return fn();
  return db.connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${SWEEP_LOCK}) as ok`.execute(conn);
    if (!got.rows[0]?.ok) return null;
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${SWEEP_LOCK})`.execute(conn);
    }
  });
}

/** Claims an alert key; false when it was already sent (by this or another instance). */
export async function claimAlert(db: Db, key: string, at: string): Promise<boolean> {
  const r = await db
    .insertInto('alerts_sent')
    .values({ key, at })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Keys are looked up and claimed this many at a time: well under either engine's limit of bound values. */
const KEY_CHUNK = 500;

/** Which of these alert keys are claimed already (sent, by this or another instance): one query per chunk. */
export async function claimedAlerts(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += KEY_CHUNK) {
    const rows = await db
      .selectFrom('alerts_sent')
      .select('key')
      .where('key', 'in', unique.slice(i, i + KEY_CHUNK))
      .execute();
    for (const r of rows) out.add(r.key);
  }
  return out;
}

/**
 * Claims several alert keys in one statement; returns those this call claimed (the others were claimed already,
 * by this or another instance). Called in the transaction that queues their mail, so a claim and its mail are
 * written together or not at all.
 */
export async function claimAlerts(db: Db, keys: readonly string[], at: string): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += KEY_CHUNK) {
    const rows = await db
      .insertInto('alerts_sent')
      .values(unique.slice(i, i + KEY_CHUNK).map((key) => ({ key, at })))
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    for (const r of rows) out.add(r.key);
  }
  return out;
}

/**
 * The clocks of the open cases that may need attention: letters to post, complaints not yet acknowledged, and
 * unanswered complaints due by `cutoff` (the alert rule, src/core/correspondence/alerts.ts, decides which).
 */
export async function openCaseClocks(db: Db, cutoff: string, limit = 5000): Promise<CaseClock[]> {
  const rows = await clockQuery(db)
    .where('status', '!=', 'closed')
    .where((eb) =>
      eb.or([
        eb('letters_to_post', '>', 0),
        eb.and([
          eb('kind', '=', 'complaint'),
          eb.or([
            eb('acknowledged_at', 'is', null),
            eb.and([eb('answered_at', 'is', null), eb('answer_by', '<=', cutoff)]),
          ]),
        ]),
      ]),
    )
    .orderBy('answer_by')
    .limit(limit)
    .execute();
  return rows.map(toCaseClock);
}

/** The clocks of these cases (those recorded as acknowledged whose acknowledgement may not be given yet). */
export async function caseClocksOf(db: Db, ids: readonly string[]): Promise<CaseClock[]> {
  if (ids.length === 0) return [];
  const rows = await clockQuery(db)
    .where('id', 'in', [...ids])
    .where('status', '!=', 'closed')
    .execute();
  return rows.map(toCaseClock);
}

function clockQuery(db: Db) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'kind',
      'status',
      'reference',
      'subject',
      'step',
      'owner_id',
      'acknowledge_by',
      'acknowledged_at',
      'answer_by',
      'answer_by_date',
      'answered_at',
      'letters_to_post',
    ]);
}

function toCaseClock(r: Awaited<ReturnType<ReturnType<typeof clockQuery>['execute']>>[number]): CaseClock {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reference: r.reference,
    subject: r.subject,
    step: r.step,
    ownerId: r.owner_id,
    acknowledgeBy: r.acknowledge_by,
    acknowledgedAt: r.acknowledged_at,
    answerBy: r.answer_by,
    answerByDate: r.answer_by_date,
    answeredAt: r.answered_at,
    lettersToPost: r.letters_to_post,
  };
}

export async function readCursor(db: Db, name: string): Promise<number> {
  const row = await db
    .selectFrom('sweep_cursors')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(row?.value ?? '0');
}

export async function writeCursor(db: Db, name: string, value: number, at: string): Promise<void> {
  await db
    .insertInto('sweep_cursors')
    .values({ name, value: String(value), updated_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: String(value), updated_at: at }))
    .execute();
}

/** Case events of these types after an event id, in id order. */
export function caseEventsAfter(db: Db, afterId: number, types: readonly string[], limit = 1000) {
  return db
    .selectFrom('events')
    .select(['id', 'stream', 'type', 'actor', 'payload'])
    .where('id', '>', afterId)
    .where('type', 'in', [...types])
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function caseSummary(db: Db, caseId: string) {
  return db
    .selectFrom('cases')
    .select(['reference', 'subject', 'owner_id', 'step', 'answer_by_date'])
    .where('id', '=', caseId)
    .executeTakeFirst();
}

export function correspondenceSender(db: Db, correspondenceId: string) {
  return db
    .selectFrom('correspondence')
    .select(['from_name', 'from_address'])
    .where('id', '=', correspondenceId)
    .executeTakeFirst();
}

export function restrictedComplainants(db: Db) {
  return db.selectFrom('complainants').select(['id', 'name']).where('restricted', '=', 1).execute();
}
