// Files written whole or not at all (backups, dossiers): written under a hidden temporary name beside the target,
// then renamed, so a reader never sees half a file. A process killed in the middle leaves its temporary file; the
// next write for the same target removes those whose process is gone.
// A rename is only as durable as what is on the disk: after a power cut, a file renamed before its bytes reached
// the disk can be there under its final name but empty or short. So the file's bytes are flushed (fsync) before
// the rename, and the folder after it, so that the new name itself survives.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
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

/** Flushes a written file's bytes to the disk. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes a folder's entries (a name just created or renamed) to the disk. Some file systems cannot sync a folder
 * (EINVAL, EISDIR, EPERM on a few network and Windows ones): there nothing more can be done, and it is skipped.
 */
export function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    closeSync(fd);
  }
}

/** Renames a written temporary file into place durably: its bytes flushed first, the folder's entry after. */
export function renameDurably(partial: string, target: string): void {
  syncFile(partial);
  renameSync(partial, target);
  syncFolder(dirname(resolve(target)));
}

/** Writes `bytes` to `file`, which must not exist, owner-only (0600), whole or not at all. */
export function writeNewFile(file: string, bytes: Uint8Array): void {
  if (existsSync(file)) throw Object.assign(new Error(`${file} already exists`), { code: 'EEXIST' });
  removeStalePartials(file);
  const partial = partialNameFor(file);
  const fd = openSync(partial, 'wx', 0o600);
  try {
    try {
      let off = 0;
      while (off < bytes.byteLength) off += writeSync(fd, bytes, off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
    syncFolder(dirname(resolve(file)));
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/**
 * As writeNewFile, for bytes that come a piece at a time (an export written as a stream): `fill` writes them to
 * the temporary file, which is flushed and renamed into place only once `fill` is done. When `fill` fails, the
 * temporary file is removed and the target never appears.
 */
export async function writeNewFileStreamed(
  file: string,
  fill: (sink: { write(bytes: Uint8Array): Promise<void> }) => Promise<void>,
): Promise<void> {
  if (existsSync(file)) throw Object.assign(new Error(`${file} already exists`), { code: 'EEXIST' });
  removeStalePartials(file);
  const partial = partialNameFor(file);
  const handle = await open(partial, 'wx', 0o600);
  try {
    try {
      await fill({
        write: async (bytes) => {
          let off = 0;
          while (off < bytes.byteLength) off += (await handle.write(bytes, off)).bytesWritten;
        },
      });
      await handle.sync();
    } finally {
      await handle.close();
    }
    renameSync(partial, file);
    syncFolder(dirname(resolve(file)));
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}
