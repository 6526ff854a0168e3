// What a forger with database access writes, for the archive tests: rows added or changed by hand with their own
// copy of the seal recomputed to match, so that only an anchor in a chain can tell them apart.
import assert from 'node:assert/strict';
import { recordedOutboundById } from '../../src/adapters/db/archive.repo.ts';
import { inboundContentOf } from '../../src/adapters/db/correspondence.repo.ts';
import { inboundContentDigest } from '../../src/core/archive/inbound-digest.ts';
import { outboundContentDigest } from '../../src/core/archive/outbound-digest.ts';
import type { Harness } from '../mail/support/harness.ts';

type Db = Harness['test']['database']['db'];

/** An outbound item's digest, taken from the item as verify reads it. */
export async function outboundDigestOf(db: Db, id: string): Promise<string> {
  const item = await recordedOutboundById(db, id);
  assert.ok(item, `no outbound item ${id}`);
  return outboundContentDigest(item);
}

/**
 * A copy of a correspondence row (and of an outbound item's side row) under a new id, with another text and a
 * Message-ID of its own where the row had one, its own seal made to match: a row added by hand.
 */
export async function copyByHand(db: Db, copyOf: string, id: string, text: string): Promise<void> {
  const row = await db
    .selectFrom('correspondence')
    .selectAll()
    .where('id', '=', copyOf)
    .executeTakeFirstOrThrow();
  const messageId = row.message_id ? `<${id}@forged.example>` : null;
  await db
    .insertInto('correspondence')
    .values({ ...row, id, message_id: messageId, text_body: text })
    .execute();
  if (row.direction === 'out') {
    const side = await db
      .selectFrom('outbound_items')
      .selectAll()
      .where('correspondence_id', '=', copyOf)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('outbound_items')
      .values({ ...side, correspondence_id: id })
      .execute();
  }
  const copy = await db
    .selectFrom('correspondence')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const seal =
    row.direction === 'out' ? await outboundDigestOf(db, id) : inboundContentDigest(inboundContentOf(copy));
  await db.updateTable('correspondence').set({ content_sha256: seal }).where('id', '=', id).execute();
}
