// The case page and its actions. Every action checks who may act on this case (management step 2,
// the complaints team the rest, a department its suggestions), then calls its use case; a refusal of the
// procedure is shown in the form that asked, with the core's own words, and nothing is half done.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acknowledgeCase } from '../../app/acknowledge-case.ts';
import { actOnCase } from '../../app/act-on-case.ts';
import { answerCase } from '../../app/answer-case.ts';
import {
  allowedActions,
  assignableStaff,
  type CaseActionName,
  caseCorrespondence,
  caseIdByReference,
  caseOwner,
  caseStateOf,
  extensionPicker,
  knownDepartments,
  loadCasePage,
  originalContent,
  previewAnswer,
  userNames,
} from '../../app/case-page.ts';
import { documentsLimit } from '../../app/complainant-link.ts';
import type { AppContext } from '../../app/context.ts';
import { escalateCase } from '../../app/escalate-case.ts';
import { extendCase } from '../../app/extend-case.ts';
import {
  acknowledgeSuggestion,
  completeSuggestion,
  forwardSuggestion,
} from '../../app/forward-suggestion.ts';
import { caseClock } from '../../app/list-queue.ts';
import { snippetsForReply, snippetToInsert } from '../../app/manage-snippets.ts';
import { letterPdf, markLetterPosted } from '../../app/mark-letter-posted.ts';
import { mergeCases } from '../../app/merge-cases.ts';
import { reclassifyCase } from '../../app/reclassify-case.ts';
import { resendAsLetter } from '../../app/record-bounce.ts';
import { requestInformation } from '../../app/request-information.ts';
import { previewReply, sendReply } from '../../app/send-reply.ts';
import { type CaseAct, caseActRefusal } from '../../core/access/case-access.ts';
import { readsComplainantRecord } from '../../core/access/complainant-record.ts';
import {
  complainantActRefusal,
  complainantAssignmentRefusal,
  contactRefusal,
} from '../../core/access/designated-contact.ts';
import { isRole } from '../../core/access/roles.ts';
import {
  CASE_ACTION_NAMES,
  CASE_ACTIONS,
  type CaseActionName as RegisteredAction,
  webRouteKey,
} from '../../core/case/actions.ts';
import type { CaseState } from '../../core/case/case.ts';
import type { DeadlineKind } from '../../core/case/clock.ts';
import { KINDS, type MISSING_FIELDS, OUTCOMES, type Outcome } from '../../core/case/model.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { REPLY_KINDS, type ReplyKind } from '../../core/correspondence/reply.ts';
import { may } from './access.ts';
import { answerInput, CASE_ACTION_INPUTS, type CaseActionInput, LIMITS, replyInput } from './case-actions.ts';
import { meanwhileRefusal, seenOf } from './case-meanwhile.ts';
import { HttpError, zodFieldProblems } from './errors.ts';
import { validationState } from './forms.ts';
import {
  attachmentDisposition,
  attachmentOf,
  isEmail,
  mailBodyDocument,
  viewOriginal,
} from './original-view.ts';
import {
  answerPreview,
  type CaseForm,
  casePage,
  type FilesAgain,
  HISTORY_FILTERS,
  type HistoryFilter,
  replyPreview,
} from './pages/case.page.ts';
import type { FormState } from './pages/components.ts';
import { correspondencePage } from './pages/correspondence.page.ts';
import type { Urgency } from './pages/staff-components.ts';
import { refusalState } from './pages/staff-components.ts';
import { accountNamedIn } from './pages/status-words.part.ts';
import { redirectAfterPost, sendFragment, sendPage, wantsFragment } from './render.ts';
import { actingOf } from './request-context.ts';
import { MAIL_BODY_CSP } from './security-headers.ts';
import { assertAct, assertRead, canRead, staffActor, viewerOf } from './staff-access.ts';
import { sendStoredFile } from './stored-file.ts';
import {
  COMPOSED_HELD_PER_BYTE,
  field,
  formAttachments,
  formStatus,
  MAX_ATTACHMENT_BYTES,
  readStaffForm,
  registerUploads,
} from './uploads.ts';

const caseParams = z.object({ id: z.string().min(1).max(100) });
const itemParams = caseParams.extend({ cid: z.string().min(1).max(100) });
const letterParams = caseParams.extend({ letterId: z.string().min(1).max(100) });
/** The actions with a plain form (the answer and the free reply have files: their own routes below). */
type PlainForm = Exclude<RegisteredAction, 'answer' | 'reply'>;
const PLAIN_FORMS = CASE_ACTION_NAMES.filter((a): a is PlainForm => a !== 'answer' && a !== 'reply');

export const caseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // A form over its budget (files chosen too large for the whole form) is read on for its text, its files let go,
  // and comes back with what was typed and the files' limits, as at the public form; far over, it is refused unread.
  await registerUploads(app, MAX_ATTACHMENT_BYTES, { readOverBudget: true });
  const tz = ctx.config.timezone;

  // The clock card reads the same rule as the queue (src/core/case/clock.ts): the acknowledgement counts too.
  const clockOf = async (
    s: CaseState,
  ): Promise<{ urgency: Urgency; workingDaysLeft: number | null; dueFor: DeadlineKind | null }> => {
    const c = await caseClock(ctx, s);
    return { urgency: c.state, workingDaysLeft: c.workingDaysLeft, dueFor: c.next?.kind ?? null };
  };

  const showCase = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: Partial<Record<CaseForm, FormState>> = {},
    status = 200,
    answerDraft: { outcome: Outcome; text: string | null; remedy: string | null } | null = null,
    replyDraft: { kind: ReplyKind; text: string } | null = null,
    filesAgain: FilesAgain | null = null,
  ) => {
    const view = await loadCasePage(ctx, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'case_not_found') throw new HttpError('not_found');
      throw e;
    });
    const viewer = viewerOf(request);
    assertRead(viewer, view.state);
    // The complainant's other cases are named only where this person may read them: a department member reading a
    // suggestion is not told which complaints the person made (a case one may not read is not disclosed).
    view.otherCases = view.otherCases.filter((c) => {
      const kind = KINDS.find((k) => k === c.kind);
      return !!kind && canRead(viewer, { kind, department: c.department });
    });
    const complainantRecord = readsComplainantRecord(viewer.role);
    const s = view.state;
    // Whether there is an address to write to is asked of where the case writes (a letter's address included).
    const allowed = allowedActions(ctx, s, view.writtenTo);
    const actions = new Set<CaseActionName>();
    // Offered to this person when the role table lets them call its route and the case rule lets them act on
    // this case, the complainant's designated contact included (P8.4): both read the registry
    // (src/core/case/actions.ts), as the routes and the use cases do.
    const contact = view.designatedContact;
    for (const a of allowed)
      if (
        a === 'record_letter'
          ? may(viewer.role, 'GET /letters/new') && !caseActRefusal(viewer, 'file_correspondence', s)
          : may(viewer.role, webRouteKey(a)) &&
            !complainantActRefusal(viewer, CASE_ACTIONS[a].act, s, contact)
      )
        actions.add(a);
    // Those who handle the case but may not write to the complainant are told who does.
    const writesNot = !caseActRefusal(viewer, 'reply', s) && !!contactRefusal(viewer, 'reply', s, contact);
    const replyContact = writesNot ? (view.names.get(contact?.id ?? '') ?? '—') : null;
    // The forms' data, asked all at once (on PostgreSQL each query is a round trip); the answer's preview and the
    // extension picker work from the state just read.
    const [candidates, owner, preview, departments, snippets, replyPreviewed] = await Promise.all([
      actions.has('assign') ? assignableStaff(ctx, s.step) : Promise.resolve([]),
      actions.has('assign') ? caseOwner(ctx, s.ownerId) : Promise.resolve(null),
      actions.has('answer')
        ? previewAnswer(ctx, id, answerDraft ?? { outcome: 'upheld', text: '…', remedy: null }, {
            state: s,
            complainant: view.writtenTo,
          })
        : Promise.resolve(null),
      actions.has('forward') ? knownDepartments(ctx) : Promise.resolve([]),
      actions.has('reply') ? snippetsForReply(ctx, s.language) : Promise.resolve([]),
      actions.has('reply') && replyDraft?.text.trim()
        ? previewReply(ctx, id, replyDraft)
        : Promise.resolve(null),
    ]);
    const extension = actions.has('extend') ? extensionPicker(ctx, s) : null;
    // Offer only the choices the case rule allows this person (an agent: themselves, or giving their own back).
    const staff = candidates.filter(
      (m) =>
        isRole(m.role) &&
        !complainantAssignmentRefusal(viewer, s, m.id, { role: m.role, status: 'active' }, contact),
    );
    const mayUnassign = !!s.ownerId && !complainantAssignmentRefusal(viewer, s, null, null, contact);
    if (!staff.some((m) => m.id !== s.ownerId) && !mayUnassign) actions.delete('assign');
    // The list shows who owns the case now even where they may not be chosen (a disabled account, marked as such),
    // so it never reads "Nobody" for an owned case.
    if (owner && !staff.some((m) => m.id === owner.id)) staff.unshift(owner);
    // The actions above were decided with the restrictions in force; the page then shows them only to whom the
    // rule shows the complainant's record (core/access/complainant-record.ts): not to a department member.
    if (!complainantRecord) {
      if (view.complainant) view.complainant = { ...view.complainant, restrictions: [] };
      view.designatedContact = null;
    }
    return sendPage(
      request,
      reply,
      {
        title: request.t('staff.case.title', { reference: s.reference }),
        section: 'queues',
        content: casePage(request, {
          view,
          timezone: tz,
          actions,
          canPost:
            may(viewer.role, 'POST /cases/:id/letters/:letterId/posted') &&
            !complainantActRefusal(viewer, 'post_letter', s, contact),
          clock: await clockOf(s),
          staff,
          categories: ctx.config.categories,
          departments,
          extension,
          answerPreview: preview,
          reply: { snippets, preview: replyPreviewed, contact: replyContact },
          history: historyOf(request),
          forms,
          complainantRecord,
          filesAgain,
          attachmentsMaxBytes: documentsLimit(ctx.config.smtp.maxMessageBytes),
        }),
      },
      status,
    );
  };

  /** Loads the case and checks the viewer may act on it; an unknown case is not found. */
  const guard = async (request: FastifyRequest, id: string, act: CaseAct) => {
    const s = await caseStateOf(ctx, id);
    if (!s) throw new HttpError('not_found');
    assertAct(viewerOf(request), act, s);
    return s;
  };

  // `?history=` filters the history (a link per filter: works without script); anything else shows it all.
  app.get(
    '/cases/:id',
    {
      schema: {
        params: caseParams,
        querystring: z.object({ history: z.enum(HISTORY_FILTERS).catch('all').optional() }),
      },
    },
    async (request, reply) => showCase(request, reply, request.params.id),
  );

  // -- correspondence and originals --------------------------------------------------------------------------

  const readable = async (request: FastifyRequest, id: string, cid: string) => {
    const s = await caseStateOf(ctx, id);
    if (!s) throw new HttpError('not_found');
    assertRead(viewerOf(request), s);
    const item = await caseCorrespondence(ctx, id, cid);
    if (!item) throw new HttpError('not_found');
    return { state: s, item };
  };

  app.get('/cases/:id/correspondence/:cid', { schema: { params: itemParams } }, async (request, reply) => {
    const { id, cid } = request.params;
    const { state, item } = await readable(request, id, cid);
    const original = item.originalSha256 ? await originalContent(ctx, item.originalSha256) : null;
    const shown = original
      ? await viewOriginal(Buffer.from(original.content), original.contentType)
      : { html: null, attachments: [] };
    // What we sent: the attachments we added, kept in the originals store.
    const attachments = shown.attachments.length
      ? shown.attachments
      : item.attachments.map((a, index) => ({
          index,
          filename: a.filename,
          contentType: a.contentType,
          size: 0,
        }));
    // A letter's status detail names who posted it by account id: the page shows their name instead.
    const account = accountNamedIn(item.statusDetail);
    const names = await userNames(ctx, account ? [account] : []);
    return sendPage(request, reply, {
      title: request.t('staff.correspondence.title', { reference: state.reference }),
      section: 'queues',
      content: correspondencePage(request, {
        caseId: id,
        reference: state.reference,
        item,
        names,
        html: shown.html !== null,
        htmlTooComplex: shown.tooComplex === true,
        attachments,
        timezone: tz,
      }),
    });
  });

  app.get(
    '/cases/:id/correspondence/:cid/body',
    { schema: { params: itemParams } },
    async (request, reply) => {
      const { item } = await readable(request, request.params.id, request.params.cid);
      const original = item.originalSha256 ? await originalContent(ctx, item.originalSha256) : null;
      const shown = original ? await viewOriginal(Buffer.from(original.content), original.contentType) : null;
      if (!shown?.html) throw new HttpError('not_found');
      return reply
        .header('content-security-policy', MAIL_BODY_CSP)
        .header('x-frame-options', 'SAMEORIGIN')
        .type('text/html; charset=utf-8')
        .send(mailBodyDocument(shown.html));
    },
  );

  app.get(
    '/cases/:id/correspondence/:cid/original',
    { schema: { params: itemParams } },
    async (request, reply) => {
      const { state, item } = await readable(request, request.params.id, request.params.cid);
      const original = item.originalSha256 ? await originalContent(ctx, item.originalSha256) : null;
      if (!original) throw new HttpError('not_found');
      const email = isEmail(original.contentType);
      const extension = email
        ? 'eml'
        : (/\/(pdf|png|jpeg|tiff|webp)$/.exec(original.contentType)?.[1] ?? 'bin');
      // A scan or PDF is shown in the browser (stored-file.ts); an e-mail stays a download.
      if (!email)
        return sendStoredFile(reply, {
          content: original.content,
          filename: `${state.reference}-${item.direction}-${original.sha256.slice(0, 12)}.${extension}`,
        });
      return reply
        .type(email ? 'message/rfc822' : 'application/octet-stream')
        .header(
          'content-disposition',
          attachmentDisposition(
            `${state.reference}-${item.direction}-${original.sha256.slice(0, 12)}.${extension}`,
          ),
        )
        .send(Buffer.from(original.content));
    },
  );

  app.get(
    '/cases/:id/correspondence/:cid/attachments/:index',
    { schema: { params: itemParams.extend({ index: z.coerce.number().int().min(0).max(1000) }) } },
    async (request, reply) => {
      const { item } = await readable(request, request.params.id, request.params.cid);
      const { index } = request.params;
      let found: { filename: string; body: Buffer } | null = null;
      const original = item.originalSha256 ? await originalContent(ctx, item.originalSha256) : null;
      if (original && isEmail(original.contentType))
        found = await attachmentOf(Buffer.from(original.content), index);
      else if (item.attachments[index]) {
        const a = item.attachments[index];
        const stored = await originalContent(ctx, a.sha256);
        if (stored) found = { filename: a.filename, body: Buffer.from(stored.content) };
      }
      if (!found) throw new HttpError('not_found');
      return sendStoredFile(reply, { content: found.body, filename: found.filename });
    },
  );

  // -- letters to post, mail that bounced ---------------------------------------------------------------------

  app.get('/cases/:id/letters/:letterId', { schema: { params: letterParams } }, async (request, reply) => {
    const { id, letterId } = request.params;
    await readable(request, id, letterId);
    const pdf = await letterPdf(ctx, letterId);
    if (!pdf) throw new HttpError('not_found');
    return reply
      .type('application/pdf')
      .header('content-disposition', attachmentDisposition(pdf.filename))
      .send(Buffer.from(pdf.content));
  });

  app.post(
    '/cases/:id/letters/:letterId/posted',
    { schema: { params: letterParams } },
    async (request, reply) => {
      const { id, letterId } = request.params;
      await guard(request, id, 'post_letter');
      try {
        const done = await markLetterPosted(ctx, id, letterId, staffActor(request));
        return redirectAfterPost(ctx, request, reply, `/cases/${id}`, {
          key: done.acknowledged ? 'staffLetterPostedAcknowledged' : 'staffLetterPosted',
        });
      } catch (e) {
        const { state, status } = refusalState(request, e);
        return showCase(request, reply, id, { letter: state }, status);
      }
    },
  );

  app.post(
    '/cases/:id/correspondence/:cid/resend-letter',
    { schema: { params: itemParams } },
    async (request, reply) => {
      const { id, cid } = request.params;
      await guard(request, id, 'resend_letter');
      if (!(await caseCorrespondence(ctx, id, cid))) throw new HttpError('not_found');
      try {
        await resendAsLetter(ctx, cid, staffActor(request));
        return redirectAfterPost(ctx, request, reply, `/cases/${id}`, { key: 'staffResentAsLetter' });
      } catch (e) {
        const { state, status } = refusalState(request, e);
        return showCase(request, reply, id, { resend: state }, status);
      }
    },
  );

  // -- the actions with a plain form ---------------------------------------------------------------------------

  const run = async (
    request: FastifyRequest,
    form: PlainForm,
    id: string,
    b: Record<string, unknown>,
  ): Promise<{ key: string; params?: Record<string, string | number> } | FormState> => {
    const actor = actingOf(request).actor;
    // The use cases that check who may act take the person, not only their name.
    const by = staffActor(request);
    const t = request.t;
    const letter = (channel: 'email' | 'letter') => (channel === 'letter' ? 'Letter' : '');
    switch (form) {
      case 'assign': {
        const to = typeof b.to === 'string' && b.to ? b.to : null;
        // Whom the case may go to is the rule's to say (case-access.ts, through the use case), as on the API and in
        // bulk: a person it may not go to is refused at the field with the rule's reason.
        await actOnCase(ctx, id, { type: 'assign', to }, by);
        return { key: 'staffAssigned' };
      }
      case 'categorise': {
        const category = typeof b.category === 'string' && b.category ? b.category : null;
        if (category && !ctx.config.categories.includes(category))
          return { values: { category }, errors: { category: t('validation.oneOf') } };
        await actOnCase(ctx, id, { type: 'categorise', category }, by);
        return { key: 'staffCategorised' };
      }
      case 'note':
        await actOnCase(ctx, id, { type: 'add_note', text: String(b.text) }, by);
        return { key: 'staffNoted' };
      case 'acknowledge': {
        const w = await acknowledgeCase(ctx, id, by);
        return { key: `staffAcknowledged${letter(w.channel)}` };
      }
      case 'request_information': {
        // The schema asks for a field or a note (case-actions.ts), the same on both doors.
        const missing = b.missing as (typeof MISSING_FIELDS)[number][];
        const note = (b.note as string | null) ?? null;
        const w = await requestInformation(ctx, id, { missing, note, actor, by });
        return { key: `staffInformationRequested${letter(w.channel)}` };
      }
      case 'extend': {
        const w = await extendCase(ctx, id, {
          reason: String(b.reason),
          windowStart: String(b.windowStart),
          windowEnd: String(b.windowEnd),
          actor,
          by,
        });
        return { key: `staffExtended${letter(w.channel)}`, params: { date: w.answerByDate } };
      }
      case 'escalate': {
        const opened = await escalateCase(ctx, id, by);
        return { key: 'staffEscalated', params: { reference: opened.reference } };
      }
      case 'close':
        await actOnCase(ctx, id, { type: 'close', reason: String(b.reason) }, by);
        return { key: 'staffClosed' };
      case 'reopen':
        await actOnCase(ctx, id, { type: 'reopen', reason: String(b.reason) }, by);
        return { key: 'staffReopened' };
      case 'merge': {
        const reference = String(b.duplicateReference).toUpperCase();
        const duplicate = await caseIdByReference(ctx, reference);
        if (!duplicate)
          return {
            values: { duplicateReference: reference },
            errors: { duplicateReference: t('staff.errors.noSuchCase', { reference }) },
          };
        await mergeCases(ctx, id, duplicate, by);
        return { key: 'staffMerged', params: { reference } };
      }
      case 'forward':
        await forwardSuggestion(ctx, id, {
          department: String(b.department),
          note: (b.note as string | null) ?? null,
          actor,
          by,
        });
        return { key: 'staffForwarded', params: { department: String(b.department) } };
      case 'suggestion_acknowledge':
        await acknowledgeSuggestion(ctx, id, by);
        return { key: 'staffSuggestionAcknowledged' };
      case 'suggestion_done':
        await completeSuggestion(ctx, id, { note: (b.note as string | null) ?? null, actor, by });
        return { key: 'staffSuggestionDone' };
      case 'reclassify': {
        const input = b as CaseActionInput<'reclassify'>;
        const done = await reclassifyCase(ctx, id, input, by);
        const after = done.afterOpened;
        // Say what followed: a complaint acknowledged (by e-mail, or a letter to post), or only the new kind.
        if (after && 'acknowledged' in after && after.acknowledged)
          return { key: `staffReclassifiedAcknowledged${letter(after.acknowledged)}` };
        return { key: 'staffReclassified', params: { kind: t(`kinds.${input.kind}`) } };
      }
    }
  };

  /** Which form field a refusal code is about, per form (else it is shown above the form). */
  const FIELD_OF: Partial<Record<PlainForm, Record<string, string>>> = {
    extend: {
      window_reversed: 'windowEnd',
      window_starts_in_past: 'windowStart',
      window_starts_before_answer_date: 'windowStart',
      window_not_later: 'windowEnd',
      window_end_not_working_day: 'windowEnd',
      window_start_not_working_day: 'windowStart',
      window_too_far: 'windowEnd',
      empty_text: 'reason',
    },
    close: { empty_text: 'reason' },
    reopen: { empty_text: 'reason' },
    note: { empty_text: 'text' },
    merge: { invalid_command: 'duplicateReference', same_value: 'duplicateReference' },
    forward: { invalid_command: 'department', same_value: 'department' },
    reclassify: {
      same_value: 'kind',
      case_closed: 'kind',
      already_escalated: 'kind',
      invalid_command: 'reason',
      forbidden_role: 'kind',
    },
  };

  for (const form of PLAIN_FORMS) {
    app.post(
      `/cases/:id/${CASE_ACTIONS[form].web}`,
      {
        attachValidation: true,
        schema: { params: caseParams, body: CASE_ACTION_INPUTS[form] },
        // The version the page showed is read before the action's schema drops what it does not name.
        preValidation: async (request) => {
          seenSent.set(request, seenOf((request.body as Record<string, unknown> | undefined)?.seen));
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        await guard(request, id, CASE_ACTIONS[form].act);
        const invalid = validationState(request);
        if (invalid) return showCase(request, reply, id, { [form]: invalid }, 422);
        try {
          const meanwhile = await meanwhileRefusal(ctx, request, id, form, seenSent.get(request) ?? null);
          if (meanwhile) throw meanwhile;
          const done = await run(request, form, id, request.body as Record<string, unknown>);
          if ('errors' in done) return showCase(request, reply, id, { [form]: done }, 422);
          return redirectAfterPost(ctx, request, reply, `/cases/${id}`, {
            key: done.key,
            ...(done.params ? { params: done.params } : {}),
          });
        } catch (e) {
          const { state: st, status } = refusalState(request, e, FIELD_OF[form] ?? {});
          return showCase(request, reply, id, { [form]: st }, status);
        }
      },
    );
  }

  // -- the answer, with attachments and a preview -----------------------------------------------------------------

  // An answer's or a reply's files go to the complainant in one e-mail, as the complainant's documents come in one:
  // together they may weigh what one e-mail carries once encoded (the same rule and setting). More would be
  // recorded as sent and then refused by the mail relay, with nobody told while it could still be fixed; so the
  // form is read with that limit and comes back with what was typed and the limit named (formAttachments). What
  // the form holds in memory is the files, then the message composed from them (base64) while it is stored.
  const readStaffAttachments = async (request: FastifyRequest, reply: FastifyReply) => {
    const maxFilesBytes = documentsLimit(ctx.config.smtp.maxMessageBytes);
    const form = await readStaffForm(request, reply, { heldPerByte: COMPOSED_HELD_PER_BYTE, maxFilesBytes });
    return { form, maxFilesBytes };
  };

  const readAnswer = async (request: FastifyRequest, reply: FastifyReply) => {
    const { form, maxFilesBytes } = await readStaffAttachments(request, reply);
    const values = {
      outcome: field(form, 'outcome') ?? '',
      text: field(form, 'text') ?? '',
      remedy: field(form, 'remedy') ?? '',
      rootCause: field(form, 'rootCause') ?? '',
      rootCauseNote: field(form, 'rootCauseNote') ?? '',
      remedyAmount: field(form, 'remedyAmount') ?? '',
      remedyCurrency: field(form, 'remedyCurrency') ?? '',
      seen: field(form, 'seen') ?? '',
    };
    const parsed = answerInput.safeParse(values);
    const errors: Record<string, string> = {};
    const t = request.t;
    // The same messages as any form route and the API (errors.ts), from the same schema (case-actions.ts); only
    // an outcome not chosen is said as a choice, since it is a group of buttons, not a field to fill in.
    if (!parsed.success)
      for (const p of zodFieldProblems(parsed.error.issues, t, values))
        errors[p.field] =
          p.field === 'outcome' && !values.outcome ? t('staff.errors.chooseOutcome') : p.message;
    const attachments = await formAttachments(form, t, errors, { lang: request.lang, maxFilesBytes });
    const state: FormState = { values, errors };
    return { state, data: parsed.success ? parsed.data : null, attachments, status: formStatus(form) };
  };

  app.post('/cases/:id/answer', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params;
    await guard(request, id, CASE_ACTIONS.answer.act);
    const { state, data, attachments, status } = await readAnswer(request, reply);
    if (!data || Object.keys(state.errors).length)
      return showCase(
        request,
        reply,
        id,
        { answer: state },
        status,
        data ?? draftOf(state),
        null,
        filesAgainOf('answer', attachments),
      );
    try {
      const meanwhile = await meanwhileRefusal(ctx, request, id, 'answer', seenOf(state.values.seen));
      if (meanwhile) throw meanwhile;
      const w = await answerCase(ctx, id, {
        ...data,
        attachments,
        actor: actingOf(request).actor,
        by: staffActor(request),
      });
      return redirectAfterPost(ctx, request, reply, `/cases/${id}`, {
        key: w.channel === 'letter' ? 'staffAnsweredLetter' : 'staffAnswered',
      });
    } catch (e) {
      const { state: st, status } = refusalState(request, e);
      st.values = state.values;
      return showCase(request, reply, id, { answer: st }, status, data);
    }
  });

  // -- the free reply, with snippets, attachments and a preview ---------------------------------------------------

  const readReply = async (request: FastifyRequest, reply: FastifyReply) => {
    const { form, maxFilesBytes } = await readStaffAttachments(request, reply);
    const values = {
      kind: field(form, 'kind') ?? 'reply',
      text: field(form, 'text') ?? '',
      snippet: field(form, 'snippet') ?? '',
      seen: field(form, 'seen') ?? '',
    };
    const parsed = replyInput.safeParse(values);
    const errors: Record<string, string> = {};
    const t = request.t;
    if (!parsed.success)
      for (const p of zodFieldProblems(parsed.error.issues, t, values)) errors[p.field] = p.message;
    const attachments = await formAttachments(form, t, errors, { lang: request.lang, maxFilesBytes });
    const state: FormState = { values, errors };
    return {
      state,
      data: parsed.success ? parsed.data : null,
      attachments,
      insert: field(form, 'insert') !== undefined,
      status: formStatus(form),
    };
  };

  app.post('/cases/:id/reply', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params;
    await guard(request, id, CASE_ACTIONS.reply.act);
    const { state, data, attachments, status } = await readReply(request, reply);
    if (!data || Object.keys(state.errors).length)
      return showCase(
        request,
        reply,
        id,
        { reply: state },
        status,
        null,
        replyDraftOf(state),
        filesAgainOf('reply', attachments),
      );
    try {
      const meanwhile = await meanwhileRefusal(ctx, request, id, 'reply', seenOf(state.values.seen));
      if (meanwhile) throw meanwhile;
      const w = await sendReply(ctx, id, {
        ...data,
        attachments,
        actor: actingOf(request).actor,
        by: staffActor(request),
      });
      return redirectAfterPost(ctx, request, reply, `/cases/${id}`, {
        key:
          w.channel === 'letter'
            ? `staffReplied${data.kind === 'update' ? 'Update' : ''}Letter`
            : `staffReplied${data.kind === 'update' ? 'Update' : ''}`,
      });
    } catch (e) {
      const { state: st, status } = refusalState(request, e, { empty_text: 'text' });
      st.values = state.values;
      return showCase(request, reply, id, { reply: st }, status, null, replyDraftOf(state));
    }
  });

  // The preview, and inserting a snippet into the text: both show the form again with the draft kept, so they
  // work with the keyboard and without scripts (htmx swaps only the form when it is there).
  app.post('/cases/:id/reply/preview', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params;
    const s = await guard(request, id, CASE_ACTIONS.reply.act);
    const { state, attachments, insert, status } = await readReply(request, reply);
    const files = filesRefusal(state, status);
    const errors: Record<string, string> = files.errors;
    // The preview button asked by htmx (not a snippet inserted, which changes the text): only the preview is
    // replaced, as for the answer, so the files chosen stay in the form.
    if (!insert && wantsFragment(request, 'reply-preview')) {
      if (!files.errors.attachments) {
        const draft = replyDraftOf(state);
        const preview = draft.text.trim() ? await previewReply(ctx, id, draft) : null;
        return sendFragment(reply, replyPreview(request, preview, s.language));
      }
      // The preview alone would say nothing where the files are chosen: the whole page, as for the answer.
      reply.header('hx-retarget', 'body').header('hx-reswap', 'innerHTML');
    }
    if (insert) {
      const chosen = state.values.snippet
        ? await snippetToInsert(ctx, state.values.snippet, s.language)
        : null;
      if (!chosen) errors.snippet = request.t('replies.form.noSuchSnippet');
      else {
        const had = (state.values.text ?? '').replace(/\s+$/, '');
        state.values.text = (had ? `${had}\n\n${chosen.body}` : chosen.body).slice(0, LIMITS.replyText);
      }
    }
    return showCase(
      request,
      reply,
      id,
      { reply: { values: state.values, errors } },
      files.status,
      null,
      replyDraftOf(state),
      filesAgainOf('reply', attachments),
    );
  });

  app.post('/cases/:id/answer/preview', { schema: { params: caseParams } }, async (request, reply) => {
    const { id } = request.params;
    const s = await guard(request, id, CASE_ACTIONS.answer.act);
    const { state, attachments, status } = await readAnswer(request, reply);
    const draft = draftOf(state);
    const files = filesRefusal(state, status);
    if (wantsFragment(request, 'answer-preview')) {
      if (!files.errors.attachments)
        return sendFragment(reply, answerPreview(request, await previewAnswer(ctx, id, draft), s.language));
      // The preview alone would say nothing where the files are chosen: htmx is told to show the whole page
      // instead, as after sending the form, with the sentence at the attachments and the preview beside it.
      reply.header('hx-retarget', 'body').header('hx-reswap', 'innerHTML');
    }
    return showCase(
      request,
      reply,
      id,
      { answer: { values: state.values, errors: files.errors } },
      files.status,
      draft,
      null,
      filesAgainOf('answer', attachments),
    );
  });
};

/** The version each plain form sent, read before its schema leaves only the action's own fields. */
const seenSent = new WeakMap<FastifyRequest, number | null>();

/**
 * What a preview says about the files sent with it: the sentence sending would show at the attachments (readAnswer
 * and readReply put it in the form's errors, refused files being dropped), with sending's status (413 for a form
 * over its budget, else 422), so that nobody sends the form believing the files attached. The text's own errors
 * are not shown: a preview is asked while the text is still being written. Files that pass leave the preview at 200.
 */
function filesRefusal(
  state: FormState,
  status: 413 | 422,
): { errors: Record<string, string>; status: 200 | 413 | 422 } {
  const said = state.errors.attachments;
  return said ? { errors: { attachments: said }, status } : { errors: {}, status: 200 };
}

/**
 * The files chosen in an answer or reply form that comes back as a whole page (a preview without scripts, a snippet
 * inserted, what was typed refused): a browser never fills in a file field for a page, so they are no longer
 * attached, and the page names them beside the field to be chosen again (case.page.ts). None when the files were
 * refused: their own sentence already asks for them again, and `attachments` is then empty.
 */
function filesAgainOf(
  form: FilesAgain['form'],
  attachments: ReadonlyArray<{ filename: string }>,
): FilesAgain | null {
  return attachments.length ? { form, names: attachments.map((a) => a.filename) } : null;
}

/** The history filter asked for in the address (only on the page itself; a form's answer shows everything). */
function historyOf(request: FastifyRequest): HistoryFilter {
  const h = (request.query as { history?: unknown } | undefined)?.history;
  return request.method === 'GET' && (HISTORY_FILTERS as readonly unknown[]).includes(h)
    ? (h as HistoryFilter)
    : 'all';
}

function replyDraftOf(state: FormState): { kind: ReplyKind; text: string } {
  const kind = (REPLY_KINDS as readonly string[]).includes(state.values.kind ?? '')
    ? (state.values.kind as ReplyKind)
    : 'reply';
  return { kind, text: state.values.text ?? '' };
}

function draftOf(state: FormState): { outcome: Outcome; text: string | null; remedy: string | null } {
  const outcome = (OUTCOMES as readonly string[]).includes(state.values.outcome ?? '')
    ? (state.values.outcome as Outcome)
    : 'upheld';
  return { outcome, text: state.values.text?.trim() || '…', remedy: state.values.remedy?.trim() || null };
}
