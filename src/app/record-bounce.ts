// A bounce of our own mail: a delivery-failure report that came back through a mail door is
// matched to the outbound item by the Message-IDs it names; the item is marked failed, the complainant unreachable
// by e-mail (a recorded event), and the case gets a note; the case then offers a letter (`resendAsLetter`).
// The mail doors call `recordBounceIn` inside their filing transaction when they see a delivery report. The status
// detail and the note are written in the stored words of src/core/correspondence/status-words.ts, which the case
// page reads back to show them in the reader's language.
import { type Aggregates, caseStream } from '../adapters/db/aggregates.repo.ts';
import { readStream } from '../adapters/db/event-store.ts';
import {
  markFailed,
  type OutboundRow,
  outboundById,
  outboundByMessageIds,
  outboxItemsOfCase,
} from '../adapters/db/outbox.repo.ts';
import { type ActorRef, actorName } from '../core/access/case-access.ts';
import { decideCase } from '../core/case/case.ts';
import { decideComplainant } from '../core/case/complainant.ts';
import type { MissingField } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { readBounce } from '../core/correspondence/bounce.ts';
import { acknowledgementExtras, informationRequestExtras } from '../core/correspondence/case-texts.ts';
import { printAsLetterRefusal } from '../core/correspondence/print-as-letter.ts';
import { bounceNote, deliveryDetail } from '../core/correspondence/status-words.ts';
import type { TemplateKind } from '../core/correspondence/template-kinds.ts';
import { sameAddress } from '../core/intake/addresses.ts';
import { askedOfComplainant } from './acknowledge-case.ts';
import type { AppContext } from './context.ts';
import { requireCaseActIn } from './designated-contact.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export interface BounceInput {
  /** The report as received (bytes or text): its DSN fields and the returned original's headers are read. */
  raw: Uint8Array | string;
  /** The report's own In-Reply-To / References, when the door parsed them. */
  messageIds?: string[];
  /** The inbound correspondence row of the report, when stored. */
  correspondenceId: string | null;
}

export interface BounceOutcome {
  /** Whether the report named one of our outbound e-mails. */
  matched: boolean;
  /** False for a delay warning: nothing is changed. */
  failed: boolean;
  outboundId: string | null;
  caseId: string | null;
  complainantId: string | null;
}

export function recordBounce(ctx: AppContext, input: BounceInput): Promise<BounceOutcome> {
  return inTransaction(ctx, (agg) => recordBounceIn(ctx, agg, input));
}

export async function recordBounceIn(
  ctx: AppContext,
  agg: Aggregates,
  input: BounceInput,
): Promise<BounceOutcome> {
  const raw = typeof input.raw === 'string' ? input.raw : Buffer.from(input.raw).toString('latin1');
  const reading = readBounce(raw, input.messageIds ?? []);
  const row = await outboundByMessageIds(agg.db, reading.messageIds);
  const none = {
    matched: false,
    failed: reading.failed,
    outboundId: null,
    caseId: null,
    complainantId: null,
  };
  if (!row) return none;
  if (!reading.failed) return { ...none, matched: true, outboundId: row.id, caseId: row.caseId };
  const report = [reading.status, reading.diagnostic].filter(Boolean).join(' ');
  const detail = report ? deliveryDetail('bounced', { report }) : deliveryDetail('bouncedNoDetail');
  const complainantId = await markBouncedIn(ctx, agg, row, detail, input.correspondenceId);
  return { matched: true, failed: true, outboundId: row.id, caseId: row.caseId, complainantId };
}

/**
 * Marks an outbound e-mail as not delivered; when it was to a complainant at the address they still have, marks
 * them unreachable by e-mail; either way notes it on the case. Returns the id of the complainant marked
 * unreachable, if any.
 */
export async function markBouncedIn(
  ctx: AppContext,
  agg: Aggregates,
  row: OutboundRow,
  reason: string,
  reportId: string | null,
): Promise<string | null> {
  const now = ctx.clock.now();
  await markFailed(agg.db, row.id, reason);
  if (row.audience !== 'complainant' || !row.caseId) return null;
  const loadedCase = await agg.loadCase(row.caseId);
  if (!loadedCase.state) return null;
  const complainantId = loadedCase.state.complainantId;
  const loaded = await agg.loadComplainant(complainantId);
  // Only a failure at the address the complainant has now says they cannot be reached: mail sent to an address
  // they have since changed (or of a record merged into theirs) bouncing late says nothing of the one on file.
  // The same mailbox however its domain is written (addresses.ts sameAddress).
  if (!sameAddress(loaded.state?.details.email, row.toAddress)) {
    const note = decideCase(
      loadedCase.state,
      {
        type: 'add_note',
        text: bounceNote('notOnFile', { subject: row.subject, to: row.toAddress ?? '?', reason }),
      },
      { now, calendar: ctx.calendar, policy: ctx.policy },
    );
    if (note.ok) await agg.saveCase(row.caseId, loadedCase, note.events, { at: now, actor: 'system' });
    return null;
  }
  const decision = decideComplainant(
    loaded.state,
    { type: 'mark_unreachable', reason, correspondenceId: reportId ?? row.id },
    { today: ctx.calendar.localDate(now).toString() },
  );
  if (decision.ok)
    await agg.saveComplainant(complainantId, loaded, decision.events, { at: now, actor: 'system' });
  const note = decideCase(
    loadedCase.state,
    {
      type: 'add_note',
      text: bounceNote('unreachable', { subject: row.subject, to: row.toAddress ?? '?', reason }),
    },
    { now, calendar: ctx.calendar, policy: ctx.policy },
  );
  if (note.ok) await agg.saveCase(row.caseId, loadedCase, note.events, { at: now, actor: 'system' });
  return complainantId;
}

/**
 * Prints an outbound e-mail that could not be delivered as a letter to post. An acknowledgement is written
 * again for the post (how to send what is missing by letter); other texts are printed as they were sent.
 */
export function resendAsLetter(ctx: AppContext, correspondenceId: string, by: ActorRef): Promise<Written> {
  const actor = actorName(by);
  return inTransaction(ctx, async (agg) => {
    const row = await outboundById(agg.db, correspondenceId);
    if (!row?.caseId || row.audience !== 'complainant')
      throw new DomainError({
        code: 'invalid_command',
        message: 'Only mail to a complainant can be sent as a letter.',
        details: { context: 'letter_only_complainant' },
      });
    const { state } = await agg.loadCase(row.caseId);
    if (!state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no case ${row.caseId}.`,
        details: { context: 'case' },
      });
    await requireCaseActIn(agg, by, 'resend_letter', state);
    // Only an undelivered e-mail, and only once (print-as-letter.ts).
    const out = (r: OutboundRow) => ({ ...r, direction: 'out' });
    const refusal = printAsLetterRefusal(out(row), (await outboxItemsOfCase(agg.db, row.caseId)).map(out));
    if (refusal === 'not_undelivered')
      throw new DomainError({
        code: 'invalid_command',
        message: 'Only an e-mail to the complainant that was not delivered is sent as a letter.',
        details: { context: 'letter_not_undelivered' },
      });
    if (refusal === 'printed_already')
      throw new DomainError({
        code: 'same_value',
        message: 'This e-mail was printed as a letter already: see the letter on the case.',
        details: { context: 'letter_printed' },
      });
    const kind = row.purpose as TemplateKind;
    if (kind === 'acknowledgement') {
      const step1 = state.step1CaseId ? await agg.loadCase(state.step1CaseId) : null;
      const language = state.language;
      return writeToComplainant(ctx, agg, state, {
        kind,
        extras: acknowledgementExtras(
          state,
          language,
          organisationDetails(ctx.config),
          step1?.state?.reference ?? null,
          await askedOfComplainant(agg, state),
        ),
        automatic: false,
        letter: true,
        actor,
      });
    }
    // A request for information is written again for the post, from what its event asked: the e-mail told the
    // complainant to reply to it, which someone whose address bounces cannot do; the letter gives our postal
    // address instead (P2.7). Where the event no longer says (its details erased), the e-mail is printed as it was.
    if (kind === 'information_request') {
      const asked = (await readStream(agg.db, caseStream(state.id))).findLast(
        (e) =>
          e.type === 'information_requested' &&
          !e.redacted &&
          (e.payload as { correspondenceId?: unknown }).correspondenceId === row.id,
      );
      const p = asked?.payload as { missing?: unknown; note?: unknown; clockPaused?: unknown } | undefined;
      // Whether the days waited are added (P4.5) is what the request recorded, and only while the clock still pauses:
      // a request that said the date stands keeps no start of its wait (case.ts), so the date will not move.
      const org = organisationDetails(ctx.config);
      const clockPausesWhileWaiting = p?.clockPaused === true && (org.clockPausesWhileWaiting ?? false);
      if (p && Array.isArray(p.missing) && p.missing.length)
        return writeToComplainant(ctx, agg, state, {
          kind,
          extras: informationRequestExtras(
            state.language,
            { ...org, clockPausesWhileWaiting },
            p.missing as MissingField[],
            typeof p.note === 'string' ? p.note : null,
            state.step,
          ),
          automatic: false,
          letter: true,
          actor,
        });
    }
    return writeToComplainant(ctx, agg, state, {
      kind,
      extras: {},
      verbatim: { subject: row.subject, text: row.text ?? '' },
      automatic: false,
      letter: true,
      actor,
    });
  });
}
