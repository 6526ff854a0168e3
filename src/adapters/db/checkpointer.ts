// Background WAL checkpoints for a long-running server on SQLite. By default SQLite checkpoints inside the
// commit that pushes the write-ahead log past 1,000 pages: that commit copies the pages into the database file
// and waits for two fsyncs, on the thread that is filing mail. A server instead turns automatic checkpoints off
// on its connection and runs them here, on a worker thread with its own connection, every quarter second:
// PASSIVE checkpoints never block the writer nor readers, and copy what the log holds up to the oldest reader.
// Durability does not change (a commit is in the log when it returns, as before); only who copies it on.
// Other processes on the same file (`redress ingest` from the MTA) keep SQLite's automatic checkpoints.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

const INTERVAL_MS = 250;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `path` in the background; `onFailure` is told if the thread stops (the caller then turns
 * automatic checkpoints back on, so the log never grows without bound).
 */
export function startCheckpointer(path: string, onFailure: (error: Error) => void): Checkpointer {
  // It allocates next to nothing: a small young generation keeps its isolate small.
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { path, busyTimeoutMs: 5_000 },
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });
  let stopping = false;
  worker.on('error', (e) => {
    if (!stopping) onFailure(e);
  });
  worker.on('exit', (code) => {
    if (!stopping) onFailure(new Error(`the checkpoint thread exited (${code})`));
  });
  worker.unref();
  return {
    async stop() {
      stopping = true;
      await worker.terminate();
    },
  };
}

if (!isMainThread && workerData?.path && parentPort) {
  const db = new SqliteDatabase(workerData.path as string, { timeout: workerData.busyTimeoutMs as number });
  db.pragma('wal_autocheckpoint = 0');
  const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
  setInterval(() => checkpoint.run(), INTERVAL_MS);
}
