// The short-lived thread of holiday-thread.ts: loads date-holidays, answers for one region, and ends.

import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { regionHolidaysHere } from './holiday-thread.ts';

const { region, from, to, port, done } = workerData as {
  region: string;
  from: number;
  to: number;
  port: MessagePort;
  done: Int32Array;
};
try {
  port.postMessage(regionHolidaysHere(region, from, to));
} catch (e) {
  port.postMessage({ failed: (e as Error).message });
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
  port.close();
}
