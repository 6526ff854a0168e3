// Legal holds (P6.3): a person stops retention for one case, or for every case of a complainant, with a reason;
// lifting it also takes a reason. Both are recorded in the audit log (who, when, why) in the same transaction.
import {
  complainantIdsWithEmail,
  holdsInForce,
  insertHold,
  type LegalHold,
  liftHolds,
} from '../adapters/db/legal-holds.repo.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { findCase } from './export-dossier.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';

/** The case or complainant named for a hold does not exist. */
export class HoldTargetNotFound extends Error {
  readonly code = 'hold_target_not_found';
}

export type HoldTarget = { caseRef: string } | { complainantEmail: string };

interface Resolved {
  scope: 'case' | 'complainant';
  ids: string[];
  label: string;
}

async function resolve(ctx: AppContext, target: HoldTarget): Promise<Resolved> {
  if ('caseRef' in target) {
    const state = await findCase(ctx, target.caseRef);
    return { scope: 'case', ids: [state.id], label: state.reference };
  }
  const email = target.complainantEmail.trim().toLowerCase();
  const ids = await complainantIdsWithEmail(ctx.database.db, email);
  if (!ids.length) throw new HoldTargetNotFound(`No complainant has the address ${email}.`);
  return { scope: 'complainant', ids, label: email };
}

function reasonOf(reason: string): string {
  const r = reason.trim();
  if (r.length < 3)
    throw new DomainError({
      code: 'empty_text',
      message: 'A legal hold needs a reason (at least 3 characters).',
      details: { context: 'legal_hold_reason' },
    });
  return r.slice(0, 2000);
}

export async function setLegalHold(
  ctx: AppContext,
  target: HoldTarget,
  reason: string,
  acting: Acting,
): Promise<{ scope: string; label: string }> {
  const why = reasonOf(reason);
  const t = await resolve(ctx, target);
  const at = ctx.clock.now();
  await inAccountsTransaction(ctx, async (repo) => {
    for (const id of t.ids)
      await insertHold(repo.db, {
        id: ctx.newId(),
        scope: t.scope,
        targetId: id,
        reason: why,
        setBy: acting.actor,
        setAt: at,
      });
    await recordAudit(
      ctx,
      repo,
      acting,
      'legal_hold_set',
      { type: t.scope, id: t.ids[0] ?? null, label: t.label },
      { reason: why },
    );
  });
  return { scope: t.scope, label: t.label };
}

export async function liftLegalHold(
  ctx: AppContext,
  target: HoldTarget,
  reason: string,
  acting: Acting,
): Promise<{ scope: string; label: string; lifted: number }> {
  const why = reasonOf(reason);
  const t = await resolve(ctx, target);
  const at = ctx.clock.now();
  const lifted = await inAccountsTransaction(ctx, async (repo) => {
    let n = 0;
    for (const id of t.ids) n += await liftHolds(repo.db, t.scope, id, acting.actor, at, why);
    if (n)
      await recordAudit(
        ctx,
        repo,
        acting,
        'legal_hold_lifted',
        { type: t.scope, id: t.ids[0] ?? null, label: t.label },
        { reason: why },
      );
    return n;
  });
  return { scope: t.scope, label: t.label, lifted };
}

/** The holds in force on these cases and complainants, by case id (a complainant's hold counts on each case). */
export async function holdsByCase(
  ctx: AppContext,
  cases: readonly { id: string; complainantId: string }[],
): Promise<Map<string, LegalHold>> {
  const { db } = ctx.database;
  const [onCases, onComplainants] = await Promise.all([
    holdsInForce(
      db,
      'case',
      cases.map((c) => c.id),
    ),
    holdsInForce(db, 'complainant', [...new Set(cases.map((c) => c.complainantId))]),
  ]);
  const byCase = new Map(onCases.map((h) => [h.targetId, h]));
  const byComplainant = new Map(onComplainants.map((h) => [h.targetId, h]));
  const out = new Map<string, LegalHold>();
  for (const c of cases) {
    const h = byCase.get(c.id) ?? byComplainant.get(c.complainantId);
    if (h) out.set(c.id, h);
  }
  return out;
}
