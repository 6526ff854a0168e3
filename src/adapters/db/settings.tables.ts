// Settings changed by administrators at run time: one JSON value per configuration key.
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

/** A version of the business calendar (src/core/calendar/calendar-versions.ts): appended, never changed. */
export interface CalendarVersionsTable {
  version: number;
  effective_at: string;
  timezone: string;
  holidays: string;
  /** JSON array of weekdays (mon..sun). */
  working_week: string;
  /** JSON array of local dates. */
  closure_days: string;
  recorded_at: string;
  recorded_by: string;
}

export interface SettingsTables {
  settings: SettingsTable;
  calendar_versions: CalendarVersionsTable;
}
