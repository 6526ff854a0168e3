// The first day a person could pick for an extension window, for fixtures that extend cases as they go: the
// picker's first day, which is the answer date in force and never before today (src/core/case/extension-window.ts).
// A window starting earlier is refused, so a fixture starting windows "today" would extend nothing.
import type { Temporal } from 'temporal-polyfill';
import type { AppContext } from '../../src/app/context.ts';
import { extensionWindowOptions } from '../../src/app/extend-case.ts';
import { DomainError } from '../../src/core/case/refusal.ts';

/**
 * The first day of the window offered now, or `today` when the case cannot be extended now (answered, closed, its
 * answer date passed): the rule then refuses the extension for that reason, as it would have.
 */
export async function firstWindowDay(
  ctx: AppContext,
  caseId: string,
  today: Temporal.PlainDate,
): Promise<string> {
  try {
    return (await extensionWindowOptions(ctx, caseId, 1)).firstDays[0]!;
  } catch (e) {
    if (e instanceof DomainError) return today.toString();
    throw e;
  }
}
