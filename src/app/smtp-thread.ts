// The SMTP door on a thread of its own. The listener (smtp-listener.ts) runs on a worker thread that only speaks
// SMTP (smtp-worker.ts); the main thread, which holds the database, has each message read on the read pool's
// threads within its budget (read-pool.ts), files it and says when it is committed. Reading never shares a
// thread with the listener: a message that is costly to read (nested HTML, a huge text part) would otherwise hold
// up every other session's greeting and reply for as long as it takes.
//
// The promises of the door hold as on the main thread: 250 only after the message is committed (the thread
// waits for the main thread's answer before replying), 451 when storing fails. If the thread dies, the sessions
// it held are cut without a 250 (the sender retries) and a new thread listens on the same address.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { SmtpListener, SmtpListenerStats } from '../adapters/mail/smtp-listener.ts';
import { collectGarbageSoon, MAIN_COLLECT_AFTER_BYTES } from '../adapters/os/collect.ts';
import type { Config, Mailbox } from '../config.ts';
import type { AppContext } from './context.ts';
import type { EmailIntake } from './email-intake.ts';
import { READER_LIMITS } from './read-pool.ts';
import type { ReceivedEmail } from './receive-email.ts';

/** What the main thread tells the SMTP thread. */
export type ToSmtpThread =
  | { type: 'start'; config: Config; host: string; port: number }
  | { type: 'config'; config: Config }
  | { type: 'answers'; answers: FileAnswer[] }
  /** This thread has collected its garbage after filing these (large) messages: their bytes are let go here. */
  | { type: 'freed'; ids: number[] }
  | { type: 'close' };

/** The outcome of filing one message: committed (with what to say in the 250 reply), or failed. */
export type FileAnswer = { id: number; result: ReceivedEmail } | { id: number; failed: string };

/** What the SMTP thread tells the main thread. */
export type FromSmtpThread =
  | { type: 'listening'; host: string; port: number }
  | { type: 'start_failed'; message: string }
  | {
      type: 'file';
      id: number;
      raw: Uint8Array;
      mailbox: Mailbox;
      envelopeSender: string | null;
      /** Whether the peer is one of the organisation's relays, as the listener found it (prepare-email.ts). */
      relayTrusted: boolean;
    }
  /** The listener's counts (refusals, bytes held), sent when they changed, at most once a second. */
  | { type: 'stats'; stats: SmtpListenerStats }
  | { type: 'closed' };

/** How often the thread is sent the configuration when administrators changed it (mailboxes, calendar). */
const CONFIG_CHECK_MS = 1_000;
const RESTART_DELAY_MS = 1_000;
const RESTART_MAX_DELAY_MS = 60_000;

export async function startSmtpThread(
  ctx: AppContext,
  intake: EmailIntake,
  logger: Logger,
): Promise<SmtpListener> {
  let host = ctx.config.smtp.host;
  let port = ctx.config.smtp.port;
  let stopping = false;
  let current: { worker: Worker; config: Config } | null = null;
  /** The thread that said it listens, until it stops: none while a new one starts (readiness, main.ts). */
  let listeningWorker: Worker | null = null;
  /**
   * The last counts each thread said (a thread that failed keeps its place: the refusals it counted happened).
   * The listener's stats are their sum, so that the counters only ever go up, across restarts too.
   */
  const counted = new Map<Worker, SmtpListenerStats>();
  const sum = (field: keyof SmtpListenerStats) =>
    [...counted.values()].reduce((total, s) => total + s[field], 0);
  const stats: SmtpListenerStats = {
    get largestHeldBytes() {
      return Math.max(0, ...[...counted.values()].map((s) => s.largestHeldBytes));
    },
    get heldBytes() {
      return current ? (counted.get(current.worker)?.heldBytes ?? 0) : 0;
    },
    get largeBytes() {
      return current ? (counted.get(current.worker)?.largeBytes ?? 0) : 0;
    },
    get refusedOversize() {
      return sum('refusedOversize');
    },
    get refusedBusy() {
      return sum('refusedBusy');
    },
    get refusedConnections() {
      return sum('refusedConnections');
    },
    get timedOut() {
      return sum('timedOut');
    },
  };

  const spawn = (): Promise<{ host: string; port: number }> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./smtp-worker.ts', import.meta.url), {
        resourceLimits: READER_LIMITS,
      });
      const config = ctx.config;
      current = { worker, config };
      let started = false;
      worker.on('message', (message: FromSmtpThread) => {
        if (message.type === 'listening') {
          started = true;
          listeningWorker = worker;
          resolve({ host: message.host, port: message.port });
        } else if (message.type === 'start_failed') {
          reject(new Error(message.message));
          void worker.terminate();
        } else if (message.type === 'stats') {
          counted.set(worker, message.stats);
        } else if (message.type === 'file') {
          // The callbacks below name the message's id only, never `message`: a callback that named it would keep
          // the message, and so its bytes, alive until it had run, and the last of them runs after the collection
          // that is meant to let go of those bytes. The bytes would then stay until this thread's next whole
          // collection, while the listener, told they were freed, admitted the next large message beside them.
          const { id, raw, mailbox, envelopeSender, relayTrusted } = message;
          const large = raw.byteLength >= MAIN_COLLECT_AFTER_BYTES;
          intake
            .receive({ raw, mailbox, door: 'smtp', envelopeSender, relayTrusted })
            .then(
              (result) => answer({ id, result }),
              (e: unknown) => answer({ id, failed: (e as Error).message ?? String(e) }),
            )
            // A large message's bytes are shared with the SMTP and reading threads and freed once every one of
            // them has collected its handle (collect.ts); this thread's turn, once the replies are out (it is the
            // last: the reading and chunk-writing threads collect before the filing ends). A whole collection of
            // this thread's heap holds up HTTP and filing while it runs, so only for a message large enough to
            // matter to the server's memory. The listener counts the message against its budget for large
            // messages until it hears that this is done.
            .finally(() => {
              if (large)
                setImmediate(() =>
                  collectGarbageSoon()
                    .catch(() => {})
                    .then(() => {
                      if (current?.worker === worker)
                        worker.postMessage({ type: 'freed', ids: [id] } satisfies ToSmtpThread);
                    }),
                );
            });
        }
      });
      // The messages committed together are answered together: one message to the thread per turn of the
      // event loop rather than one per message (waking a thread is not free).
      let answers: FileAnswer[] = [];
      const answer = (a: FileAnswer) => {
        answers.push(a);
        if (answers.length === 1)
          setImmediate(() => {
            const batch = answers;
            answers = [];
            worker.postMessage({ type: 'answers', answers: batch } satisfies ToSmtpThread);
          });
      };
      worker.on('error', (e) => {
        if (!started) reject(e);
        else logger.error({ err: e }, 'smtp: the SMTP thread failed');
      });
      worker.on('exit', (code) => {
        if (current?.worker === worker) current = null;
        if (listeningWorker === worker) listeningWorker = null;
        if (stopping || !started) return;
        logger.error({ code }, 'smtp: the SMTP thread stopped; a new one starts in a second');
        restartAfter(RESTART_DELAY_MS);
      });
      worker.postMessage({
        type: 'start',
        config,
        host,
        port,
      } satisfies ToSmtpThread);
    });

  /**
   * A new thread after a failure, tried again until one listens: one that cannot start (its address taken by
   * another process meanwhile) would otherwise leave this instance without its listener until restarted by hand.
   * The pause doubles up to a minute, so that the log says it about once a minute.
   */
  const restartAfter = (delayMs: number): void => {
    setTimeout(() => {
      if (stopping) return;
      spawn().catch((e: unknown) => {
        const next = Math.min(delayMs * 2, RESTART_MAX_DELAY_MS);
        logger.error(
          { err: e, retryInMs: next },
          `smtp: the SMTP thread could not restart; trying again in ${Math.round(next / 1000)} s`,
        );
        restartAfter(next);
      });
    }, delayMs).unref();
  };

  const address = await spawn();
  // A new thread after a failure listens where the first one did (also when the port was chosen by the system).
  host = address.host;
  port = address.port;

  const watch = setInterval(() => {
    if (current && current.config !== ctx.config) {
      current.config = ctx.config;
      current.worker.postMessage({
        type: 'config',
        config: ctx.config,
      } satisfies ToSmtpThread);
    }
  }, CONFIG_CHECK_MS);
  watch.unref();

  return {
    host,
    port,
    stats,
    listening: () => listeningWorker !== null && !stopping,
    async close() {
      stopping = true;
      clearInterval(watch);
      const running = current;
      if (!running) return;
      // The thread stops accepting, lets the sessions that are sending finish (their messages are filed here
      // meanwhile), then says it is done.
      await new Promise<void>((resolve) => {
        running.worker.on('message', (m: FromSmtpThread) => {
          if (m.type === 'closed') resolve();
        });
        running.worker.on('exit', () => resolve());
        running.worker.postMessage({ type: 'close' } satisfies ToSmtpThread);
      });
      await running.worker.terminate();
    },
  };
}
