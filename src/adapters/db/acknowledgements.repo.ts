// The facts of whether a complaint's acknowledgement was given (src/core/correspondence/acknowledgement-given.ts):
// the acknowledgements each case wrote to its complainant, as the outbox holds them, and the open complaints
// recorded as acknowledged whose acknowledgement e-mail has not gone out. Read by /metrics, the sweep and the
// report, which then ask the rule.
import type { Kysely } from 'kysely';
import {
  type AcknowledgementItem,
  acknowledgementGivenAt,
} from '../../core/correspondence/acknowledgement-given.ts';
import type { DB } from './schema.ts';

/** Case ids per statement: well under the engines' limits on bound values. */
const CHUNK = 500;

/** Every acknowledgement written to the complainant of each of these cases (read through the index by case). */
export async function acknowledgementItemsOf(
  db: Kysely<DB>,
  caseIds: Iterable<string>,
): Promise<Map<string, AcknowledgementItem[]>> {
  const ids = [...new Set(caseIds)];
  const out = new Map<string, AcknowledgementItem[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select(['c.case_id', 'c.channel', 'c.status', 'c.at'])
      .where('c.case_id', 'in', ids.slice(i, i + CHUNK))
      .where('c.direction', '=', 'out')
      .where('o.purpose', '=', 'acknowledgement')
      .where('o.audience', '=', 'complainant')
      .execute();
    for (const r of rows) {
      const list = out.get(r.case_id!) ?? [];
      list.push({ channel: r.channel, status: r.status, at: r.at });
      out.set(r.case_id!, list);
    }
  }
  return out;
}

/**
 * The open complaints recorded as acknowledged whose acknowledgement e-mail has not gone out: waiting in the
 * outbox (the server down, or held until our sending settings are fixed) or failed. Whether one of them was given
 * all the same (a letter posted after the e-mail failed) is the rule's to say, from their items. Read through the
 * outbox index (status).
 */
export async function acknowledgedWithEmailNotSent(
  db: Kysely<DB>,
): Promise<Array<{ id: string; acknowledgedAt: string | null; acknowledgeBy: string | null }>> {
  const rows = await db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .innerJoin('cases', 'cases.id', 'c.case_id')
    .select(['cases.id', 'cases.acknowledged_at', 'cases.acknowledge_by'])
    .distinct()
    .where('c.status', 'in', ['pending', 'sending', 'failed'])
    .where('c.direction', '=', 'out')
    .where('c.channel', '=', 'email')
    .where('o.purpose', '=', 'acknowledgement')
    .where('o.audience', '=', 'complainant')
    .where('cases.kind', '=', 'complaint')
    .where('cases.is_open', '=', 1)
    .where('cases.acknowledged_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, acknowledgedAt: r.acknowledged_at, acknowledgeBy: r.acknowledge_by }));
}

/**
 * These case rows with `acknowledged_at` as the acknowledgement was given (acknowledgement-given.ts), not as it
 * was recorded: what the report counts as acknowledged, and when. Rows not recorded as acknowledged are as they were.
 */
export async function withAcknowledgementGiven<T extends { id: string; acknowledged_at: string | null }>(
  db: Kysely<DB>,
  rows: readonly T[],
): Promise<T[]> {
  const recorded = rows.filter((r) => r.acknowledged_at !== null);
  if (recorded.length === 0) return [...rows];
  const items = await acknowledgementItemsOf(
    db,
    recorded.map((r) => r.id),
  );
  return rows.map((r) =>
    r.acknowledged_at === null
      ? r
      : {
          ...r,
          acknowledged_at: acknowledgementGivenAt({
            acknowledgedAt: r.acknowledged_at,
            items: items.get(r.id) ?? [],
          }),
        },
  );
}
