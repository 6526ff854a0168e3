// Shared by the correspondence tests: a receiving SMTP server (smtp-server, a real SMTP exchange) that keeps
// what it gets, parsed with postal-mime; and an app context on a test database with a movable clock.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import type { Aggregates } from '../../src/adapters/db/aggregates.repo.ts';
import { CorrespondenceRepo } from '../../src/adapters/db/correspondence.repo.ts';
import type { Engine } from '../../src/adapters/db/database.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { afterCaseOpened } from '../../src/app/acknowledge-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCaseIn } from '../../src/app/open-case.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Language } from '../../src/core/case/model.ts';
import {
  type MailTransport,
  type OutgoingMail,
  SendError,
} from '../../src/core/correspondence/outgoing-mail.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

export interface Received {
  raw: string;
  mail: Email;
  envelopeTo: string[];
  header(name: string): string | null;
}

export interface SmtpSink {
  port: number;
  received: Received[];
  stop(): Promise<void>;
}

/**
 * A receiving SMTP server on 127.0.0.1 (port 0: a free one). `lenientAddressParsing` takes envelope addresses as
 * mail servers such as Postfix do (a quoted local part with two dots in a row, `"taro..yamada"@…`), which
 * smtp-server's strict reading refuses.
 */
export async function startSmtpSink(
  port = 0,
  options: { lenientAddressParsing?: boolean } = {},
): Promise<SmtpSink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    lenientAddressParsing: options.lenientAddressParsing ?? false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = await PostalMime.parse(raw);
        received.push({
          raw,
          mail,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          header: (name) => mail.headers.find((h) => h.key === name.toLowerCase())?.value ?? null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface World {
  test: TestDatabase;
  config: Config;
  ctx: AppContext;
  clock: ReturnType<typeof fixedClock>;
  transport(port: number): MailTransport;
  close(): Promise<void>;
}

export async function startWorld(
  engine: Engine,
  start: string,
  overrides: Record<string, unknown> = {},
): Promise<World> {
  const test = await createTestDatabase(engine);
  const config = loadConfig({ env: {}, cwd: '/nonexistent', overrides: { holidays: 'DE-BW', ...overrides } });
  const clock = fixedClock(start);
  let n = 0;
  const ctx = createAppContext(config, test.database, {
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
  const transports: MailTransport[] = [];
  return {
    test,
    config,
    ctx,
    clock,
    transport(port) {
      const t = smtpTransport({ host: '127.0.0.1', port, secure: false, requireTls: false });
      transports.push(t);
      return t;
    },
    async close() {
      for (const t of transports) t.close();
      await test.drop();
    },
  };
}

/** What a mail door does: stores the inbound message, opens the case and acknowledges it, in one transaction. */
export async function mailIn(
  world: World,
  m: {
    from: string;
    name: string;
    language: Language;
    subject: string;
    messageId: string;
    missing?: ('expectations' | 'name')[];
    autoReply?: 'allowed' | 'flood_limited' | 'automated';
  },
) {
  const { ctx } = world;
  return inTransaction(ctx, async (agg: Aggregates) => {
    const now = ctx.clock.now();
    const correspondenceId = ctx.newId();
    await new CorrespondenceRepo(agg.db).insertInbound({
      id: correspondenceId,
      caseId: null,
      inboxItemId: null,
      channel: 'email',
      door: 'smtp',
      mailbox: 'complaints',
      messageId: m.messageId,
      inReplyTo: null,
      bodySha256: `sha-${m.messageId}`,
      originalSha256: null,
      subject: m.subject,
      fromAddress: m.from,
      fromName: m.name,
      toAddress: 'complaint@example.org',
      at: now,
      language: m.language,
      reading: null,
      textBody: 'text',
      filing: 'case_opened',
      autoReply: m.autoReply ?? 'allowed',
      createdAt: now,
    });
    const opened = await openCaseIn(ctx, agg, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: now,
      language: m.language,
      subject: m.subject,
      complainant: { name: m.name, email: m.from },
      fields: {
        ticketRefs: [],
        domains: [],
        description: 'My site is down since Monday.',
        expectations: null,
      },
      missing: m.missing ?? [],
      correspondenceId,
      actor: 'mailbox:complaints',
    });
    await agg.db
      .updateTable('correspondence')
      .set({ case_id: opened.caseId })
      .where('id', '=', correspondenceId)
      .execute();
    const after = await afterCaseOpened(ctx, agg, opened, {
      correspondenceId,
      autoReply: m.autoReply ?? 'allowed',
    });
    return { ...opened, after };
  });
}

/**
 * A delivery status notification (RFC 3464) as a mail server sends it back: `recipient` failed for good (5.1.1),
 * about the message with this Message-ID and subject, whose headers it quotes.
 */
export function deliveryFailure(
  recipient: string,
  original: { messageId?: string | undefined; subject?: string | undefined },
): string {
  return [
    'From: MAILER-DAEMON@mx.example.net',
    'To: complaint@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'I am sorry to tell you that your message could not be delivered.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected`,
    '--b',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${original.messageId}`,
    `Subject: ${original.subject}`,
    '--b--',
    '',
  ].join('\r\n');
}

/**
 * A relay that accepts everything, or, while `state.refusing`, refuses our own login (our set-up's fault, so the
 * outbox holds the mail rather than failing it). It counts what it accepted and keeps the last mail.
 */
export function switchableRelay(refusing = false) {
  const state = { refusing, sent: 0, last: null as OutgoingMail | null };
  const transport: MailTransport = {
    async send(mail) {
      if (state.refusing) throw new SendError('535 5.7.8 Error: authentication failed', 'setup');
      state.sent++;
      state.last = mail;
      return { response: '250 2.0.0 Ok: queued' };
    },
    close() {},
  };
  return { state, transport };
}

/** The complaints `startWorldWithOneHeld` files, as mailIn returns them. */
export type MailedIn = Awaited<ReturnType<typeof mailIn>>;

/**
 * A world at `start` with two complaints filed by mail: the first one's acknowledgement sent through `mail` (a
 * `switchableRelay`), the second one's held because the relay then refuses our login (left refusing). `heldAt`, when
 * given, is when the second complaint arrives (the clock is moved there); `alsoSent` names complaints filed after the
 * first one, their acknowledgements sent with it. Checks that the relay took all but the last. The complaints are in
 * `ids` by who sent them: `sent`, `held` and the names in `alsoSent`.
 */
export async function startWorldWithOneHeld<Also extends string = never>(
  engine: Engine,
  start: string,
  mail: ReturnType<typeof switchableRelay>,
  o: { heldAt?: string; alsoSent?: Also[] } = {},
): Promise<{ world: World; ids: Record<'sent' | 'held' | Also, MailedIn> }> {
  const world = await startWorld(engine, start);
  const ids = {} as Record<'sent' | 'held' | Also, MailedIn>;
  ids.sent = await mailIn(world, complaintBy('sent', 'Sent', 'Invoice wrong'));
  for (const who of o.alsoSent ?? [])
    ids[who] = await mailIn(world, complaintBy(who, who, `Complaint of ${who}`));
  const taken = mail.state.sent + 1 + (o.alsoSent?.length ?? 0);
  await sendDueMail(world.ctx, mail.transport);
  assert.equal(mail.state.sent, taken, 'the first acknowledgements are sent');
  mail.state.refusing = true;
  if (o.heldAt) world.clock.set(o.heldAt);
  ids.held = await mailIn(world, complaintBy('held', 'Held', 'Site down'));
  await sendDueMail(world.ctx, mail.transport);
  assert.equal(mail.state.sent, taken, 'the last acknowledgement is held');
  return { world, ids };
}

/** A case's stored due key and given key, and the two times they are taken from, as its row holds them. */
export function dueKeysOf(world: World, caseId: string) {
  return world.ctx.database.db
    .selectFrom('cases')
    .select(['due_key', 'due_key_given', 'acknowledge_by', 'answer_by'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
}

/** A complaint in English by mail from `${who}@example.net`. */
function complaintBy(who: string, name: string, subject: string) {
  return {
    from: `${who}@example.net`,
    name,
    language: 'en' as const,
    subject,
    messageId: `<${who}@example.net>`,
  };
}
