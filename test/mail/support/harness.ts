// A mail-intake harness for tests: a test database (SQLite or PostgreSQL), the app context, the group-commit
// intake and, on request, the SMTP listener on a free port.
import pino from 'pino';
import type { Engine } from '../../../src/adapters/db/database.ts';
import { type SmtpListener, startSmtpListener } from '../../../src/adapters/mail/smtp-listener.ts';
import { type AppContext, createAppContext } from '../../../src/app/context.ts';
import { EmailIntake } from '../../../src/app/email-intake.ts';
import { type ReceivedEmail, receiveEmail } from '../../../src/app/receive-email.ts';
import { type Config, loadConfig } from '../../../src/config.ts';
import type { Clock } from '../../../src/core/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { type MessageSpec, rawMessage } from './messages.ts';

export interface Harness {
  test: TestDatabase;
  config: Config;
  ctx: AppContext;
  intake: EmailIntake;
  smtp: SmtpListener | null;
  /** Files a message built from `spec` through the mail door, as an MTA's pipe hands it over. */
  receive(spec: MessageSpec, envelopeSender?: string): Promise<ReceivedEmail>;
  /** The e-mail address of a case's complainant (null: none on record). */
  complainantOf(caseId: string): Promise<string | null>;
  counts(): Promise<{
    correspondence: number;
    originals: number;
    cases: number;
    inbox: number;
    events: number;
  }>;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

export async function startHarness(
  engine: Engine,
  options: { smtp?: boolean; overrides?: Record<string, unknown>; clock?: Clock } = {},
): Promise<Harness> {
  const test = await createTestDatabase(engine);
  const config = loadConfig({ env: {}, cwd: '/nonexistent', overrides: options.overrides ?? {} });
  const ctx = createAppContext(config, test.database, options.clock ? { clock: options.clock } : {});
  // The SMTP tests read on a worker thread, as `redress start` does.
  const intake = new EmailIntake(ctx, { readThreads: options.smtp ? 1 : 0 });
  const smtp = options.smtp
    ? await startSmtpListener({
        ...config.smtp,
        host: '127.0.0.1',
        port: 0,
        mailboxes: () => ctx.config.mailboxes,
        receive: (email) => intake.receive(email),
        logger: silentLogger,
      })
    : null;
  const count = async (table: 'originals' | 'cases' | 'inbox_items' | 'events') => {
    const row = await test.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const inbound = async () => {
    const row = await test.database.db
      .selectFrom('correspondence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    test,
    config,
    ctx,
    intake,
    smtp,
    receive: (spec, envelopeSender) =>
      receiveEmail(ctx, {
        raw: rawMessage(spec),
        mailbox: ctx.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
        ...(envelopeSender === undefined ? {} : { envelopeSender }),
      }),
    async complainantOf(caseId) {
      const row = await test.database.db
        .selectFrom('cases')
        .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
        .select('complainants.email')
        .where('cases.id', '=', caseId)
        .executeTakeFirstOrThrow();
      return row.email;
    },
    async counts() {
      return {
        correspondence: await inbound(),
        originals: await count('originals'),
        cases: await count('cases'),
        inbox: await count('inbox_items'),
        events: await count('events'),
      };
    },
    async close() {
      await smtp?.close();
      await intake.close();
      await test.drop();
    },
  };
}
