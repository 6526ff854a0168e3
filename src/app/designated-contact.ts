// The designated-contact rule (src/core/access/designated-contact.ts) as the use cases need it: the contact in force
// for a complainant with their account, the check of an act on their case, and giving the case to the contact.
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import { Aggregates, complainantStream } from '../adapters/db/aggregates.repo.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import { recordsAtDomain, restrictedRecords } from '../adapters/db/restricted-records.repo.ts';
import { type ActorRef, requireCaseAct, staffOf } from '../core/access/case-access.ts';
import {
  contactOwnerOf,
  type DesignatedContact,
  requireComplainantAct,
  type StaffAccount,
  writesToComplainant,
} from '../core/access/designated-contact.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import {
  type ComplainantState,
  designatedContactHolding,
  designatedContactOf,
} from '../core/case/complainant.ts';
import { addressKey, sameMailbox } from '../core/intake/addresses.ts';
import type { AppContext } from './context.ts';

/** The facts of an account the rule reads, or null when there is no such account. */
export async function staffAccountOf(agg: Pick<Aggregates, 'db'>, id: string): Promise<StaffAccount | null> {
  const u = await new AccountsRepo(agg.db).userById(id);
  return u ? { role: u.role, status: u.status } : null;
}

/**
 * The other records of this complainant's mailbox that a restriction is in force on (core/case/complainant.ts
 * designatedContactHolding says why they count), read whole; none when the record has no address.
 */
export async function sameMailboxRecordsIn(
  agg: Pick<Aggregates, 'db'>,
  complainant: ComplainantState | null,
): Promise<ComplainantState[]> {
  const others: ComplainantState[] = [];
  if (!complainant?.details.email) return others;
  // Only the few restricted records of this very mailbox are read whole (read once for a batch of the mail intake).
  const restricted =
    agg instanceof Aggregates ? await agg.restrictedRecords() : await restrictedRecords(agg.db);
  for (const other of restricted) {
    if (other.id === complainant.id || !sameMailbox(other.email, complainant.details.email)) continue;
    const { state } = await loadStream<ComplainantState>(agg.db, complainantStream(other.id));
    if (state) others.push({ ...state, id: other.id });
  }
  return others;
}

/**
 * The other records of this complainant's mailbox, written another way, that a designated contact decided on this
 * one holds for (designatedContactHolding): those that name no contact of their own. Their open cases go to the
 * contact as the record's own do when the restriction is decided.
 */
export async function recordsHeldByContactIn(
  agg: Pick<Aggregates, 'db'>,
  complainant: ComplainantState,
): Promise<string[]> {
  const key = addressKey(complainant.details.email);
  if (!key || !complainant.details.email) return [];
  const ids: string[] = [];
  for (const other of await recordsAtDomain(agg.db, key.slice(key.lastIndexOf('@') + 1))) {
    if (other.id === complainant.id || !sameMailbox(other.email, complainant.details.email)) continue;
    const { state } = await loadStream<ComplainantState>(agg.db, complainantStream(other.id));
    if (state && !state.mergedInto && designatedContactOf(state) === null) ids.push(other.id);
  }
  return ids;
}

/**
 * The designated contact in force for this complainant, with their account as it is now; null when none. Their own
 * restriction, else one in force on another record of the same mailbox (designatedContactHolding): every door, the
 * routing, the automatic mail and the writing acts ask this, so the rule holds on all of them at once. `others`:
 * those records, where the caller has read them already (sameMailboxRecordsIn).
 */
export async function designatedContactIn(
  agg: Pick<Aggregates, 'db'>,
  complainant: ComplainantState | null,
  others?: readonly ComplainantState[],
): Promise<DesignatedContact | null> {
  let id = designatedContactOf(complainant);
  if (!id && complainant?.details.email)
    id = designatedContactHolding(complainant, others ?? (await sameMailboxRecordsIn(agg, complainant)));
  return id ? { id, account: await staffAccountOf(agg, id) } : null;
}

/**
 * Checks that `by` may do `act` on the case: the case rule first (a hidden case stays hidden), then, for an act
 * that writes to the complainant, the designated contact. Nothing is checked for the system acting by name.
 */
export async function requireCaseActIn(
  agg: Aggregates,
  by: ActorRef,
  act: Parameters<typeof requireCaseAct>[1],
  state: CaseState,
): Promise<void> {
  requireCaseAct(by, act, state);
  if (!staffOf(by) || !writesToComplainant(act)) return;
  const contact = await designatedContactIn(agg, await agg.complainantState(state.complainantId));
  requireComplainantAct(by, act, state, contact);
}

/**
 * Gives each open case the designated contact may handle to them (P8.4), recorded as `assigned` under `actor`;
 * a case they may not handle (the other step, or their account is no longer active) keeps its usual routing.
 * Returns the ids of the cases given.
 */
export async function routeToContactIn(
  ctx: AppContext,
  agg: Aggregates,
  caseIds: readonly string[],
  contact: DesignatedContact | null,
  actor: string,
): Promise<string[]> {
  const given: string[] = [];
  if (!contact) return given;
  const now = ctx.clock.now();
  for (const id of caseIds) {
    const c = await agg.loadCase(id);
    if (!c.state || c.state.status === 'closed' || c.state.mergedInto) continue;
    const to = contactOwnerOf(contact, c.state);
    if (!to || c.state.ownerId === to) continue;
    const d = decideCase(
      c.state,
      { type: 'assign', to },
      { now, calendar: ctx.calendar, policy: ctx.policy },
    );
    if (!d.ok) continue;
    await agg.saveCase(id, c, d.events, { at: now, actor });
    given.push(id);
  }
  return given;
}
