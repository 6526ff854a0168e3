// The checkpoint thread writes the chunks of large originals (src/adapters/db/checkpointer.ts). No chunk is read
// back on its connection, so what that connection keeps in its page cache after writing them is memory the server
// holds for nothing: with better-sqlite3's 16 MB cache, a 25 MB message left 16 MB of the server's resident memory
// behind. Here: writing a message of 24 MiB leaves the process with no more than a few megabytes more.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startCheckpointer } from '../../src/adapters/db/checkpointer.ts';
import { CHUNK_BYTES } from '../../src/adapters/db/originals.repo.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const MiB = 1024 * 1024;

/** This process's resident anonymous memory (Linux: /proc), in bytes. */
function rssAnon(): number {
  const kb = /^RssAnon:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** A message of `size` bytes in a shared buffer, as the SMTP listener hands one over; every page written. */
function message(size: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  // Bytes that differ from chunk to chunk, so that no two chunks are the same row.
  for (let at = 0; at < size; at += 4096) bytes[at] = (fill + at / 4096) & 0xff;
  return bytes;
}

describe('the checkpoint thread after a large original', { skip: process.platform !== 'linux' }, () => {
  let test: TestDatabase;
  before(async () => {
    test = await createTestDatabase('sqlite');
  });
  after(async () => {
    await test.drop();
  });

  it('keeps no more than a few megabytes of its chunks in memory', async () => {
    const checkpointer = startCheckpointer(test.url.replace(/^sqlite:/, ''), () => {});
    try {
      // The thread's start-up, its statements and a first original of some chunks, before counting.
      await checkpointer.writeChunks(message(4 * MiB, 1), CHUNK_BYTES);
      const large = message(24 * MiB, 2);
      const before = rssAnon();
      await checkpointer.writeChunks(large, CHUNK_BYTES);
      const grown = rssAnon() - before;
      // The message itself was resident before counting; what grew is the thread's own (16 MiB and more before).
      assert.ok(
        grown < 8 * MiB,
        `the process grew by ${(grown / MiB).toFixed(1)} MiB while writing 24 MiB of chunks`,
      );
    } finally {
      await checkpointer.stop();
    }
  });
});
