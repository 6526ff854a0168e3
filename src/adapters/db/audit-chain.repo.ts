// The audit log as a hash chain (core/archive/audit-chain.ts): appending an entry reads the head (locked on
// PostgreSQL; SQLite's immediate transactions already write one at a time), links the entry to it and moves the
// head on, all in the caller's transaction. Reading the chain back for `redress archive verify` goes in pages,
// so memory stays flat on a long log.
import { type Kysely, PostgresAdapter } from 'kysely';
import { auditLinkHash, auditPersonalDigest, type StoredAuditRow } from '../../core/archive/audit-chain.ts';
import type { AuditLogTable } from './accounts.tables.ts';
import type { DB } from './schema.ts';

/** The chain's columns (migration 202612050041-audit-chain) and its head row. */
export type AuditChainTables = {
  audit_log: AuditLogTable & {
    seq: number | null;
    personal_digest: string | null;
    prev: string | null;
    hash: string | null;
    redacted: number;
  };
  audit_head: { id: string; seq: number; hash: string | null; updated_at: string };
};

type ChainDb = Kysely<DB & AuditChainTables>;
const HEAD = 'audit';

export function withAuditChain(db: Kysely<DB>): ChainDb {
  return db.withTables<AuditChainTables>() as unknown as ChainDb;
}

export interface NewAuditEntry {
  id: string;
  at: string;
  actor: string;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
}

/** Appends one entry to the audit chain. Must run inside a transaction (the head is read, then moved on). */
export async function appendAudit(trx: Kysely<DB>, e: NewAuditEntry): Promise<void> {
  const db = withAuditChain(trx);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', HEAD)
    .$if(postgres, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!head) {
    // Only when the head row was removed by hand; the migration creates it. Verification will say so.
    await db
      .insertInto('audit_head')
      .values({ id: HEAD, seq: 0, hash: null, updated_at: e.at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    head = await db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', HEAD)
      .$if(postgres, (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
  }
  const seq = head.seq + 1;
  // The digest is taken over the particulars as they will read back from the stored JSON text.
  const detailText = e.detail ? JSON.stringify(e.detail) : null;
  const personalDigest = auditPersonalDigest({ ...e, detail: parseAuditDetail(detailText) });
  const hash = auditLinkHash({
    seq,
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    personalDigest,
    prev: head.hash,
  });
  await db
    .insertInto('audit_log')
    .values({
      id: e.id,
      at: e.at,
      actor: e.actor,
      actor_label: e.actorLabel,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      target_label: e.targetLabel,
      address: e.address,
      detail: detailText,
      seq,
      personal_digest: personalDigest,
      prev: head.hash,
      hash,
      redacted: 0,
    })
    .execute();
  await db.updateTable('audit_head').set({ seq, hash, updated_at: e.at }).where('id', '=', HEAD).execute();
}

export function parseAuditDetail(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : { value: v };
  } catch {
    return { text };
  }
}

export async function readAuditHead(db: Kysely<DB>): Promise<{ seq: number; hash: string | null } | null> {
  return (
    (await withAuditChain(db)
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', HEAD)
      .executeTakeFirst()) ?? null
  );
}

/** The hash of the chained audit entry at place `seq`, or null where there is none (a kept head checks it). */
export async function auditHashAt(db: Kysely<DB>, seq: number): Promise<string | null> {
  const row = await withAuditChain(db)
    .selectFrom('audit_log')
    .select('hash')
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.hash ?? null;
}

/** Entries written outside the chain (no place in it: added by hand, or by a release before the chain). */
export async function unchainedAuditIds(
  db: Kysely<DB>,
): Promise<{ id: string; at: string; action: string }[]> {
  return withAuditChain(db)
    .selectFrom('audit_log')
    .select(['id', 'at', 'action'])
    .where('seq', 'is', null)
    .orderBy('at')
    .execute();
}

/**
 * The chained entries after the one numbered `after` (0: from the first), in order, at most `limit` of them: one page
 * of the chain. Read in the same snapshot as the head (read-snapshot.ts), the last page and the head agree.
 */
export async function auditChainPage(
  db: Kysely<DB>,
  after: number,
  limit: number,
): Promise<StoredAuditRow[]> {
  const rows = await withAuditChain(db)
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: r.seq!,
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    personalDigest: r.personal_digest ?? '',
    prev: r.prev,
    hash: r.hash ?? '',
    redacted: r.redacted === 1,
    actorLabel: r.actor_label,
    targetLabel: r.target_label,
    address: r.address,
    detail: parseAuditDetail(r.detail),
  }));
}

/** The chained entries in order, a page at a time, from the one after `after` (0: from the first). */
export async function* readAuditChain(
  db: Kysely<DB>,
  { after = 0, pageSize = 1000 }: { after?: number; pageSize?: number } = {},
): AsyncGenerator<StoredAuditRow[]> {
  for (;;) {
    const rows = await auditChainPage(db, after, pageSize);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.seq;
    if (rows.length < pageSize) return;
  }
}

/** A chained entry about one target, as a check of what it recorded reads it. */
export interface AuditEntryAbout {
  seq: number;
  at: string;
  action: string;
  detail: Record<string, unknown> | null;
  redacted: boolean;
}

/** The chained entries of one action about one target, in chain order (the index on the target answers). */
export async function auditEntriesAbout(
  db: Kysely<DB>,
  targetType: string,
  targetId: string,
  action: string,
): Promise<AuditEntryAbout[]> {
  const rows = await withAuditChain(db)
    .selectFrom('audit_log')
    .select(['seq', 'at', 'action', 'detail', 'redacted'])
    .where('target_id', '=', targetId)
    .where('target_type', '=', targetType)
    .where('action', '=', action)
    .where('seq', 'is not', null)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq!,
    at: r.at,
    action: r.action,
    detail: parseAuditDetail(r.detail),
    redacted: r.redacted === 1,
  }));
}
