// Letters in: staff register a postal letter with its scan; register-letter.ts opens the case
// (or files the letter on the case it names, or escalates it to step 2) and acknowledges it in one transaction.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { registerLetter, scanTypeOf } from '../../app/register-letter.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import { DomainError } from '../../core/case/refusal.ts';
import type { FormState } from './pages/components.ts';
import { LETTER_FIELDS, letterPage } from './pages/letter.page.ts';
import { refusalState } from './pages/staff-components.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { staffActor } from './staff-access.ts';
import { field, MAX_SCAN_BYTES, readForm, registerUploads } from './uploads.ts';

const ACCEPTED_SCANS = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** Where the use case's "field: message" refusals belong in the form. */
const FIELD_PREFIX: Record<string, string> = {
  arrived: 'arrived',
  time: 'time',
  step: 'step',
  kind: 'kind',
  'complainant.email': 'email',
  'complainant.name': 'name',
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
  await registerUploads(app, MAX_SCAN_BYTES);
  const maxMegabytes = Math.round(MAX_SCAN_BYTES / 1048576);

  const show = (
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
        content: letterPage(request, state, maxMegabytes),
      },
      status,
    );

  app.get(
    '/letters/new',
    { schema: { querystring: z.object({ case: z.string().max(30).optional().catch(undefined) }) } },
    async (request, reply) => {
      const today = ctx.calendar.localDate(ctx.clock.now()).toString();
      return show(request, reply, {
        values: {
          arrived: today,
          kind: 'complaint',
          language: ctx.config.defaultLanguage,
          caseReference: request.query.case ?? '',
        },
        errors: {},
      });
    },
  );

  app.post('/letters', async (request, reply) => {
    const t = request.t;
    const form = await readForm(request);
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
    if (!(LANGUAGES as readonly string[]).includes(values.language ?? ''))
      errors.language = t('validation.oneOf');
    if (values.email && !z.email().safeParse(values.email).success) errors.email = t('validation.email');
    if (values.caseReference && !/^[A-Za-z]{2,6}-\d{4}-\d{6}$/.test(values.caseReference))
      errors.caseReference = t('validation.reference');
    const tickets = splitList(values.ticketRefs ?? '').map((x) => x.replace(/^#/, ''));
    if (tickets.some((x) => !/^\d{3,12}$/.test(x))) errors.ticketRefs = t('staff.errors.ticketRefs');
    const scanFile = form.files.find((f) => f.field === 'scan') ?? null;
    if (form.tooLarge || form.tooMany) errors.scan = t('staff.errors.fileTooLarge', { max: maxMegabytes });
    else if (scanFile) {
      const type = scanTypeOf(scanFile.content);
      if (!type || !ACCEPTED_SCANS.has(type)) errors.scan = t('staff.errors.scanType');
    }
    if (Object.keys(errors).length) return show(request, reply, { values, errors }, 422);
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
            postalAddress: values.postalAddress ? values.postalAddress.split(/\r?\n/) : null,
          },
          language: values.language as (typeof LANGUAGES)[number],
          title: values.title || null,
          ticketRefs: tickets,
          domains: splitList(values.domains ?? ''),
          description: values.description || null,
          expectations: values.expectations || null,
          caseReference: values.caseReference || null,
        },
        scanFile ? { content: scanFile.content, filename: scanFile.filename, contentType: null } : null,
        staffActor(request),
      );
      if (!done.caseId)
        return redirectAfterPost(ctx, request, reply, '/queues', { key: 'staffLetterRegistered' });
      const key = done.duplicate
        ? 'staffLetterDuplicate'
        : done.filing === 'filed_on_case'
          ? 'staffLetterFiled'
          : done.acknowledgement === 'email'
            ? 'staffLetterOpenedEmail'
            : done.acknowledgement === 'letter'
              ? 'staffLetterOpenedLetter'
              : 'staffLetterOpened';
      return redirectAfterPost(ctx, request, reply, `/cases/${done.caseId}`, {
        key,
        params: { reference: done.reference ?? '' },
      });
    } catch (e) {
      // The use case names the field first ("domains: … is not a domain name"): show it there.
      let fieldName: string | null = null;
      if (e instanceof DomainError && e.code === 'invalid_command') {
        const m = /^(?:The letter cannot be registered: )?([\w.]+):/.exec(e.message);
        fieldName = m ? (FIELD_PREFIX[m[1]!] ?? null) : null;
      }
      const { state, status } = refusalState(request, e);
      state.values = values;
      if (fieldName && state.message) {
        state.errors[fieldName] = state.message;
        state.message = null;
      }
      return show(request, reply, state, status === 404 ? 422 : status);
    }
  });
};
