// What every use case receives: the database, the configuration, the calendar and the clock.
// The configuration is live: administrators change some settings at run time (src/app/settings.ts), and
// `refresh` swaps in the new configuration and the calendar built from it for every later use.
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { regionHolidays } from '../adapters/calendar/holiday-thread.ts';
import { systemClock } from '../adapters/clock.ts';
import type { Database } from '../adapters/db/database.ts';
import { newRecordId } from '../adapters/ids.ts';
import { type Config, deadlinePolicy } from '../config.ts';
import type { BusinessCalendar, DeadlinePolicy } from '../core/calendar/business-calendar.ts';
import { catalogueFromKeys, offeredCategories } from '../core/case/categories.ts';
import type { Clock } from '../core/ports.ts';

export interface AppContext {
  readonly database: Database;
  /** The configuration in force: the file and environment, with the administrators' settings applied. */
  readonly config: Config;
  readonly calendar: BusinessCalendar;
  readonly policy: DeadlinePolicy;
  readonly clock: Clock;
  newId(): string;
  /** Puts a new configuration in force (after a settings change); the calendar is rebuilt when it changed. */
  refresh(config: Config): void;
}

export function createAppContext(
  config: Config,
  database: Database,
  options: { clock?: Clock; calendar?: BusinessCalendar; newId?: () => string } = {},
): AppContext {
  let current = withCategories(config);
  let calendar = options.calendar ?? calendarOf(config);
  let policy = deadlinePolicy(config);
  const calendarKey = (c: Config) => JSON.stringify([c.timezone, c.holidays, c.workingWeek, c.closureDays]);
  return {
    database,
    get config() {
      return current;
    },
    get calendar() {
      return calendar;
    },
    get policy() {
      return policy;
    },
    clock: options.clock ?? systemClock,
    newId: options.newId ?? newRecordId,
    refresh(next: Config) {
      if (calendarKey(next) !== calendarKey(current)) calendar = calendarOf(next);
      current = withCategories(next);
      policy = deadlinePolicy(next);
    },
  };
}

/**
 * The calendar of a configuration, on its region's holidays as a table of dates worked out on a short-lived
 * thread (src/adapters/calendar/holiday-thread.ts): this thread never loads date-holidays for them.
 */
function calendarOf(config: Config): BusinessCalendar {
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
