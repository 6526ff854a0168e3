// The time limit of a report's reads, on both engines.
//
// PostgreSQL: the reads run in one transaction with `SET LOCAL statement_timeout`, so the server itself cancels a
// statement at the limit, even when the client that asked has gone (a closed page, a killed script): nothing is
// left running for minutes. SQLite (better-sqlite3) has no progress handler or interrupt: a statement, once
// started, runs to its end on the process's thread. There the limit is checked before each statement, and the
// report's statements are kept short (counts per month and day, partial indexes), so that the time spent past
// the limit is at most one short statement. On both engines the check before each statement also stops a report
// between statements.
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  sql,
} from 'kysely';
import { ReportTimeLimit } from '../../core/report/time-limit.ts';
import type { Database } from './database.ts';

/** Refuses every statement that would start at or after the deadline. */
class DeadlinePlugin implements KyselyPlugin {
  readonly #deadline: number;
  readonly #limitMs: number;
  constructor(limitMs: number) {
    this.#limitMs = limitMs;
    this.#deadline = performance.now() + limitMs;
  }
  transformQuery(args: PluginTransformQueryArgs) {
    if (performance.now() >= this.#deadline) throw new ReportTimeLimit(this.#limitMs);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
  expired(): boolean {
    return performance.now() >= this.#deadline;
  }
}

/** PostgreSQL's "canceling statement due to statement timeout", and the statements a cancelled transaction refuses. */
const CANCELLED = new Set(['57014', '25P02']);

/**
 * Runs `fn` with a database whose reads stop at `limitMs` with a ReportTimeLimit. Writes through the given
 * database's own `transaction` (recounting marked days) are not limited: they must be able to finish.
 */
export async function withinTimeLimit<T>(
  database: Database,
  limitMs: number,
  fn: (limited: Database) => Promise<T>,
): Promise<T> {
  const deadline = new DeadlinePlugin(limitMs);
  if (database.engine === 'sqlite') return fn({ ...database, db: database.db.withPlugin(deadline) });
  try {
    return await database.transaction(async (trx) => {
      // SET takes no parameters; the value is a whole number of milliseconds (0 would mean no limit).
      await sql.raw(`set local statement_timeout = ${Math.max(1, Math.ceil(limitMs))}`).execute(trx);
      return fn({ ...database, db: trx.withPlugin(deadline) });
    });
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && CANCELLED.has(code) && deadline.expired())
      throw new ReportTimeLimit(limitMs);
    throw e;
  }
}
