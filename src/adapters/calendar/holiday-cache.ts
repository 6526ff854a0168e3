// The region's holidays as worked out once (holiday-thread.ts), kept in a small file for the next process. Every
// process needs them before it can check its configuration, and working them out loads all of date-holidays on
// a thread of its own: paid once by a server, it was paid again by every `redress ingest`, which an MTA runs for
// every message. The file is keyed by the region, the years and date-holidays' version, so a new version of the
// library or a new year makes a new one.
//
// The folder is the user's own, in the system's temporary folder (as Node's compile cache): created owner-only,
// and used only while it is a real folder of this user that nobody else can write to, since its files decide
// deadlines. A file that is missing, too large or not what is expected is ignored and the work done again.

import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HolidayTable } from './date-holidays.ts';

/** A table holds about fifteen dates a year: anything larger is not one of ours. */
const MAX_FILE_BYTES = 64 * 1024;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The folder of this user's cache; null where the system has no user ids. */
export function defaultHolidayCacheDir(): string | null {
  const uid = process.getuid?.();
  return uid === undefined ? null : join(tmpdir(), `redress-cache-${uid}`);
}

let version: string | null | undefined;
/** date-holidays' version, read from its package.json (not the library itself). */
function libraryVersion(): string | null {
  if (version === undefined) {
    try {
      const v = (createRequire(import.meta.url)('date-holidays/package.json') as { version?: unknown })
        .version;
      version = typeof v === 'string' && /^[\w.+-]{1,40}$/.test(v) ? v : null;
    } catch {
      version = null;
    }
  }
  return version;
}

function fileName(region: string, from: number, to: number): string | null {
  const v = libraryVersion();
  if (!v || !/^[A-Z0-9-]{1,20}$/.test(region)) return null;
  return `holidays-${v}-${region}-${from}-${to}.json`;
}

/** Whether `dir` is a folder of this user that no one else may write to (creating it so if it is missing). */
function ownFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  try {
    const s = lstatSync(dir);
    return s.isDirectory() && s.uid === process.getuid?.() && (s.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The table kept for `region` and these years, or null when there is none that can be trusted. */
export function readHolidayCache(
  dir: string | null,
  region: string,
  from: number,
  to: number,
): HolidayTable | null {
  const name = fileName(region, from, to);
  if (!dir || !name || !ownFolder(dir)) return null;
  let fd: number | null = null;
  try {
    fd = openSync(join(dir, name), 'r');
    const s = fstatSync(fd);
    if (!s.isFile() || s.size > MAX_FILE_BYTES || s.uid !== process.getuid?.()) return null;
    const bytes = Buffer.alloc(s.size);
    if (readSync(fd, bytes, 0, s.size, 0) !== s.size) return null;
    return tableOf(JSON.parse(bytes.toString('utf8')), region, from, to);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The table in `value` if it is one for exactly this region and these years, else null. */
function tableOf(value: unknown, region: string, from: number, to: number): HolidayTable | null {
  const v = value as { region?: unknown; years?: unknown } | null;
  if (!v || v.region !== region || typeof v.years !== 'object' || v.years === null) return null;
  const years: Record<number, readonly string[]> = {};
  const given = v.years as Record<string, unknown>;
  if (Object.keys(given).length !== to - from + 1) return null;
  for (let y = from; y <= to; y++) {
    const days = given[String(y)];
    if (!Array.isArray(days) || days.length > 366) return null;
    if (!days.every((d) => typeof d === 'string' && DATE.test(d) && d.startsWith(`${y}-`))) return null;
    years[y] = days as string[];
  }
  return { region, years };
}

/** Keeps `table` for the next process; a failure only means the next one works it out again. */
export function writeHolidayCache(dir: string | null, table: HolidayTable, from: number, to: number): void {
  const name = fileName(table.region, from, to);
  if (!dir || !name || !ownFolder(dir)) return;
  // Written under a name of its own and renamed: a process reading at the same time sees a whole file or none.
  const part = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  try {
    writeFileSync(part, JSON.stringify(table), { mode: 0o600, flag: 'wx' });
    renameSync(part, join(dir, name));
  } catch {
    rmSync(part, { force: true });
  }
}
