// The background full-text indexer of a SQLite server (migration 202611230800): every quarter second it adds
// the search documents committed since to the FTS5 index, a batch at a time, so that the mail intake does not
// pay for the index inside each commit. Search finds documents before they are indexed (search.repo.ts).
// Other processes on the same file (`redress ingest`) leave indexing to the server; what they write is indexed
// when it next runs.
import type { Logger } from 'pino';
import { indexSearchDocs } from '../adapters/db/search.repo.ts';
import type { AppContext } from './context.ts';

const INTERVAL_MS = 250;

export function startSearchIndexer(ctx: AppContext, logger: Logger): { stop(): Promise<void> } {
  if (ctx.database.engine !== 'sqlite') return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    try {
      // Catch up in batches, letting the event loop (and the intake) run between them.
      while (!stopped && (await indexSearchDocs(ctx.database)) > 0) await new Promise((r) => setImmediate(r));
    } catch (e) {
      logger.error({ err: e }, 'search: indexing failed; it is tried again shortly');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = tick().finally(() => (running = null));
  }, INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
