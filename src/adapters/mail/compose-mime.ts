// What an outbound e-mail looks like as nodemailer composes it: its headers (Message-ID, the one recipient, the
// thread, Auto-Submitted), its text and its files. The SMTP transport sends exactly this (smtp-transport.ts), and a
// case dossier writes it out as MIME (composeMime), to show every item as it went out. The boundaries of a dossier's
// copy differ from the one sent; the recorded item itself is checked by its digest (core/archive/outbound-digest.ts).
//
// nodemailer is loaded with the first dossier, not when the server starts: a server that sends no mail itself
// (outbound off, or a web-only instance) would otherwise hold its code for a download that may never come.
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { OutgoingMail } from '../../core/correspondence/outgoing-mail.ts';

/** The message nodemailer composes for an outbound e-mail; `date` is the Date header (now when left out). */
export function messageOptions(mail: OutgoingMail, date?: Date): SendMailOptions {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) headers['Auto-Submitted'] = mail.autoSubmitted;
  if (mail.autoSubmitted === 'auto-replied') headers['X-Auto-Response-Suppress'] = 'All';
  return {
    messageId: mail.messageId,
    ...(date ? { date } : {}),
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    // An address object and an envelope of exactly one address: nodemailer reads a string with commas as a list of
    // recipients, so it never gets a string it could split.
    to: [{ name: '', address: mail.to }],
    envelope: { from: mail.from.address, to: [mail.to] },
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
  };
}

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

/** A recorded outbound e-mail as MIME, for a dossier. */
export async function composeMime(mail: ComposableMail): Promise<Buffer> {
  const options = messageOptions(
    {
      messageId: mail.messageId ?? '',
      from: { name: mail.fromName, address: mail.fromAddress ?? 'unknown@invalid' },
      to: mail.toAddress ?? 'unknown@invalid',
      subject: mail.subject,
      text: mail.text,
      inReplyTo: mail.inReplyTo,
      references: [...mail.references],
      autoSubmitted: mail.autoSubmitted,
      attachments: mail.attachments,
    },
    new Date(mail.at),
  );
  // An item never given a Message-ID (none is stored) gets none from us: nodemailer makes one up, as it always did.
  if (!mail.messageId) delete options.messageId;
  const info = await (await composerOf()).sendMail(options);
  return info.message as Buffer;
}
