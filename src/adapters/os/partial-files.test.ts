import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { removeStalePartials, renameDurably, syncFolder, writeNewFile } from './partial-files.ts';

it('writes a new owner-only file whole, never over an existing one, and clears what killed writers left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-partial-'));
  try {
    const target = join(dir, 'RC-2026-000001-dossier.zip');
    // A writer that is gone (a process that has exited) and one still running (this test's parent).
    const gone = spawnSync('true').pid!;
    const stale = join(dir, `.RC-2026-000001-dossier.zip.partial-${gone}-1`);
    const live = join(dir, `.RC-2026-000001-dossier.zip.partial-${process.ppid}-2`);
    const other = join(dir, `.other.zip.partial-${gone}-3`);
    for (const f of [stale, live, other]) writeFileSync(f, 'half');
    writeNewFile(target, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readFileSync(target)], [1, 2, 3]);
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.equal(existsSync(stale), false, 'the partial file of a writer that is gone is removed');
    assert.equal(existsSync(live), true, 'a running writer keeps its partial file');
    assert.equal(existsSync(other), true, 'another target is not touched');
    assert.throws(() => writeNewFile(target, new Uint8Array([9])), /already exists/);
    assert.deepEqual([...readFileSync(target)], [1, 2, 3]);
    assert.deepEqual(removeStalePartials(join(dir, 'other.zip')), [`.other.zip.partial-${gone}-3`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('renames a written file into place after flushing it, and flushes the folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-partial-'));
  try {
    const partial = join(dir, '.backup.db.partial-1-1');
    writeFileSync(partial, 'whole');
    renameDurably(partial, join(dir, 'backup.db'));
    assert.equal(readFileSync(join(dir, 'backup.db'), 'utf8'), 'whole');
    assert.equal(existsSync(partial), false);
    // A folder that is gone has nothing to flush; a file cannot be renamed from where it is not.
    syncFolder(join(dir, 'gone'));
    assert.throws(() => renameDurably(join(dir, 'missing'), join(dir, 'x')), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
