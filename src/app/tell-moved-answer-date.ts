// Where the clock pauses while a case waits on the complainant (P4.5, configuration): their answer, by whichever
// door it comes (an e-mail, their page, a letter, staff filing it), may move the answer date by the days waited
// (the `answer_date_moved_by_wait` event). They are then told the new date, by the path every text to them takes:
// an e-mail, or a letter prepared for posting when they have no address mail can go to.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import type { CaseState } from '../core/case/case.ts';
import type { CaseEvent } from '../core/case/case-events.ts';
import type { AutoReply } from '../core/correspondence/auto-reply.ts';
import { answerDateMovedExtras } from '../core/correspondence/case-texts.ts';
import { withDesignatedContact } from './acknowledge-case.ts';
import { fileOutboundEmailIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { complainantOfCase, organisationDetails, reachable, writeToComplainant } from './outbound-mail.ts';

type MovedByWait = Extract<CaseEvent, { type: 'answer_date_moved_by_wait' }>;

/**
 * Tells the complainant the answer date the events just saved on their case moved it to, if they moved it. The text
 * is automatic, so it asks what every automatic text asks: `autoReply` is the door's verdict on the answer that
 * ended the wait (auto-reply.ts: automated mail, an address other than the one on file, the limits on automatic
 * mail), with the designated contact applied as for the acknowledgement (withDesignatedContact): where the contact
 * handles the case, all correspondence goes through them. Where the verdict is not `allowed`, or there is nobody to
 * write to, nothing is prepared, and the case page shows the new date to staff.
 */
export async function tellMovedAnswerDateIn(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
  events: ReadonlyArray<{ type: string; payload: unknown }>,
  actor: string,
  autoReply: AutoReply,
): Promise<void> {
  const moved = events.find((e): e is MovedByWait => e.type === 'answer_date_moved_by_wait');
  if (!moved) return;
  if ((await withDesignatedContact(agg, state, autoReply)) !== 'allowed') return;
  if (!reachable(await complainantOfCase(agg, state))) return;
  const written = await writeToComplainant(ctx, agg, state, {
    kind: 'answer_date_moved',
    extras: answerDateMovedExtras(state.language, organisationDetails(ctx.config), {
      daysWaited: moved.payload.daysWaited,
      previousAnswerByDate: moved.payload.from.answerByDate,
    }),
    automatic: true,
    actor,
  });
  // An e-mail is filed on the case by an event that carries its seal (a letter is, as prepared: letter_prepared).
  if (written.channel === 'email')
    await fileOutboundEmailIn(ctx, agg, state.id, written.correspondenceId, actor);
}
