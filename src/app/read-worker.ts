// The worker thread of the read pool (read-pool.ts): hashes and reads messages one at a time, in the order they
// come. For each message it first says its hashes (so that the pool can still file it, stored byte for byte, if
// this thread is stopped for going over the reading budget), then the prepared email.
import { flushCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { COLLECT_AFTER_BYTES, collectGarbage } from '../adapters/os/collect.ts';
import { ownCpuMs as cpuMs, currentThreadId, lowerThreadPriority } from '../adapters/os/threads.ts';
import type { Config } from '../config.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import { hashRaw, prepareEmailWith } from './prepare-email.ts';
import { type FromWorker, forFiling, READER_NICE, type ToWorker } from './read-pool.ts';
import { WARM_UP_MESSAGES } from './warm-up.ts';

let deps: { config: Config; calendar: BusinessCalendar } | null = null;

/**
 * This thread in the operating system. Reading runs at a lower priority than the threads that answer people:
 * on a busy machine a costly message then takes the cores that SMTP sessions and HTTP leave free, not theirs.
 * The pool counts this thread's CPU time against the reading budget (read-pool.ts).
 */
const thread = currentThreadId();
lowerThreadPriority(thread, READER_NICE);

/** One message at a time: the pool knows which message a slow thread is on only if they do not interleave. */
let queue: Promise<void> = Promise.resolve();

async function read(message: Extract<ToWorker, { type: 'read' }>): Promise<void> {
  let answer: FromWorker;
  try {
    if (!deps) throw new Error('no configuration yet');
    const input = {
      raw: message.raw,
      mailbox: message.mailbox,
      door: message.door,
      envelopeSender: message.envelopeSender,
      relayTrusted: message.relayTrusted,
    };
    const hashes = hashRaw(message.raw);
    parentPort!.postMessage({ id: message.id, hashes, cpuMs: cpuMs() } satisfies FromWorker);
    const {
      raw: _raw,
      mailbox: _mailbox,
      ...prepared
    } = await prepareEmailWith(deps, input, message.now, hashes);
    answer = {
      id: message.id,
      prepared: { ...prepared, message: prepared.message && forFiling(prepared.message) },
      cpuMs: 0,
    };
  } catch (e) {
    answer = { id: message.id, error: (e as Error).message, cpuMs: 0 };
  }
  answer.cpuMs = cpuMs();
  parentPort!.postMessage(answer);
  // What reading a large message made (its text, its parts) and this thread's handle on its bytes go now, not
  // at a collection many messages later (collect.ts). After the answer, so that the message is filed meanwhile.
  // In a task of its own, once this function and the queue's step that called it are done: until then they hold
  // the message, and a collection would keep its bytes until this thread's next one (two large messages at once).
  // A message already queued may have begun meanwhile; the collection of this small heap is then a few
  // milliseconds of its budget.
  if (message.raw.byteLength >= COLLECT_AFTER_BYTES) setImmediate(collectGarbage);
}

let warm = false;

parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'config') {
    const next = { config: message.config, calendar: calendarFromConfig(message.config, message.holidays) };
    deps = next;
    if (warm) {
      // What reading builds once per configuration and mailbox (its patterns for markers, addresses and
      // categories, its calendar's memos) is built now, before the next message is on the budget's clock.
      queue = queue.then(async () => {
        for (const mailbox of next.config.mailboxes)
          await prepareEmailWith(
            next,
            { raw: WARM_UP_MESSAGES[0]!, mailbox, door: 'smtp' },
            new Date().toISOString(),
          ).catch(() => {});
      });
    } else {
      warm = true;
      queue = queue.then(async () => {
        // Ordinary mail of several kinds: what reading compiles on first use is compiled now, not while the first
        // real messages are on the budget's clock (warm-up.ts). Each to another mailbox, so that what reading
        // builds for each mailbox is built too.
        for (const [i, raw] of WARM_UP_MESSAGES.entries()) {
          const mailbox = next.config.mailboxes[i % next.config.mailboxes.length];
          if (mailbox)
            await prepareEmailWith(next, { raw, mailbox, door: 'smtp' }, new Date().toISOString()).catch(
              () => {},
            );
        }
        // What this thread compiled goes to Node's compile cache now rather than when it ends, so that the next
        // reading thread finds its files there and need not load the TypeScript compiler (read-pool.ts).
        flushCompileCache();
        // Loaded and warm: from now on the pool counts this thread's time against the budget.
        parentPort!.postMessage({ ready: true, thread, cpuMs: cpuMs() } satisfies FromWorker);
      });
    }
    return;
  }
  queue = queue.then(() => read(message));
});
