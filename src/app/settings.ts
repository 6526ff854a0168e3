// Settings administrators change at run time: organisation details, mailboxes, the
// business calendar, categories, departments and their routing keywords, and a few limits. Each is a key of the
// configuration, checked by the same schema as the file and the environment, stored in the database (so all
// instances share it), recorded in the audit log, and put in force with `ctx.refresh`.
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import { lastCalendarVersion, lockCalendarVersions } from '../adapters/db/calendar-versions.repo.ts';
import { openSuggestionsByDepartment } from '../adapters/db/cases.repo.ts';
import { settingsChangedAt, storedSettings, storeSetting } from '../adapters/db/settings.repo.ts';
import { type Config, configSchema } from '../config.ts';
import { departmentsStillInUse } from '../core/access/account.ts';
import {
  type CatalogueProblem,
  type Category,
  catalogueChanges,
  catalogueProblems,
} from '../core/case/categories.ts';
import { departmentsWithOpenSuggestions } from '../core/correspondence/suggestion-routing.ts';
import {
  CALENDAR_SETTINGS,
  CalendarChangedError,
  checkCalendarBase,
  recordCalendarVersion,
  syncCalendarVersions,
} from './calendar-versions.ts';
import { type AppContext, withCategories } from './context.ts';
import { type Acting, recordAudit } from './record-audit.ts';

export const EDITABLE_SETTINGS = [
  'organisation',
  'mailboxes',
  'timezone',
  'holidays',
  'workingWeek',
  'closureDays',
  'defaultLanguage',
  'categories',
  'categoryCatalogue',
  'departments',
  'disputeResolution',
  'alerts',
  'autoReplyLimitPerDay',
  'quietPeriodBusinessDays',
  'monthlyReport',
] as const satisfies ReadonlyArray<keyof Config>;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];

/**
 * A setting that cannot be taken: which key, and what is allowed (`message`, in English, for logs). What the
 * reader is told comes from `issue` or `rule` (src/adapters/http/settings-problems.ts), in their language.
 */
export interface SettingsProblem {
  key: string;
  message: string;
  /** A refusal of the schema: the zod issue's code, the path of the value from the setting's name, its values. */
  issue?: { code: string; path: ReadonlyArray<string | number>; params: Readonly<Record<string, unknown>> };
  /** A refusal of the settings' own rules (not of their form). */
  rule?: SettingsRule;
}

export type SettingsRule =
  | { code: 'department_in_use'; department: string; members: string[] }
  | { code: 'department_has_suggestions'; department: string; openSuggestions: number }
  | { code: 'not_editable'; key: string; allowed: string }
  | { code: 'catalogue'; problem: CatalogueProblem };

export class SettingsError extends Error {
  readonly code = 'invalid_setting';
  readonly problems: ReadonlyArray<SettingsProblem>;
  constructor(problems: ReadonlyArray<SettingsProblem>) {
    super(problems.map((p) => `${p.key}: ${p.message}`).join('; '));
    this.problems = problems;
  }
}

function isEditable(key: string): key is EditableSetting {
  return (EDITABLE_SETTINGS as readonly string[]).includes(key);
}

/** Checks values against the configuration schema; returns the parsed values or throws a SettingsError. */
export function checkSettings(patch: Record<string, unknown>): Partial<Config> {
  const problems: SettingsProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!isEditable(key)) {
      const allowed = EDITABLE_SETTINGS.join(', ');
      problems.push({
        key,
        message: `not a setting that can be changed here (allowed: ${allowed})`,
        rule: { code: 'not_editable', key, allowed },
      });
      continue;
    }
    // With the value refused in each issue, so that a missing value is said as such ("fill this in").
    const r = configSchema.shape[key].safeParse(value, { reportInput: true });
    if (r.success) out[key] = r.data;
    else
      for (const { code, path, message, ...params } of r.error.issues) {
        const at = [key, ...path.map((p) => (typeof p === 'number' ? p : String(p)))];
        problems.push({ key: at.join('.'), message, issue: { code, path: at, params } });
      }
  }
  if (problems.length) throw new SettingsError(problems);
  return out as Partial<Config>;
}

/** The catalogue's own rule (keys never removed, a label in every language…), as settings problems. */
function checkCatalogue(current: readonly Category[], next: readonly Category[]): void {
  const problems = catalogueProblems(current, next).map(
    (p): SettingsProblem => ({
      key: 'key' in p ? `categoryCatalogue.${p.key}` : 'categoryCatalogue',
      message:
        p.code === 'key_removed'
          ? 'a category is never removed once it exists (cases and exports name it); retire it instead'
          : p.code === 'duplicate_key'
            ? 'this key is used twice'
            : p.code === 'none_offered'
              ? 'at least one category must be offered'
              : p.code,
      rule: { code: 'catalogue', problem: p },
    }),
  );
  if (problems.length) throw new SettingsError(problems);
}

/** The base configuration with the stored settings applied; a stored value that no longer passes is skipped. */
export function applySettings(base: Config, rows: ReadonlyArray<{ key: string; value: string }>): Config {
  const next: Record<string, unknown> = { ...base };
  for (const row of rows) {
    if (!isEditable(row.key)) continue;
    try {
      const r = configSchema.shape[row.key].safeParse(JSON.parse(row.value));
      if (r.success) next[row.key] = r.data;
    } catch {
      // A value that is not JSON any more is ignored; the base value stays in force.
    }
  }
  return next as Config;
}

/**
 * Loads the stored settings over `base` and puts the result in force, with the calendar's recorded versions.
 * Returns when the settings last changed. `recordCalendar` (the server's start): a calendar that the file or the
 * environment changed is recorded as a new version; a command run with another environment records nothing.
 */
export async function loadSettings(
  ctx: AppContext,
  base: Config,
  options: { recordCalendar?: boolean } = {},
): Promise<string | null> {
  const rows = await storedSettings(ctx.database.db);
  ctx.refresh(applySettings(base, rows));
  await syncCalendarVersions(ctx, { record: options.recordCalendar ?? false });
  return rows.reduce<string | null>(
    (max, r) => (max === null || r.updated_at > max ? r.updated_at : max),
    null,
  );
}

/**
 * Changes settings: checks them all first (nothing is stored when one is wrong), stores them in one transaction
 * with an audit entry naming the keys changed, and puts them in force.
 *
 * A change of the calendar takes its turn after any other being saved (on every instance), and is made on the
 * settings as stored then, so two changes of different settings are both kept, in order. `calendarBasedOn`: the
 * calendar version the administrator's page showed; when another was recorded since, nothing is saved and a
 * CalendarChangedError says so (this instance then reads the settings again).
 */
export async function updateSettings(
  ctx: AppContext,
  base: Config,
  patch: Record<string, unknown>,
  acting: Acting,
  options: { calendarBasedOn?: number } = {},
): Promise<{ changed: EditableSetting[] }> {
  const checked = checkSettings(patch);
  const before = ctx.config.categoryCatalogue ?? [];
  if (checked.categoryCatalogue) checkCatalogue(before, checked.categoryCatalogue);
  const now = ctx.clock.now();
  const keys = Object.keys(checked) as EditableSetting[];
  const isCalendar = (k: string) => (CALENDAR_SETTINGS as readonly string[]).includes(k);
  const changedFrom = (current: Config) =>
    keys.filter((k) => JSON.stringify(checked[k]) !== JSON.stringify(current[k]));
  const touchesCalendar = keys.some(isCalendar);
  if (!touchesCalendar && !changedFrom(ctx.config).length) return { changed: [] };
  let changed: EditableSetting[];
  try {
    changed = await ctx.database.transaction(async (trx) => {
      let current = ctx.config;
      if (touchesCalendar) {
        await lockCalendarVersions(trx, ctx.database.engine);
        await checkCalendarBase(trx, options.calendarBasedOn);
        // What another instance (or another request) stored before this turn, not what this one last read.
        current = withCategories(applySettings(base, await storedSettings(trx)));
      }
      const changed = changedFrom(current);
      if (!changed.length) return changed;
      if (changed.includes('departments') && checked.departments) {
        const inUse = departmentsStillInUse(
          current.departments.map((d) => d.name),
          checked.departments.map((d) => d.name),
          await new AccountsRepo(trx).departmentMembers(),
        );
        const withSuggestions = departmentsWithOpenSuggestions(
          current.departments.map((d) => d.name),
          checked.departments.map((d) => d.name),
          await openSuggestionsByDepartment(trx),
        );
        if (inUse.length || withSuggestions.length)
          throw new SettingsError([
            ...inUse.map((d) => ({
              key: 'departments',
              message: `${d.department} still has members (${d.members.join(', ')}): give them another department first, then remove it`,
              rule: { code: 'department_in_use' as const, department: d.department, members: d.members },
            })),
            ...withSuggestions.map((d) => ({
              key: 'departments',
              message: `${d.department} still has ${d.openSuggestions} open suggestion(s): forward them to another department first, then remove it`,
              rule: {
                code: 'department_has_suggestions' as const,
                department: d.department,
                openSuggestions: d.openSuggestions,
              },
            })),
          ]);
      }
      for (const key of changed)
        await storeSetting(trx, key, JSON.stringify(checked[key]), now, acting.actor);
      // A change of the calendar is a new version of it, in force from now, recorded with the settings it comes from.
      if (changed.some(isCalendar))
        await recordCalendarVersion(
          trx,
          { ...current, ...checked },
          now,
          acting.label ?? acting.actor,
          current,
        );
      await recordAudit(
        ctx,
        new AccountsRepo(trx),
        acting,
        'config_changed',
        { type: 'config', id: null, label: changed.join(', ') },
        {
          keys: changed,
          // What an edit of the categories did, by key (added, retired, relabelled…), so the log says more than "changed".
          ...(checked.categoryCatalogue && changed.includes('categoryCatalogue')
            ? { categories: catalogueChanges(before, checked.categoryCatalogue) }
            : {}),
        },
      );
      return changed;
    });
  } catch (e) {
    // The page was made on settings this instance had not read yet: read them, so that the page shown again is right.
    if (e instanceof CalendarChangedError) await loadSettings(ctx, base);
    throw e;
  }
  if (changed.length) await loadSettings(ctx, base);
  return { changed };
}

/**
 * Keeps an instance in step with settings changed on another instance, and with calendar versions another instance
 * recorded (a start with a calendar changed in its file or environment changes no setting): checks every
 * `intervalMs`. An instance that kept an older list of versions does not know the version the report's counts were
 * last made on, so each of its reports would count every day again.
 */
export function watchSettings(ctx: AppContext, base: Config, intervalMs = 5_000): { stop(): void } {
  let last: string | null = null;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const [changedAt, version] = await Promise.all([
        settingsChangedAt(ctx.database.db),
        lastCalendarVersion(ctx.database.db),
      ]);
      const seen = JSON.stringify([changedAt, version]);
      const inForce = ctx.calendars.recorded ? ctx.calendars.latest.version : 0;
      if (seen !== last || version !== inForce) {
        await loadSettings(ctx, base);
        last = seen;
      }
    } catch {
      // The next tick tries again; a database hiccup must not stop the instance.
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
