// The one write of the demo loader (src/app/load-demo.ts) beside the use cases it drives: unless asked to send,
// the mail it queued to its invented example.net addresses is marked sent without going out.
import type { Database } from './database.ts';
import { moveDueKeysOfSent, moveHeldDueKeys } from './due-key.repo.ts';

/**
 * Marks pending outbound mail to example.net addresses as sent (not actually sent); returns how many. As a real send
 * does (outbox.repo.ts), in the same transaction: the due key of a complaint whose acknowledgement is among them
 * moves on from its acknowledge-by date, since the acknowledgement now counts as given.
 */
export async function markDemoMailSent(database: Database, detail: string): Promise<number> {
  const marked = await database.transaction(async (trx) => {
    const ids = (
      await trx
        .selectFrom('correspondence')
        .select('id')
        .where('direction', '=', 'out')
        .where('status', '=', 'pending')
        .where('to_address', 'like', '%@example.net')
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return { ids, held: [] as string[] };
    await trx
      .updateTable('correspondence')
      .set({ status: 'sent', status_detail: detail, next_attempt_at: null })
      .where('id', 'in', ids)
      .execute();
    return { ids, held: await moveDueKeysOfSent(trx, database.engine, ids) };
  });
  await moveHeldDueKeys(database.db, marked.held);
  return marked.ids.length;
}
