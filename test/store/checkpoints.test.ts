// The server's WAL checkpoints run on a background thread (src/adapters/db/checkpointer.ts): the pages written
// through the main connection reach the database file although that connection never checkpoints itself.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/adapters/db/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'redress-checkpoints-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes about 4 MiB in a few transactions and returns the size of the database file (not the log). */
async function writeAndWait(path: string, backgroundCheckpoints: boolean): Promise<number> {
  const database = await openDatabase(`sqlite:${path}`, { backgroundCheckpoints });
  try {
    // Without the thread, no checkpoint at all: the file would stay as small as the schema.
    if (!backgroundCheckpoints) await sql`pragma wal_autocheckpoint = 0`.execute(database.db);
    await sql`create table filler (id integer primary key, body text not null)`.execute(database.db);
    for (let t = 0; t < 4; t++)
      await database.transaction(async (trx) => {
        for (let i = 0; i < 256; i++)
          await sql`insert into filler (body) values (${'x'.repeat(4000)})`.execute(trx);
      });
    // Wait (up to 10 s) for the file to take the pages, as a background checkpoint would copy them.
    for (let waited = 0; waited < 10_000 && statSync(path).size < 4_000_000; waited += 50) {
      if (!backgroundCheckpoints && waited >= 1_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return statSync(path).size;
  } finally {
    await database.close();
  }
}

describe('background WAL checkpoints (SQLite server)', () => {
  it('copy committed pages into the database file while the writer never checkpoints', async () => {
    assert.ok((await writeAndWait(join(dir, 'with.db'), true)) >= 4_000_000);
  });

  it('(control: with checkpoints off and no thread, the pages stay in the log)', async () => {
    assert.ok((await writeAndWait(join(dir, 'without.db'), false)) < 1_000_000);
  });
});
