// Helpers for tests of the staff application: cases opened through the real use case at a given age, files that
// pass (or fail) the scan check, answers and replies with files through the use cases themselves, and multipart
// form posts as htmx sends them (the CSRF token in the header).
import type { HttpApp } from '../../src/adapters/http/app.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import type { AppContext } from '../../src/app/context.ts';
import { type OpenedCase, openCase } from '../../src/app/open-case.ts';
import { sendReply } from '../../src/app/send-reply.ts';
import type { Language, MissingField } from '../../src/core/case/model.ts';
import type { TestSession } from './http.ts';

/** An instant `days` calendar days before now (ISO, UTC). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

let n = 0;
export function openComplaint(
  ctx: AppContext,
  o: {
    step?: 1 | 2;
    daysAgo?: number;
    /** The instant of receipt, for a test on a fixed clock (instead of `daysAgo`, counted from the real time). */
    receivedAt?: string;
    name?: string;
    email?: string | null;
    /** Lines of a postal address, for a complainant a letter can go to. */
    postalAddress?: string[];
    language?: Language;
    subject?: string;
    missing?: MissingField[];
    kind?: 'complaint' | 'suggestion';
    description?: string;
  } = {},
): Promise<OpenedCase> {
  n += 1;
  const kind = o.kind ?? 'complaint';
  return openCase(ctx, {
    kind,
    step: kind === 'suggestion' ? null : (o.step ?? 1),
    channel: 'email',
    receivedAt: o.receivedAt ?? daysAgo(o.daysAgo ?? 1),
    language: o.language ?? 'en',
    subject: o.subject ?? `Complaint escalation - Step 1 (${n})`,
    complainant: {
      name: o.name ?? `Person ${n}`,
      email: o.email === undefined ? `person${n}@example.net` : o.email,
      ...(o.postalAddress ? { postalAddress: o.postalAddress } : {}),
    },
    fields: {
      ticketRefs: [],
      domains: [],
      description: o.description ?? 'The server is down since Monday.',
      expectations: 'A refund for the days lost.',
    },
    missing: o.missing ?? [],
    correspondenceId: null,
    actor: 'mailbox:complaints',
  });
}

/** The smallest files the scan check accepts (their first bytes are what counts). */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('test image bytes'),
]);
export const PDF = Buffer.from('%PDF-1.4\n% a test letter\n%%EOF\n');

/** A PDF of `size` bytes in all, of at least the 9 bytes the type check reads (the rest is filler). */
export const pdfOf = (size: number) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size - 9, 0x61)]);

/** A file of a staff answer or reply, as the use cases take it. */
export interface StaffFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** PDFs of these sizes, named piece-1.pdf, piece-2.pdf and so on. */
export const pdfs = (...sizes: number[]): StaffFile[] =>
  sizes.map((size, i) => ({
    filename: `piece-${i + 1}.pdf`,
    contentType: 'application/pdf',
    content: pdfOf(size),
  }));

/** Files as the API takes them in JSON: each with its content in base64. */
export const base64Files = (files: readonly StaffFile[]) =>
  files.map((f) => ({
    filename: f.filename,
    contentType: f.contentType,
    contentBase64: Buffer.from(f.content).toString('base64'),
  }));

export interface FilePart {
  field: string;
  filename: string;
  type: string;
  content: Buffer;
}

/** A multipart form post, as htmx sends a form with files: the CSRF token in X-CSRF-Token. */
export async function postMultipart(
  app: HttpApp,
  session: TestSession,
  url: string,
  fields: Record<string, string | string[]>,
  files: FilePart[] = [],
  headers: Record<string, string> = {},
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  for (const f of files) fd.append(f.field, new Blob([f.content], { type: f.type }), f.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: fd });
  const payload = Buffer.from(await request.arrayBuffer());
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': request.headers.get('content-type')!,
      ...headers,
    },
    payload,
  });
}

/** Answers `caseId` as upheld through answerCase itself, with the files given to each call. */
export const answerWithFiles = (ctx: AppContext, caseId: string) => (attachments: StaffFile[]) =>
  answerCase(ctx, caseId, {
    outcome: 'upheld',
    text: 'We restored your domain.',
    remedy: null,
    attachments,
    actor: 'user:script',
  });

/** Sends a free reply on `caseId` through sendReply itself, with the files given to each call. */
export const replyWithFiles = (ctx: AppContext, caseId: string) => (attachments: StaffFile[]) =>
  sendReply(ctx, caseId, {
    kind: 'reply',
    text: 'Your refund is on its way.',
    attachments,
    actor: 'user:script',
  });
