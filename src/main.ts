// The one composition root: config → adapters → use cases → HTTP, mail doors, workers, schedules.
// A process runs the roles of its configuration (`redress start --role`, REDRESS_ROLE; all three by default):
// - web: the web application and the API;
// - mail: the SMTP listener and the IMAP pollers (each mailbox polled by one instance at a time, by lease);
// - worker: the outbox sender, the deadline sweep, the hourly removal of expired sessions, on SQLite the search
//   indexer, and the daily retention run when REDRESS_RETENTION_ENABLED is on.
// Every role answers /healthz, /readyz and /metrics over HTTP; without the web role, nothing else.
//
// What only one role needs (the mail doors and their reading threads; the outbox sender, its SMTP client and the
// schedules) is imported when that role starts: a process loads only the code of the roles it runs, and each
// `redress start` (the tests start many) does less work before it listens.
import type pino from 'pino';
import { serverKeyFrom } from './adapters/crypto/secrets.ts';
import { type Database, openDatabase } from './adapters/db/database.ts';
import { migrateToLatest, migrationState } from './adapters/db/migrate.ts';
import { removeChunksWithoutOriginal } from './adapters/db/originals.repo.ts';
import { buildHttpApp, buildOperationsApp } from './adapters/http/app.ts';
import { addReadinessCheck } from './adapters/http/health.routes.ts';
import { createLogger } from './adapters/log/logger.ts';
import type { ImapPoller } from './adapters/mail/imap-poller.ts';
import type { SmtpListener } from './adapters/mail/smtp-listener.ts';
import { createMetrics, type RedressMetrics } from './adapters/metrics/metrics.ts';
import { type AppContext, createAppContext } from './app/context.ts';
import type { EmailIntake as Intake } from './app/email-intake.ts';
import { countUsers } from './app/manage-users.ts';
import { loadSettings, watchSettings } from './app/settings.ts';
import { type Config, type ProcessRole, withoutPassword } from './config.ts';

export interface Running {
  logger: pino.Logger;
  httpUrl: string;
  roles: readonly ProcessRole[];
  stop(): Promise<void>;
}

/**
 * Brings the schema up to date, except when a NEWER release has already migrated the database past what this
 * release knows: during a rolling upgrade an older instance that restarts must still start. That is safe because
 * migrations only add (DESIGN.md), so everything this release reads is still there, provided every migration
 * it knows has been applied.
 */
async function migrateForStart(database: Database, logger: pino.Logger): Promise<void> {
  const state = await migrationState(database);
  if (state.unknown.length > 0 && state.missing.length === 0) {
    logger.warn(
      { newer: state.unknown },
      'the database was migrated by a newer release of Redress; this instance runs on it as it is (migrations only add)',
    );
    return;
  }
  const { filled } = await migrateToLatest(database, {
    onStart: (name) =>
      logger.info(
        { migration: name },
        'filling what a migration added, a piece at a time: this instance starts once it is done (older instances go on meanwhile)',
      ),
    onWait: (names) =>
      logger.info(
        { migrations: names },
        'another instance is filling what a migration added: this one starts once it is done',
      ),
  });
  for (const { name, rows } of filled)
    logger.warn({ migration: name, rows }, 'filled what a migration added');
}

export async function startRedress(config: Config): Promise<Running> {
  const roles = config.role;
  const has = (role: ProcessRole) => roles.includes(role);
  const logger = createLogger(config.logLevel).child({ role: roles.join(',') });
  // A server key given but unusable stops start-up here, with what to fix, rather than at the first form.
  serverKeyFrom(config.secretKeyFile);
  const database = await openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    backgroundCheckpoints: true,
    notice: (message) => logger.warn(message),
  });
  await migrateForStart(database, logger);
  // Chunks written ahead of a filing that a process killed in between never committed (originals.repo.ts): only
  // on SQLite, where they are written ahead, and before this server writes any.
  if (database.writeChunks) {
    const removed = await removeChunksWithoutOriginal(database.db);
    if (removed > 0) logger.info({ removed }, 'removed chunks of originals that were never filed');
  }
  // One application context for every part; administrators' settings apply over the file and environment, and
  // a change made on another instance is picked up within seconds.
  const ctx = createAppContext(config, database);
  await loadSettings(ctx, config, { recordCalendar: true });
  const settings = watchSettings(ctx, config);
  const metrics = createMetrics(ctx, {
    processMetrics: true,
    onStateError: (err) => logger.warn({ err }, 'metrics: the database figures could not be read'),
  });
  const mail = has('mail') ? await startMailDoors(ctx, logger, metrics) : null;
  const smtp = mail?.smtp;
  if (smtp?.listening)
    addReadinessCheck(ctx, () =>
      smtp.listening?.()
        ? null
        : {
            reason: 'smtp',
            detail: 'the SMTP listener does not listen (its thread stopped and is not back yet)',
          },
    );
  const http = has('web')
    ? await startHttp(ctx, logger, config, metrics)
    : await startOperationsHttp(ctx, logger, metrics);
  const correspondence = has('worker') ? await startCorrespondence(ctx, logger) : null;
  const httpUrl = http.url;
  const what = has('web') ? '' : ' (health, readiness and metrics only)';
  process.stdout.write(
    `Redress (${roles.join(', ')}) is listening on ${httpUrl}${what} (database ${withoutPassword(config.databaseUrl)})\n`,
  );
  if (!has('mail')) logger.info('this instance runs no mail door (role without mail)');
  if (has('web') && !has('worker')) await tellAboutEmptyDatabase(ctx);
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
    roles,
    async stop() {
      settings.stop();
      await http.stop();
      await mail?.stop();
      await correspondence?.stop();
      await database.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The web application and the API: one Fastify app.

async function startHttp(ctx: AppContext, logger: pino.Logger, base: Config, metrics: RedressMetrics) {
  const { config } = ctx;
  const app = await buildHttpApp(ctx, { logger, base, metrics });
  const url = await app.listen({ host: config.http.host, port: config.http.port });
  const noUsers = (await countUsers(ctx)) === 0;
  return {
    url,
    noUsers,
    async stop() {
      // Stops accepting connections, answers 503 to new requests and waits for those in flight.
      await app.close();
    },
  };
}

/** HTTP for an instance without the web role: health, readiness and metrics on the configured address. */
async function startOperationsHttp(ctx: AppContext, logger: pino.Logger, metrics: RedressMetrics) {
  const app = await buildOperationsApp(ctx, { logger, metrics });
  const url = await app.listen({ host: ctx.config.http.host, port: ctx.config.http.port });
  return {
    url,
    noUsers: false,
    async stop() {
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

async function startMailDoors(
  ctx: AppContext,
  logger: pino.Logger,
  metrics: RedressMetrics,
): Promise<MailDoors> {
  const { config } = ctx;
  const [{ EmailIntake }, { defaultReadThreads }, { startSmtpThread }, { databaseLease, leaseHolderId }] =
    await Promise.all([
      import('./app/email-intake.ts'),
      import('./app/read-pool.ts'),
      import('./app/smtp-thread.ts'),
      import('./adapters/db/leases.repo.ts'),
    ]);
  /** The intake, counting what it stores for the metrics (every door hands its messages to `receive`). */
  class CountedIntake extends EmailIntake {
    override async receive(input: Parameters<Intake['receive']>[0]) {
      const start = performance.now();
      const result = await super.receive(input);
      metrics.received(input.door, result, (performance.now() - start) / 1000);
      return result;
    }
  }
  const intake = new CountedIntake(ctx, {
    readThreads: config.readThreads ?? defaultReadThreads(),
    onError: (err, email) => {
      metrics.refused(email.door, 'not_stored');
      logger.error({ err, mailbox: email.mailbox.name }, 'mail intake: not stored');
    },
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
  // The listener's own refusals (counted on its thread, which says them to this one every second).
  const smtpStats = smtp?.stats;
  if (smtpStats) {
    metrics.addRefusalSource({ door: 'smtp', reason: 'too_large', total: () => smtpStats.refusedOversize });
    metrics.addRefusalSource({
      door: 'smtp',
      reason: 'connection',
      total: () => smtpStats.refusedConnections,
    });
  }
  if (smtp)
    process.stdout.write(
      `Redress receives mail by SMTP on ${smtp.host}:${smtp.port} for ${config.mailboxes.map((m) => m.address).join(', ')}\n`,
    );
  const imap = config.imap.length > 0 ? await import('./adapters/mail/imap-poller.ts') : null;
  const [failuresRepo, setAsideEmail] = await Promise.all([
    import('./adapters/db/imap-failures.repo.ts'),
    config.imap.length > 0 ? import('./app/set-aside-email.ts') : null,
  ]);
  // Each mailbox is polled by one instance at a time: the one holding its lease.
  const holder = leaseHolderId();
  const pollers: ImapPoller[] = config.imap.map((box) => {
    const leaseName = failuresRepo.imapMailboxName(box);
    const poller = new imap!.ImapPoller({
      box,
      mailbox: config.mailboxes.find((m) => m.name === box.mailbox)!,
      password: imap!.imapPassword(box),
      receive,
      logger,
      maxMessageBytes: config.smtp.maxMessageBytes,
      storeTimeoutMs: config.smtp.storeTimeoutMs,
      lease: databaseLease(ctx.database, leaseName, holder, box.leaseSeconds),
      // A message that never can be stored is set aside after a few tries, counted in the database, and put in
      // the inbox as a message that could not be read is.
      failures: failuresRepo.databaseFailureLog(ctx.database, leaseName),
      setAside: (email, problem) => setAsideEmail!.fileSetAside(ctx, intake, email, problem),
      // A message Redress gets no bytes of (not given by the server, over the size limit) is no received mail: staff
      // are told by a notice on the inbox page.
      notices: failuresRepo.databaseNoticeLog(ctx.database, leaseName),
    });
    metrics.addRefusalSource({ door: 'imap', reason: 'too_large', total: () => poller.stats.tooLarge });
    metrics.addImapMailbox(`${box.user}@${box.host}/${box.folder}`, poller);
    return poller;
  });
  for (const poller of pollers) poller.start();
  // The failures counted for IMAP mailboxes no longer configured (removed, or another server or folder) are
  // removed now, since no poller forgets them any more (imap-failures.repo.ts `forgetRemovedMailboxes`), and again
  // every hour: those of a mailbox an instance with the older configuration still polls are kept until it stops.
  const forgetRemoved = () =>
    failuresRepo
      .forgetRemovedMailboxes(ctx.database, config.imap.map(failuresRepo.imapMailboxName))
      .then((removed) => {
        if (removed.length > 0)
          logger.info(
            { mailboxes: removed },
            'imap: removed the failures counted for mailboxes no longer configured',
          );
      })
      .catch((err: unknown) =>
        logger.warn({ err }, 'imap: could not remove the failures of mailboxes no longer configured'),
      );
  const forgetting = forgetRemoved();
  const forgetTimer = setInterval(forgetRemoved, 3_600_000);
  forgetTimer.unref();
  // Entries earlier releases filed in the inbox in place of a message they had no bytes of (an e-mail of their own,
  // stored as if received) are listed as the mail door's notices now, and leave the inbox (imap-notices.ts).
  const adopting = import('./app/imap-notices.ts')
    .then((m) => m.adoptOldImapNotices(ctx, config.imap))
    .then((moved) => {
      if (moved > 0)
        logger.info({ moved }, 'imap: entries of earlier releases listed as notices of the mail door');
    })
    .catch((err: unknown) =>
      logger.warn(
        { err },
        'imap: could not list the entries of earlier releases as notices; tried at the next start',
      ),
    );
  return {
    smtp,
    async stop() {
      clearInterval(forgetTimer);
      await Promise.all([forgetting, adopting]);
      await Promise.all([smtp?.close(), ...pollers.map((p) => p.stop())]);
      await intake.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Correspondence and clocks: the outbox sender (every instance; items are claimed with a lease) and the
// deadline sweep (alerts, quiet-period closing; one instance at a time on PostgreSQL).

/** On an empty database, says how to load example cases. */
async function tellAboutEmptyDatabase(ctx: AppContext): Promise<void> {
  const one = await ctx.database.db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (!one)
    process.stdout.write(
      'The database holds no case yet. To look around with example cases in French, English and German, stop\n' +
        'Redress and run `npx redress demo` (on an empty database only), then start it again.\n',
    );
}

async function startCorrespondence(ctx: AppContext, logger: pino.Logger): Promise<{ stop(): Promise<void> }> {
  const log = logger.child({ part: 'correspondence' });
  const [
    { smtpSettingsFrom, smtpTransport },
    { startOutboxWorker },
    { startSweep },
    { startRetentionSchedule },
    { startMonthlyReportSchedule },
    { startSearchIndexer },
    { pruneSessions },
  ] = await Promise.all([
    import('./adapters/mail/smtp-transport.ts'),
    import('./app/send-outbox.ts'),
    import('./app/sweep-deadlines.ts'),
    import('./app/run-retention.ts'),
    import('./app/report-monthly.ts'),
    import('./app/search-indexer.ts'),
    import('./app/sign-in.ts'),
  ]);
  await tellAboutEmptyDatabase(ctx);
  const sender = ctx.config.outbound.enabled
    ? startOutboxWorker(ctx, smtpTransport(smtpSettingsFrom(ctx.config)), log)
    : null;
  if (!sender) log.warn('outbound mail is disabled (outbound.enabled=false): mail waits in the outbox');
  const sweep = startSweep(ctx, log, () => sender?.wake());
  const retention = ctx.config.retention.enabled ? startRetentionSchedule(ctx, log) : null;
  // Always scheduled: administrators switch the monthly report on at run time; each check reads the setting.
  const monthlyReport = startMonthlyReportSchedule(ctx, log);
  const indexer = startSearchIndexer(ctx, log);
  // Expired sessions are removed every hour.
  const sessions = setInterval(() => {
    pruneSessions(ctx).catch((err: unknown) => logger.warn({ err }, 'could not remove expired sessions'));
  }, 3_600_000);
  sessions.unref();
  return {
    async stop() {
      clearInterval(sessions);
      await sweep.stop();
      await retention?.stop();
      await monthlyReport.stop();
      await sender?.stop();
      await indexer.stop();
    },
  };
}
