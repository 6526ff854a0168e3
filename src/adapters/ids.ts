// Identifiers of new records: time-ordered UUIDs (version 7, RFC 9562). Rows written together then sit together
// in every index keyed by an id, so a commit touches a few pages at the right edge of each B-tree instead of
// one random page per row. The random part is drawn from a pool filled 4 KiB at a time: asking the system for
// 16 bytes per id cost more than the rest of making it.
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const pool = new Uint8Array(4096);
let used = pool.length;

export function newRecordId(): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, used + 16);
  used += 16;
  // Ordered by the millisecond; within one, by the random bits (uuid's monotonic counter is kept only when no
  // options are passed).
  return v7({ random, msecs: Date.now() });
}
