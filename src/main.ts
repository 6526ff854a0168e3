// The one composition root: config → adapters → use cases → HTTP, mail doors, workers, schedules.
import Fastify from 'fastify';
import pino from 'pino';
import { type Database, openDatabase } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import { ImapPoller, imapPassword } from './adapters/mail/imap-poller.ts';
import { type SmtpListener, startSmtpListener } from './adapters/mail/smtp-listener.ts';
import { createAppContext } from './app/context.ts';
import { EmailIntake } from './app/email-intake.ts';
import type { Config } from './config.ts';

export interface Running {
  logger: pino.Logger;
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startRedress(config: Config): Promise<Running> {
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization'],
  });
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const mail = await startMailDoors(config, database, logger);
  const app = Fastify({ loggerInstance: logger });
  app.get('/health', async () => ({ ok: true }));
  const httpUrl = await app.listen({ host: config.http.host, port: config.http.port });
  process.stdout.write(`Redress is listening on ${httpUrl} (database ${config.databaseUrl})\n`);
  return {
    logger,
    httpUrl,
    async stop() {
      await app.close();
      await mail.stop();
      await database.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The mail doors (issue 4): the SMTP listener and the IMAP pollers hand messages to one intake, which commits
// them (several per transaction) before the listener answers 250 or the poller moves them away.

interface MailDoors {
  smtp: SmtpListener | null;
  stop(): Promise<void>;
}

async function startMailDoors(config: Config, database: Database, logger: pino.Logger): Promise<MailDoors> {
  const intake = new EmailIntake(createAppContext(config, database), {
    onError: (err, email) => logger.error({ err, mailbox: email.mailbox.name }, 'mail intake: not stored'),
  });
  const receive = intake.receive.bind(intake);
  const smtp = config.smtp.enabled
    ? await startSmtpListener({ ...config.smtp, mailboxes: config.mailboxes, receive, logger })
    : null;
  if (smtp)
    process.stdout.write(
      `Redress receives mail by SMTP on ${smtp.host}:${smtp.port} for ${config.mailboxes.map((m) => m.address).join(', ')}\n`,
    );
  const pollers = config.imap.map(
    (box) =>
      new ImapPoller({
        box,
        mailbox: config.mailboxes.find((m) => m.name === box.mailbox)!,
        password: imapPassword(box),
        receive,
        logger,
      }),
  );
  for (const poller of pollers) poller.start();
  return {
    smtp,
    async stop() {
      await Promise.all([smtp?.close(), ...pollers.map((p) => p.stop())]);
      await intake.close();
    },
  };
}
