// Where a value survives in a database: every value of every row of every table read as text (blobs decoded), on
// SQLite and PostgreSQL. Retention and erasure tests use it to show that no address of an anonymised person is left.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/adapters/db/schema.ts';

/** Every value of every row of every table, as text (blobs decoded), where `needle` occurs: `table.column`. */
export async function whereFound(db: Kysely<DB>, engine: string, needles: string[]): Promise<string[]> {
  const tables =
    engine === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
        ).rows.map((r) => r.name)
      : (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
        ).rows.map((r) => r.name);
  const found = new Set<string>();
  for (const table of tables) {
    const rows = (await sql`select * from ${sql.table(table)}`.execute(db)).rows as Record<string, unknown>[];
    for (const row of rows)
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const text =
          value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : JSON.stringify(value);
        for (const n of needles)
          if (text.toLowerCase().includes(n.toLowerCase())) found.add(`${table}.${column}`);
      }
  }
  return [...found].sort();
}
