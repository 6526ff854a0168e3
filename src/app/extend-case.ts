// Extending the time to answer (P4.3): staff choose the reason and a window of working days; the notice goes out
// before the answer-by date; the window's last day becomes the new answer-by. The original deadline and every
// extension stay in the history (`extended` events).
import { Temporal } from 'temporal-polyfill';
import type { ActingStaff } from '../core/access/case-access.ts';
import { DomainError } from '../core/case/refusal.ts';
import { extensionExtras } from '../core/correspondence/case-texts.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export interface ExtendInput {
  reason: string;
  /** First and last day of the window (YYYY-MM-DD, local dates; the last must be a working day). */
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
 * The working days a window may use, offered to staff: from the next working day after today up to `count`
 * working days after the current answer-by date (the window must end after it, on a working day).
 */
export async function extensionWindowOptions(
  ctx: AppContext,
  caseId: string,
  count = 15,
): Promise<{ answerByDate: string; firstDays: string[]; lastDays: string[] }> {
  const row = await ctx.database.db
    .selectFrom('cases')
    .select('answer_by_date')
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row?.answer_by_date)
    throw new DomainError({ code: 'not_a_complaint', message: 'Only a complaint has a deadline to extend.' });
  const today = ctx.calendar.localDate(ctx.clock.now());
  const firstDays: string[] = [];
  let d: Temporal.PlainDate = today;
  for (let i = 0; i < count; i++) {
    d = ctx.calendar.addWorkingDays(d, 1);
    firstDays.push(d.toString());
  }
  const lastDays: string[] = [];
  d = Temporal.PlainDate.from(row.answer_by_date);
  for (let i = 0; i < count; i++) {
    d = ctx.calendar.addWorkingDays(d, 1);
    lastDays.push(d.toString());
  }
  return { answerByDate: row.answer_by_date, firstDays, lastDays };
}
