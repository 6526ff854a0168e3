// Legal holds (migration 202612050052): set, lifted, and the ones in force for given cases and complainants.
import type { Kysely } from 'kysely';
import { addressLookup, holdsAddress } from './complainants.repo.ts';
import type { DB } from './schema.ts';

export type HoldScope = 'case' | 'complainant';

export interface LegalHold {
  id: string;
  scope: HoldScope;
  targetId: string;
  reason: string;
  setBy: string;
  setAt: string;
}

const holds = (db: Kysely<DB>) => db;

export async function insertHold(db: Kysely<DB>, hold: LegalHold): Promise<void> {
  await holds(db)
    .insertInto('legal_holds')
    .values({
      id: hold.id,
      scope: hold.scope,
      target_id: hold.targetId,
      reason: hold.reason,
      set_by: hold.setBy,
      set_at: hold.setAt,
      lifted_by: null,
      lifted_at: null,
      lift_reason: null,
    })
    .execute();
}

/** Lifts the holds in force on a target; returns how many. */
export async function liftHolds(
  db: Kysely<DB>,
  scope: HoldScope,
  targetId: string,
  by: string,
  at: string,
  reason: string,
): Promise<number> {
  const r = await holds(db)
    .updateTable('legal_holds')
    .set({ lifted_by: by, lifted_at: at, lift_reason: reason })
    .where('scope', '=', scope)
    .where('target_id', '=', targetId)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The holds in force on any of the targets, in chunks. */
export async function holdsInForce(
  db: Kysely<DB>,
  scope: HoldScope,
  targetIds: readonly string[],
): Promise<LegalHold[]> {
  const out: LegalHold[] = [];
  for (let i = 0; i < targetIds.length; i += 500) {
    const rows = await holds(db)
      .selectFrom('legal_holds')
      .select(['id', 'scope', 'target_id', 'reason', 'set_by', 'set_at'])
      .where('scope', '=', scope)
      .where('target_id', 'in', targetIds.slice(i, i + 500))
      .where('lifted_at', 'is', null)
      .orderBy('set_at')
      .execute();
    for (const r of rows)
      out.push({
        id: r.id,
        scope,
        targetId: r.target_id,
        reason: r.reason,
        setBy: r.set_by,
        setAt: r.set_at,
      });
  }
  return out;
}

/**
 * Ids of every complainant record that holds `email`, however its domain and letter case are written (compared by
 * addresses.ts addressKey), records merged into another included: a hold on a person covers all their records.
 */
export async function complainantIdsWithEmail(db: Kysely<DB>, email: string): Promise<string[]> {
  // A record an older instance registered without a key is found by its address as written (complainants.repo.ts).
  const lookup = addressLookup([email]);
  if (!lookup.keys.length) return [];
  const rows = await db
    .selectFrom('complainants')
    .select('id')
    .where((eb) => holdsAddress(eb, lookup))
    .execute();
  return rows.map((r) => r.id);
}
