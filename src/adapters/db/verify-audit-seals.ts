// The outbound seals chained `outbound_sealed` audit entries carry for given correspondence rows, looked up by the
// rows' ids (the audit log's target index): `redress archive verify`'s second look at rows its earlier passes did
// not see, which checks each row against the seal on record for it.
import type { Kysely } from 'kysely';
import { OUTBOUND_SEALED_ACTION } from '../../core/archive/outbound-digest.ts';
import { parseAuditDetail, withAuditChain } from './audit-chain.repo.ts';
import type { DB } from './schema.ts';

/**
 * The first seal a chained `outbound_sealed` entry carries for each of these rows, with that entry's place in the
 * chain (the first seal on record stands, as verify's pass over the whole chain takes it). A redacted entry carries
 * none that is compared.
 */
export async function auditSealsAmong(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, { seal: string; seq: number }>> {
  const out = new Map<string, { seal: string; seq: number }>();
  for (let i = 0; i < ids.length; i += 400) {
    const rows = await withAuditChain(db)
      .selectFrom('audit_log')
      .select(['seq', 'target_id', 'detail', 'redacted'])
      .where('target_id', 'in', ids.slice(i, i + 400))
      .where('target_type', '=', 'correspondence')
      .where('action', '=', OUTBOUND_SEALED_ACTION)
      .where('seq', 'is not', null)
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      const detail = r.redacted === 1 ? null : parseAuditDetail(r.detail);
      if (r.target_id && typeof detail?.sha256 === 'string' && !out.has(r.target_id))
        out.set(r.target_id, { seal: detail.sha256, seq: r.seq! });
    }
  }
  return out;
}
