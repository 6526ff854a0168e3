// Rows written at the end of a unit of work (src/adapters/db/write-buffer.ts), on both engines: nothing is
// written before the unit ends and everything is after it; a row written again changes the pending row; a row
// that must be new, or an update that must find its version, fails the transaction at the flush as it would
// have at once; a rollback to a savepoint drops what was pending; outside a unit, every write runs at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  appendToStream,
  ConcurrencyError,
  loadStream,
  readLinks,
} from '../../src/adapters/db/event-store.ts';
import {
  dropWrites,
  flushWrites,
  insertAll,
  insertRow,
  pendingWrites,
  updateRow,
  withWriteBuffer,
} from '../../src/adapters/db/write-buffer.ts';
import { verifyStream } from '../../src/core/archive/hash-chain.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const AT = '2026-11-23T10:00:00.000Z';
const meta = { at: AT, actor: 'test' };

for (const engine of ENGINES)
  describe(`write buffer on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    const keysOf = async (caseId: string) =>
      (
        await tdb.database.db
          .selectFrom('case_keys')
          .select('value')
          .where('case_id', '=', caseId)
          .orderBy('value')
          .execute()
      ).map((r) => r.value);

    it('writes nothing before the unit ends and every row after it, in chunks (100 rows: 64 + 32 + 4)', async () => {
      const values = Array.from({ length: 100 }, (_, i) => `v${String(i).padStart(3, '0')}`);
      await tdb.database.transaction(async (trx) => {
        await withWriteBuffer(trx, async () => {
          await insertAll(
            trx,
            'case_keys',
            values.map((value) => ({ case_id: 'c-chunks', kind: 'ticket', value })),
            'on conflict do nothing',
          );
          assert.equal(pendingWrites(trx), 100);
          const seen = await trx
            .selectFrom('case_keys')
            .select('value')
            .where('case_id', '=', 'c-chunks')
            .execute();
          assert.equal(seen.length, 0, 'pending rows are not in the database yet');
        });
        assert.equal(pendingWrites(trx), 0);
      });
      assert.deepEqual(await keysOf('c-chunks'), values);
    });

    it('writes a stream opened and appended to in one unit as one row, its events chained', async () => {
      const stream = 'case:buffered-1';
      await tdb.database.transaction(async (trx) => {
        await withWriteBuffer(trx, async () => {
          const first = await appendToStream(trx, {
            stream,
            aggregate: 'case',
            expected: { version: 0, headHash: null },
            events: [{ type: 'case_received', payload: { n: 1 } }],
            meta,
            state: { n: 1 },
          });
          await appendToStream(trx, {
            stream,
            aggregate: 'case',
            expected: { version: 1, headHash: first.at(-1)!.hash },
            events: [
              { type: 'acknowledged', payload: { n: 2 } },
              { type: 'flagged', payload: { n: 3 } },
            ],
            meta,
            state: { n: 3 },
          });
        });
      });
      const loaded = await loadStream<{ n: number }>(tdb.database.db, stream);
      assert.equal(loaded.version, 3);
      assert.deepEqual(loaded.state, { n: 3 });
      const links = await readLinks(tdb.database.db, stream);
      assert.deepEqual(
        links.map((l) => l.type),
        ['case_received', 'acknowledged', 'flagged'],
      );
      assert.deepEqual(
        verifyStream(stream, links, { version: loaded.version, headHash: loaded.headHash }),
        [],
      );
    });

    it('fails the transaction at the flush when a stream it opens already exists, writing nothing', async () => {
      const stream = 'case:buffered-2';
      await appendToStream(tdb.database.db, {
        stream,
        aggregate: 'case',
        expected: { version: 0, headHash: null },
        events: [{ type: 'case_received', payload: {} }],
        meta,
        state: { by: 'first' },
      });
      await assert.rejects(
        tdb.database.transaction(async (trx) => {
          await withWriteBuffer(trx, async () => {
            await insertRow(trx, 'case_keys', { case_id: 'c-lost', kind: 'ticket', value: 'x' });
            await appendToStream(trx, {
              stream: 'case:buffered-2b',
              aggregate: 'case',
              expected: { version: 0, headHash: null },
              events: [{ type: 'case_received', payload: {} }],
              meta,
              state: {},
            });
            // As a writer that believed the stream new: it lost the race.
            await insertRow(
              trx,
              'streams',
              { stream, aggregate: 'case', version: 1, head_hash: 'h', state: '{}', updated_at: AT },
              {
                tail: 'on conflict ("stream") do nothing',
                key: stream,
                mustInsert: () => new ConcurrencyError(`stream ${stream} already exists`),
              },
            );
          });
        }),
        ConcurrencyError,
      );
      assert.deepEqual(await keysOf('c-lost'), [], 'the rows written before it in the unit are rolled back');
      const other = await loadStream(tdb.database.db, 'case:buffered-2b');
      assert.equal(other.version, 0);
      assert.deepEqual((await loadStream(tdb.database.db, stream)).state, { by: 'first' });
    });

    it('fails the transaction at the flush when a stream moved on since it was read', async () => {
      const stream = 'case:buffered-3';
      const first = await appendToStream(tdb.database.db, {
        stream,
        aggregate: 'case',
        expected: { version: 0, headHash: null },
        events: [{ type: 'case_received', payload: {} }],
        meta,
        state: { v: 1 },
      });
      // Someone else appends after our read of version 1.
      await appendToStream(tdb.database.db, {
        stream,
        aggregate: 'case',
        expected: { version: 1, headHash: first[0]!.hash },
        events: [{ type: 'flagged', payload: {} }],
        meta,
        state: { v: 2 },
      });
      await assert.rejects(
        tdb.database.transaction((trx) =>
          withWriteBuffer(trx, async () => {
            // Our head update names the version we read (1): the stream is at 2 now.
            await updateRow(
              trx,
              'streams',
              stream,
              { version: 2, state: '{"v":"ours"}' },
              { stream, version: 1 },
              { mustMatch: () => new ConcurrencyError(`stream ${stream} moved on concurrently`) },
            );
          }),
        ),
        ConcurrencyError,
      );
      assert.deepEqual((await loadStream(tdb.database.db, stream)).state, { v: 2 });
    });

    it('merges an upsert that meets its pending row, as the database would', async () => {
      await tdb.database.transaction((trx) =>
        withWriteBuffer(trx, async () => {
          for (const body of ['first text', 'second text'])
            await insertRow(
              trx,
              'search_docs',
              { case_id: 'c-merge', source: 'case', body, received_at: AT },
              {
                tail: 'on conflict ("case_id", "source") do update set "body" = excluded."body"',
                key: 'c-merge\u0000case',
                merge: (pending, next) => {
                  pending.body = next.body;
                },
              },
            );
          assert.equal(pendingWrites(trx), 1);
        }),
      );
      const docs = await tdb.database.db
        .selectFrom('search_docs')
        .select('body')
        .where('case_id', '=', 'c-merge')
        .execute();
      assert.deepEqual(
        docs.map((d) => d.body),
        ['second text'],
      );
    });

    it('drops what was pending after a rollback to a savepoint, and keeps what was flushed before it', async () => {
      await tdb.database.transaction((trx) =>
        withWriteBuffer(trx, async () => {
          await insertRow(trx, 'case_keys', { case_id: 'c-save', kind: 'ticket', value: 'kept' });
          await flushWrites(trx);
          await sql`savepoint t`.execute(trx);
          await insertRow(trx, 'case_keys', { case_id: 'c-save', kind: 'ticket', value: 'undone' });
          await sql`rollback to savepoint t`.execute(trx);
          dropWrites(trx);
        }),
      );
      assert.deepEqual(await keysOf('c-save'), ['kept']);
    });

    it('writes at once outside a unit, with the same checks', async () => {
      const { db } = tdb.database;
      await insertRow(db, 'case_keys', { case_id: 'c-now', kind: 'ticket', value: 'a' });
      assert.deepEqual(await keysOf('c-now'), ['a']);
      await assert.rejects(
        updateRow(
          db,
          'streams',
          'nope',
          { version: 9 },
          { stream: 'nope', version: 1 },
          {
            mustMatch: () => new ConcurrencyError('moved on'),
          },
        ),
        ConcurrencyError,
      );
      assert.equal(pendingWrites(db), 0);
    });
  });
