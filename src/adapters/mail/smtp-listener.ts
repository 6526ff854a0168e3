// The SMTP door (issue 4): an inbound SMTP listener (`smtp-server`) that a mail server relays to. It accepts
// mail for the configured mailbox addresses only (550 for any other recipient) and answers 250 only once the
// message is committed (see src/app/email-intake.ts for the fsync policy behind that), 451 on a temporary
// failure (the sender retries; nothing is lost), 552 over the size limit. No authentication (it listens on
// loopback by default, behind the organisation's MTA); STARTTLS when a certificate is configured.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { InboundEmail } from '../../app/prepare-email.ts';
import type { Mailbox } from '../../config.ts';

export interface SmtpListenerOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  /** The mailboxes in force (administrators may change them while Redress runs). */
  mailboxes: () => readonly Mailbox[];
  tlsKeyFile?: string | undefined;
  tlsCertFile?: string | undefined;
  /** Stores and files a message; resolves after commit with what to say in the 250 reply. */
  receive(
    email: InboundEmail,
  ): Promise<{ correspondenceId: string; duplicate: boolean; warnings?: string[] }>;
  logger: Logger;
}

export interface SmtpListener {
  host: string;
  port: number;
  /** Stops accepting connections, lets messages being received finish, then closes. */
  close(): Promise<void>;
}

/** An SMTP reply as an error that smtp-server sends with its code. */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** When a message is addressed to several of our mailboxes, the one that files it: complaints first. */
const ROLE_ORDER = { complaints: 0, management: 1, suggestions: 2 } as const;

export function mailboxForRecipients(
  mailboxes: readonly Mailbox[],
  recipients: readonly string[],
): Mailbox | null {
  const found = recipients
    .map((r) => mailboxes.find((m) => m.address.toLowerCase() === r.toLowerCase()))
    .filter((m): m is Mailbox => m !== undefined);
  return found.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])[0] ?? null;
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { logger } = options;
  const tls = options.tlsKeyFile && options.tlsCertFile;
  const inFlight = new Set<Promise<unknown>>();

  const server = new SMTPServer({
    name: 'redress',
    banner: 'Redress mail intake',
    size: options.maxMessageBytes,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ? { key: readFileSync(options.tlsKeyFile!), cert: readFileSync(options.tlsCertFile!) } : {}),
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 10_000,

    onRcptTo(address, _session, callback) {
      const known = options
        .mailboxes()
        .some((m) => m.address.toLowerCase() === address.address.toLowerCase());
      if (known) return callback();
      callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here`));
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (e) =>
        callback(reply(451, `4.3.0 the message could not be read (${e.message}); try again`)),
      );
      stream.on('end', () => {
        if (stream.sizeExceeded)
          return callback(
            reply(552, `5.3.4 the message is larger than the limit of ${options.maxMessageBytes} bytes`),
          );
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const mailbox = mailboxForRecipients(options.mailboxes(), recipients);
        if (!mailbox) return callback(reply(554, '5.5.1 no valid recipients'));
        const raw = Buffer.concat(chunks);
        const job = options
          .receive({ raw, mailbox, door: 'smtp' })
          .then(
            (r) => {
              logger.debug({ correspondenceId: r.correspondenceId, duplicate: r.duplicate }, 'smtp: stored');
              if (r.warnings?.length)
                logger.warn(
                  { correspondenceId: r.correspondenceId, warnings: r.warnings },
                  'smtp: filed, with warnings',
                );
              callback(null, `2.0.0 ${r.duplicate ? 'already stored' : 'stored'} as ${r.correspondenceId}`);
            },
            (e: unknown) => {
              logger.error(
                { err: e, mailbox: mailbox.name },
                'smtp: could not store a message; answered 451',
              );
              callback(
                reply(451, '4.3.0 temporary failure while storing the message; please try again later'),
              );
            },
          )
          .finally(() => inFlight.delete(job));
        inFlight.add(job);
      });
    },
  });

  server.on('error', (e) => logger.warn({ err: e }, 'smtp: connection error'));

  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error) =>
      reject(
        new Error(
          `the SMTP listener cannot listen on ${options.host}:${options.port} (${e.message}); choose another address with REDRESS_SMTP_HOST and REDRESS_SMTP_PORT, or turn it off with REDRESS_SMTP_ENABLED=false`,
        ),
      );
    server.server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.server.off('error', failed);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    async close() {
      // Stop accepting new connections; the sessions still open may finish their message.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
}
