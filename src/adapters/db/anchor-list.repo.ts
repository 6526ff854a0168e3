// The list of correspondence rows written before outbound seals were anchored (`correspondence_before_anchor`) as
// evidence (core/archive/anchor-list.ts): recorded once in the audit chain after the upgrade has filled it
// (`recordAnchorList`, a fill of migration 202612061700), and read back for `redress archive verify` a page at a time.
import { type Kysely, sql } from 'kysely';
import {
  ANCHOR_LIST_RECORDED_ACTION,
  ANCHOR_LIST_TARGET,
  type AnchorListRecord,
  anchorListRecorder,
  parseAnchorListRecord,
} from '../../core/archive/anchor-list.ts';
import { newRecordId } from '../ids.ts';
import { appendAudit, parseAuditDetail, withAuditChain } from './audit-chain.repo.ts';
import type { Database } from './database.ts';
import type { FillOptions } from './migration-fills.ts';
import type { DB } from './schema.ts';

type ListDb = Kysely<
  DB & { correspondence_before_anchor: { id: string; seq: number | null; seal: string | null } }
>;
const listed = (db: Kysely<DB>) =>
  db.withTables<{
    correspondence_before_anchor: { id: string; seq: number | null; seal: string | null };
  }>() as unknown as ListDb;

/** The entries per transaction when the list is numbered. */
const PIECE = { sqlite: 5000, postgres: 2000 } as const;

/**
 * The chained audit entry that records the list: the first, since the upgrade records it once (null when there is
 * none); with the places of any later one, which nothing of Redress writes.
 */
export async function anchorListRecordOf(
  db: Kysely<DB>,
): Promise<{ seq: number; record: AnchorListRecord | null; later: number[] } | null> {
  const rows = await withAuditChain(db)
    .selectFrom('audit_log')
    .select(['seq', 'detail', 'redacted'])
    .where('action', '=', ANCHOR_LIST_RECORDED_ACTION)
    .where('target_type', '=', ANCHOR_LIST_TARGET)
    .where('seq', 'is not', null)
    .orderBy('seq')
    .limit(100)
    .execute();
  const first = rows[0];
  if (!first) return null;
  return {
    seq: first.seq!,
    record: first.redacted === 1 ? null : parseAnchorListRecord(parseAuditDetail(first.detail)),
    later: rows.slice(1).map((r) => r.seq!),
  };
}

/**
 * Numbers the list in the order of its ids, takes each row's seal into it, and records it in the audit chain: the
 * fill of migration 202612061700. Nothing when the list is already recorded (a fill cut short after recording it
 * is run again) or empty. Resolves with the entries read.
 */
export async function recordAnchorList(database: Database, options: FillOptions = {}): Promise<number> {
  const db = listed(database.db);
  if (await anchorListRecordOf(database.db)) return 0;
  // A fill cut short numbered some entries already: numbered again from the start, in the same order.
  await db
    .updateTable('correspondence_before_anchor')
    .set({ seq: null })
    .where('seq', 'is not', null)
    .execute();
  const piece = options.piece ?? PIECE[database.engine];
  const recorder = anchorListRecorder();
  let after = '';
  let seq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('correspondence_before_anchor as l')
      .leftJoin('correspondence as c', 'c.id', 'l.id')
      .select(['l.id', 'c.content_sha256'])
      .where('l.id', '>', after)
      .orderBy('l.id')
      .limit(piece)
      .execute();
    if (!rows.length) break;
    const numbered = rows.map((r) => ({ id: r.id, seal: r.content_sha256 ?? null, seq: ++seq }));
    await database.transaction(async (trx) => {
      if (database.engine === 'postgres') {
        // One statement per piece: a statement per entry would cost a round trip each, at millions of entries.
        await sql`update correspondence_before_anchor as l set seq = v.seq, seal = v.seal
          from (values ${sql.join(numbered.map((e) => sql`(${e.id}::text, ${e.seq}::integer, ${e.seal}::text)`))})
            as v(id, seq, seal)
          where l.id = v.id`.execute(trx);
        return;
      }
      for (const e of numbered)
        await listed(trx)
          .updateTable('correspondence_before_anchor')
          .set({ seq: e.seq, seal: e.seal })
          .where('id', '=', e.id)
          .execute();
    });
    for (const e of numbered) recorder.add(e);
    after = rows[rows.length - 1]!.id;
    await options.afterPiece?.(seq);
    if (rows.length < piece) break;
  }
  if (seq === 0) return 0;
  const record = recorder.finish();
  await database.transaction(async (trx) => {
    if (await anchorListRecordOf(trx)) return;
    await appendAudit(trx, {
      id: newRecordId(),
      at: new Date().toISOString(),
      actor: 'system',
      actorLabel: null,
      action: ANCHOR_LIST_RECORDED_ACTION,
      targetType: ANCHOR_LIST_TARGET,
      targetId: null,
      targetLabel: null,
      address: null,
      detail: { ...record },
    });
  });
  return seq;
}

/** An entry of the list, with the row it names as it is now (null when that row is gone). */
export interface AnchorListItem {
  id: string;
  seq: number | null;
  seal: string | null;
  row: {
    contentSha256: string | null;
    direction: string;
    channel: string;
    caseId: string | null;
    inboxItemId: string | null;
  } | null;
}

function itemQuery(db: Kysely<DB>) {
  return listed(db)
    .selectFrom('correspondence_before_anchor as l')
    .leftJoin('correspondence as c', 'c.id', 'l.id')
    .select([
      'l.id',
      'l.seq',
      'l.seal',
      'c.id as row_id',
      'c.content_sha256',
      'c.direction',
      'c.channel',
      'c.case_id',
      'c.inbox_item_id',
    ]);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number];

function toItem(r: ItemRow): AnchorListItem {
  return {
    id: r.id,
    seq: r.seq,
    seal: r.seal,
    row:
      r.row_id === null
        ? null
        : {
            contentSha256: r.content_sha256 ?? null,
            direction: r.direction!,
            channel: r.channel!,
            caseId: r.case_id ?? null,
            inboxItemId: r.inbox_item_id ?? null,
          },
  };
}

/** The numbered entries in the list's order, a page at a time. */
export async function* anchorListPages(db: Kysely<DB>, pageSize = 1000): AsyncGenerator<AnchorListItem[]> {
  let after = 0;
  for (;;) {
    const rows = await itemQuery(db).where('l.seq', '>', after).orderBy('l.seq').limit(pageSize).execute();
    if (!rows.length) return;
    yield rows.map(toItem);
    after = rows[rows.length - 1]!.seq!;
    if (rows.length < pageSize) return;
  }
}

/** Entries without a place in the list (the upgrade numbered every entry it found), a page at a time. */
export async function* unnumberedAnchorEntries(
  db: Kysely<DB>,
  pageSize = 1000,
): AsyncGenerator<AnchorListItem[]> {
  let after = '';
  for (;;) {
    const rows = await itemQuery(db)
      .where('l.seq', 'is', null)
      .where('l.id', '>', after)
      .orderBy('l.id')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows.map(toItem);
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** Whether the list holds any entry at all. */
export async function anchorListIsEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await listed(db)
    .selectFrom('correspondence_before_anchor')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined;
}
