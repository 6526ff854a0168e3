// Counting requests per bucket and window (one upsert, safe with several instances on both engines), and the
// server's secrets (created by whichever instance needs one first; the others read the same value).
import { type Kysely, sql } from 'kysely';
import { randomToken } from '../crypto/secrets.ts';
import type { DB } from './schema.ts';

export class LimitsRepo {
  readonly #db: Kysely<DB>;
  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** Counts one more request in `bucket` for the window starting at `windowStart`; returns the new count. */
  async hit(bucket: string, windowStart: string): Promise<number> {
    const row = await this.#db
      .insertInto('rate_limits')
      .values({ bucket, window_start: windowStart, count: 1 })
      .onConflict((oc) =>
        oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql`rate_limits.count + 1` }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The count so far in a window (0 when none). */
  async count(bucket: string, windowStart: string): Promise<number> {
    const row = await this.#db
      .selectFrom('rate_limits')
      .select('count')
      .where('bucket', '=', bucket)
      .where('window_start', '=', windowStart)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Forgets windows that started before `before`. Returns how many were removed. */
  async prune(before: string): Promise<number> {
    const r = await this.#db.deleteFrom('rate_limits').where('window_start', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Forgets the automatic-mail counts of local days before `beforeDay` (YYYY-MM-DD): only today's and the hour's
   * counts decide anything, and each address answered leaves a few rows a day.
   */
  async pruneAutoReplyCounts(beforeDay: string): Promise<number> {
    const r = await this.#db.deleteFrom('auto_reply_counts').where('day', '<', beforeDay).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The secret of this name, created at random (32 bytes) on first use; every instance gets the same one. */
  async secret(name: string, now: string): Promise<string> {
    const found = await this.#db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    if (found) return found.value;
    await this.#db
      .insertInto('server_secrets')
      .values({ name, value: randomToken(32), created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.#db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.value;
  }
}
