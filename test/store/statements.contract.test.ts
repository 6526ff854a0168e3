// The hot path's statements written as SQL text (src/adapters/db/statements.ts), on both engines: the columns
// are the row's defined keys, a row of another shape gets its own statement, placeholders are numbered for
// PostgreSQL, and updates say how many rows they changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { first, insertRows, updateRows } from '../../src/adapters/db/statements.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES)
  describe(`statements as SQL text on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    it('inserts rows of different shapes into one table, then updates and reads them', async () => {
      const { db } = tdb.database;
      const row = (id: string, over: Record<string, unknown> = {}) => ({
        id,
        name: `Person ${id}`,
        email: `${id}@example.org`,
        phone: null,
        language: 'fr',
        restricted: 0,
        designated_contact_id: null,
        unreachable: 0,
        merged_into: null,
        created_at: '2026-11-23T10:00:00.000Z',
        updated_at: '2026-11-23T10:00:00.000Z',
        ...over,
      });
      await insertRows(db, 'complainants', [row('a'), row('b')]);
      // Same table and count, another shape (a column left undefined, so left out): its own statement.
      await insertRows(db, 'complainants', [row('c', { phone: undefined })]);
      await insertRows(db, 'complainants', [row('d', { phone: '+33 1 23 45 67 89' })]);
      const inserted = await insertRows(db, 'complainants', [row('a')], 'on conflict ("id") do nothing');
      assert.equal(Number(inserted.numAffectedRows ?? 0n), 0, 'a conflicting row is skipped');
      assert.equal(await updateRows(db, 'complainants', { name: 'Renamed', language: 'de' }, { id: 'b' }), 1);
      assert.equal(await updateRows(db, 'complainants', { name: 'Nobody' }, { id: 'zz' }), 0);
      const b = await first<{ name: string; language: string }>(
        db,
        'select "name", "language" from "complainants" where "id" = ? and "email" = ?',
        ['b', 'b@example.org'],
      );
      assert.deepEqual({ ...b }, { name: 'Renamed', language: 'de' });
      const d = await first<{ phone: string | null }>(
        db,
        'select "phone" from "complainants" where "id" = ?',
        ['d'],
      );
      assert.equal(d?.phone, '+33 1 23 45 67 89');
      const c = await first<{ phone: string | null }>(
        db,
        'select "phone" from "complainants" where "id" = ?',
        ['c'],
      );
      assert.equal(c?.phone, null);
    });
  });
