// A reading thread for tests of the read pool's budget: the real reading thread, except that when a message whose
// bytes hold "busy-before-reading" comes, the thread first spends a while on something else (as after a large
// message its heap is collected, or a new configuration is loaded), before it begins the message.
import { parentPort } from 'node:worker_threads';

const BUSY_MS = 300;
const marker = new TextEncoder().encode('busy-before-reading');

function holdsMarker(raw: Uint8Array): boolean {
  outer: for (let i = 0; i + marker.length <= raw.length; i++) {
    for (let j = 0; j < marker.length; j++) if (raw[i + j] !== marker[j]) continue outer;
    return true;
  }
  return false;
}

const port = parentPort!;
const on = port.on.bind(port);
// The real thread's handler runs after the busy spell, on the same turn: its CPU time comes first.
port.on = ((event: string, listener: (message: unknown) => void) =>
  on(event, (message: { type?: string; raw?: Uint8Array }) => {
    if (event === 'message' && message.type === 'read' && message.raw && holdsMarker(message.raw)) {
      const until = performance.now() + BUSY_MS;
      while (performance.now() < until) {}
    }
    listener(message);
  })) as typeof port.on;

await import('../../../src/app/read-worker.ts');
