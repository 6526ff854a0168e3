// Restricting how the organisation deals with a complainant (P8.2–P8.4): a recorded decision by a person, with
// kind, reason and review date; lifting it is recorded too. Who may decide it is the record rule
// (src/core/access/complainant-record.ts), asked here whatever the door. A designated contact must be someone who
// handles complaints, and takes the complainant's open cases where they may handle them
// (src/core/access/designated-contact.ts).
import type { Saved } from '../adapters/db/aggregates.repo.ts';
import { unclosedCaseIdsOfComplainant } from '../adapters/db/cases.repo.ts';
import { recordErased } from '../adapters/db/retention.repo.ts';
import { type ActorRef, actorName, staffOf } from '../core/access/case-access.ts';
import { type RecordAct, requireRecordAct } from '../core/access/complainant-record.ts';
import {
  type ComplainantCommand,
  type ComplainantState,
  decideComplainant,
} from '../core/case/complainant.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import {
  designatedContactIn,
  recordsHeldByContactIn,
  routeToContactIn,
  staffAccountOf,
} from './designated-contact.ts';
import { inTransaction } from './transaction.ts';

export type ComplainantAction = Exclude<ComplainantCommand, { type: 'register' }>;
/** What a person may ask of this use case: the restrictions' commands; the rest is the system's (merges, bounces). */
export type RestrictionCommand = Extract<ComplainantCommand, { type: 'restrict' | 'lift_restriction' }>;

const ACT_OF: Record<RestrictionCommand['type'], RecordAct> = {
  restrict: 'restrict',
  lift_restriction: 'lift_restriction',
};

export function actOnComplainant(
  ctx: AppContext,
  complainantId: string,
  command: RestrictionCommand,
  by: ActorRef,
): Promise<Saved<ComplainantState>>;
export function actOnComplainant(
  ctx: AppContext,
  complainantId: string,
  command: ComplainantAction,
  by: string,
): Promise<Saved<ComplainantState>>;
export function actOnComplainant(
  ctx: AppContext,
  complainantId: string,
  command: ComplainantAction,
  by: ActorRef,
): Promise<Saved<ComplainantState>> {
  const actor = actorName(by);
  const act =
    command.type === 'restrict' || command.type === 'lift_restriction' ? ACT_OF[command.type] : null;
  // A person's other commands on a record go through their own use cases (merge-complainants.ts, case-contact.ts).
  if (staffOf(by) && !act) throw new Error(`actOnComplainant: ${command.type} is not a person's command`);
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const loaded = await agg.loadComplainant(complainantId);
    if (!loaded.state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no complainant ${complainantId}.`,
        details: { context: 'complainant' },
      });
    if (act)
      requireRecordAct(by, act, {
        kind: 'record',
        mergedInto: loaded.state.mergedInto,
        erased: await recordErased(agg.db, complainantId),
      });
    const today = ctx.calendar.localDate(now).toString();
    // The account named as designated contact, as it is now: the core refuses one who handles no complaint.
    const named = command.type === 'restrict' ? command.designatedContactId : null;
    const designatedContact = named ? await staffAccountOf(agg, named) : null;
    const events = orThrow(decideComplainant(loaded.state, command, { today, designatedContact }));
    const saved = await agg.saveComplainant(complainantId, loaded, events, { at: now, actor });
    if (command.type === 'restrict' && command.kind === 'designated_contact') {
      // P8.4: the designated contact handles every open case of the complainant that they may handle.
      const contact = await designatedContactIn(agg, saved.state);
      // Their open cases, and those of the same mailbox written another way, which the contact now holds too.
      const caseIds = await unclosedCaseIdsOfComplainant(agg.db, complainantId);
      for (const other of await recordsHeldByContactIn(agg, saved.state))
        caseIds.push(...(await unclosedCaseIdsOfComplainant(agg.db, other)));
      await routeToContactIn(ctx, agg, caseIds, contact, actor);
    }
    return saved;
  });
}
