// Acting on a case: one command of the procedure on one case, decided by the core and saved as events.
// The verb-noun use cases (extend-case, answer-case, …) build on this and add their correspondence.
// Who may act is decided here too (src/core/access/case-access.ts), so that the web pages, the API and the bulk
// actions cannot differ: a person acting through a door is checked against the case (as the act the case-action
// registry, src/core/case/actions.ts, gives the command), and an assignment against the account it names; the
// system acting by name (intake, sweeper, command line) is not. What writes to the complainant, and who gets the case,
// also follows the complainant's designated contact (src/core/access/designated-contact.ts).
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import type { Aggregates, Saved } from '../adapters/db/aggregates.repo.ts';
import { caseStream } from '../adapters/db/aggregates.repo.ts';
import { namesOf } from '../adapters/db/case-page.repo.ts';
import { type Loaded, readStream } from '../adapters/db/event-store.ts';
import {
  type ActorRef,
  accessErrorOf,
  actorName,
  type CaseAccessRefusal,
  caseActRefusal,
  staffOf,
} from '../core/access/case-access.ts';
import {
  complainantAssignmentRefusal,
  contactRefusal,
  writesToComplainant,
} from '../core/access/designated-contact.ts';
import { actOfCommand, type CaseActionName } from '../core/case/actions.ts';
import { type CaseCommand, type CaseState, decideCase } from '../core/case/case.ts';
import type { CaseEvent } from '../core/case/case-events.ts';
import { checksMeanwhile, conflictsMeanwhile } from '../core/case/meanwhile.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn } from './designated-contact.ts';
import { inTransaction } from './transaction.ts';

export type CaseAction = Exclude<CaseCommand, { type: 'receive' }>;

export function actOnCase(
  ctx: AppContext,
  caseId: string,
  command: CaseAction,
  by: ActorRef,
): Promise<Saved<CaseState>> {
  return inTransaction(ctx, (agg) => actOnCaseIn(ctx, agg, caseId, command, by));
}

/**
 * Why `by` may not give command to this case, or null when they may (always for the system acting by name): the case
 * rule for the command's act, the designated contact for what writes to the complainant, and for an assignment the
 * account it names. The one check of every door: one case at a time (`checkCaseCommand`) or many (bulk-act.ts).
 */
export async function caseCommandRefusal(
  agg: Aggregates,
  state: CaseState,
  command: CaseAction,
  by: ActorRef,
): Promise<CaseAccessRefusal | null> {
  const staff = staffOf(by);
  if (!staff) return null;
  const contact = () => agg.complainantState(state.complainantId).then((c) => designatedContactIn(agg, c));
  if (command.type === 'assign') {
    const assignee = command.to ? await new AccountsRepo(agg.db).userById(command.to) : null;
    return complainantAssignmentRefusal(staff, state, command.to, assignee, await contact());
  }
  const act = actOfCommand(command.type);
  const refused = caseActRefusal(staff, act, state);
  if (refused || !writesToComplainant(act)) return refused;
  return contactRefusal(staff, act, state, await contact());
}

/** Checks that `by` may give command to this case (throws the refusal); nothing for the system. */
export async function checkCaseCommand(
  agg: Aggregates,
  state: CaseState,
  command: CaseAction,
  by: ActorRef,
): Promise<void> {
  const r = await caseCommandRefusal(agg, state, command, by);
  if (r) throw accessErrorOf(r);
}

export async function actOnCaseIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  command: CaseAction,
  by: ActorRef,
): Promise<Saved<CaseState>> {
  return saveDecidedIn(agg, await decideOnCaseIn(ctx, agg, caseId, command, by));
}

/**
 * Files an e-mail Redress wrote to the complainant on its case: the event that carries its seal. A letter is filed
 * when it is posted (mark-letter-posted.ts), not here.
 */
export function fileOutboundEmailIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  correspondenceId: string,
  by: ActorRef,
): Promise<Saved<CaseState>> {
  return actOnCaseIn(
    ctx,
    agg,
    caseId,
    {
      type: 'file_correspondence',
      correspondenceId,
      direction: 'out',
      channel: 'email',
      fromComplainant: false,
    },
    by,
  );
}

/** A command decided on a case, who gave it checked, and not saved yet (`saveDecidedIn`). */
export interface DecidedOnCase {
  caseId: string;
  loaded: Loaded<CaseState>;
  /** The case as it was when the command was decided. */
  state: CaseState;
  events: CaseEvent[];
  at: string;
  actor: string;
}

/**
 * The first half of `actOnCaseIn`: for a caller that writes what the events will name before saving them (the
 * outbound items whose seals those events carry), and must not write them for a command that is refused.
 */
export async function decideOnCaseIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  command: CaseAction,
  by: ActorRef,
): Promise<DecidedOnCase> {
  const now = ctx.clock.now();
  const loaded = await agg.loadCase(caseId);
  if (!loaded.state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  await checkCaseCommand(agg, loaded.state, command, by);
  const events = orThrow(
    decideCase(loaded.state, command, { now, calendar: ctx.calendar, policy: ctx.policy }),
  );
  return { caseId, loaded, state: loaded.state, events, at: now, actor: actorName(by) };
}

export function saveDecidedIn(agg: Aggregates, decided: DecidedOnCase): Promise<Saved<CaseState>> {
  return agg.saveCase(decided.caseId, decided.loaded, decided.events, {
    at: decided.at,
    actor: decided.actor,
  });
}

/** A colleague's act recorded after a person's page was made, that the act they now send would undo or repeat. */
export interface ActMeanwhile {
  type: string;
  at: string;
  /** Who recorded it, as the event names them (`user:<id>`, `token:<id>`). */
  actor: string;
  /** The person's name as the accounts know it; null for a program through the API or an account gone. */
  name: string | null;
}

/**
 * What colleagues did to the case since `seen` (the case's version the person's page was made from) that `act`
 * conflicts with (src/core/case/meanwhile.ts), oldest first; empty when nothing, or when the form did not say which
 * version it showed. The caller refuses the act when there is any, so that the person sees the case as it is now.
 */
export async function actsMeanwhile(
  ctx: AppContext,
  caseId: string,
  act: CaseActionName,
  seen: number | null,
  by: ActorRef,
): Promise<ActMeanwhile[]> {
  if (seen === null || !checksMeanwhile(act)) return [];
  const { db } = ctx.database;
  const since = (await readStream(db, caseStream(caseId))).filter((e) => e.seq > seen);
  const found = conflictsMeanwhile(act, since, actorName(by));
  if (!found.length) return [];
  const names = await namesOf(
    db,
    found.filter((e) => e.actor.startsWith('user:')).map((e) => e.actor.slice(5)),
  );
  return found.map((e) => ({
    type: e.type,
    at: e.at,
    actor: e.actor,
    name: e.actor.startsWith('user:') ? (names.get(e.actor.slice(5)) ?? null) : null,
  }));
}
