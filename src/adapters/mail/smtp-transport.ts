// Sending over SMTP with nodemailer: the outbox's MailTransport. The Message-ID is the one stored before the
// first attempt, so a message sent again after a crash carries the same one (at most one duplicate).
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import { type MailTransport, type OutgoingMail, SendError } from '../../core/correspondence/outgoing-mail.ts';
import { isOneAddress } from '../../core/intake/addresses.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user?: string | undefined;
  password?: string | undefined;
}

export function smtpSettingsFrom(config: Config, env: NodeJS.ProcessEnv = process.env): SmtpSettings {
  const o = config.outbound;
  return {
    host: o.host,
    port: o.port,
    secure: o.secure,
    requireTls: o.requireTls,
    user: o.user,
    password: o.user ? env[o.passwordEnv] : undefined,
  };
}

/** Temporary unless the server answered with a 5xx reply (it refused the message or the recipient for good). */
export function isPermanent(e: unknown): boolean {
  const code = (e as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function smtpTransport(settings: SmtpSettings): MailTransport {
  // nodemailer is loaded with the first e-mail sent: an instance with nothing to send keeps its memory.
  let transporter: Transporter | null = null;
  const transport = async (): Promise<Transporter> => {
    if (!transporter) {
      const { default: nodemailer } = await import('nodemailer');
      transporter = nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        requireTLS: settings.requireTls,
        ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
    }
    return transporter;
  };
  return {
    async send(mail: OutgoingMail) {
      const headers: Record<string, string> = {};
      if (mail.autoSubmitted) headers['Auto-Submitted'] = mail.autoSubmitted;
      if (mail.autoSubmitted === 'auto-replied') headers['X-Auto-Response-Suppress'] = 'All';
      // One recipient, checked again here: nodemailer reads a string with commas as a list of recipients, so it
      // gets an address object and an envelope of exactly one address, never a string it could split.
      if (!isOneAddress(mail.to))
        throw new SendError(
          `the recipient "${mail.to.slice(0, 200)}" is not exactly one e-mail address`,
          true,
        );
      try {
        const info = await (await transport()).sendMail({
          messageId: mail.messageId,
          from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
          to: [{ name: '', address: mail.to }],
          envelope: { from: mail.from.address, to: [mail.to] },
          subject: mail.subject,
          text: mail.text,
          ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
          ...(mail.references.length ? { references: mail.references } : {}),
          headers,
          attachments: mail.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content),
          })),
        });
        return { response: String(info.response ?? '') };
      } catch (e) {
        const err = e as Error & { response?: string };
        throw new SendError(err.response ?? err.message, isPermanent(e));
      }
    },
    close() {
      transporter?.close();
    },
  };
}
