// Several processes writing to one database at once (SQLite file, PostgreSQL): no fork, no SQLITE_BUSY.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const writer = new URL('../support/writer.ts', import.meta.url).pathname;

function runWriter(
  url: string,
  caseId: string,
  n: number,
  label: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [writer, url, caseId, String(n), label], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

for (const engine of ENGINES) {
  describe(`several writer processes on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    it('append to one case from four processes without forking the chain or failing', async () => {
      const ctx = createAppContext(loadConfig({ env: {} }), tdb.database);
      const c = await openCase(ctx, {
        kind: 'complaint',
        step: 1,
        channel: 'letter',
        receivedAt: '2026-11-20T09:00:00.000Z',
        language: 'en',
        subject: 'Complaint escalation - Step 1',
        complainant: { name: 'Ann Smith', email: 'ann@example.co.uk' },
        fields: { ticketRefs: [], domains: [], description: 'x', expectations: 'y' },
        missing: [],
        correspondenceId: null,
        actor: 'user:clerk',
      });
      const results = await Promise.all(
        ['a', 'b', 'c', 'd'].map((label) => runWriter(tdb.url, c.caseId, 25, label)),
      );
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const events = await readStream(tdb.database.db, `case:${c.caseId}`);
      assert.equal(events.length, 101);
      assert.deepEqual((await verifyArchive(ctx)).problems, []);
    });
  });
}
