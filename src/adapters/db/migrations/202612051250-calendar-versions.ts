// The business calendar's versions (src/core/calendar/calendar-versions.ts): each change of the calendar settings
// is a row, in force from its instant, never updated or removed (evidence, like the archive). The calendar in force
// today comes from the configuration file and environment with the administrators' settings over them, which a
// migration cannot read: the first start after this one records it as version 1, in force from the beginning of
// time (src/app/calendar-versions.ts). The report's counts keep the number of the last version they were counted
// with, so that a change counts again only the days from its instant on.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_versions')
    .addColumn('version', 'integer', (c) => c.notNull().primaryKey())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('holidays', 'text', (c) => c.notNull())
    // JSON arrays: the working days of the week, and the closure days (local dates).
    .addColumn('working_week', 'text', (c) => c.notNull())
    .addColumn('closure_days', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  // Null in the row counted before versions existed: the report then checks its fingerprint against version 1.
  await db.schema.alterTable('report_days_zone').addColumn('calendar_version', 'integer').execute();
}
