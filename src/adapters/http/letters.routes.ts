// Letters in: staff register a postal letter with its scan; register-letter.ts opens the case
// (or files the letter on the case it names, or escalates it to step 2) and acknowledges it in one transaction.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  letterArrivedLongAgo,
  letterFiledOnCase,
  letterFormDefaults,
  letterPromise,
  registerLetter,
} from '../../app/register-letter.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import { isCaseReference } from '../../core/case/reference.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { scanTypeOf } from '../../core/files/scan-types.ts';
import { storedAddress } from '../../core/intake/addresses.ts';
import { isEmptyLetter } from '../../core/intake/letter-form.ts';
import { typedTicketNumber } from '../../core/intake/ticket-refs.ts';
import { may } from './access.ts';
import { HttpError } from './errors.ts';
import { bytes, type FormState } from './pages/components.ts';
import { LETTER_FIELDS, LETTER_PROMISE_ID, letterPage, promiseNotice } from './pages/letter.page.ts';
import { refusalState } from './pages/staff-components.ts';
import { redirectAfterPost, sendFragment, sendPage, wantsFragment } from './render.ts';
import { staffActor } from './staff-access.ts';
import { field, filesBusyError, MAX_SCAN_BYTES, readStaffForm, registerUploads } from './uploads.ts';

/** Where the use case's "field: message" refusals belong in the form. */
const FIELD_PREFIX: Record<string, string> = {
  arrived: 'arrived',
  time: 'time',
  step: 'step',
  kind: 'kind',
  'complainant.email': 'email',
  'complainant.name': 'name',
  'complainant.phone': 'phone',
  'complainant.postalAddress': 'postalAddress',
  title: 'title',
  description: 'description',
  expectations: 'expectations',
  domains: 'domains',
  ticketRefs: 'ticketRefs',
  caseReference: 'caseReference',
  scan: 'scan',
  language: 'language',
};

const splitList = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export const letterRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // The form takes one scan, so it is read up to one scan at its limit and the fields (about 20 MB), not five
  // files' worth. A form over that comes back with what was typed and the scan's limit at the scan (its bytes let
  // go); one far over it, too large to be read at all, is refused with the scan's limit.
  await registerUploads(app, MAX_SCAN_BYTES, {
    files: 1,
    readOverBudget: true,
    tooLarge: (request) =>
      new HttpError('payload_too_large', 'a letter larger than its door reads', {
        context: 'scan',
        fileSize: bytes(request.lang, MAX_SCAN_BYTES),
      }),
  });
  const maxMegabytes = Math.round(MAX_SCAN_BYTES / 1048576);

  const show = async (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[1],
    state: FormState,
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('staff.letter.title'),
        section: 'letters',
        content: letterPage(
          request,
          state,
          maxMegabytes,
          await promiseOf(state.values),
          oldDayOf(state.values),
        ),
      },
      status,
    );

  /** The day of arrival entered, when it is more than a year back: the form asks to confirm it (arrival.ts). */
  const oldDayOf = (v: Record<string, string | undefined>) =>
    v.arrived && letterArrivedLongAgo(ctx, v.arrived, v.time || null) ? v.arrived.trim() : null;

  /**
   * What the acknowledgement would promise for the arrival entered: complaints only (suggestions have no clock),
   * and only for a letter that opens a case; one filed on the case it quotes promises nothing new.
   */
  const promiseOf = async (v: Record<string, string | undefined>) => {
    if (v.kind === 'suggestion' || !v.arrived) return null;
    const reference = v.caseReference?.trim();
    if (reference && isCaseReference(reference)) {
      const step = v.step === '1' ? 1 : v.step === '2' ? 2 : null;
      if (await letterFiledOnCase(ctx, reference, step, v.title || null)) return null;
    }
    return letterPromise(ctx, v.arrived, v.time || null);
  };

  app.get(
    '/letters/new',
    {
      schema: {
        querystring: z.object({
          case: z.string().max(30).optional().catch(undefined),
          arrived: z.string().max(40).optional().catch(undefined),
          time: z.string().max(10).optional().catch(undefined),
          kind: z.string().max(20).optional().catch(undefined),
          step: z.string().max(2).optional().catch(undefined),
          caseReference: z.string().max(30).optional().catch(undefined),
          title: z.string().max(300).optional().catch(undefined),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      // The warning about a passed answer date, refreshed as the date of arrival is typed.
      if (wantsFragment(request, LETTER_PROMISE_ID))
        return sendFragment(
          reply,
          promiseNotice(request, await promiseOf(q), { values: {}, errors: {} }, oldDayOf(q)),
        );
      const today = ctx.calendar.localDate(ctx.clock.now()).toString();
      // "Record a letter on this case": the case's language and its complainant's known details.
      const known = q.case ? await letterFormDefaults(ctx, q.case) : null;
      return show(request, reply, {
        values: {
          arrived: today,
          kind: known?.kind ?? 'complaint',
          // Empty: the complainant's language when they are known, else the letter's own (register-letter.ts).
          language: known?.language ?? '',
          caseReference: known?.caseReference ?? q.case ?? '',
          name: known?.name ?? '',
          email: known?.email ?? '',
          phone: known?.phone ?? '',
          postalAddress: known?.postalAddress?.join('\n') ?? '',
        },
        errors: {},
      });
    },
  );

  // The form posts to its own address, so that after a refusal the page shown (the form with the errors) is at
  // an address that can be reloaded or shared. `POST /letters` stays for forms rendered by an older release.
  const register = async (request: FastifyRequest, reply: Parameters<typeof sendPage>[1]) => {
    const t = request.t;
    const form = await readStaffForm(request, reply);
    const values: Record<string, string> = {};
    for (const name of LETTER_FIELDS) if (name !== 'scan') values[name] = field(form, name)?.trim() ?? '';
    const errors: Record<string, string> = {};
    // What can be checked here is checked here, in the reader's language; the use case checks the rest.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.arrived ?? ''))
      errors.arrived = values.arrived ? t('staff.errors.date') : t('validation.required');
    else if (values.arrived! > ctx.calendar.localDate(ctx.clock.now()).toString())
      errors.arrived = t('staff.errors.dateInFuture');
    if (values.time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(values.time)) errors.time = t('staff.errors.time');
    if (!['complaint', 'suggestion'].includes(values.kind ?? '')) errors.kind = t('validation.oneOf');
    if (!['', '1', '2'].includes(values.step ?? '')) errors.step = t('validation.oneOf');
    if (values.kind === 'suggestion' && values.step) errors.step = t('staff.errors.suggestionNoStep');
    if (values.language && !(LANGUAGES as readonly string[]).includes(values.language))
      errors.language = t('validation.oneOf');
    if (values.email && storedAddress(values.email) === null) errors.email = t('validation.email');
    if (values.caseReference && !isCaseReference(values.caseReference))
      errors.caseReference = t('validation.reference');
    // Each by the rule of every door (ticket-refs.ts); the use case keeps them in the form the rule gives.
    const tickets = splitList(values.ticketRefs ?? '');
    if (tickets.some((x) => typedTicketNumber(x) === null)) errors.ticketRefs = t('staff.errors.ticketRefs');
    const scanFile = form.files.find((f) => f.field === 'scan') ?? null;
    const busy = filesBusyError(form, t);
    if (busy) errors.scan = busy;
    // The whole form was over its budget: its scan was let go, its text read; say so, with the scan's limit.
    else if (form.overBudget) errors.scan = t('staff.errors.scanOverBudget', { max: maxMegabytes });
    else if (form.tooLarge || form.tooMany)
      errors.scan = t('staff.errors.fileTooLarge', { max: maxMegabytes });
    // A scan was chosen but came without a byte (a file still being written, a failed copy): registering the
    // letter without it would lose the scan silently.
    else if (form.emptyFile) errors.scan = t('staff.errors.scanEmpty', { name: form.emptyFile });
    else if (scanFile) {
      // The rule of every door that registers letters (core/files/scan-types.ts).
      if (!scanTypeOf(scanFile.content)) errors.scan = t('staff.errors.scanType');
    }
    if (
      !errors.scan &&
      isEmptyLetter({
        hasScan: scanFile !== null && scanFile.content.byteLength > 0,
        name: values.name || null,
        title: values.title || null,
        description: values.description || null,
        expectations: values.expectations || null,
      })
    )
      errors.description = t('staff.errors.letterEmpty');
    // A promise is never in the past: registering a complaint whose answer date has passed is done knowingly.
    const promise = await promiseOf(values);
    if (promise?.passed && values.confirmLate !== 'yes') errors.confirmLate = t('staff.errors.confirmLate');
    // A date more than a year back is most often a mistyped year: registered only once confirmed (arrival.ts).
    const oldDay = errors.arrived ? null : oldDayOf(values);
    if (oldDay && values.confirmOld !== 'yes') errors.confirmOld = t('staff.errors.confirmOld');
    if (Object.keys(errors).length) {
      // A file input cannot be filled again by the page: say so rather than lose the scan silently.
      const message = scanFile ? t('staff.letter.scanAgain') : null;
      return show(request, reply, { values, errors, message }, form.overBudget ? 413 : 422);
    }
    try {
      const done = await registerLetter(
        ctx,
        {
          arrived: values.arrived!,
          time: values.time || null,
          kind: values.kind as 'complaint' | 'suggestion',
          step: values.step === '1' ? 1 : values.step === '2' ? 2 : null,
          complainant: {
            name: values.name || null,
            email: values.email || null,
            phone: values.phone || null,
            // The lines typed, the empty ones left out: the limit on lines counts the address's lines, not its gaps.
            postalAddress: values.postalAddress
              ? values.postalAddress.split(/\r?\n/).filter((line) => line.trim())
              : null,
          },
          language: (values.language || null) as (typeof LANGUAGES)[number] | null,
          title: values.title || null,
          ticketRefs: tickets,
          domains: splitList(values.domains ?? ''),
          description: values.description || null,
          expectations: values.expectations || null,
          caseReference: values.caseReference || null,
          confirmOldArrival: oldDay !== null && values.confirmOld === 'yes',
        },
        scanFile ? { content: scanFile.content, filename: scanFile.filename, contentType: null } : null,
        staffActor(request),
      );
      if (!done.caseId)
        return redirectAfterPost(ctx, request, reply, '/queues', { key: 'staffLetterRegistered' });
      const key = done.duplicate
        ? !scanFile
          ? 'staffLetterDuplicateTyped'
          : 'staffLetterDuplicate'
        : done.filing === 'filed_on_case'
          ? 'staffLetterFiled'
          : done.acknowledgement === 'email'
            ? 'staffLetterOpenedEmail'
            : done.acknowledgement === 'letter'
              ? 'staffLetterOpenedLetter'
              : done.toAddress
                ? 'staffLetterOpenedToAddress'
                : 'staffLetterOpened';
      // A letter without an e-mail address from someone whose name and postal address a record holds already
      // (register-letter.ts): staff who may merge records land on the new record's merge form with that record
      // named, to merge them if they are one person (a restriction on theirs then applies); nothing is merged here.
      if (!done.duplicate && done.sameRecord && done.complainantId) {
        const params = {
          reference: done.reference ?? '',
          name: done.sameRecord.name ?? '',
          restricted: done.sameRecord.restricted ? request.t('staff.letter.sameRecordRestricted') : '',
        };
        if (may(request.principal?.role ?? null, 'POST /complainants/:id/merge'))
          return redirectAfterPost(
            ctx,
            request,
            reply,
            `/complainants/${done.complainantId}?merge=${encodeURIComponent(done.sameRecord.complainantId)}#merge-title`,
            { key: 'staffLetterSameRecordMerge', params, tone: 'info' },
          );
        return redirectAfterPost(ctx, request, reply, `/cases/${done.caseId}`, {
          key: 'staffLetterSameRecord',
          params,
          tone: 'info',
        });
      }
      // A letter giving other contact details than its writer's record left the record as it was: said plainly,
      // since staff decide whether the letter is truly that person's (letter-contact.ts).
      const differs = done.contactDiffers ?? [];
      if (!done.duplicate && differs.length) {
        const names = differs.map((f) => request.t(`staff.letter.contactFields.${f}`));
        const fields =
          names.length > 1
            ? `${names.slice(0, -1).join(', ')} ${request.t('staff.letter.contactFields.and')} ${names.at(-1)}`
            : names[0]!;
        return redirectAfterPost(ctx, request, reply, `/cases/${done.caseId}`, {
          key: 'staffLetterContactDiffers',
          params: { reference: done.reference ?? '', fields },
          tone: 'info',
        });
      }
      return redirectAfterPost(ctx, request, reply, `/cases/${done.caseId}`, {
        key,
        params: { reference: done.reference ?? '' },
      });
    } catch (e) {
      // The use case names the field first ("domains: … is not a domain name"): show it there.
      let fieldName: string | null = null;
      if (e instanceof DomainError && e.code === 'invalid_command') {
        const m = /^(?:The letter cannot be registered: )?([\w.]+):/.exec(e.message);
        // A refusal of one item of a list (`domains.3`, `complainant.postalAddress.0`) belongs at the list's field.
        fieldName = m ? (FIELD_PREFIX[m[1]!] ?? FIELD_PREFIX[m[1]!.replace(/\.\d+$/, '')] ?? null) : null;
      }
      const { state, status } = refusalState(request, e);
      state.values = values;
      if (fieldName && state.message) {
        state.errors[fieldName] = state.message;
        state.message = null;
      }
      return show(request, reply, state, status === 404 ? 422 : status);
    }
  };
  app.post('/letters/new', register);
  app.post('/letters', register);
};
