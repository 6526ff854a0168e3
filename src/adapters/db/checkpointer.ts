// The background thread of a long-running server on SQLite: WAL checkpoints, and the chunks of large originals.
//
// Checkpoints. By default SQLite checkpoints inside the commit that pushes the write-ahead log past 1,000 pages:
// that commit copies the pages into the database file and waits for two fsyncs, on the thread that is filing
// mail. A server instead turns automatic checkpoints off on its connection and runs them here, on a worker
// thread with its own connection, every quarter second: PASSIVE checkpoints never block the writer nor readers,
// and copy what the log holds up to the oldest reader. Durability does not change (a commit is in the log when
// it returns, as before); only who copies it on. Other processes on the same file (`redress ingest` from the
// MTA) keep SQLite's automatic checkpoints.
//
// Chunks. Writing a large original (a 25 MB message is 25 chunks: originals.repo.ts) means handing every byte to
// SQLite and then writing it into the log at commit, work in proportion to its size; on the main thread it held
// up HTTP and the other messages' filing for as long. So this thread writes them, from the shared buffer the
// message arrived in (no copy), each chunk in a transaction of its own, and the main thread's filing transaction
// then writes only the original's row. Chunks written before their row are invisible (an original is found by its
// row): if the filing fails, the sender is not told 250 and sends again, and the same chunks are found there.
// Chunks left without a row by a process that died in between are removed when the server starts
// (`removeChunksWithoutOriginal`).
//
// The main thread writes first: while it is in a transaction (or waiting to begin one) this thread does not begin
// a chunk (for a while: MAX_DEFER_MS), so the main thread seldom waits for a lock held here, and never longer
// than one chunk takes to write.
import { createHash } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { collectGarbage } from '../os/collect.ts';

const INTERVAL_MS = 250;
/** While the main thread is in a transaction, this thread looks again after at most this long. */
const YIELD_MS = 5;
/** The longest a chunk waits for the main thread to be out of its transactions. */
const MAX_DEFER_MS = 100;
/** This thread's connection keeps at most this much of the database in memory (about SQLite's own default). */
const CHUNK_CONNECTION_CACHE_KIB = 2048;

export interface Checkpointer {
  /**
   * Writes `bytes` (a view of a shared buffer: the thread reads it in place) as the chunks of an original, a
   * chunk of `chunkBytes` per row of `original_chunks`, each committed on its own; resolves with their SHA-256
   * once every chunk is committed (rows already there are kept: the same bytes). Rejects if the thread cannot.
   */
  writeChunks(bytes: Uint8Array, chunkBytes: number): Promise<string>;
  /** Counts a transaction of the main thread's connection, from before it begins until it ends. */
  enter(): void;
  leave(): void;
  stop(): Promise<void>;
}

type ToThread = { id: number; bytes: Uint8Array; chunkBytes: number };
type FromThread = { id: number; sha256: string } | { id: number; error: string };

/**
 * Starts checkpointing `path` in the background; `onFailure` is told if the thread stops (the caller then turns
 * automatic checkpoints back on, so the log never grows without bound; chunks are then written by the caller).
 */
export function startCheckpointer(
  path: string,
  onFailure: (error: Error) => void,
  options: { synchronous?: 'NORMAL' | 'FULL'; busyTimeoutMs?: number } = {},
): Checkpointer {
  /** Transactions of the main thread in progress (or about to begin), read by the thread before each chunk. */
  const writing = new Int32Array(new SharedArrayBuffer(4));
  // It allocates next to nothing: a small young generation keeps its isolate small.
  const worker = new Worker(new URL(import.meta.url), {
    workerData: {
      path,
      busyTimeoutMs: options.busyTimeoutMs ?? 30_000,
      synchronous: options.synchronous ?? 'NORMAL',
      writing,
    },
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });
  let stopping = false;
  let failed: Error | null = null;
  let ids = 0;
  const waiting = new Map<number, { resolve(sha256: string): void; reject(e: Error): void }>();
  const fail = (e: Error) => {
    failed ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: FromThread) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if ('sha256' in m) w?.resolve(m.sha256);
    else w?.reject(new Error(m.error));
  });
  worker.on('error', (e) => {
    fail(e);
    if (!stopping) onFailure(e);
  });
  worker.on('exit', (code) => {
    const e = new Error(`the checkpoint thread exited (${code})`);
    fail(e);
    if (!stopping) onFailure(e);
  });
  worker.unref();
  return {
    writeChunks(bytes, chunkBytes) {
      if (failed || stopping) return Promise.reject(failed ?? new Error('the checkpoint thread is stopping'));
      return new Promise((resolve, reject) => {
        const id = ++ids;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, bytes, chunkBytes } satisfies ToThread);
      });
    },
    enter() {
      Atomics.add(writing, 0, 1);
    },
    leave() {
      Atomics.sub(writing, 0, 1);
      Atomics.notify(writing, 0);
    },
    async stop() {
      stopping = true;
      fail(new Error('the checkpoint thread is stopping'));
      await worker.terminate();
    },
  };
}

if (!isMainThread && workerData?.path && parentPort) {
  const db = new SqliteDatabase(workerData.path as string, { timeout: workerData.busyTimeoutMs as number });
  db.pragma('wal_autocheckpoint = 0');
  // A small page cache. better-sqlite3 gives every connection 16 MB of it, and this one fills it with the pages of
  // the chunks it writes: after a 25 MB message they would stay there, as many megabytes of the server's resident
  // memory, for nothing, since no chunk is read back here. A chunk's transaction (a megabyte, some 256 pages) still
  // fits in it; the table's upper pages are all the rest it needs.
  db.pragma(`cache_size = -${CHUNK_CONNECTION_CACHE_KIB}`);
  // The same durability as the main thread's connection: a chunk is committed as surely as the row after it.
  db.pragma(`synchronous = ${workerData.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
  setInterval(() => checkpoint.run(), INTERVAL_MS);

  const writing = workerData.writing as Int32Array;
  // Prepared on first use: a database without the table (not migrated yet) is still checkpointed.
  let writeChunk: ((sha256: string, seq: number, content: Buffer) => unknown) | null = null;
  const chunkWriter = () => {
    if (!writeChunk) {
      const insert = db.prepare(
        'insert into original_chunks (sha256, seq, content) values (?, ?, ?) on conflict (sha256, seq) do nothing',
      );
      writeChunk = db.transaction((sha256: string, seq: number, content: Buffer) =>
        insert.run(sha256, seq, content),
      ).immediate;
    }
    return writeChunk;
  };
  /**
   * Waits (this thread only) until the main thread is in no transaction, for at most MAX_DEFER_MS: under a
   * steady stream of transactions it may never be, and the chunk then takes its turn at the lock like any writer.
   */
  const mainThreadDone = () => {
    const until = performance.now() + MAX_DEFER_MS;
    for (let n = Atomics.load(writing, 0); n > 0 && performance.now() < until; n = Atomics.load(writing, 0))
      Atomics.wait(writing, 0, n, YIELD_MS);
  };
  const port = parentPort;
  port.on('message', ({ id, bytes, chunkBytes }: ToThread) => {
    try {
      const write = chunkWriter();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      for (let seq = 0; seq * chunkBytes < bytes.byteLength; seq++) {
        const piece = bytes.subarray(seq * chunkBytes, (seq + 1) * chunkBytes);
        mainThreadDone();
        write(sha256, seq, Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      }
      port.postMessage({ id, sha256 } satisfies FromThread);
    } catch (e) {
      port.postMessage({ id, error: (e as Error).message } satisfies FromThread);
    }
    // This thread makes next to nothing, so it would not collect for a long time, and the message's bytes, shared
    // with the other threads that had it, are freed only once every one of them has let go (collect.ts). After
    // this handler has returned: while it runs, it and the code that called it still hold the message, and a
    // collection now would keep its bytes until the next large message comes (two of the largest size at once).
    setImmediate(collectGarbage);
  });
}
