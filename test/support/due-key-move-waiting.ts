// On PostgreSQL, an acknowledgement recorded sent while a write of its case holds the case's row moves the case's
// due key only once that write has committed (due-key.repo.ts moveHeldDueKeys). Tests of archive verify set that
// moment up: the send committed, its move of the key still waiting for the row.
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { recordOutcomes } from '../../src/adapters/db/outbox.repo.ts';
import { dueKeysOf, startWorldWithOneHeld, switchableRelay, type World } from '../correspondence/support.ts';

export interface MoveWaiting {
  world: World;
  caseId: string;
  /** The case's keys before the send: its due key still the acknowledge-by. */
  keys: Awaited<ReturnType<typeof dueKeysOf>>;
  /** Lets the write of the case commit. */
  commit: () => void;
  /** The write of the case, done once it has committed. */
  write: Promise<void>;
  /** The recording of the send, done once its move of the key is. */
  send: ReturnType<typeof recordOutcomes>;
  /** Lets the write commit and closes its connection, the sender's and the world. */
  close: () => Promise<void>;
}

/**
 * A PostgreSQL world with one complaint whose acknowledgement is held; a write of the case under way in a
 * connection of its own (it holds the case's row, as saveCase does, until `commit`), and the acknowledgement
 * recorded sent by another, whose transaction has committed and whose move of the key waits for the row.
 */
export async function moveWaitingOnAWrite(): Promise<MoveWaiting> {
  const mail = switchableRelay();
  const { world, ids } = await startWorldWithOneHeld('postgres', '2026-11-19T10:00:00.000Z', mail);
  const writer = await openDatabase(world.test.url);
  const sender = await openDatabase(world.test.url);
  let commit = () => {};
  const committed = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let write: Promise<void> = Promise.resolve();
  const close = async () => {
    commit();
    await write.catch(() => {});
    await writer.close();
    await sender.close();
    await world.close();
  };
  try {
    const { db } = world.ctx.database;
    const caseId = ids.held.caseId;
    const acknowledgement = (
      await db
        .selectFrom('correspondence as c')
        .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
        .select('c.id')
        .where('c.case_id', '=', caseId)
        .where('o.purpose', '=', 'acknowledgement')
        .executeTakeFirstOrThrow()
    ).id;
    const keys = await dueKeysOf(world, caseId);
    assert.equal(keys.due_key, keys.acknowledge_by);
    let locked = () => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    write = writer.db.transaction().execute(async (trx) => {
      await trx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
      locked();
      await committed;
    });
    await holding;
    const send = recordOutcomes(sender, [
      { kind: 'sent', id: acknowledgement, at: '2026-11-19T10:05:00.000Z', detail: '250 2.0.0 Ok: queued' },
    ]);
    for (let i = 0; i < 200; i++) {
      const row = await db
        .selectFrom('correspondence')
        .select('status')
        .where('id', '=', acknowledgement)
        .executeTakeFirstOrThrow();
      if (row.status === 'sent') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal((await dueKeysOf(world, caseId)).due_key, keys.acknowledge_by, 'the move waits');
    return { world, caseId, keys, commit, write, send, close };
  } catch (e) {
    await close();
    throw e;
  }
}
