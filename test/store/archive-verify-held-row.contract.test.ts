// `redress archive verify` while a write of a case holds the case's row for a while (a slow transaction of the
// server), as an acknowledgement of that case is recorded sent.
// On PostgreSQL the send commits at once and moves the case's due key only once that write has committed
// (due-key.repo.ts moveHeldDueKeys): a page of verify read in between holds the send and the key not yet moved.
// Verify then waits for the write holding the row (a share lock on it, bounded) and reads the case again once it and
// the move after it have committed, however long that takes within the bound: here the write commits three seconds
// on, and nothing is named. A key changed by hand into the very shape a waiting move leaves is still named, at once.
// On SQLite there is one writer at a time: the send cannot commit while a write of the case is open, and when it
// commits its move is in the same transaction, so no snapshot holds one without the other; a write held open while
// verify reads is not seen by it and makes it wait for nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { readCaseAfterItsWriters } from '../../src/adapters/db/verify-case-after-writers.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { dueKeysOf, startWorldWithOneHeld, switchableRelay } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { moveWaitingOnAWrite } from '../support/due-key-move-waiting.ts';

/** How long the write of the case holds its row here: longer than any fixed pause verify might make. */
const HOLD_MS = 3000;

if (ENGINES.includes('postgres'))
  describe('archive verify while a write of a case holds its row for seconds (postgres)', () => {
    it('waits for the write and the move after it, names nothing, and names a key altered into that shape by hand', async () => {
      // The write of the case holds the row (as saveCase does) and commits HOLD_MS after verify starts.
      const { world, caseId, keys, commit, write, send, close } = await moveWaitingOnAWrite();
      try {
        const { db } = world.ctx.database;
        const started = Date.now();
        const timer = setTimeout(commit, HOLD_MS);
        const report = await verifyArchive(world.ctx);
        clearTimeout(timer);
        assert.deepEqual(report.problems, []);
        assert.ok(Date.now() - started >= HOLD_MS - 50, 'verify waited for the write');
        commit();
        await write;
        await send;
        assert.equal((await dueKeysOf(world, caseId)).due_key, keys.answer_by, 'the key has moved');

        // The same shape made by hand (the acknowledgement sent, the key put back on the acknowledge-by), with no
        // write holding the row: named, without waiting.
        await sql`update cases set due_key = ${keys.acknowledge_by} where id = ${caseId}`.execute(db);
        const at = Date.now();
        const altered = await verifyArchive(world.ctx);
        assert.deepEqual(
          altered.problems.map((p) => `${p.kind} ${p.stream}`),
          [`row_altered case:${caseId}`],
        );
        assert.ok(Date.now() - at < 1500, `named without waiting (took ${Date.now() - at} ms)`);
      } finally {
        await close();
      }
    });
  });

if (ENGINES.includes('postgres'))
  describe('reading a case after the writes that hold its row (postgres)', () => {
    it('reads what a write that commits while it waits left, and gives up past the time allowed', async () => {
      const mail = switchableRelay();
      const { world, ids } = await startWorldWithOneHeld('postgres', '2026-11-19T10:00:00.000Z', mail);
      const writer = await openDatabase(world.test.url);
      try {
        const caseId = ids.held.caseId;
        const keyNow = (db: typeof world.ctx.database.db) =>
          db.selectFrom('cases').select('due_key').where('id', '=', caseId).executeTakeFirstOrThrow();
        let release = () => {};
        const hold = (key: string) => {
          let locked = () => {};
          const holding = new Promise<void>((resolve) => {
            locked = resolve;
          });
          const done = new Promise<void>((resolve) => {
            release = resolve;
          });
          const write = writer.db.transaction().execute(async (trx) => {
            await sql`update cases set due_key = ${key} where id = ${caseId}`.execute(trx);
            locked();
            await done;
          });
          return { holding, write };
        };
        // A write that commits 300 ms on: the read waits for it, and sees the row as it left it.
        let w = hold('written-while-waiting');
        await w.holding;
        setTimeout(() => release(), 300);
        const read = await readCaseAfterItsWriters(world.ctx.database, caseId, 5000, 5, keyNow);
        await w.write;
        assert.deepEqual(read, { kind: 'read', value: { due_key: 'written-while-waiting' } });
        // A write held past the time allowed: nothing is read.
        w = hold('held-too-long');
        await w.holding;
        const started = Date.now();
        const held = await readCaseAfterItsWriters(world.ctx.database, caseId, 200, 5, keyNow);
        assert.deepEqual(held, { kind: 'held' });
        assert.ok(Date.now() - started < 2000, 'gave up once the time allowed was spent');
        release();
        await w.write;
      } finally {
        await writer.close();
        await world.close();
      }
    });
  });

if (ENGINES.includes('sqlite'))
  describe('archive verify while a write holds the database (sqlite)', () => {
    it('neither sees nor waits for a write held open, and names nothing once the send is recorded', async () => {
      const mail = switchableRelay();
      const { world, ids } = await startWorldWithOneHeld('sqlite', '2026-11-19T10:00:00.000Z', mail);
      const writer = await openDatabase(world.test.url);
      try {
        const caseId = ids.held.caseId;
        const keys = await dueKeysOf(world, caseId);
        // A write of the case under way in another connection: its row changed, not committed. The send would wait
        // for it (one writer at a time), so none can be recorded meanwhile.
        const report = await writer.db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          await sql`update cases set due_key = ${keys.answer_by} where id = ${caseId}`.execute(conn);
          const started = Date.now();
          const r = await verifyArchive(world.ctx);
          assert.ok(Date.now() - started < HOLD_MS, 'verify did not wait for the write');
          await sql`rollback`.execute(conn);
          return r;
        });
        assert.deepEqual(report.problems, []);
        // The send, once the database is free: the key moves in its transaction.
        mail.state.refusing = false;
        world.clock.set('2026-11-20T11:00:00.000Z');
        await sendDueMail(world.ctx, mail.transport);
        assert.equal((await dueKeysOf(world, caseId)).due_key, keys.answer_by);
        assert.deepEqual((await verifyArchive(world.ctx)).problems, []);
      } finally {
        await writer.close();
        await world.close();
      }
    });
  });
