// Reference numbers (aggregates.repo.ts `nextReference`): gap-free per prefix and year, whatever transactions roll
// back, and on PostgreSQL without a row that every transaction opening a case holds until it commits (that made
// intake from several instances run one batch at a time).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const numberOf = (reference: string) => Number(reference.slice(reference.lastIndexOf('-') + 1));

for (const engine of ENGINES) {
  describe(`reference numbers on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: ReturnType<typeof createAppContext>;
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database);
    });
    after(async () => {
      await tdb?.drop();
    });

    it('property: transactions that take numbers and roll back leave no gap once the next cases are numbered', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ takes: fc.integer({ min: 1, max: 3 }), fails: fc.boolean() }), {
            minLength: 1,
            maxLength: 12,
          }),
          async (transactions) => {
            const prefix = `P${run++}`;
            const committed: number[] = [];
            // All at once, as instances and intake batches do.
            await Promise.all(
              transactions.map(async (t) => {
                const taken: number[] = [];
                try {
                  await inTransaction(ctx, async (agg) => {
                    for (let i = 0; i < t.takes; i++)
                      taken.push(numberOf(await agg.nextReference(prefix, 2026)));
                    if (t.fails) throw new Error('rolled back');
                  });
                  committed.push(...taken);
                } catch (e) {
                  if ((e as Error).message !== 'rolled back') throw e;
                }
              }),
            );
            // A number given up by a rolled-back transaction is free again, and the next case takes the lowest.
            const max = Math.max(0, ...committed);
            const holes = Array.from({ length: max }, (_, i) => i + 1).filter((n) => !committed.includes(n));
            for (const hole of holes)
              assert.equal(
                numberOf(await inTransaction(ctx, (agg) => agg.nextReference(prefix, 2026))),
                hole,
              );
            const all = [...committed, ...holes].sort((a, b) => a - b);
            assert.deepEqual(
              all,
              all.map((_, i) => i + 1),
            );
            assert.equal(new Set(all).size, all.length, 'no number given twice');
          },
        ),
        { numRuns: 25 },
      );
    });

    it('a reference is PREFIX-YYYY-NNNNNN', async () => {
      const ref = await inTransaction(ctx, (agg) => agg.nextReference('SG', 2027));
      assert.equal(ref, 'SG-2027-000001');
    });

    if (engine === 'postgres')
      it('a transaction that took a number holds no lock another transaction taking one must wait for', async () => {
        await tdb.database.transaction(async (trx) => {
          const { Aggregates } = await import('../../src/adapters/db/aggregates.repo.ts');
          const open = new Aggregates(trx, 'postgres');
          const first = await open.nextReference('RC', 2028);
          // While this transaction is still open: the counter row is free, and another transaction numbers a
          // case and commits without waiting (NOWAIT and lock_timeout turn a wait into an error).
          await sql`select "value" from "counters" where "prefix" = 'RC' and "year" = 2028 for update nowait`.execute(
            tdb.database.db,
          );
          const second = await inTransaction(ctx, async (agg) => {
            await sql`set local lock_timeout = '5s'`.execute(agg.db);
            return agg.nextReference('RC', 2028);
          });
          assert.notEqual(second, first);
          assert.equal(numberOf(first), 1);
          assert.equal(numberOf(second), 2);
        });
      });
  });
}
