// Sending over SMTP with nodemailer: the outbox's MailTransport. The Message-ID is the one stored before the
// first attempt, so a message sent again after a crash carries the same one (at most one duplicate).
// Connections are pooled: up to `connections` stay open while the outbox has mail, each carrying one message at
// a time, so a backlog does not pay a TCP (and TLS) handshake and a greeting per message. When the outbox has
// nothing more to send (`idle`), the pool is closed and the next message opens a new one: an instance with
// nothing to send holds no connection to the relay.
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import {
  type MailTransport,
  type OutgoingMail,
  SendError,
  sortSendFailure,
} from '../../core/correspondence/outgoing-mail.ts';
import { isOneAddress } from '../../core/intake/addresses.ts';
import { messageOptions } from './compose-mime.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user?: string | undefined;
  password?: string | undefined;
  /** Connections kept open at most (the outbox's parallel sends); 1 when unset. */
  connections?: number | undefined;
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
    connections: o.concurrency,
  };
}

export function smtpTransport(settings: SmtpSettings): MailTransport {
  // nodemailer is loaded with the first e-mail sent: an instance with nothing to send keeps its memory.
  let transporter: Transporter | null = null;
  let creating: Promise<Transporter> | null = null;
  /** Sends under way: the pool is closed when the outbox is idle only if none is. */
  let inFlight = 0;
  const transport = (): Promise<Transporter> => {
    if (transporter) return Promise.resolve(transporter);
    creating ??= import('nodemailer').then(({ default: nodemailer }) => {
      transporter = nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        requireTLS: settings.requireTls,
        ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
        pool: true,
        maxConnections: Math.max(1, settings.connections ?? 1),
        // A connection carries this many messages, then a fresh one is opened (some servers limit it).
        maxMessages: 1000,
        // nodemailer would hand a message cut by a dropped connection to another connection by itself, up to
        // five times; the outbox records every attempt and sends again itself, after its back-off, so that a
        // message reaches the server twice at most.
        maxRequeues: 0,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
      creating = null;
      return transporter;
    });
    return creating;
  };
  return {
    async send(mail: OutgoingMail) {
      // One recipient, checked again here: nodemailer reads a string with commas as a list of recipients
      // (messageOptions gives it an address object and an envelope of exactly that one).
      if (!isOneAddress(mail.to))
        throw new SendError(
          `the recipient "${mail.to.slice(0, 200)}" is not exactly one e-mail address`,
          'recipient',
        );
      inFlight++;
      try {
        const info = await (await transport()).sendMail(messageOptions(mail));
        return { response: String(info.response ?? '') };
      } catch (e) {
        const err = e as Error & {
          code?: string;
          response?: string;
          responseCode?: number;
          command?: string;
        };
        // What the refusal says about whom (sortSendFailure): the recipient, the message, our own set-up.
        throw new SendError(err.response ?? err.message, sortSendFailure(err));
      } finally {
        inFlight--;
      }
    },
    idle() {
      if (inFlight > 0 || !transporter) return;
      transporter.close();
      transporter = null;
    },
    close() {
      transporter?.close();
      transporter = null;
    },
  };
}
