// The SQLite files hold personal data, password hashes and the server's secrets: readable by their owner only,
// whatever the umask, and an existing file that others could read is tightened at start.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { migrateToLatest } from '../../src/adapters/db/migrate.ts';

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('SQLite files at rest', () => {
  const root = mkdtempSync(join(tmpdir(), 'redress-files-'));
  const umask = process.umask(0o022);
  after(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the folder 0700 and the database, -wal and -shm 0600 under a permissive umask', async () => {
    const path = join(root, 'var', 'data', 'redress.db');
    const database = await openDatabase(`sqlite:${path}`);
    try {
      await migrateToLatest(database);
      assert.equal(modeOf(join(root, 'var', 'data')).toString(8), '700');
      assert.equal(modeOf(join(root, 'var')).toString(8), '700');
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        assert.equal(modeOf(file).toString(8), '600', file);
    } finally {
      await database.close();
    }
  });

  it('closes its file on close even when no query ever ran (nothing is left open behind a command that did nothing)', async () => {
    const path = join(root, 'unused.db');
    // The open files of this process that are the database file (Linux: /proc/self/fd).
    const handles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false;
        }
      }).length;
    const database = await openDatabase(`sqlite:${path}`);
    assert.ok(handles() > 0, 'the database file is open');
    await database.close();
    assert.equal(handles(), 0, 'the database file is still open after close');
  });

  it('tightens an existing world-readable database at start, and says so', async () => {
    const path = join(root, 'old.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '');
    chmodSync(`${path}-wal`, 0o644);
    const notices: string[] = [];
    const database = await openDatabase(`sqlite:${path}`, { notice: (m) => notices.push(m) });
    await database.close();
    assert.equal(modeOf(path).toString(8), '600');
    assert.equal(modeOf(`${path}-wal`).toString(8), '600');
    assert.ok(
      notices.some((n) => n.includes(path) && /owner only/.test(n)),
      notices.join('\n'),
    );
  });
});
