// An outbound e-mail written out as MIME from what the outbox recorded, with the same headers the SMTP transport
// sends (smtp-transport.ts): for a case dossier, which shows every item as it went out. nodemailer's stream
// transport composes it without sending anything. The boundaries differ from the copy that was sent; the
// recorded item itself is checked by its digest (core/archive/outbound-digest.ts).
//
// nodemailer is loaded with the first dossier, not when the server starts: a server that sends no mail itself
// (outbound off, or a web-only instance) would otherwise hold its code for a download that may never come.
import type { Transporter } from 'nodemailer';

export interface ComposableMail {
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: readonly string[];
  autoSubmitted: string | null;
  /** The time it was sent (or written, if not sent yet): the Date header. */
  at: string;
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
}

let composer: Promise<Transporter> | null = null;
function composerOf(): Promise<Transporter> {
  composer ??= import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' }),
  );
  return composer;
}

export async function composeMime(mail: ComposableMail): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) headers['Auto-Submitted'] = mail.autoSubmitted;
  if (mail.autoSubmitted === 'auto-replied') headers['X-Auto-Response-Suppress'] = 'All';
  const from = mail.fromAddress ?? 'unknown@invalid';
  const to = mail.toAddress ?? 'unknown@invalid';
  const info = await (await composerOf()).sendMail({
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    date: new Date(mail.at),
    from: mail.fromName ? { name: mail.fromName, address: from } : from,
    // An address object, never a string nodemailer could split into several recipients.
    to: [{ name: '', address: to }],
    envelope: { from, to: [to] },
    subject: mail.subject,
    text: mail.text,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length ? { references: [...mail.references] } : {}),
    headers,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
  });
  return info.message as Buffer;
}
