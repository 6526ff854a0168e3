// What the server needs from date-holidays, worked out on a short-lived thread of its own. date-holidays holds
// the rules of every country: loading them costs tens of megabytes of a thread's memory for good, while the
// server needs one region, a list of dates per year. So the check of the configured region and its public
// holidays for a wide span of years are computed on a thread that loads date-holidays, answers and ends; the
// main thread keeps only the dates (a BusinessCalendar built on `tabledHolidaySource`, which still loads
// date-holidays itself for a year outside the table).
//
// The answer is awaited synchronously (Atomics.wait): the configuration is checked and the calendar built by
// synchronous code, at start-up or when administrators change the region, both rare. Where the thread cannot
// answer, or date-holidays is loaded in this thread anyway, the same work is done here.
//
// What was worked out is kept in a file for the next process (holiday-cache.ts): a known region with its table
// found there needs neither the thread nor date-holidays, which matters for `redress ingest`, run by an MTA once
// per message.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  checkHolidayRegion,
  dateHolidaysSource,
  type HolidayTable,
  holidayLibraryLoaded,
  holidayTable,
} from './date-holidays.ts';
import { defaultHolidayCacheDir, readHolidayCache, writeHolidayCache } from './holiday-cache.ts';

export interface RegionHolidays {
  check: ReturnType<typeof checkHolidayRegion>;
  /** The region's public holidays for YEARS_BEFORE..YEARS_AFTER around the current year; null if it is unknown. */
  table: HolidayTable | null;
}

/**
 * Years in the table: the deadlines of the cases received around now and a few years of history (date-holidays
 * takes tens of milliseconds per year). A year outside it loads date-holidays where it is asked for.
 */
const YEARS_BEFORE = 5;
const YEARS_AFTER = 5;
/** Beyond this the work is done on the calling thread (a machine so busy that a thread cannot start). */
const WAIT_MS = 60_000;

const cache = new Map<string, RegionHolidays>();

/**
 * The check and the holidays of `region`, worked out once per process (per region), and read from the file kept
 * by an earlier process when there is one (`cacheDir`: null for none).
 */
export function regionHolidays(region: string, cacheDir = defaultHolidayCacheDir()): RegionHolidays {
  const key = region.trim().toUpperCase();
  let found = cache.get(key);
  if (!found) {
    const year = new Date().getUTCFullYear();
    const from = year - YEARS_BEFORE;
    const to = year + YEARS_AFTER;
    // Only a known region's table is kept, so a table found means the region checked out when it was made.
    const kept = readHolidayCache(cacheDir, key, from, to);
    if (kept) found = { check: { ok: true }, table: kept };
    else {
      found = (!holidayLibraryLoaded() && onThread(key, from, to)) || regionHolidaysHere(key, from, to);
      if (found.check.ok && found.table) writeHolidayCache(cacheDir, found.table, from, to);
    }
    cache.set(key, found);
  }
  return found;
}

/** Forgets what this process worked out (for tests: the next call reads the file or works it out again). */
export function forgetRegionHolidays(): void {
  cache.clear();
}

/** The same work on the calling thread (also what the short-lived thread runs). */
export function regionHolidaysHere(region: string, from: number, to: number): RegionHolidays {
  const check = checkHolidayRegion(region);
  return { check, table: check.ok ? holidayTable(dateHolidaysSource(region), from, to) : null };
}

function onThread(region: string, from: number, to: number): RegionHolidays | null {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./holiday-worker.ts', import.meta.url), {
      workerData: { region, from, to, port: port2, done },
      transferList: [port2],
    });
    worker.unref();
    // A thread that fails before answering sets `done` too (holiday-worker.ts), so this never waits for nothing.
    Atomics.wait(done, 0, 0, WAIT_MS);
    const answer = receiveMessageOnPort(port1)?.message as RegionHolidays | { failed: string } | undefined;
    return answer && 'check' in answer ? answer : null;
  } catch {
    return null;
  } finally {
    port1.close();
    void worker?.terminate();
  }
}
