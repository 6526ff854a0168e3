// Merging two records of the same person: the duplicate record points to the one kept, restrictions
// in force carry over (P8.3), and every case of the duplicate moves to the kept record with an event. Who may merge
// at all is the record rule (core/access/complainant-record.ts). Moving a case
// to another record changes where its mail goes, so whoever merges must handle every case that moves: an agent
// cannot move management's step-2 case, nor management a step-1 case. Where the person has a designated contact
// (the kept record's, or the duplicate's carried over), every open case of theirs that the contact may handle goes to
// the contact (P8.4), recorded as an assignment: the moved cases and the kept record's own.
import type { Saved } from '../adapters/db/aggregates.repo.ts';
import { caseIdsOfComplainant, unclosedCaseIdsOfComplainant } from '../adapters/db/cases.repo.ts';
import { recordErased } from '../adapters/db/retention.repo.ts';
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import { requireRecordAct } from '../core/access/complainant-record.ts';
import { decideCase } from '../core/case/case.ts';
import { type ComplainantState, decideComplainant } from '../core/case/complainant.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn, routeToContactIn } from './designated-contact.ts';
import { inTransaction } from './transaction.ts';

export function mergeComplainants(
  ctx: AppContext,
  keepId: string,
  duplicateId: string,
  by: ActorRef,
): Promise<Saved<ComplainantState>> {
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const meta = { at: now, actor: actorName(by) };
    const today = { today: ctx.calendar.localDate(now).toString() };
    const keep = await agg.loadComplainant(keepId);
    const duplicate = await agg.loadComplainant(duplicateId);
    if (!keep.state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no complainant ${keepId}.`,
        details: { context: 'complainant' },
      });
    if (!duplicate.state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no complainant ${duplicateId}.`,
        details: { context: 'complainant' },
      });
    requireRecordAct(by, 'merge', {
      kind: 'record',
      mergedInto: keep.state.mergedInto,
      erased: await recordErased(agg.db, keepId),
    });
    // Nor is an erased record merged into a kept one: it brings nothing, and its history is the erased person's.
    if (await recordErased(agg.db, duplicateId))
      requireRecordAct(by, 'merge', { kind: 'record', mergedInto: null, erased: true });
    const out = orThrow(
      decideComplainant(duplicate.state, { type: 'merge_into', target: keep.state }, today),
    );
    const into = orThrow(
      decideComplainant(keep.state, { type: 'absorb_duplicate', source: duplicate.state }, today),
    );
    // Read before anything is written: the kept record's own open cases (the moved ones are added below).
    const open = await unclosedCaseIdsOfComplainant(agg.db, keepId);
    await agg.saveComplainant(duplicateId, duplicate, out, meta);
    const saved = await agg.saveComplainant(keepId, keep, into, meta);
    const moved = await caseIdsOfComplainant(agg.db, duplicateId);
    for (const id of moved) {
      const c = await agg.loadCase(id);
      if (c.state) requireCaseAct(by, 'merge', c.state);
      const events = orThrow(
        decideCase(
          c.state,
          { type: 'change_complainant', complainantId: keepId },
          { now, calendar: ctx.calendar, policy: ctx.policy },
        ),
      );
      await agg.saveCase(id, c, events, meta);
    }
    const contact = await designatedContactIn(agg, saved.state);
    await routeToContactIn(ctx, agg, [...open, ...moved], contact, meta.actor);
    return saved;
  });
}
