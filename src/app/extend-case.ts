// Extending the time to answer (P4.3): staff choose the reason and a window of working days; the notice goes out
// before the answer-by date; the window's last day becomes the new answer-by. The original deadline and every
// extension stay in the history (`extended` events).
import type { ActingStaff } from '../core/access/case-access.ts';
import { extensionChoices } from '../core/case/extension.ts';
import { DomainError } from '../core/case/refusal.ts';
import { extensionExtras } from '../core/correspondence/case-texts.ts';
import { actOnCaseIn } from './act-on-case.ts';
import { caseStateOf } from './case-page.ts';
import type { AppContext } from './context.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export interface ExtendInput {
  reason: string;
  /**
   * First and last day of the window (YYYY-MM-DD, local working days; the last within the horizon of
   * src/core/case/extension-window.ts).
   */
  windowStart: string;
  windowEnd: string;
  actor: string;
  /** The person acting through a door, checked against the case rules (src/core/access/case-access.ts). */
  by?: ActingStaff;
}

export function extendCase(
  ctx: AppContext,
  caseId: string,
  input: ExtendInput,
): Promise<Written & { answerByDate: string }> {
  return inTransaction(ctx, async (agg) => {
    const correspondenceId = ctx.newId();
    const saved = await actOnCaseIn(
      ctx,
      agg,
      caseId,
      {
        type: 'extend',
        reason: input.reason,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        correspondenceId,
      },
      input.by ?? input.actor,
    );
    const ext = saved.state.extensions.at(-1)!;
    const written = await writeToComplainant(ctx, agg, saved.state, {
      kind: 'extension_notice',
      extras: extensionExtras(saved.state.language, organisationDetails(ctx.config), ext),
      correspondenceId,
      automatic: false,
      actor: input.actor,
    });
    return { ...written, answerByDate: ext.answerByDate };
  });
}

/**
 * The working days a window may use, offered to staff (src/core/case/extension.ts): from the answer date in force
 * (never before today), ending after it on a working day, as the case rule accepts them. Refused when the case
 * cannot be extended now (its answer date has passed, it is answered, closed, or not a complaint).
 */
export async function extensionWindowOptions(
  ctx: AppContext,
  caseId: string,
  count = 15,
): Promise<{ answerByDate: string; firstDays: string[]; lastDays: string[] }> {
  // A read, not a write: the case's state is read without the locking transaction that acting on it takes.
  const state = await caseStateOf(ctx, caseId);
  const choices = state ? extensionChoices(state, ctx.clock.now(), ctx.calendar, ctx.policy, count) : null;
  if (!choices)
    throw new DomainError({
      code: 'not_a_complaint',
      message: 'This case cannot be extended now: only an open, unanswered complaint before its answer date.',
      details: { context: 'extend_now' },
    });
  return choices;
}
