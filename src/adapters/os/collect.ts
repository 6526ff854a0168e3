// A full garbage collection of the calling thread, asked for by the threads that handle mail after a large
// message. Such a message's bytes live in memory outside the JavaScript heap (a shared buffer, read by several
// threads), freed only once every thread that saw it has collected its handle on it; a thread that allocates
// little (the SMTP listener, a reading thread between messages) may not collect for many messages, and the
// server's resident memory then grows by the size of each large message it has received. One collection of
// such a small heap costs a few milliseconds, once per large message.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** From this size on, a message is worth a collection once it is done with (threads with a small heap). */
export const COLLECT_AFTER_BYTES = 1024 * 1024;
/**
 * The same for the main thread, whose heap is larger (HTTP, filing) and whose collection holds up every request
 * while it runs: only the messages large enough to matter to the server's memory. Smaller ones are freed at one
 * of its own collections, which come often enough there.
 */
export const MAIN_COLLECT_AFTER_BYTES = 8 * 1024 * 1024;

type Gc = (options?: { type: 'major' | 'minor'; execution: 'sync' | 'async' }) => unknown;
let gc: Gc | null | undefined;

/**
 * Collects this thread's garbage: at once, or `incremental`: in a task of its own after what is queued now (V8
 * still runs it as one whole collection, not in steps). False where the engine does not allow it (nothing is done
 * then).
 */
export function collectGarbage(incremental = false): boolean {
  const collect = engineGc();
  if (incremental) void collect?.({ type: 'major', execution: 'async' });
  else collect?.();
  return collect !== null;
}

/**
 * The same as `collectGarbage(true)`, and says when the collection is done (at once where the engine does not allow
 * it): a thread that had a large message's bytes says so to the SMTP listener, whose budget counts them until
 * then (smtp-listener.ts `freed`).
 */
export async function collectGarbageSoon(): Promise<void> {
  await engineGc()?.({ type: 'major', execution: 'async' });
}

/**
 * Collects this thread's young generation only (a millisecond or two): what was made since the last collection
 * and is already dropped, above all buffers. A thread that receives a large message makes a buffer for every
 * piece read from the socket and drops it at once; those buffers live outside the heap, and V8 lets them add
 * up to tens of megabytes before it collects on its own. False where the engine does not allow it.
 */
export function collectYoung(): boolean {
  const collect = engineGc();
  collect?.({ type: 'minor', execution: 'sync' });
  return collect !== null;
}

function engineGc(): Gc | null {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: Gc }).gc;
    try {
      if (exposed) gc = exposed;
      else {
        // Node offers no call for it; V8's own `gc` function is exposed to contexts made after this flag is set.
        setFlagsFromString('--expose-gc');
        gc = runInNewContext('gc') as Gc;
      }
    } catch {
      gc = null;
    }
  }
  return gc;
}
