// The API's door, /api/v1: bearer tokens scoped to a role, the same use cases and rules as the pages, the
// OpenAPI document generated from these zod schemas, and a reference page listing every operation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { handleInboxItem, type InboxAction } from '../../app/handle-inbox-item.ts';
import { IMAP_NOTICE_FILTERS, listImapNoticesPage } from '../../app/imap-notices.ts';
import { getInboxItem, INBOX_FILTERS, listInbox } from '../../app/list-inbox.ts';
import { AUDIT_ACTIONS, listAudit } from '../../app/record-audit.ts';
import { ROLES } from '../../core/access/roles.ts';
import { INBOX_REASONS, INBOX_STATUSES, KINDS, OTHER_REASONS } from '../../core/case/model.ts';
import { STAFF_NOTES, type StaffNoteKey } from '../../core/intake/staff-notes.ts';
import { accessOf, routeKey } from './access.ts';
import { FieldCounter, MAX_BODY_FIELDS } from './body-budget.ts';
import { HttpError } from './errors.ts';
import { wholeNumberParam } from './forms.ts';
import { inboxActionBodies, itemParams } from './inbox.routes.ts';
import { staffNoteParts } from './pages/staff-note.part.ts';
import { sendPage } from './render.ts';
import { staffActor } from './staff-access.ts';

const errorOut = z
  .object({
    error: z.object({
      code: z.string().describe('A stable code, e.g. forbidden_role, inbox_item_handled, validation_failed.'),
      message: z.string().describe('A sentence for a person, in the language of Accept-Language.'),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe('An error');

const errors = { '4xx': errorOut, '5xx': errorOut };

const inboxItemOut = z.object({
  id: z.string(),
  status: z.enum(INBOX_STATUSES),
  reason: z.enum(INBOX_REASONS),
  kind: z.enum(KINDS),
  receivedAt: z.string().describe('ISO 8601 UTC'),
  handledAt: z.string().nullable(),
  caseId: z.string().nullable(),
  caseReference: z.string().nullable(),
  correspondence: z.object({
    id: z.string(),
    channel: z.string(),
    mailbox: z.string().nullable(),
    subject: z.string(),
    from: z.object({ name: z.string().nullable(), address: z.string().nullable() }),
  }),
});

/**
 * The code of a sentence Redress writes in notes, as the API's other codes are written (snake_case): the sentence's
 * key (src/core/intake/staff-notes.ts), which stays as long as the sentence does.
 */
const noteCode = (key: StaffNoteKey) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const NOTE_CODES = (Object.keys(STAFF_NOTES) as StaffNoteKey[]).map(noteCode);

const inboxItemDetailOut = inboxItemOut.extend({
  otherReason: z.enum(OTHER_REASONS).nullable(),
  note: z
    .string()
    .nullable()
    .describe(
      "The item's note, in the language of Accept-Language: the sentences Redress wrote translated, a person's words as written.",
    ),
  noteParts: z
    .array(
      z.object({
        code: z
          .enum(NOTE_CODES)
          .nullable()
          .describe(
            'Which sentence of Redress this is (e.g. set_aside_moved); null for words it did not write.',
          ),
        values: z.record(z.string(), z.string()).describe('The values in the sentence, as written in it.'),
        text: z.string().describe('This part of `note`.'),
      }),
    )
    .nullable()
    .describe('The note part by part, in order (joined by a space they make `note`).'),
  handledBy: z.string().nullable(),
  textBody: z.string().nullable(),
});

const placeOut = z.object({
  movedTo: z
    .string()
    .nullable()
    .describe('The set-aside folder it was moved to; null: it stays in `folder`.'),
  keyword: z.string().nullable().describe('The keyword set on it there; null: none (the server refused it).'),
});

const imapNoticeOut = z.object({
  id: z.string(),
  status: z.enum(['open', 'dealt_with']),
  reason: z
    .enum(['not_given', 'too_large'])
    .describe('not_given: the server failed each time it was asked for it; too_large: over the size limit.'),
  account: z.string().describe('The IMAP account, user@host.'),
  folder: z.string().describe('The folder the message was found in.'),
  uidValidity: z.string(),
  uid: z.number().int(),
  place: placeOut
    .nullable()
    .describe('Where the message is on the server; null while the door was still moving it.'),
  planned: placeOut.describe('Where it was to go, while `place` is null.'),
  bytes: z.number().int().nullable().describe('Its size (too_large).'),
  limit: z.number().int().nullable().describe('The size limit it is over (too_large).'),
  tries: z.number().int().nullable().describe('The tries that failed (not_given).'),
  error: z
    .string()
    .nullable()
    .describe('The last failure, as the server or the connection said it (not_given).'),
  noticedAt: z
    .string()
    .describe('ISO 8601 UTC; the last failure, where it failed again after being dealt with.'),
  dealtWithAt: z.string().nullable(),
  dealtWithBy: z
    .object({ actor: z.string(), name: z.string().nullable() })
    .nullable()
    .describe('Who marked it dealt with: the actor as recorded, and the account as a name and address.'),
});

const actionResultOut = z.object({
  id: z.string(),
  status: z.enum(INBOX_STATUSES),
  caseId: z.string().nullable(),
  caseReference: z.string().nullable(),
});

// As the case lists write theirs, so that a number out of range is refused with the range (forms.ts).
const pageQuery = {
  page: wholeNumberParam(1, 100_000, 1),
  pageSize: wholeNumberParam(1, 100, 25),
};

/**
 * Control characters no person writes (C0, DEL and C1, but tab, line feed and carriage return): a NUL, which
 * PostgreSQL keeps in no text and which made a request fail there, an ESC that would reach a terminal, a BEL.
 * Refused, not dropped, so that a client learns its data is not what it thinks.
 */
// The Cc category but for tab, LF and CR, written out: a plain class, since every request's text is read with it, a
// letter's scan in base64 (up to 14 MB) included, and it reads faster than a Unicode property with a lookahead.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The path (`complainant.postalAddress.1`) of the first key or text holding a control character, or null. */
function controlCharacterAt(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? path.join('.') || '_' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (CONTROL_CHARACTER.test(key)) return [...path, key].join('.');
    const found = controlCharacterAt(inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Refuses a control character in what an API request sends (its address's parameters, its query, its JSON body;
 * `prefix` names where a body read by the route itself sits) as a refused field, before any schema or use case
 * sees it: 422 validation_failed naming the field and the fix, as every other refused value is named
 * (errors.ts problemOf, which reads the issue as the zod type provider writes it).
 */
export function refuseControlCharacters(parts: readonly unknown[], prefix: string[] = []): void {
  for (const part of parts) {
    const field = controlCharacterAt(part, prefix);
    if (field === null) continue;
    throw fieldRefusal(field, 'validation.controlCharacters');
  }
}

/**
 * A route that reads a JSON body takes it as application/json only: a body sent as a form or as text was read by
 * another parser (one value, or flat fields) and then refused as if a field were missing, and a form's flat fields
 * were even accepted; the sender is told to send JSON instead, before the body is read.
 */
export const apiBodyTypeHook = async (request: FastifyRequest) => {
  if (!request.routeOptions.schema?.body) return;
  const length = request.headers['content-length'];
  const sent = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  const type = request.headers['content-type'] ?? '';
  if (sent && !/^application\/json\s*(;|$)/i.test(type))
    throw new HttpError('unsupported_media_type', `${type || 'no type'}: application/json expected`, {
      context: 'json',
    });
};

/** What the walk below reads of a zod schema's definition. */
interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  catchall?: { _zod: { def: SchemaDef } };
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  options?: Array<{ _zod: { def: SchemaDef } }>;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * The path of the first key of `value` that `schema` does not know (`complainant.phoneNumber`), or null. The body
 * schemas are shared with the staff pages, whose forms send fields of their own, and zod drops keys it does not
 * know; read here, so that an API client's misspelt field or a recipient it thinks it chose is named rather than
 * dropped. An object open to any key (a record, a catch-all) and a union none of whose objects knows all the keys
 * are left to the schema.
 */
function unknownKeyAt(def: SchemaDef | undefined, value: unknown, path: string[] = []): string | null {
  if (!def || typeof value !== 'object' || value === null) return null;
  if (WRAPPERS.has(def.type)) return unknownKeyAt(def.innerType?._zod.def, value, path);
  if (def.type === 'pipe') return unknownKeyAt(def.in?._zod.def, value, path);
  if (def.type === 'array' && Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unknownKeyAt(def.element?._zod.def, item, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (def.type === 'union') {
    const found = (def.options ?? []).map((o) => unknownKeyAt(o._zod.def, value, path));
    return found.includes(null) ? null : (found[0] ?? null);
  }
  if (def.type !== 'object' || Array.isArray(value) || !def.shape) return null;
  const catchall = def.catchall?._zod.def.type;
  for (const [key, inner] of Object.entries(value)) {
    const known = Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
    if (!known) {
      if (catchall && catchall !== 'never') continue;
      return [...path, key].join('.');
    }
    const found = unknownKeyAt(known._zod.def, inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** A refused field as the zod type provider writes one, so that errors.ts names it as it names every other. */
function fieldRefusal(field: string, messageKey: string): Error {
  return Object.assign(new Error(`${field}: ${messageKey}`), {
    statusCode: 422,
    validation: [
      {
        [Symbol.for('ZodFastifySchemaValidationError')]: true,
        keyword: 'custom',
        instancePath: `/${field.split('.').join('/')}`,
        schemaPath: '#',
        message: messageKey,
        params: {},
      },
    ],
  });
}

/** Refuses a key of a JSON body that its route's schema does not know (see unknownKeyAt). */
export function refuseUnknownFields(schema: unknown, body: unknown, prefix: string[] = []): void {
  const def = (schema as { _zod?: { def: SchemaDef } } | undefined)?._zod?.def;
  const field = unknownKeyAt(def, body, prefix);
  if (field !== null) throw fieldRefusal(field, 'validation.unknownField');
}

type Frame = { keys: Set<string>; key: string } | { index: number };

/**
 * The path (`complainant.email`) of the first key an object of this JSON text gives twice, or null. JSON.parse keeps
 * the last of the two and drops the first without a word, while a proxy or a log in front may read the first: which
 * one the sender meant is not known. Read on text that parsed, so every string ends where the scan says; a key is
 * compared as decoded (`"\u0065mail"` is `email`), and the same key in two objects is two fields.
 */
export function repeatedKeyAt(text: string): string | null {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // To the closing quote: the next one not escaped by an odd number of backslashes.
      let end = text.indexOf('"', i + 1);
      for (;;) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      const top = stack.at(-1);
      if (expectKey && top && 'keys' in top) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key))
          return [...stack.slice(0, -1).map((f) => ('keys' in f ? f.key : String(f.index))), key].join('.');
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      stack.push({ keys: new Set(), key: '' });
      expectKey = true;
    } else if (c === 0x5b) stack.push({ index: 0 });
    else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = stack.at(-1);
      if (top && 'keys' in top) expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/**
 * The API's JSON parser: Fastify's own (the same refusals of a body cut short or a `__proto__` key), then a key given
 * twice in one object refused as a field (repeatedKeyAt). For the plugin it is installed in only.
 */
export function installApiJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    parse(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const field = repeatedKeyAt(text);
      if (field !== null) return done(fieldRefusal(field, 'validation.duplicateKey'), undefined);
      done(null, value);
    });
  });
}

/**
 * A JSON object sent as the text of a multipart field (the letter beside its scan), read under the rules of a JSON
 * body: no more values or levels of nesting than any body may carry (body-budget.ts; the schema checks and the
 * control-character walk go down every level, and a field of lists in lists ran them out of stack, a 500), no key
 * given twice, no control character. `field` names it in every refusal. Undefined when the text is not JSON.
 */
export function parseJsonField(text: string, field: string): unknown {
  const counter = new FieldCounter('json');
  if (counter.add(Buffer.from(text, 'utf8')) > MAX_BODY_FIELDS)
    throw new HttpError('payload_too_large', `field ${field}: more than ${MAX_BODY_FIELDS} values`, {
      context: 'json_field',
      field,
      max: MAX_BODY_FIELDS,
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const repeated = repeatedKeyAt(text);
  if (repeated !== null) throw fieldRefusal(`${field}.${repeated}`, 'validation.duplicateKey');
  refuseControlCharacters([value], [field]);
  return value;
}

/** The hook of both API plugins: every request's parameters, query and body, before they are validated. */
export const apiInputHook = async (request: FastifyRequest) => {
  refuseControlCharacters([request.params, request.query, request.body]);
  refuseUnknownFields(request.routeOptions.schema?.body, request.body);
};

export const apiRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  installApiJsonParser(app);
  app.addHook('onRequest', apiBodyTypeHook);
  app.addHook('preValidation', apiInputHook);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api/v1/docs', { schema: { hide: true } }, async (request, reply) => {
    const { t } = request;
    const doc = app.swagger() as {
      paths?: Record<string, Record<string, { summary?: string; description?: string }>>;
    };
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const access = accessOf(routeKey(method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1')));
        const roles =
          access === 'public'
            ? t('apiDocs.publicAccess')
            : access === 'signed_in'
              ? t('apiDocs.anyRole')
              : (access ?? []).map((r) => t(`roles.${r}`)).join(', ');
        return {
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? '',
          description: op.description ?? '',
          roles,
        };
      }),
    );
    return sendPage(request, reply, {
      title: t('apiDocs.title'),
      section: 'apiDocs',
      bare: !request.principal,
      content: html`<p class="lead">${t('apiDocs.intro')}</p>
        <p><a href="/api/v1/openapi.json" hx-boost="false">${t('apiDocs.document')}</a> (OpenAPI 3.1, JSON)</p>
        <table class="list">
          <caption class="visually-hidden">${t('apiDocs.title')}</caption>
          <thead><tr>
            <th scope="col">${t('apiDocs.method')}</th><th scope="col">${t('apiDocs.path')}</th>
            <th scope="col">${t('apiDocs.operation')}</th><th scope="col">${t('apiDocs.roles')}</th>
          </tr></thead>
          <tbody>${ops.map(
            (o) => html`<tr><td><code>${o.method}</code></td><td><code>${o.path}</code></td>
              <td><strong>${o.summary}</strong>${o.description ? html`<br><span class="muted">${o.description}</span>` : ''}</td>
              <td>${o.roles}</td></tr>`,
          )}</tbody>
        </table>`,
    });
  });

  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'Who the token acts as',
        tags: ['access'],
        response: { 200: z.object({ actor: z.string(), name: z.string(), role: z.enum(ROLES) }), ...errors },
      },
    },
    async (request) => {
      const p = request.principal!;
      return { actor: p.actor, name: p.label, role: p.role };
    },
  );

  app.get(
    '/api/v1/inbox',
    {
      schema: {
        summary: 'List the triage inbox',
        description: 'Inbound items not on a case. Open items come oldest first; handled ones newest first.',
        tags: ['inbox'],
        querystring: z.object({
          status: z.enum(INBOX_FILTERS).default('open'),
          reason: z.enum(INBOX_REASONS).optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({ items: z.array(inboxItemOut), total: z.number().int(), page: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listInbox(ctx, {
        filter: q.status,
        reason: q.reason ?? null,
        page: q.page,
        pageSize: q.pageSize,
      });
      return {
        total: result.total,
        page: q.page,
        items: result.rows.map((r) => ({
          id: r.id,
          status: r.status as (typeof INBOX_STATUSES)[number],
          reason: r.reason as (typeof INBOX_REASONS)[number],
          kind: r.kind as (typeof KINDS)[number],
          receivedAt: r.receivedAt,
          handledAt: r.handledAt,
          caseId: r.caseId,
          caseReference: r.caseReference,
          correspondence: {
            id: r.correspondenceId,
            channel: r.channel,
            mailbox: r.mailbox,
            subject: r.subject,
            from: { name: r.fromName, address: r.fromAddress },
          },
        })),
      };
    },
  );

  app.get(
    '/api/v1/inbox/:id',
    {
      schema: {
        summary: 'One inbox item',
        tags: ['inbox'],
        params: itemParams,
        response: { 200: inboxItemDetailOut, ...errors },
      },
    },
    async (request) => {
      const view = await getInboxItem(ctx, request.params.id);
      if (!view) throw new HttpError('not_found');
      const { item, correspondence: c } = view;
      // Stored in English (the event sealed in the audit chain keeps it so); given in the reader's language, as the
      // inbox page shows it, with each sentence's code so that a program need not read the words.
      const noteParts = item.note === null ? null : staffNoteParts(request.t, item.note);
      return {
        id: item.id,
        status: item.status,
        reason: item.reason,
        kind: item.kind,
        receivedAt: item.receivedAt,
        handledAt: item.handledAt,
        caseId: item.caseId,
        caseReference: view.caseReference,
        otherReason: item.otherReason,
        note: noteParts === null ? null : noteParts.map((p) => p.text).join(' '),
        noteParts:
          noteParts === null
            ? null
            : noteParts.map((p) => ({ code: p.key && noteCode(p.key), values: p.values, text: p.text })),
        handledBy: item.handledBy,
        textBody: c.textBody,
        correspondence: {
          id: c.id,
          channel: c.channel,
          mailbox: c.mailbox,
          subject: c.subject,
          from: { name: c.fromName, address: c.fromAddress },
        },
      };
    },
  );

  app.get(
    '/api/v1/imap-notices',
    {
      schema: {
        summary: "List the mail door's notices",
        description:
          'Messages of an IMAP mailbox that Redress has no bytes of (the server could not give them, or they are over the size limit), listed on the inbox page as "Messages the mail door could not read": where each is on the server, until a person marks it dealt with. Such a message is no inbox item (nothing of it was received). Waiting ones come oldest first; those dealt with latest first; all, latest noticed first. A notice dealt with whose message fails again is waiting again.',
        tags: ['inbox'],
        querystring: z.object({ status: z.enum(IMAP_NOTICE_FILTERS).default('open'), ...pageQuery }),
        response: {
          200: z.object({ items: z.array(imapNoticeOut), total: z.number().int(), page: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listImapNoticesPage(ctx, { status: q.status, page: q.page, pageSize: q.pageSize });
      return {
        total: result.total,
        page: q.page,
        items: result.rows.map((r) => ({
          id: r.id,
          status: r.dealtWithAt === null ? ('open' as const) : ('dealt_with' as const),
          reason: r.reason,
          account: r.account,
          folder: r.folder,
          uidValidity: r.uidValidity,
          uid: r.uid,
          place: r.place,
          planned: r.planned,
          bytes: r.bytes,
          limit: r.limit,
          tries: r.tries,
          error: r.error,
          noticedAt: r.noticedAt,
          dealtWithAt: r.dealtWithAt,
          dealtWithBy: r.dealtWithBy === null ? null : { actor: r.dealtWithBy, name: r.dealtWithByLabel },
        })),
      };
    },
  );

  const act = (
    summary: string,
    description: string,
    path: string,
    body: z.ZodType,
    toAction: (b: never) => InboxAction,
  ) =>
    app.post(
      `/api/v1/inbox/:id/${path}`,
      {
        schema: {
          summary,
          description,
          tags: ['inbox'],
          params: itemParams,
          body,
          response: { 200: actionResultOut, ...errors },
        },
      },
      async (request) => {
        const done = await handleInboxItem(
          ctx,
          request.params.id,
          toAction(request.body as never),
          staffActor(request),
        );
        return {
          id: done.item.id,
          status: done.item.status,
          caseId: done.caseId,
          caseReference: done.caseReference,
        };
      },
    );

  act(
    'File an inbox item onto a case',
    'Records the correspondence on the case (correspondence_filed) and closes the item.',
    'file',
    inboxActionBodies.file,
    (b: { caseReference: string }) => ({ type: 'file_onto_case', caseReference: b.caseReference }),
  );
  act(
    'Open a case from an inbox item',
    "The address the message verifiably comes from becomes the complainant's; for a message whose sender is not verified, the one given in `complainantEmail`, else none. The reading of the message fills the case.",
    'open-case',
    z.object({
      kind: z.enum(['complaint', 'suggestion']),
      step: z.union([z.literal(1), z.literal(2)]).optional(),
      complainantEmail: inboxActionBodies.open.shape.complainantEmail,
    }),
    (b: { kind: 'complaint' | 'suggestion'; step?: 1 | 2; complainantEmail: string | null }) => ({
      type: 'open_case',
      kind: b.kind,
      step: b.kind === 'complaint' ? (b.step ?? 1) : null,
      complainantEmail: b.complainantEmail,
    }),
  );
  act(
    'Reclassify an inbox item as not a complaint',
    'Kind `other` with a reason (P7.4); kept out of complaint figures.',
    'reclassify',
    inboxActionBodies.reclassify,
    (b: { reason: (typeof OTHER_REASONS)[number]; note: string | null }) => ({
      type: 'reclassify',
      reason: b.reason,
      note: b.note,
    }),
  );
  act(
    'Dismiss an inbox item',
    'Kept in the archive with the reason given.',
    'dismiss',
    inboxActionBodies.dismiss,
    (b: { reason: string }) => ({ type: 'dismiss', reason: b.reason }),
  );

  app.get(
    '/api/v1/audit',
    {
      schema: {
        summary: 'The audit log',
        description: 'Administrative acts, newest first.',
        tags: ['audit'],
        querystring: z.object({ action: z.enum(AUDIT_ACTIONS).optional(), ...pageQuery }),
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                actor: z.string(),
                actorLabel: z.string().nullable(),
                action: z.string(),
                targetType: z.string().nullable(),
                targetId: z.string().nullable(),
                targetLabel: z.string().nullable(),
                address: z.string().nullable(),
                detail: z.record(z.string(), z.unknown()).nullable(),
              }),
            ),
            total: z.number().int(),
            page: z.number().int(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listAudit(ctx, { page: q.page, pageSize: q.pageSize, action: q.action ?? null });
      return { entries: result.rows, total: result.total, page: q.page };
    },
  );
};
