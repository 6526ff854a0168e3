// Showing an inbound original safely: the HTML body sanitised (no scripts, no event handlers, no javascript: or
// data: links, no remote images that would tell the sender the mail was read), served as its own document under
// a `sandbox` CSP inside a sandboxed iframe; attachments listed and downloaded, never rendered.
import PostalMime from 'postal-mime';
import sanitizeHtml from 'sanitize-html';

export interface AttachmentView {
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface OriginalView {
  html: string | null;
  attachments: AttachmentView[];
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'img'),
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
    }),
  },
};

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Only originals that are e-mails are parsed; a letter scan is an attachment-like download. */
export function isEmail(contentType: string | null): boolean {
  return !contentType || /^message\/rfc822\b/i.test(contentType) || /^text\/plain\b/i.test(contentType);
}

export async function viewOriginal(content: Buffer, contentType: string | null): Promise<OriginalView> {
  if (!isEmail(contentType)) return { html: null, attachments: [] };
  try {
    const email = await PostalMime.parse(content, { attachmentEncoding: 'arraybuffer' });
    return {
      html: email.html ? sanitizeMailHtml(email.html) : null,
      attachments: email.attachments.map((a, index) => ({
        index,
        filename: safeFilename(a.filename, index),
        contentType: a.mimeType || 'application/octet-stream',
        size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
      })),
    };
  } catch {
    return { html: null, attachments: [] };
  }
}

export async function attachmentOf(
  content: Buffer,
  index: number,
): Promise<{ filename: string; body: Buffer } | null> {
  const email = await PostalMime.parse(content, { attachmentEncoding: 'arraybuffer' });
  const a = email.attachments[index];
  if (!a) return null;
  const body =
    typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content as ArrayBuffer);
  return { filename: safeFilename(a.filename, index), body };
}

/** A file name without paths or control characters, never empty. */
export function safeFilename(name: string | null | undefined, index: number): string {
  const cleaned = (name ?? '')
    .replace(/[\p{Cc}/\\]+/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return cleaned || `attachment-${index + 1}`;
}

/** Content-Disposition: attachment, with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The sandboxed document for the iframe. */
export function mailBodyDocument(sanitized: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>body{font:15px/1.5 system-ui,sans-serif;color:#1b1f24;margin:12px;overflow-wrap:anywhere}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:2px 6px}a{color:#0b57d0}</style></head><body>${sanitized}</body></html>`;
}
