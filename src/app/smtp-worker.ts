// The SMTP thread (smtp-thread.ts): the SMTP listener and nothing else. What it receives goes to the main thread,
// which has it read within its budget (read-pool.ts) and files it; only once it is committed does the listener
// reply 250. No reading happens here, so a message that is costly to read never delays another session's
// greeting or reply.
import { parentPort } from 'node:worker_threads';
import { createLogger } from '../adapters/log/logger.ts';
import { type SmtpListener, startSmtpListener } from '../adapters/mail/smtp-listener.ts';
import { COLLECT_AFTER_BYTES, collectGarbage, MAIN_COLLECT_AFTER_BYTES } from '../adapters/os/collect.ts';
import type { Config } from '../config.ts';
import type { InboundEmail } from './prepare-email.ts';
import type { ReceivedEmail } from './receive-email.ts';
import type { FromSmtpThread, ToSmtpThread } from './smtp-thread.ts';

const port = parentPort!;
/** The configuration in force (the mailboxes change when administrators change them). */
let config: Config | null = null;
let listener: SmtpListener | null = null;
let ids = 0;
const waiting = new Map<
  number,
  { resolve(r: ReceivedEmail & { freed?: Promise<void> }): void; reject(e: Error): void; bytes: number }
>();
/**
 * The messages large enough for the main thread to collect its garbage after filing them: it says when that is
 * done, and the listener counts them against its budget for large messages until then (smtp-listener.ts).
 */
const freeing = new Map<number, () => void>();

const post = (message: FromSmtpThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function receive(email: InboundEmail): Promise<ReceivedEmail & { freed?: Promise<void> }> {
  const id = ++ids;
  // The listener holds a message in a shared buffer: the main thread (and the thread that reads it) share it,
  // no copy. Anything else is copied to a buffer of its own and moved (a pooled Buffer would be cloned whole).
  const shared = email.raw.buffer instanceof SharedArrayBuffer;
  const raw =
    shared || (email.raw.byteOffset === 0 && email.raw.byteLength === email.raw.buffer.byteLength)
      ? email.raw
      : new Uint8Array(email.raw);
  const freed =
    raw.byteLength >= MAIN_COLLECT_AFTER_BYTES
      ? new Promise<void>((resolve) => freeing.set(id, resolve))
      : undefined;
  return new Promise<ReceivedEmail & { freed?: Promise<void> }>((resolve, reject) => {
    waiting.set(id, {
      resolve: (r) => resolve(freed ? { ...r, freed } : r),
      reject,
      bytes: raw.byteLength,
    });
    post(
      {
        type: 'file',
        id,
        raw,
        mailbox: email.mailbox,
        envelopeSender: email.envelopeSender ?? null,
        relayTrusted: email.relayTrusted === true,
      },
      shared ? [] : [raw.buffer as ArrayBuffer],
    );
  });
}

/** How often the listener's counts are said to the main thread, when they changed (its metrics read them). */
const STATS_MS = 1_000;
/** The listener's counts as last said to the main thread (they are said again only when they change). */
let said = '';
function sayStats(): void {
  if (!listener?.stats) return;
  const stats = { ...listener.stats };
  const text = JSON.stringify(stats);
  if (text === said) return;
  said = text;
  post({ type: 'stats', stats });
}
setInterval(sayStats, STATS_MS).unref();

port.on('message', async (message: ToSmtpThread) => {
  switch (message.type) {
    case 'start': {
      config = message.config;
      const { smtp, logLevel } = message.config;
      try {
        listener = await startSmtpListener({
          ...smtp,
          host: message.host,
          port: message.port,
          mailboxes: () => config!.mailboxes,
          receive,
          logger: createLogger(logLevel),
        });
        post({ type: 'listening', host: listener.host, port: listener.port });
      } catch (e) {
        post({ type: 'start_failed', message: (e as Error).message });
      }
      return;
    }
    case 'config':
      config = message.config;
      return;
    case 'answers': {
      let large = false;
      for (const a of message.answers) {
        const waiter = waiting.get(a.id);
        waiting.delete(a.id);
        if ((waiter?.bytes ?? 0) >= COLLECT_AFTER_BYTES) large = true;
        if ('failed' in a) waiter?.reject(new Error(a.failed));
        else waiter?.resolve(a.result);
      }
      // Once the replies are written (the promises above settle first): this thread lets go of a large message's
      // bytes at once rather than at its next collection, which may be many messages later (collect.ts).
      if (large) setImmediate(collectGarbage);
      return;
    }
    case 'freed':
      for (const id of message.ids) {
        freeing.get(id)?.();
        freeing.delete(id);
      }
      return;
    case 'close':
      await listener?.close();
      sayStats();
      post({ type: 'closed' });
      return;
  }
});
