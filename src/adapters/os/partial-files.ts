// Files written whole or not at all (backups, dossiers): written under a hidden temporary name beside the target,
// then renamed, so a reader never sees half a file. A process killed in the middle leaves its temporary file; the
// next write for the same target removes those whose process is gone.
import { closeSync, existsSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The temporary name for `target` in this process. */
export function partialNameFor(target: string): string {
  const full = resolve(target);
  return join(dirname(full), `.${basename(full)}.partial-${process.pid}-${Date.now()}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files left for `target` by processes that no longer run; returns their names. */
export function removeStalePartials(target: string): string[] {
  const full = resolve(target);
  const folder = dirname(full);
  if (!existsSync(folder)) return [];
  const prefix = `.${basename(full)}.partial-`;
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Writes `bytes` to `file`, which must not exist, owner-only (0600), whole or not at all. */
export function writeNewFile(file: string, bytes: Uint8Array): void {
  if (existsSync(file)) throw Object.assign(new Error(`${file} already exists`), { code: 'EEXIST' });
  removeStalePartials(file);
  const partial = partialNameFor(file);
  const fd = openSync(partial, 'wx', 0o600);
  try {
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off);
    closeSync(fd);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}
