// Forms with files (a letter's scan, an answer's attachments) through @fastify/multipart, registered inside the
// plugin of the routes that take them. Fields are read as text; files are buffered up to a limit, and what is
// too large is a refusal naming the field, not a lost form. The CSRF token of a multipart form travels in the
// X-CSRF-Token header (htmx sends it on every request), since the check runs before the parts are read.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type AttachmentType,
  attachmentVerdict,
  type DetectedType,
} from '../../core/files/attachment-policy.ts';
import type { Translate } from './i18n/index.ts';

export const MAX_SCAN_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ReadForm {
  fields: Record<string, string | string[]>;
  files: UploadedFile[];
  /** The field of a file that was over the limit (the form says so next to it). */
  tooLarge: string | null;
  /** More files than allowed were sent. */
  tooMany: boolean;
}

export async function registerUploads(app: FastifyInstance, maxFileBytes: number): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: maxFileBytes, files: MAX_FILES, fields: 100, fieldSize: 100_000, parts: 120 },
  });
}

/** The fields and files of a form, multipart or urlencoded. */
export async function readForm(request: FastifyRequest): Promise<ReadForm> {
  const out: ReadForm = { fields: {}, files: [], tooLarge: null, tooMany: false };
  const add = (name: string, value: string) => {
    const had = out.fields[name];
    out.fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body))
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') add(k, x);
    return out;
  }
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') add(part.fieldname, part.value);
        continue;
      }
      if (!part.filename) {
        await part.toBuffer().catch(() => undefined);
        continue;
      }
      try {
        const content = await part.toBuffer();
        if (content.byteLength > 0)
          out.files.push({
            field: part.fieldname,
            filename: part.filename,
            contentType: part.mimetype || 'application/octet-stream',
            content,
          });
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') out.tooLarge = part.fieldname;
        else throw e;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') out.tooMany = true;
    else if (code === 'FST_REQ_FILE_TOO_LARGE') out.tooLarge ??= 'file';
    else throw e;
  }
  return out;
}

/** A text field as one string (the first when repeated). */
export function field(form: ReadForm, name: string): string | undefined {
  const v = form.fields[name];
  return Array.isArray(v) ? v[0] : v;
}

/** What a file is, from its content (file-type reads its signature); null when no known type matches. */
export async function detectType(content: Uint8Array): Promise<DetectedType | null> {
  // Loaded with the first upload or download that needs it, not when the server starts.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(content).catch(() => undefined);
  return found ? { mime: found.mime, ext: found.ext } : null;
}

export interface CheckedAttachment {
  filename: string;
  contentType: AttachmentType;
  content: Uint8Array;
}

/**
 * The attachments staff send, checked the same way on the web and in the API (core/files/attachment-policy.ts):
 * each file's type is read from its content, its name gets the matching extension, and what is not allowed is
 * refused with a sentence naming the file and the fix. Nothing is sent unless every file passes.
 */
export async function checkAttachments(
  files: ReadonlyArray<{ filename: string; content: Uint8Array }>,
): Promise<{ ok: true; files: CheckedAttachment[] } | { ok: false; filename: string; message: string }> {
  const out: CheckedAttachment[] = [];
  for (const f of files) {
    const verdict = attachmentVerdict(f.filename, await detectType(f.content));
    if (!verdict.ok) return { ok: false, filename: verdict.filename, message: verdict.message };
    out.push({ filename: verdict.filename, contentType: verdict.contentType, content: f.content });
  }
  return { ok: true, files: out };
}

/**
 * The attachments of a staff form (an answer, a free reply), checked: what is wrong goes into `errors.attachments`
 * in the reader's language (too many, too large, a type not allowed) and nothing is returned then.
 */
export async function formAttachments(
  form: ReadForm,
  t: Translate,
  errors: Record<string, string>,
): Promise<CheckedAttachment[]> {
  if (form.tooMany) errors.attachments = t('staff.errors.tooManyFiles', { max: MAX_FILES });
  else if (form.tooLarge)
    errors.attachments = t('staff.errors.fileTooLarge', { max: Math.round(MAX_ATTACHMENT_BYTES / 1048576) });
  // The type is read from the content and the name made to match it, as in the API.
  const checked = await checkAttachments(form.files);
  if (!checked.ok) {
    errors.attachments = t('staff.errors.attachmentType', { name: checked.filename });
    return [];
  }
  return errors.attachments ? [] : checked.files;
}
