// The business calendar's versions: each change of the calendar settings (time zone, holiday region, working
// week, closure days) is recorded as a new version in force from the moment of the change, and kept for good. The
// report counts a complaint on the version in force at its receipt (src/core/calendar/calendar-versions.ts).
//
// A change takes effect when it is made: an administrator cannot date it in the future (or the past). Deadlines
// are computed at receipt on the calendar in force, so a calendar dated ahead would have to be consulted by every
// door for every new case; and what an organisation plans ahead is already said in the calendar itself, as closure
// days on future dates.
//
// Two administrators saving the calendar at the same time take turns (`lockCalendarVersions`), so the versions stay
// numbered without a gap in the order they were saved; a save made from a page that showed an older version than
// the last one recorded is refused (`CalendarChangedError`), so that nobody's change is undone without a word.
import {
  appendCalendarVersion,
  type CalendarVersionRow,
  calendarVersions,
  lockCalendarVersions,
} from '../adapters/db/calendar-versions.repo.ts';
import type { Config } from '../config.ts';
import { BEGINNING_OF_TIME, calendarChangedSince } from '../core/calendar/calendar-versions.ts';
import { type AppContext, calendarKey } from './context.ts';

/**
 * A save of the calendar refused because another version was recorded after the one the page showed: the page must
 * be loaded again (it then shows the calendar in force, and who changed it when) and the change made on it.
 */
export class CalendarChangedError extends Error {
  readonly code = 'calendar_changed';
  /** The version the refused save was made on. */
  readonly basedOn: number;
  /** The last version recorded, which the save would have undone in part. */
  readonly latest: CalendarVersionRow | undefined;
  constructor(basedOn: number, latest: CalendarVersionRow | undefined) {
    super(
      `the business calendar was changed meanwhile (version ${latest?.version ?? 1}${latest ? ` by ${latest.recordedBy} at ${latest.recordedAt}` : ''}; this change was made on version ${basedOn}): nothing was saved; load the calendar again and make the change on it`,
    );
    this.basedOn = basedOn;
    this.latest = latest;
  }
}

/**
 * Refuses, in the caller's transaction (after `lockCalendarVersions`), a save made on version `basedOn` when another
 * version was recorded since. Nothing to check when the save says nothing of its base.
 */
export async function checkCalendarBase(
  db: Parameters<typeof calendarVersions>[0],
  basedOn: number | undefined,
): Promise<void> {
  if (basedOn === undefined) return;
  const last = (await calendarVersions(db)).at(-1);
  if (calendarChangedSince(basedOn, last?.version)) throw new CalendarChangedError(basedOn, last);
}

/** The settings that make up the business calendar. */
export const CALENDAR_SETTINGS = ['timezone', 'holidays', 'workingWeek', 'closureDays'] as const;

type CalendarFields = Pick<Config, (typeof CALENDAR_SETTINGS)[number]>;

/**
 * Records the calendar of `next` as a new version in force from `at`, in the caller's transaction, unless it is
 * the last version already. With no version yet, the calendar in force until then (`before`, or `next` itself)
 * is recorded first as version 1, in force from the beginning of time.
 */
export async function recordCalendarVersion(
  db: Parameters<typeof calendarVersions>[0],
  next: CalendarFields,
  at: string,
  by: string,
  before: CalendarFields = next,
): Promise<boolean> {
  const versions = await calendarVersions(db);
  let last: CalendarFields | undefined = versions.at(-1);
  if (!last) {
    await append(db, before, BEGINNING_OF_TIME, at, 'configuration');
    last = before;
  }
  if (calendarKey(last) === calendarKey(next)) return false;
  await append(db, next, at, at, by);
  return true;
}

function append(
  db: Parameters<typeof calendarVersions>[0],
  c: CalendarFields,
  effectiveAt: string,
  at: string,
  by: string,
) {
  return appendCalendarVersion(db, {
    effectiveAt,
    timezone: c.timezone,
    holidays: c.holidays,
    workingWeek: [...c.workingWeek],
    closureDays: [...c.closureDays],
    recordedAt: at,
    recordedBy: by,
  });
}

/**
 * Reads the versions and puts them in force. With `record` (the server's start), first records the calendar in
 * force when it is not the last version: the first start (version 1, from the beginning of time), or a calendar
 * changed in the configuration file or environment (in force from when this instance found it).
 */
export async function syncCalendarVersions(
  ctx: AppContext,
  options: { record: boolean },
): Promise<CalendarVersionRow[]> {
  let rows = await calendarVersions(ctx.database.db);
  const last = rows.at(-1);
  if (options.record && (!last || calendarKey(last) !== calendarKey(ctx.config))) {
    try {
      // In turn with the administrators' saves (on any instance), so that neither fails on the version's number.
      await ctx.database.transaction(async (trx) => {
        await lockCalendarVersions(trx, ctx.database.engine);
        return recordCalendarVersion(trx, ctx.config, ctx.clock.now(), 'configuration');
      });
    } catch (e) {
      // Another instance recorded a version at the same moment (the same number): what it recorded is read below.
      const again = await calendarVersions(ctx.database.db);
      if (again.length === rows.length) throw e;
    }
    rows = await calendarVersions(ctx.database.db);
  }
  ctx.useCalendarVersions(rows);
  return rows;
}

/** The calendar's history, oldest first, as the administration shows it. */
export function calendarHistory(ctx: AppContext): Promise<CalendarVersionRow[]> {
  return calendarVersions(ctx.database.db);
}
