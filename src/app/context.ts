// What every use case receives: the database, the configuration, the calendar and the clock.
import { randomUUID } from 'node:crypto';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import type { Database } from '../adapters/db/database.ts';
import { type Config, deadlinePolicy } from '../config.ts';
import type { BusinessCalendar, DeadlinePolicy } from '../core/calendar/business-calendar.ts';
import { type Clock, systemClock } from '../core/ports.ts';

export interface AppContext {
  readonly database: Database;
  readonly config: Config;
  readonly calendar: BusinessCalendar;
  readonly policy: DeadlinePolicy;
  readonly clock: Clock;
  newId(): string;
}

export function createAppContext(
  config: Config,
  database: Database,
  options: { clock?: Clock; calendar?: BusinessCalendar; newId?: () => string } = {},
): AppContext {
  return {
    database,
    config,
    calendar: options.calendar ?? calendarFromConfig(config),
    policy: deadlinePolicy(config),
    clock: options.clock ?? systemClock,
    newId: options.newId ?? randomUUID,
  };
}
