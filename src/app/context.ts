// What every use case receives: the database, the configuration, the calendar, the clock, and the reader of a file's
// type from its content.
// The configuration is live: administrators change some settings at run time (src/app/settings.ts), and
// `refresh` swaps in the new configuration and the calendar built from it for every later use.
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { regionHolidays } from '../adapters/calendar/holiday-thread.ts';
import { systemClock } from '../adapters/clock.ts';
import type { CalendarVersionRow } from '../adapters/db/calendar-versions.repo.ts';
import type { Database } from '../adapters/db/database.ts';
import { detectType } from '../adapters/files/detect-type.ts';
import { newRecordId } from '../adapters/ids.ts';
import { type Config, deadlinePolicy } from '../config.ts';
import type { BusinessCalendar, DeadlinePolicy } from '../core/calendar/business-calendar.ts';
import { CalendarHistory } from '../core/calendar/calendar-versions.ts';
import { catalogueFromKeys, offeredCategories } from '../core/case/categories.ts';
import type { Clock, DetectType } from '../core/ports.ts';

export interface AppContext {
  readonly database: Database;
  /** The configuration in force: the file and environment, with the administrators' settings applied. */
  readonly config: Config;
  /** The calendar in force now: the one new deadlines are computed on. */
  readonly calendar: BusinessCalendar;
  /**
   * The calendar's versions (src/app/calendar-versions.ts), on which the report counts each case on the calendar in
   * force at its receipt; the current calendar alone until they are read (or when none is recorded).
   */
  readonly calendars: CalendarHistory;
  readonly policy: DeadlinePolicy;
  readonly clock: Clock;
  newId(): string;
  /**
   * What a file is, read from its content: the use cases that take files decide on it (src/app/file-types.ts),
   * whatever type their caller states.
   */
  readonly detectType: DetectType;
  /** Puts a new configuration in force (after a settings change); the calendar is rebuilt when it changed. */
  refresh(config: Config): void;
  /** Puts the recorded calendar versions in force (read after each change of the settings). */
  useCalendarVersions(rows: readonly CalendarVersionRow[]): void;
}

type CalendarFields = Pick<Config, 'timezone' | 'holidays' | 'workingWeek' | 'closureDays'>;

/** What tells two calendar settings apart. */
export const calendarKey = (c: CalendarFields) =>
  JSON.stringify([c.timezone, c.holidays, c.workingWeek, c.closureDays]);

export function createAppContext(
  config: Config,
  database: Database,
  options: { clock?: Clock; calendar?: BusinessCalendar; newId?: () => string; detectType?: DetectType } = {},
): AppContext {
  let current = withCategories(config);
  let calendar = options.calendar ?? calendarOf(config);
  let policy = deadlinePolicy(config);
  let versions: readonly CalendarVersionRow[] = [];
  // Built when first asked for, again after a change of the calendar or of the versions.
  let history: CalendarHistory | null = null;
  const built = new Map<string, BusinessCalendar>();
  const calendarOfVersion = (v: CalendarVersionRow): BusinessCalendar => {
    const spec: CalendarFields = {
      timezone: v.timezone,
      holidays: v.holidays,
      workingWeek: v.workingWeek,
      closureDays: v.closureDays,
    };
    const key = calendarKey(spec);
    if (key === calendarKey(current)) return calendar;
    let c = built.get(key);
    if (!c) {
      c = calendarOf(spec);
      built.set(key, c);
    }
    return c;
  };
  return {
    database,
    get config() {
      return current;
    },
    get calendar() {
      return calendar;
    },
    get calendars() {
      if (history) return history;
      // The recorded versions are the calendar's history even where this process runs on another calendar (a
      // command with another environment); none recorded: this process's calendar for all time.
      history =
        versions.length > 0
          ? new CalendarHistory(
              versions.map((v) => ({
                version: v.version,
                effectiveAt: v.effectiveAt,
                calendar: () => calendarOfVersion(v),
              })),
            )
          : CalendarHistory.single(calendar);
      return history;
    },
    get policy() {
      return policy;
    },
    clock: options.clock ?? systemClock,
    newId: options.newId ?? newRecordId,
    detectType: options.detectType ?? detectType,
    refresh(next: Config) {
      if (calendarKey(next) !== calendarKey(current)) {
        calendar = calendarOf(next);
        history = null;
      }
      current = withCategories(next);
      policy = deadlinePolicy(next);
    },
    useCalendarVersions(rows) {
      versions = [...rows];
      history = null;
    },
  };
}

/**
 * The calendar of a configuration, on its region's holidays as a table of dates worked out on a short-lived
 * thread (src/adapters/calendar/holiday-thread.ts): this thread never loads date-holidays for them.
 */
function calendarOf(config: CalendarFields): BusinessCalendar {
  return calendarFromConfig(config, regionHolidays(config.holidays).table ?? undefined);
}

/**
 * The configuration with its category catalogue and the offered keys in step: a configuration that only has a
 * list of keys (an earlier version's) gets the catalogue built from it, and `categories` is always the
 * catalogue's offered keys, which is what every door checks a category against.
 */
export function withCategories(config: Config): Config {
  const catalogue = config.categoryCatalogue ?? catalogueFromKeys(config.categories);
  return {
    ...config,
    categoryCatalogue: catalogue,
    categories: offeredCategories(catalogue).map((c) => c.key),
  };
}
