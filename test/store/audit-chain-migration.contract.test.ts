// The migration that made the audit log a hash chain chains the entries written before it (migration
// 202612050041-audit-chain, `chainExistingAudit`), on both engines. An installation that has run for years has a
// long audit log: the entries are read a page at a time, never all at once, and still chained in the order they
// were written (time, then id, several entries on one instant and written out of order), so that
// `redress archive verify` finds the chain whole.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Kysely, type KyselyPlugin, type PluginTransformResultArgs, sql } from 'kysely';
import { readAuditChain, readAuditHead } from '../../src/adapters/db/audit-chain.repo.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { migrateTo, migrateToLatest } from '../../src/adapters/db/migrate.ts';
import { chainExistingAudit } from '../../src/adapters/db/migrations/202612050041-audit-chain.ts';
import { auditChainVerifier } from '../../src/core/archive/audit-chain.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const ENTRIES = 1234;
const PAGE = 100;

for (const engine of ENGINES) {
  describe(`the audit entries written before the chain are chained by its migration (${engine})`, () => {
    let tdb: TestDatabase;
    /** The entries as an older release wrote them, in the order the chain must follow. */
    let written: { id: string; at: string }[];

    /** Writes the entries as a release before the chain did: no place in a chain, in an order not theirs. */
    async function writeOldEntries(database: Database): Promise<void> {
      const db = database.db;
      // Several entries a second (the same instant three times), inserted in an order other than theirs.
      const start = Date.UTC(2026, 0, 5, 8, 0);
      written = Array.from({ length: ENTRIES }, (_, i) => ({
        id: randomUUID(),
        at: new Date(start + Math.floor(i / 3) * 1000).toISOString(),
      }));
      const shuffled = [...written].sort(() => Math.random() - 0.5);
      for (let i = 0; i < shuffled.length; i += 200)
        await db
          .insertInto('audit_log')
          .values(
            shuffled.slice(i, i + 200).map((e, k) => ({
              id: e.id,
              at: e.at,
              actor: `user-${k % 7}`,
              actor_label: k % 5 === 0 ? null : `Agent ${k % 7}`,
              action: k % 2 ? 'case.viewed' : 'user.signed_in',
              target_type: k % 2 ? 'case' : null,
              target_id: k % 2 ? `case-${k}` : null,
              target_label: k % 2 ? `RC-2026-${String(k).padStart(6, '0')}` : null,
              address: k % 3 === 0 ? '192.0.2.7' : null,
              detail: k % 4 === 0 ? JSON.stringify({ reason: 'looked up', n: k }) : null,
            })),
          )
          .execute();
      written.sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
    }

    /** The chain as `redress archive verify` reads it: its problems, and the entries in the chain's order. */
    async function readChain(database: Database) {
      const verifier = auditChainVerifier();
      const order: string[] = [];
      for await (const page of readAuditChain(database.db)) {
        for (const row of page) {
          verifier.add(row);
          order.push(row.id);
        }
      }
      return { problems: verifier.finish(await readAuditHead(database.db)), order };
    }

    before(async () => {
      tdb = await createTestDatabase(engine);
      await sql`delete from audit_log`.execute(tdb.database.db);
      await sql`delete from audit_head`.execute(tdb.database.db);
      await writeOldEntries(tdb.database);
    });

    after(async () => {
      await tdb.drop();
    });

    it('reads a page at a time and leaves a chain that verifies, in the order the entries were written', async () => {
      let most = 0;
      const watch: KyselyPlugin = {
        transformQuery: (args) => args.node,
        async transformResult(args: PluginTransformResultArgs) {
          most = Math.max(most, args.result.rows.length);
          return args.result;
        },
      };
      const chained = await tdb.database.transaction((trx) =>
        chainExistingAudit(trx.withPlugin(watch) as unknown as Kysely<unknown>, PAGE),
      );
      assert.equal(chained, ENTRIES);
      assert.ok(most <= PAGE, `a statement read ${most} entries at once`);
      const { problems, order } = await readChain(tdb.database);
      assert.deepEqual(problems, []);
      assert.deepEqual(
        order,
        written.map((e) => e.id),
      );
    });

    it('chains them when a database of the release before is upgraded', async () => {
      const old = await createTestDatabase(engine, { empty: true });
      try {
        await migrateTo(old.database, '202612050030-due-key-acknowledgement');
        await writeOldEntries(old.database);
        const { applied } = await migrateToLatest(old.database);
        assert.ok(applied.includes('202612050041-audit-chain'), applied.join(', '));
        const { problems, order } = await readChain(old.database);
        assert.deepEqual(problems, []);
        assert.deepEqual(
          order,
          written.map((e) => e.id),
        );
      } finally {
        await old.drop();
      }
    });
  });
}
