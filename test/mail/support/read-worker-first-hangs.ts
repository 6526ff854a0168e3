// A reading thread for tests of the read pool's start timeout: the first one started (counted in a shared
// buffer the test passes as workerData) never finishes starting; the others are the real reading thread.
import { workerData } from 'node:worker_threads';

const starts = new Int32Array(workerData as SharedArrayBuffer);
if (Atomics.add(starts, 0, 1) === 0) {
  // Alive, answering nothing: as a thread stuck while loading looks from the pool.
  setInterval(() => {}, 1_000);
} else {
  await import('../../../src/app/read-worker.ts');
}
