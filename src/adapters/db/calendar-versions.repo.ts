// The business calendar's versions (calendar_versions): read whole (a handful of rows over an organisation's
// life) and appended to, never updated or removed.
import type { Kysely } from 'kysely';
import type { Weekday } from '../../core/calendar/business-calendar.ts';
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

/**
 * Appends a version numbered after the last one, in the caller's transaction. Two instances appending at once
 * take the same number: the second fails on the key and its transaction is undone (the change can be made again).
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
