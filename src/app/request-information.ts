// Asking the complainant for what is missing (P2.7). The clock does not stop (P4.5): the case shows that it
// waits on the complainant, and the text says the answer date still stands.
import type { ActingStaff } from '../core/access/case-access.ts';
import type { MissingField } from '../core/case/model.ts';
import { informationRequestExtras } from '../core/correspondence/case-texts.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { keepPromiseIn } from './keep-promise.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export function requestInformation(
  ctx: AppContext,
  caseId: string,
  input: { missing: MissingField[]; note: string | null; actor: string; by?: ActingStaff },
): Promise<Written> {
  return inTransaction(ctx, async (agg) => {
    const correspondenceId = ctx.newId();
    const saved = await actOnCaseIn(
      ctx,
      agg,
      caseId,
      { type: 'request_information', missing: input.missing, note: input.note, correspondenceId },
      input.by ?? input.actor,
    );
    // The text says the answer date still stands: never a date already gone (keep-promise.ts).
    const state = await keepPromiseIn(ctx, agg, saved.state, input.actor);
    const language = state.language;
    return writeToComplainant(ctx, agg, state, {
      kind: 'information_request',
      extras: informationRequestExtras(
        language,
        organisationDetails(ctx.config),
        input.missing,
        input.note,
        state.step,
      ),
      correspondenceId,
      automatic: false,
      actor: input.actor,
    });
  });
}
