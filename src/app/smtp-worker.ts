// The SMTP thread (smtp-thread.ts): the SMTP listener, and the reading of each message it receives; the main
// thread files it and answers when it is committed, and only then does the listener reply 250.
import { parentPort } from 'node:worker_threads';
import pino from 'pino';
import type { HolidayTable } from '../adapters/calendar/date-holidays.ts';
import { type SmtpListener, startSmtpListener } from '../adapters/mail/smtp-listener.ts';
import type { Config } from '../config.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { InboundEmail, PreparedEmail } from './prepare-email.ts';
import type { ReceivedEmail } from './receive-email.ts';
import type { FromSmtpThread, ToSmtpThread } from './smtp-thread.ts';

const port = parentPort!;
/** The configuration in force; the reader and its calendar are loaded with the first message (memory). */
let config: Config | null = null;
let holidays: HolidayTable | null = null;
let deps: { config: Config; calendar: BusinessCalendar } | null = null;
let reader: ((input: InboundEmail, now: string) => Promise<PreparedEmail>) | null = null;

async function read(input: InboundEmail, now: string): Promise<PreparedEmail> {
  if (!reader) {
    const [{ prepareEmailWith }, { calendarFromConfig }] = await Promise.all([
      import('./prepare-email.ts'),
      import('../adapters/calendar/calendar.ts'),
    ]);
    reader = (email, at) => {
      if (deps?.config !== config)
        deps = { config: config!, calendar: calendarFromConfig(config!, holidays ?? undefined) };
      return prepareEmailWith(deps, email, at);
    };
  }
  return reader(input, now);
}
let listener: SmtpListener | null = null;
let ids = 0;
const waiting = new Map<number, { resolve(r: ReceivedEmail): void; reject(e: Error): void }>();

const post = (message: FromSmtpThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function receive(email: InboundEmail): Promise<ReceivedEmail> {
  // A copy with a buffer of its own, moved to the main thread (a pooled Buffer would be cloned whole).
  const raw = new Uint8Array(email.raw);
  const prepared = await read({ ...email, raw }, new Date().toISOString());
  const id = ++ids;
  return new Promise<ReceivedEmail>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    post({ type: 'file', id, prepared }, [raw.buffer as ArrayBuffer]);
  });
}

port.on('message', async (message: ToSmtpThread) => {
  switch (message.type) {
    case 'start': {
      config = message.config;
      holidays = message.holidays;
      const { smtp, logLevel } = message.config;
      try {
        listener = await startSmtpListener({
          ...smtp,
          host: message.host,
          port: message.port,
          mailboxes: () => config!.mailboxes,
          receive,
          logger: pino({ level: logLevel }),
        });
        post({ type: 'listening', host: listener.host, port: listener.port });
      } catch (e) {
        post({ type: 'start_failed', message: (e as Error).message });
      }
      return;
    }
    case 'config':
      config = message.config;
      holidays = message.holidays;
      return;
    case 'answers':
      for (const a of message.answers) {
        const waiter = waiting.get(a.id);
        waiting.delete(a.id);
        if ('failed' in a) waiter?.reject(new Error(a.failed));
        else waiter?.resolve(a.result);
      }
      return;
    case 'close':
      await listener?.close();
      post({ type: 'closed' });
      return;
  }
});
