// Whether a failure says nothing about the work that failed: the database is down, busy, restarting or out of
// room, and the same work will succeed later. One rule for whoever must tell the two apart: the IMAP poller (a
// temporary failure is not counted against the message) and the command line (exit code 75, "try again later",
// which a mail server piping to `redress ingest` reads as "keep the message and retry").
import { DatabaseUnavailableError } from './database.ts';

/** Failures that say nothing about the message: the database is down, busy, restarting or out of room. */
const TEMPORARY_CODES = new Set([
  'database_unavailable',
  'intake_closed',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_NOMEM',
]);

/**
 * Whether storing failed for a reason that may pass (the database, not the message): such a failure is not
 * counted against the message. PostgreSQL's classes 08 (connection), 40 (deadlock, serialization), 53 (out of
 * resources), 57 (shut down, cancelled) and 58 (system error), SQLite's busy, locked, I/O and full errors, a pool
 * whose connection was cut (pg says so in words only), and a time limit passed. Anything else, a duplicate key
 * that the intake's own retries did not get past included, is taken to be the message's own doing: it is set
 * aside only after failing that way several rounds running, and counting needs the database to answer.
 */
export function isTemporaryFailure(e: unknown): boolean {
  if (e instanceof DatabaseUnavailableError) return true;
  const err = e as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (err?.name === 'StoreTimeout') return true;
  const code = typeof err?.code === 'string' ? err.code : '';
  if (TEMPORARY_CODES.has(code) || code.startsWith('SQLITE_IOERR')) return true;
  if (/^(08|40|53|57|58)[0-9A-Z]{3}$/.test(code)) return true;
  const message = typeof err?.message === 'string' ? err.message : '';
  return /connection terminated|timeout exceeded when trying to connect|connection error|not queryable|the database connection is not open/i.test(
    message,
  );
}
