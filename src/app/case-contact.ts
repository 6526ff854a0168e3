// Who the case is written to, and in which language, changed by staff from the case page:
// - the language (P10) belongs to the complainant and is changed by an event on their record, which their open
//   cases follow (each by its own `language_changed`); a case may override it for itself alone, and every text
//   sent about the case reads the case's language;
// - an address for a complainant who had none: the complaint that waited "to address" is then acknowledged
//   (P3.1), with a date still ahead (src/core/case/promise.ts).
import { openCaseIdsOf } from '../adapters/db/case-page.repo.ts';
import { recordErased } from '../adapters/db/retention.repo.ts';
import {
  type ActorRef,
  actorName,
  caseActRefusal,
  requireCaseAct,
  staffOf,
} from '../core/access/case-access.ts';
import { requireRecordAct } from '../core/access/complainant-record.ts';
import { followsComplainantLanguage } from '../core/case/case.ts';
import { decideComplainant } from '../core/case/complainant.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { acknowledgeWaitingIn } from './acknowledge-case.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { requireCaseActIn } from './designated-contact.ts';
import { inTransaction } from './transaction.ts';

const notFound = (id: string) =>
  new DomainError({
    code: 'case_not_found',
    message: `There is no case ${id}.`,
    details: { context: 'case' },
  });

export interface LanguageChange {
  language: Language;
  /** Also the complainant's language (their future cases and texts), not only this case's. */
  forComplainant: boolean;
  reason: string | null;
}

/**
 * Changes the language of a case. For this case alone, it is an override (later changes of the complainant's
 * language leave it alone); for the complainant, their record changes by its own event and every open case of
 * theirs that follows their language changes with it, this one included. Refused when nothing would change.
 */
export function changeCaseLanguage(
  ctx: AppContext,
  caseId: string,
  input: LanguageChange,
  by: ActorRef,
): Promise<{ caseChanged: boolean; complainantChanged: boolean; otherCases: number }> {
  return inTransaction(ctx, async (agg) => {
    const { state } = await agg.loadCase(caseId);
    if (!state) throw notFound(caseId);
    requireCaseAct(by, 'categorise', state);
    const meta = { at: ctx.clock.now(), actor: actorName(by) };
    const change = (id: string, scope: 'case' | 'complainant') =>
      actOnCaseIn(
        ctx,
        agg,
        id,
        { type: 'change_language', language: input.language, reason: input.reason, scope },
        by,
      );
    const caseChanged = state.language !== input.language;
    if (!input.forComplainant) {
      if (!caseChanged)
        throw new DomainError({
          code: 'same_value',
          message: `The case is already written in ${state.language}.`,
          details: { context: 'language', language: state.language },
        });
      await change(caseId, 'case');
      return { caseChanged, complainantChanged: false, otherCases: 0 };
    }
    const loaded = await agg.loadComplainant(state.complainantId);
    // The person's language is written on their record: an erased one takes nothing more.
    requireRecordAct(by, 'write', {
      kind: 'record',
      mergedInto: loaded.state?.mergedInto ?? null,
      erased: await recordErased(agg.db, state.complainantId),
    });
    const d = decideComplainant(
      loaded.state,
      { type: 'change_details', details: { language: input.language } },
      { today: ctx.calendar.localDate(meta.at).toString() },
    );
    const complainantChanged = d.ok;
    if (d.ok) await agg.saveComplainant(state.complainantId, loaded, d.events, meta);
    if (caseChanged) await change(caseId, 'complainant');
    let otherCases = 0;
    for (const id of await openCaseIdsOf(agg.db, state.complainantId)) {
      if (id === caseId) continue;
      const other = (await agg.loadCase(id)).state;
      if (!other || !followsComplainantLanguage(other) || other.language === input.language) continue;
      // Only cases the person may handle follow (a step-2 case is management's); the others keep theirs.
      const staff = staffOf(by);
      if (staff && caseActRefusal(staff, 'categorise', other)) continue;
      await change(id, 'complainant');
      otherCases++;
    }
    if (!caseChanged && !complainantChanged)
      throw new DomainError({
        code: 'same_value',
        message: `The case is already written in ${state.language}.`,
        details: { context: 'language', language: state.language },
      });
    return { caseChanged, complainantChanged, otherCases };
  });
}

export interface AddressInput {
  email: string | null;
  postalAddress: string[] | null;
}

/**
 * Gives the complainant of a case the e-mail or postal address they lacked, then acknowledges the complaint if
 * it waited for one. An address already on record is not replaced here.
 */
export function addComplainantAddress(
  ctx: AppContext,
  caseId: string,
  input: AddressInput,
  by: ActorRef,
): Promise<{ acknowledged: 'email' | 'letter' | null }> {
  return inTransaction(ctx, async (agg) => {
    const { state } = await agg.loadCase(caseId);
    if (!state) throw notFound(caseId);
    // Adding the address acknowledges a complaint that waited for one: writing to the complainant (P8.4).
    await requireCaseActIn(agg, by, 'acknowledge', state);
    const meta = { at: ctx.clock.now(), actor: actorName(by) };
    const loaded = await agg.loadComplainant(state.complainantId);
    // An address is personal data: written to an erased record, it would undo the erasure.
    requireRecordAct(by, 'write', {
      kind: 'record',
      mergedInto: loaded.state?.mergedInto ?? null,
      erased: await recordErased(agg.db, state.complainantId),
    });
    const details = loaded.state?.details;
    const postal = (input.postalAddress ?? []).map((l) => l.trim()).filter(Boolean);
    const changes = {
      ...(input.email && !details?.email ? { email: input.email.trim().toLowerCase() } : {}),
      ...(postal.length && !details?.postalAddress?.some((l) => l?.trim()) ? { postalAddress: postal } : {}),
    };
    if (Object.keys(changes).length === 0)
      throw new DomainError({
        code: 'same_value',
        message: 'Give an e-mail or postal address the complainant does not have yet.',
        details: { context: 'address_known' },
      });
    const d = decideComplainant(
      loaded.state,
      { type: 'change_details', details: changes },
      { today: ctx.calendar.localDate(meta.at).toString() },
    );
    if (!d.ok) throw new DomainError(d.refusal);
    await agg.saveComplainant(state.complainantId, loaded, d.events, meta);
    const written = await acknowledgeWaitingIn(ctx, agg, caseId, meta.actor);
    return { acknowledged: written?.channel ?? null };
  });
}
