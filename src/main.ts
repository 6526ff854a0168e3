// The one composition root: config → adapters → use cases → HTTP, mail doors, workers, schedules.
import type pino from 'pino';
import { serverKeyFrom } from './adapters/crypto/secrets.ts';
import { openDatabase } from './adapters/db/database.ts';
import { migrateToLatest } from './adapters/db/migrate.ts';
import { buildHttpApp } from './adapters/http/app.ts';
import { createLogger } from './adapters/log/logger.ts';
import type { ImapPoller } from './adapters/mail/imap-poller.ts';
import type { SmtpListener } from './adapters/mail/smtp-listener.ts';
import { smtpSettingsFrom, smtpTransport } from './adapters/mail/smtp-transport.ts';
import { type AppContext, createAppContext } from './app/context.ts';
import { EmailIntake } from './app/email-intake.ts';
import { countUsers } from './app/manage-users.ts';
import { defaultReadThreads } from './app/read-pool.ts';
import { startSearchIndexer } from './app/search-indexer.ts';
import { startOutboxWorker } from './app/send-outbox.ts';
import { loadSettings, watchSettings } from './app/settings.ts';
import { pruneSessions } from './app/sign-in.ts';
import { startSmtpThread } from './app/smtp-thread.ts';
import { startSweep } from './app/sweep-deadlines.ts';
import type { Config } from './config.ts';

export interface Running {
  logger: pino.Logger;
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startRedress(config: Config): Promise<Running> {
  const logger = createLogger(config.logLevel);
  // A server key given but unusable stops start-up here, with what to fix, rather than at the first form.
  serverKeyFrom(config.secretKeyFile);
  const database = await openDatabase(config.databaseUrl, {
    backgroundCheckpoints: true,
    notice: (message) => logger.warn(message),
  });
  await migrateToLatest(database);
  // One application context for every part; administrators' settings apply over the file and environment, and
  // a change made on another instance is picked up within seconds.
  const ctx = createAppContext(config, database);
  await loadSettings(ctx, config);
  const settings = watchSettings(ctx, config);
  const mail = await startMailDoors(ctx, logger);
  const http = await startHttp(ctx, logger, config);
  const correspondence = await startCorrespondence(ctx, logger);
  const httpUrl = http.url;
  process.stdout.write(`Redress is listening on ${httpUrl} (database ${config.databaseUrl})\n`);
  if (http.noUsers)
    process.stdout.write(
      'There is no user account yet. Create the first administrator with:\n' +
        '  npx redress user add --email you@example.org --role administrator --name "Your Name"\n' +
        'then sign in at ' +
        `${httpUrl}/sign-in\n`,
    );
  return {
    logger,
    httpUrl,
    async stop() {
      settings.stop();
      await http.stop();
      await mail.stop();
      await correspondence.stop();
      await database.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The web application and the API: one Fastify app; expired sessions are swept every hour.

async function startHttp(ctx: AppContext, logger: pino.Logger, base: Config) {
  const { config } = ctx;
  const app = await buildHttpApp(ctx, { logger, base });
  const url = await app.listen({ host: config.http.host, port: config.http.port });
  const noUsers = (await countUsers(ctx)) === 0;
  const sweep = setInterval(() => {
    pruneSessions(ctx).catch((err: unknown) => logger.warn({ err }, 'could not remove expired sessions'));
  }, 3_600_000);
  sweep.unref();
  return {
    url,
    noUsers,
    async stop() {
      clearInterval(sweep);
      // Stops accepting connections, answers 503 to new requests and waits for those in flight.
      await app.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The mail doors: the SMTP listener and the IMAP pollers hand messages to one intake, which commits
// them (several per transaction) before the listener answers 250 or the poller moves them away.

interface MailDoors {
  smtp: SmtpListener | null;
  stop(): Promise<void>;
}

async function startMailDoors(ctx: AppContext, logger: pino.Logger): Promise<MailDoors> {
  const { config } = ctx;
  const intake = new EmailIntake(ctx, {
    readThreads: config.readThreads ?? defaultReadThreads(),
    onError: (err, email) => logger.error({ err, mailbox: email.mailbox.name }, 'mail intake: not stored'),
  });
  const receive = intake.receive.bind(intake);
  // With reading threads (the default), the SMTP listener runs on a thread of its own that also reads what it
  // receives (smtp-thread.ts); with REDRESS_READ_THREADS=0 everything stays on the main thread.
  const threads = config.readThreads ?? defaultReadThreads();
  // The SMTP and IMAP libraries are loaded only where they run: an instance keeps the memory of the doors it lacks.
  const smtp = !config.smtp.enabled
    ? null
    : threads > 0
      ? await startSmtpThread(ctx, intake, logger)
      : await (await import('./adapters/mail/smtp-listener.ts')).startSmtpListener({
          ...config.smtp,
          mailboxes: () => ctx.config.mailboxes,
          receive,
          logger,
        });
  if (smtp)
    process.stdout.write(
      `Redress receives mail by SMTP on ${smtp.host}:${smtp.port} for ${config.mailboxes.map((m) => m.address).join(', ')}\n`,
    );
  const imap = config.imap.length > 0 ? await import('./adapters/mail/imap-poller.ts') : null;
  const pollers: ImapPoller[] = config.imap.map(
    (box) =>
      new imap!.ImapPoller({
        box,
        mailbox: config.mailboxes.find((m) => m.name === box.mailbox)!,
        password: imap!.imapPassword(box),
        receive,
        logger,
        maxMessageBytes: config.smtp.maxMessageBytes,
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

// ---------------------------------------------------------------------------------------------------------------
// Correspondence and clocks: the outbox sender (every instance; items are claimed with a lease) and the
// deadline sweep (alerts, quiet-period closing; one instance at a time on PostgreSQL).

async function startCorrespondence(ctx: AppContext, logger: pino.Logger): Promise<{ stop(): Promise<void> }> {
  const log = logger.child({ part: 'correspondence' });
  const cases = await ctx.database.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(cases?.n ?? 0) === 0)
    process.stdout.write(
      'The database holds no case yet. To look around with example cases in French, English and German, stop\n' +
        'Redress and run `npx redress demo` (on an empty database only), then start it again.\n',
    );
  const sender = ctx.config.outbound.enabled
    ? startOutboxWorker(ctx, smtpTransport(smtpSettingsFrom(ctx.config)), log)
    : null;
  if (!sender) log.warn('outbound mail is disabled (outbound.enabled=false): mail waits in the outbox');
  const sweep = startSweep(ctx, log, () => sender?.wake());
  const indexer = startSearchIndexer(ctx, log);
  return {
    async stop() {
      await sweep.stop();
      await sender?.stop();
      await indexer.stop();
    },
  };
}
