// The audit log becomes a hash chain (core/archive/audit-chain.ts): each entry gets its place in the chain, the
// digest of its personal fields, the hash before it and its own; `audit_head` records the count and the last
// hash, so a deleted last entry is found too. Entries written before this migration are chained here, in the
// order they were written. Outbound correspondence gets `content_sha256`, the digest of what was recorded to be
// sent, which `redress archive verify` checks. Columns and a table are only added: older instances keep working.
import { type Kysely, sql } from 'kysely';
import { auditLinkHash, auditPersonalDigest } from '../../../core/archive/audit-chain.ts';
import { parseAuditDetail } from '../audit-chain.repo.ts';

interface OldAuditRow {
  id: string;
  at: string;
  actor: string;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  address: string | null;
  detail: string | null;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('personal_digest', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('prev', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('audit_log_seq').on('audit_log').column('seq').unique().execute();
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('correspondence').addColumn('content_sha256', 'text').execute();

  await chainExistingAudit(db);
}

/** Entries read at once while they are chained: a long audit log is never held whole. */
const PAGE = 1000;

/**
 * Chains the entries written before the chain existed, in the order they were written (time, then id), a page at
 * a time (read whole, a long log needed memory in proportion to its length), and records the head; resolves
 * with the number of entries chained (exported for the test of a database written before this migration).
 */
export async function chainExistingAudit(db: Kysely<unknown>, page = PAGE): Promise<number> {
  const d = db as Kysely<{
    audit_log: OldAuditRow & Record<string, unknown>;
    audit_head: Record<string, unknown>;
  }>;
  let prev: string | null = null;
  let seq = 0;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const from: { at: string; id: string } | null = after;
    const rows = (await d
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'actor',
        'actor_label',
        'action',
        'target_type',
        'target_id',
        'target_label',
        'address',
        'detail',
      ])
      // The next page after the last entry chained, on the index of (at, id).
      .$if(from !== null, (q) => q.where(sql<boolean>`(at, id) > (${from!.at}, ${from!.id})`))
      .orderBy('at')
      .orderBy('id')
      .limit(page)
      .execute()) as OldAuditRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      seq++;
      const detail = parseAuditDetail(r.detail);
      const personalDigest = auditPersonalDigest({
        actorLabel: r.actor_label,
        targetLabel: r.target_label,
        address: r.address,
        detail,
      });
      const hash = auditLinkHash({
        seq,
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        personalDigest,
        prev,
      });
      await d
        .updateTable('audit_log')
        .set({ seq, personal_digest: personalDigest, prev, hash })
        .where('id', '=', r.id)
        .execute();
      prev = hash;
    }
    const last = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
  }
  await d
    .insertInto('audit_head')
    .values({ id: 'audit', seq, hash: prev, updated_at: new Date().toISOString() })
    .execute();
  return seq;
}
