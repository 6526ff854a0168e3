// What the settings' check refuses, said in the reader's language: one mapping from a problem of `checkSettings`
// (a zod issue of the configuration schema, by its code and the path of the value, or a rule of the settings) to a
// sentence that names the field and what to write there. Every settings page and the error map (errors.ts, for any
// door that lets a SettingsError through) say a problem with it, so no page shows zod's English or the schema's own
// English hints, which are written for the file and the environment.
import type { SettingsProblem } from '../../app/settings.ts';
import { configSchema } from '../../config.ts';
import type { CatalogueProblem } from '../../core/case/categories.ts';
import { CATEGORY_LIMITS } from '../../core/case/categories.ts';
import { NOT_SET } from '../../core/report/report-filter.ts';
import { fieldSentence } from './field-sentence.ts';
import type { Translate } from './i18n/index.ts';

/**
 * Every value an administrator may set, by its place in the settings (`/` between names, `*` for any place in a
 * list), with the issues only that field's own sentence can fix: a format it must follow (invalid_format of a
 * pattern) or a rule of its own (custom). Every other issue is said from its code (required, too short, too many,
 * one of…). Each name and each own sentence is in every language (i18n/settings-issues.*.ts, typed by this list),
 * and a test walks the schema so that a setting added without its entry here fails.
 */
export const SETTINGS_FIELDS = {
  organisation: [],
  'organisation/name': [],
  'organisation/complaintsPostalAddress': [],
  'organisation/complaintsPostalAddress/*': [],
  'organisation/managementPostalAddress': [],
  'organisation/managementPostalAddress/*': [],
  mailboxes: [],
  'mailboxes/*': [],
  'mailboxes/*/name': ['invalid_format'],
  'mailboxes/*/address': [],
  'mailboxes/*/role': [],
  'mailboxes/*/language': [],
  timezone: ['custom'],
  holidays: ['custom'],
  workingWeek: [],
  'workingWeek/*': [],
  closureDays: [],
  'closureDays/*': ['custom'],
  defaultLanguage: [],
  categories: [],
  'categories/*': ['invalid_format'],
  categoryCatalogue: [],
  'categoryCatalogue/*': [],
  'categoryCatalogue/*/key': ['invalid_format'],
  'categoryCatalogue/*/labels': [],
  'categoryCatalogue/*/labels/fr': [],
  'categoryCatalogue/*/labels/en': [],
  'categoryCatalogue/*/labels/de': [],
  'categoryCatalogue/*/keywords': [],
  'categoryCatalogue/*/keywords/fr': [],
  'categoryCatalogue/*/keywords/fr/*': [],
  'categoryCatalogue/*/keywords/en': [],
  'categoryCatalogue/*/keywords/en/*': [],
  'categoryCatalogue/*/keywords/de': [],
  'categoryCatalogue/*/keywords/de/*': [],
  'categoryCatalogue/*/retired': [],
  departments: [],
  'departments/*': [],
  'departments/*/name': ['custom'],
  'departments/*/email': [],
  'departments/*/keywords': [],
  'departments/*/keywords/*': [],
  disputeResolution: [],
  'disputeResolution/fr': [],
  'disputeResolution/en': [],
  'disputeResolution/de': [],
  alerts: [],
  'alerts/dueSoonWorkingDays': [],
  'alerts/digestHour': [],
  'alerts/quietFromHour': [],
  'alerts/sweepSeconds': [],
  'alerts/acknowledgementAtRiskHours': [],
  'alerts/leads': [],
  'alerts/leads/*': [],
  autoReplyLimitPerDay: [],
  quietPeriodBusinessDays: [],
  monthlyReport: [],
  'monthlyReport/enabled': [],
  'monthlyReport/recipients': [],
  'monthlyReport/recipients/*': [],
} as const satisfies Readonly<Record<string, readonly OwnIssue[]>>;

/** The issues whose fix only the field can say. */
export type OwnIssue = 'invalid_format' | 'custom';
export type SettingsField = keyof typeof SETTINGS_FIELDS;
/** The own sentences of each field, by issue: what the sentence files must say. */
export type SettingsFixes = {
  [F in SettingsField as (typeof SETTINGS_FIELDS)[F][number] extends never ? never : F]: Record<
    (typeof SETTINGS_FIELDS)[F][number],
    string
  >;
};

// -- the schema, read as data --------------------------------------------------------------------------------------

interface ZodNode {
  _zod: { def: ZodDef };
}
interface ZodDef {
  type: string;
  shape?: Record<string, ZodNode>;
  element?: ZodNode;
  innerType?: ZodNode;
  in?: ZodNode;
  out?: ZodNode;
  valueType?: ZodNode;
  checks?: ReadonlyArray<{ _zod: { def: Record<string, unknown> } }>;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/**
 * A schema without what only wraps it (a default, optional…); a pipe as the schema of what it is given, except a
 * pipe to a number: what it is given is a number or its digits (config.ts numberFrom), and the bounds to say are
 * the number's.
 */
function unwrap(node: ZodNode): ZodNode {
  let n = node;
  for (;;) {
    const def = n._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) n = def.innerType;
    else if (def.type === 'pipe' && def.out && isNumber(def.out)) n = def.out;
    else if (def.type === 'pipe' && def.in) n = def.in;
    else return n;
  }
}

function isNumber(node: ZodNode): boolean {
  const def = node._zod.def;
  if (WRAPPERS.has(def.type) && def.innerType) return isNumber(def.innerType);
  return def.type === 'number';
}

/** Whether a schema (or what it is piped to) may refuse with a rule of its own (a refinement, a transform). */
function hasOwnRule(node: ZodNode): boolean {
  const def = node._zod.def;
  if (def.type === 'transform') return true;
  if ((def.checks ?? []).some((c) => c._zod.def.check === 'custom')) return true;
  if (WRAPPERS.has(def.type) && def.innerType) return hasOwnRule(def.innerType);
  if (def.type === 'pipe') return (!!def.in && hasOwnRule(def.in)) || (!!def.out && hasOwnRule(def.out));
  return false;
}

function hasPattern(node: ZodNode): boolean {
  return (unwrap(node)._zod.def.checks ?? []).some(
    (c) => c._zod.def.check === 'string_format' && c._zod.def.format === 'regex',
  );
}

/**
 * Every value of the editable settings, as the schema has them: its place (as in SETTINGS_FIELDS) and the issues of
 * its own it may raise. For the test that keeps SETTINGS_FIELDS complete.
 */
export function schemaFields(keys: readonly string[]): Array<{ field: string; own: OwnIssue[] }> {
  const out: Array<{ field: string; own: OwnIssue[] }> = [];
  const walk = (node: ZodNode, field: string) => {
    const own: OwnIssue[] = [];
    if (hasPattern(node)) own.push('invalid_format');
    if (hasOwnRule(node)) own.push('custom');
    out.push({ field, own });
    const def = unwrap(node)._zod.def;
    if (def.type === 'object' && def.shape)
      for (const [name, child] of Object.entries(def.shape)) walk(child, `${field}/${name}`);
    else if (def.type === 'array' && def.element) walk(def.element, `${field}/*`);
    else if (def.type === 'record' && def.valueType) walk(def.valueType, `${field}/*`);
  };
  const shape = configSchema.shape as unknown as Record<string, ZodNode>;
  for (const key of keys) walk(shape[key]!, key);
  return out;
}

/** The schema of the value at a path of the settings (`['mailboxes', 0, 'name']`), or null. */
function schemaAt(path: readonly PropertyKey[]): ZodNode | null {
  const shape = configSchema.shape as unknown as Record<string, ZodNode>;
  let node: ZodNode | undefined = shape[String(path[0])];
  for (const step of path.slice(1)) {
    if (!node) return null;
    const def = unwrap(node)._zod.def;
    node =
      def.type === 'object'
        ? def.shape?.[String(step)]
        : def.type === 'array'
          ? def.element
          : def.type === 'record'
            ? def.valueType
            : undefined;
  }
  return node ? unwrap(node) : null;
}

/** The bounds a schema sets: lengths of a text or a list, or the range of a number. */
function boundsOf(node: ZodNode | null): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const c of node?._zod.def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length' || d.check === 'min_size') out.min = Number(d.minimum);
    else if (d.check === 'max_length' || d.check === 'max_size') out.max = Number(d.maximum);
    else if (d.check === 'greater_than') out.min = Number(d.value) + (d.inclusive ? 0 : 1);
    else if (d.check === 'less_than') out.max = Number(d.value) - (d.inclusive ? 0 : 1);
  }
  return out;
}

// -- the sentences -------------------------------------------------------------------------------------------------

// The place of a value as SETTINGS_FIELDS writes it: the path ['mailboxes', 0, 'name'] is 'mailboxes/*/name'.
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? '*' : String(p))).join('/');
}

function isField(field: string): field is SettingsField {
  return Object.hasOwn(SETTINGS_FIELDS, field);
}

function ownIssues(field: SettingsField): readonly OwnIssue[] {
  return SETTINGS_FIELDS[field];
}

/** The places in lists a path goes through, counted from 1: the row (`position`), and the entry in that row's list. */
function placesOf(path: readonly PropertyKey[]): { position?: number; entry?: number } {
  const places = path
    .filter((p) => typeof p === 'number' || /^\d+$/.test(String(p)))
    .map((p) => Number(p) + 1);
  return { position: places[0], entry: places[1] };
}

/** The field's name in the reader's words, with the row it is on. */
export function fieldName(t: Translate, path: readonly PropertyKey[]): string {
  const field = fieldOf(path);
  if (!isField(field)) return path.map(String).join('.');
  return t(`settingsIssues.names.${field}`, placesOf(path));
}

/** What to write in the field: the sentence of the issue, without the field's name (a page shows it beside the field). */
export function issueFix(
  t: Translate,
  path: readonly PropertyKey[],
  issue: { code: string; params: Readonly<Record<string, unknown>> },
): string {
  const field = fieldOf(path);
  const p = issue.params;
  const node = schemaAt(path);
  const bounds = boundsOf(node);
  if (isField(field) && (ownIssues(field) as readonly string[]).includes(issue.code))
    return t(`settingsIssues.fixes.${field}.${issue.code}`, {
      ...bounds,
      ...placesOf(path),
      reserved: NOT_SET,
    });
  const origin = p.origin ?? node?._zod.def.type;
  // A number refused before it is one (left blank, or neither a number nor its digits): fill it in, or the numbers
  // allowed.
  if (node && isNumber(node) && ['invalid_type', 'invalid_union', 'invalid_format'].includes(issue.code))
    return p.input === undefined || p.input === null || (typeof p.input === 'string' && p.input.trim() === '')
      ? t('validation.required')
      : t('validation.number', { min: bounds.min ?? '…', max: bounds.max ?? '…' });
  switch (issue.code) {
    case 'invalid_type':
      if (p.input === undefined || p.input === null || p.input === '') return t('validation.required');
      if (p.expected === 'int' || p.expected === 'number' || origin === 'number')
        return t('validation.number', { min: bounds.min ?? '…', max: bounds.max ?? '…' });
      return t(`settingsIssues.expected.${typeof p.expected === 'string' ? p.expected : 'other'}`, {
        defaultValue: t('validation.invalid'),
      });
    case 'too_small':
      if (origin === 'string')
        return Number(p.minimum) <= 1
          ? t('validation.required')
          : t('validation.tooShort', { min: p.minimum });
      if (origin === 'array' || origin === 'set')
        return t('settingsIssues.atLeast', { count: Number(p.minimum) });
      return t('validation.number', { min: bounds.min ?? p.minimum, max: bounds.max ?? '…' });
    case 'too_big':
      if (origin === 'string') return t('validation.tooLong', { max: p.maximum });
      if (origin === 'array' || origin === 'set')
        return t('settingsIssues.atMost', { count: Number(p.maximum) });
      return t('validation.number', { min: bounds.min ?? '…', max: bounds.max ?? p.maximum });
    case 'invalid_format':
      return p.format === 'email' ? t('validation.email') : t('validation.invalid');
    case 'invalid_value':
      return Array.isArray(p.values)
        ? t('settingsIssues.oneOf', { values: p.values.join(', ') })
        : t('validation.oneOf');
    default:
      return t('validation.invalid');
  }
}

/** A problem of the category catalogue's own rule, in the reader's words (the categories page and the check). */
export function catalogueProblemText(t: Translate, p: CatalogueProblem): string {
  switch (p.code) {
    case 'bad_key':
      return t('categoryAdmin.errors.badKey');
    case 'duplicate_key':
      return t('categoryAdmin.errors.duplicateKey');
    case 'label_missing':
      return t('categoryAdmin.errors.labelMissing');
    case 'label_too_long':
      return t('categoryAdmin.errors.labelTooLong', { max: CATEGORY_LIMITS.labelLength });
    case 'too_many_keywords':
      return t('categoryAdmin.errors.tooManyKeywords', { max: CATEGORY_LIMITS.keywordsPerLanguage });
    case 'bad_keyword':
      return t('categoryAdmin.errors.badKeyword', { max: CATEGORY_LIMITS.keywordLength });
    case 'key_removed':
      return t('categoryAdmin.errors.keyRemoved', { key: p.key });
    case 'none_offered':
      return t('categoryAdmin.errors.noneOffered');
    case 'too_many':
      return t('categoryAdmin.errors.tooMany', { max: CATEGORY_LIMITS.categories });
  }
}

/**
 * A problem of the settings in the reader's words. `withField`: the sentence starts with the field's name (for the
 * API, and above a form); without it, only what to write (beside the field, which the page labels).
 */
export function settingsProblemText(
  t: Translate,
  problem: SettingsProblem,
  o: { withField: boolean } = { withField: true },
): string {
  const rule = problem.rule;
  if (rule?.code === 'department_in_use')
    return t('admin.errors.departmentInUse', {
      department: rule.department,
      members: rule.members.join(', '),
      count: rule.members.length,
    });
  if (rule?.code === 'department_has_suggestions')
    return t('admin.errors.departmentHasSuggestions', {
      department: rule.department,
      count: rule.openSuggestions,
    });
  if (rule?.code === 'not_editable')
    return t('settingsIssues.notEditable', { key: rule.key, allowed: rule.allowed });
  if (rule?.code === 'catalogue') return catalogueProblemText(t, rule.problem);
  const path = problem.issue?.path ?? problem.key.split('.');
  const fix = problem.issue ? issueFix(t, path, problem.issue) : t('validation.invalid');
  return o.withField ? fieldSentence(t, fieldName(t, path), fix) : fix;
}
