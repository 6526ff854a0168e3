// Letters: a prepared letter is a PDF kept in the originals store, downloadable from the case,
// and waits as "letter to post" until someone marks it posted; it is then recorded as correspondence sent, and a
// posted acknowledgement letter acknowledges the case (P3.1).
import { referenceOf } from '../adapters/db/intake-lookups.repo.ts';
import { markLetterRowPosted } from '../adapters/db/letters.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { outboundById } from '../adapters/db/outbox.repo.ts';
import { type ActorRef, actorName } from '../core/access/case-access.ts';
import { DomainError } from '../core/case/refusal.ts';
import { askedOfComplainant } from './acknowledge-case.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export function markLetterPosted(
  ctx: AppContext,
  caseId: string,
  letterId: string,
  by: ActorRef,
): Promise<{ acknowledged: boolean }> {
  // The first act is checked against who is posting; what follows from it is recorded under the same name.
  const actor = actorName(by);
  return inTransaction(ctx, async (agg) => {
    const row = await outboundById(agg.db, letterId);
    if (!row || row.caseId !== caseId || row.channel !== 'letter')
      throw new DomainError({
        code: 'no_such_letter',
        message: 'This letter is not on this case.',
        details: { context: 'not_on_case' },
      });
    // Posted already (a second click, a second tab): said with its day, rather than as a letter that is not there.
    if (row.status === 'posted')
      throw new DomainError({
        code: 'same_value',
        message: `This letter was already marked as posted on ${ctx.calendar.localDate(row.at).toString()}.`,
        details: { context: 'letter_posted', at: ctx.calendar.localDate(row.at).toString() },
      });
    const saved = await actOnCaseIn(ctx, agg, caseId, { type: 'mark_letter_posted', letterId }, by);
    const now = ctx.clock.now();
    await markLetterRowPosted(agg.db, letterId, now, `posted by ${actor}`);
    await actOnCaseIn(
      ctx,
      agg,
      caseId,
      {
        type: 'file_correspondence',
        correspondenceId: letterId,
        direction: 'out',
        channel: 'letter',
        fromComplainant: false,
      },
      actor,
    );
    if (row.purpose === 'acknowledgement' && !saved.state.acknowledgedAt) {
      await actOnCaseIn(
        ctx,
        agg,
        caseId,
        {
          type: 'acknowledge',
          channel: 'letter',
          correspondenceId: letterId,
          asked: await askedOfComplainant(agg, saved.state),
        },
        actor,
      );
      return { acknowledged: true };
    }
    return { acknowledged: false };
  });
}

/** The PDF of a letter, for download from the case page. */
export async function letterPdf(
  ctx: AppContext,
  letterId: string,
): Promise<{ filename: string; content: Uint8Array } | null> {
  const row = await outboundById(ctx.database.db, letterId);
  if (row?.channel !== 'letter' || !row.originalSha256) return null;
  const original = await new DatabaseOriginals(ctx.database.db).get(row.originalSha256);
  if (!original) return null;
  const reference = (await referenceOf(ctx.database.db, row.caseId ?? '')) ?? 'letter';
  return { filename: `${reference}-${row.purpose}-${letterId.slice(0, 8)}.pdf`, content: original.content };
}
