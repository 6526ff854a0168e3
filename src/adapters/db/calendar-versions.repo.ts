// The business calendar's versions (calendar_versions): read whole (a handful of rows over an organisation's
// life) and appended to, never updated or removed.
import { type Kysely, sql } from 'kysely';
import type { Weekday } from '../../core/calendar/business-calendar.ts';
import type { Engine } from './database.ts';
import type { DB } from './schema.ts';

export interface CalendarVersionRow {
  version: number;
  effectiveAt: string;
  timezone: string;
  holidays: string;
  workingWeek: Weekday[];
  closureDays: string[];
  recordedAt: string;
  recordedBy: string;
}

export async function calendarVersions(db: Kysely<DB>): Promise<CalendarVersionRow[]> {
  const rows = await db.selectFrom('calendar_versions').selectAll().orderBy('version').execute();
  return rows.map((r) => ({
    version: Number(r.version),
    effectiveAt: r.effective_at,
    timezone: r.timezone,
    holidays: r.holidays,
    workingWeek: JSON.parse(r.working_week) as Weekday[],
    closureDays: JSON.parse(r.closure_days) as string[],
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  }));
}

/** The number of the last version recorded (0: none); cheap enough to ask every few seconds. */
export async function lastCalendarVersion(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('calendar_versions')
    .select((eb) => eb.fn.max('version').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/**
 * Makes the calendar's changes take turns until the caller's transaction ends: on PostgreSQL a lock of its own
 * (two transactions would otherwise both read the same last version, and both write the next number); on SQLite
 * the transaction already holds the database's write lock from its start (BEGIN IMMEDIATE). Reads made after it
 * see every change committed before.
 */
export async function lockCalendarVersions(db: Kysely<DB>, engine: Engine): Promise<void> {
  if (engine === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext('calendar_versions'))`.execute(db);
}

/**
 * Appends a version numbered after the last one, in the caller's transaction. Two instances appending at once
 * without the lock above take the same number: the second fails on the key and its transaction is undone.
 */
export async function appendCalendarVersion(
  db: Kysely<DB>,
  v: Omit<CalendarVersionRow, 'version'>,
): Promise<number> {
  const last = await db
    .selectFrom('calendar_versions')
    .select((eb) => eb.fn.max('version').as('last'))
    .executeTakeFirst();
  const version = Number(last?.last ?? 0) + 1;
  await db
    .insertInto('calendar_versions')
    .values({
      version,
      effective_at: v.effectiveAt,
      timezone: v.timezone,
      holidays: v.holidays,
      working_week: JSON.stringify(v.workingWeek),
      closure_days: JSON.stringify(v.closureDays),
      recorded_at: v.recordedAt,
      recorded_by: v.recordedBy,
    })
    .execute();
  return version;
}
