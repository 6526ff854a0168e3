// Serving a stored file (a letter's scan, an attachment): shown in the browser when its content is a PDF, PNG or
// JPEG (core/files/viewing.ts), downloaded otherwise. A file shown in place gets its own document policy: a
// sandbox without scripts, nothing loaded from anywhere but itself, and no MIME sniffing (set for every answer
// in security-headers.ts), so a crafted file cannot run as a page of Redress.
import type { FastifyReply } from 'fastify';
import { viewingOf } from '../../core/files/viewing.ts';
import { detectType } from '../files/detect-type.ts';
import { attachmentDisposition } from './original-view.ts';

export const INLINE_FILE_CSP = [
  'sandbox',
  "default-src 'none'",
  "img-src 'self'",
  "object-src 'self'",
  "style-src 'unsafe-inline'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** `attachment` or `inline`, with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function inlineDisposition(filename: string): string {
  return attachmentDisposition(filename).replace(/^attachment;/, 'inline;');
}

/** Gives the name the extension of what the file is (a PDF named ".html" is served as ".pdf"). */
function withExtension(filename: string, extension: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  const ext = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  if (ext === extension || (extension === 'jpg' && ext === 'jpeg')) return filename;
  return `${stem}.${extension}`;
}

export async function sendStoredFile(
  reply: FastifyReply,
  file: { content: Uint8Array; filename: string },
): Promise<FastifyReply> {
  const viewing = viewingOf(await detectType(file.content));
  const body = Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength);
  if (!viewing.inline)
    return reply
      .type(viewing.contentType)
      .header('content-disposition', attachmentDisposition(file.filename))
      .send(body);
  return reply
    .type(viewing.contentType)
    .header('content-security-policy', INLINE_FILE_CSP)
    .header('x-frame-options', 'SAMEORIGIN')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', inlineDisposition(withExtension(file.filename, viewing.extension)))
    .send(body);
}
