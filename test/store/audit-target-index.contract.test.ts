// The audit entries about one target are found through an index (migration 202612061330-audit-target-index), on
// SQLite and PostgreSQL: `redress archive verify` and anonymisation look them up once per redacted stream, row or
// anonymised target (redaction-seal.repo.ts), and without it each look-up reads the whole audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

/** The look-ups by target that verification makes, as it writes them. */
const LOOKUPS = [
  sql`select 1 from audit_log a where a.seq is not null and a.action = 'case_anonymised' and a.target_type = 'case' and a.target_id = 'c1'`,
  sql`select seq, actor_label, target_label, address, detail from audit_log where target_type = 'case' and target_id = 'c1' and redacted = 1 order by seq`,
  sql`select 1 from audit_log a where a.seq is not null and a.seq > 5 and a.target_type = 'case' and a.target_id = 'c1' and a.action in ('case_anonymised', 'inbox_item_anonymised')`,
];

for (const engine of ENGINES) {
  describe(`audit entries by target (${engine})`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
      // A log of some length, most of it about other targets, with its statistics: what the planners weigh.
      const actions = ['sign_in', 'case_anonymised', 'case_dossier_exported', 'user_added'];
      for (let from = 1; from <= 4000; from += 500) {
        const values = Array.from({ length: 500 }, (_, i) => {
          const n = from + i;
          return sql`(${`e${n}`}, ${'2026-12-01T00:00:00.000Z'}, 'system', ${actions[n % 4]!}, 'case', ${`c${n % 997}`}, ${n}, 0)`;
        });
        await sql`insert into audit_log (id, at, actor, action, target_type, target_id, seq, redacted) values ${sql.join(values)}`.execute(
          tdb.database.db,
        );
      }
      await sql`analyze`.execute(tdb.database.db);
    });
    after(() => tdb.drop());

    it('each look-up of the entries about a target searches an index by the target', async () => {
      const db = tdb.database.db;
      for (const q of LOOKUPS) {
        let plan: string;
        if (engine === 'sqlite') {
          const rows = await sql<{ detail: string }>`explain query plan ${q}`.execute(db);
          plan = rows.rows.map((r) => r.detail).join('\n');
        } else {
          const rows = await sql<{ 'QUERY PLAN': string }>`explain ${q}`.execute(db);
          plan = rows.rows.map((r) => r['QUERY PLAN']).join('\n');
        }
        // The target is a condition of the index search, not a filter on what another index found.
        assert.match(
          plan,
          engine === 'sqlite' ? /USING (COVERING )?INDEX \w+ \(target_id=\?/ : /Index Cond: .*target_id = /,
          `${q.compile(db).sql}\n${plan}`,
        );
      }
    });
  });
}
