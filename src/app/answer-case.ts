// The definitive answer (P4.4): outcome, the staff's text and the remedy granted (with the root cause found and any
// amount offered, for the figures) are recorded and sent in one
// transaction, with the next step open to the complainant (step 2 by post to management after step 1; the
// dispute-resolution statement after step 2). Attachments that staff add are kept in the originals store.
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import type { AttachmentRef } from '../adapters/db/outbox.repo.ts';
import type { ActingStaff } from '../core/access/case-access.ts';
import type { Outcome } from '../core/case/model.ts';
import type { RootCauseCode } from '../core/case/root-cause.ts';
import { answerExtras } from '../core/correspondence/case-texts.ts';
import { attachmentLimits, requireSendableAttachments } from '../core/files/attachment-limits.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { type GivenFile, withTypesRead } from './file-types.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export interface AnswerInput {
  outcome: Outcome;
  text: string | null;
  remedy: string | null;
  /** What the complaint came from, with a note in the staff's words (kept for the figures, never sent). */
  rootCause?: RootCauseCode | null;
  rootCauseNote?: string | null;
  /** Money offered with the remedy: a decimal with at most two places, and its currency (default EUR). */
  remedyAmount?: string | null;
  remedyCurrency?: string | null;
  /** Each file's type is read from its content, whatever type is stated; the name gets that type's extension. */
  attachments?: GivenFile[];
  actor: string;
  /** The person acting through a door, checked against the case rules (src/core/access/case-access.ts). */
  by?: ActingStaff;
}

export async function answerCase(ctx: AppContext, caseId: string, input: AnswerInput): Promise<Written> {
  // The files go to the complainant in one e-mail: what the relay would refuse is refused here, before anything is
  // recorded, whoever calls (the doors say it first, in the reader's language). The type is read from each file's
  // content, never taken from the caller: a web page stated as a PDF is refused here too.
  const files = requireSendableAttachments(
    await withTypesRead(ctx, input.attachments ?? []),
    attachmentLimits(ctx.config.smtp.maxMessageBytes),
  );
  return inTransaction(ctx, async (agg) => {
    const correspondenceId = ctx.newId();
    const saved = await actOnCaseIn(
      ctx,
      agg,
      caseId,
      {
        type: 'answer',
        outcome: input.outcome,
        text: input.text,
        remedy: input.remedy,
        correspondenceId,
        // Recorded on the answered event itself, so the register reads the cause and remedy with the answer.
        rootCause: input.rootCause ? { cause: input.rootCause, note: input.rootCauseNote ?? null } : null,
        remedyAmount: input.remedyAmount
          ? { value: input.remedyAmount, currency: input.remedyCurrency || 'EUR' }
          : null,
      },
      input.by ?? input.actor,
    );
    const originals = new DatabaseOriginals(agg.db);
    const attachments: AttachmentRef[] = [];
    for (const a of files) {
      const { sha256 } = await originals.put(a.content, a.contentType, ctx.clock.now());
      attachments.push({ sha256, filename: a.filename, contentType: a.contentType });
    }
    return writeToComplainant(ctx, agg, saved.state, {
      kind: 'answer',
      extras: answerExtras(saved.state, saved.state.language, organisationDetails(ctx.config), input),
      correspondenceId,
      automatic: false,
      attachments,
      actor: input.actor,
    });
  });
}
