// A free reply or an interim update from staff to the complainant of a case (src/core/correspondence/reply.ts):
// recorded on the case as `replied` (history only: the clock, the status and the outcome do not move) and sent
// in the same transaction through the outbox like every other text, in the case's language, threaded on the
// complainant's latest e-mail, with the reference in the subject. Where the complainant has no e-mail address
// that mail can go to, it is printed as a letter to post (the reachability rule decides, reachability.ts). Under
// a designated-contact restriction only that person may write (P8.4).
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import type { AttachmentRef } from '../adapters/db/outbox.repo.ts';
import { type ActingStaff, actorName } from '../core/access/case-access.ts';
import { answerableByEmail, answerableByPost } from '../core/case/reachability.ts';
import { DomainError } from '../core/case/refusal.ts';
import { caseVariables } from '../core/correspondence/compose.ts';
import { composeReply, type ReplyKind } from '../core/correspondence/reply.ts';
import { attachmentLimits, requireSendableAttachments } from '../core/files/attachment-limits.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { requireCaseActIn } from './designated-contact.ts';
import { type GivenFile, withTypesRead } from './file-types.ts';
import {
  type CaseMailContext,
  complainantOfCase,
  languageOf,
  loadCaseMailContext,
  organisationDetails,
  prepareLetterIn,
  queueEmail,
  roleOfCase,
  type Written,
} from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export interface ReplyInput {
  kind: ReplyKind;
  text: string;
  /** Each file's type is read from its content, whatever type is stated; the name gets that type's extension. */
  attachments?: GivenFile[];
  actor: string;
  /** The person acting through a door, checked against the case rules and any designated contact. */
  by?: ActingStaff;
}

/** The reply as the complainant will read it (nothing saved or sent): the preview, and what sendReply sends. */
export function renderReply(
  ctx: AppContext,
  mailCtx: CaseMailContext,
  input: { kind: ReplyKind; text: string },
  byEmail: boolean,
): { subject: string; text: string } {
  const s = mailCtx.state;
  const language = languageOf(ctx.config, s.language);
  const vars = caseVariables(
    language,
    organisationDetails(ctx.config),
    {
      reference: s.reference,
      kind: s.kind,
      step: s.step,
      subject: s.subject,
      receivedAt: s.receivedAt,
      answerByDate: s.deadline?.answerByDate ?? null,
      step1Reference: mailCtx.step1Reference,
    },
    { name: mailCtx.complainant?.details.name ?? null, byEmail },
  );
  // The promised date is repeated only while it is still a promise: a complaint not yet answered.
  const promised = s.kind === 'complaint' && !s.answeredAt && typeof vars.answerByDate === 'string';
  return composeReply({
    kind: input.kind,
    language,
    reference: s.reference,
    greeting: String(vars.greeting),
    team: String(vars.team),
    organisation: String(vars.organisation),
    answerByDate: promised ? String(vars.answerByDate) : null,
    text: input.text,
  });
}

/** The preview of a reply on the case page (read only). */
export async function previewReply(
  ctx: AppContext,
  caseId: string,
  input: { kind: ReplyKind; text: string },
): Promise<{ subject: string; text: string }> {
  const mailCtx = await loadCaseMailContext(ctx, ctx.database.db, caseId);
  const c = mailCtx.complainant;
  const byEmail = !!c && answerableByEmail(addressFacts(c));
  return renderReply(ctx, mailCtx, input, byEmail);
}

const addressFacts = (c: NonNullable<CaseMailContext['complainant']>) => ({
  email: c.details.email,
  unreachableByEmail: c.unreachableByEmail,
  postalAddress: c.details.postalAddress,
});

export async function sendReply(ctx: AppContext, caseId: string, input: ReplyInput): Promise<Written> {
  // The files go to the complainant in one e-mail: what the relay would refuse is refused here, before anything is
  // recorded, whoever calls (the doors say it first, in the reader's language). The type is read from each file's
  // content, never taken from the caller: a web page stated as a PDF is refused here too.
  const files = requireSendableAttachments(
    await withTypesRead(ctx, input.attachments ?? []),
    attachmentLimits(ctx.config.smtp.maxMessageBytes),
  );
  return inTransaction(ctx, async (agg) => {
    const { state } = await agg.loadCase(caseId);
    if (!state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no case ${caseId}.`,
        details: { context: 'case' },
      });
    const by = input.by ?? input.actor;
    // Who may act on the case comes first (a hidden case stays hidden), then the restriction on this complainant.
    await requireCaseActIn(agg, by, 'reply', state);
    const complainant = await complainantOfCase(agg, state);
    if (!input.text.trim())
      throw new DomainError({
        code: 'empty_text',
        message: 'A reply needs some text.',
        details: { context: 'reply' },
      });
    const byEmail = !!complainant && answerableByEmail(addressFacts(complainant));
    if (!byEmail && !(complainant && answerableByPost(addressFacts(complainant))))
      throw new DomainError({
        code: 'invalid_command',
        message: `The complainant of ${state.reference} has no e-mail address that mail can go to and no postal address: add an address on the case page, then write again.`,
        details: { context: 'no_address', reference: state.reference },
      });
    const id = ctx.newId();
    const saved = await actOnCaseIn(
      ctx,
      agg,
      caseId,
      { type: 'reply', kind: input.kind, correspondenceId: id },
      by,
    );
    // What was filed earlier in this unit of work is read by the threading rule: write it first.
    await agg.flushWrites();
    const mailCtx = await loadCaseMailContext(ctx, agg.db, caseId, {
      state: saved.state,
      complainant,
      kind: input.kind,
    });
    const language = languageOf(ctx.config, saved.state.language);
    const rendered = renderReply(ctx, mailCtx, input, byEmail);
    const actor = actorName(by);
    if (!byEmail) {
      // A printed letter carries no attached files: refused rather than sent without them unnoticed.
      if (files.length)
        throw new DomainError({
          code: 'invalid_command',
          message: `attachments: the complainant of ${saved.state.reference} has no e-mail address, so this reply is printed as a letter, which carries no attached files: send it without them and post the documents with the letter.`,
          details: { context: 'letter_attachments', reference: saved.state.reference },
        });
      await prepareLetterIn(ctx, agg, saved.state, mailCtx, {
        id,
        kind: input.kind,
        language,
        rendered,
        templateVersion: null,
        actor,
      });
      return { channel: 'letter', correspondenceId: id };
    }
    const originals = new DatabaseOriginals(agg.db);
    const attachments: AttachmentRef[] = [];
    for (const a of files) {
      const { sha256 } = await originals.put(a.content, a.contentType, ctx.clock.now());
      attachments.push({ sha256, filename: a.filename, contentType: a.contentType });
    }
    await queueEmail(ctx, agg.db, {
      id,
      caseId,
      purpose: input.kind,
      audience: 'complainant',
      fromRole: roleOfCase(saved.state),
      to: complainant!.details.email!.trim(),
      subject: rendered.subject,
      text: rendered.text,
      language,
      inReplyTo: mailCtx.thread.inReplyTo,
      references: mailCtx.thread.references,
      autoSubmitted: null,
      attachments,
      templateVersion: null,
      actor,
    });
    return { channel: 'email', correspondenceId: id };
  });
}
