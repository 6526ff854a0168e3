// Every problem the settings' check can raise has its sentence in English, French and German, naming the field and
// what to write: the list of fields (SETTINGS_FIELDS) is the schema's, walked here, so a setting or a rule added to
// the schema without its texts fails; and bad values of every editable setting are said in each language, never
// as zod's English or the schema's English hints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSettings, EDITABLE_SETTINGS, SettingsError, type SettingsProblem } from '../../app/settings.ts';
import { CATEGORY_LIMITS } from '../../core/case/categories.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import { problemOf } from './errors.ts';
import { translatorFor } from './i18n/index.ts';
import {
  SETTINGS_FIELDS,
  type SettingsField,
  schemaFields,
  settingsProblemText,
} from './settings-problems.ts';

/** The problems of a patch, as the check raises them. */
function problemsOf(patch: Record<string, unknown>): readonly SettingsProblem[] {
  try {
    checkSettings(patch);
  } catch (e) {
    if (e instanceof SettingsError) return e.problems;
    throw e;
  }
  assert.fail(`accepted: ${JSON.stringify(patch).slice(0, 200)}`);
}

const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));

/** Bad values of every editable setting, raising every kind of issue the schema has. */
const BAD: ReadonlyArray<Record<string, unknown>> = [
  { organisation: 'ACME' },
  { organisation: { name: '', complaintsPostalAddress: [], managementPostalAddress: [3] } },
  { mailboxes: [] },
  { mailboxes: [{ name: 'Bad Name', address: 'nope', role: 'boss', language: 'it' }] },
  { mailboxes: [{}] },
  { timezone: 'Mars/Olympus' },
  { holidays: 'ZZ' },
  { workingWeek: [] },
  { workingWeek: ['sun', 'someday'] },
  { closureDays: ['2026-13-45'] },
  { closureDays: 'tomorrow' },
  { defaultLanguage: 'it' },
  { categories: ['Bad Key'] },
  {
    categoryCatalogue: many(CATEGORY_LIMITS.categories + 1, (i) => ({
      key: `c${i}`,
      labels: { fr: 'a', en: 'a', de: 'a' },
    })),
  },
  {
    categoryCatalogue: [
      {
        key: 'Bad Key',
        labels: { fr: '', en: 'x'.repeat(500), de: 3 },
        keywords: { fr: ['a'], en: many(100, (i) => `word${i}`), de: ['x'.repeat(500)] },
        retired: 'no',
      },
    ],
  },
  { departments: [{ name: '_none', email: 'billing', keywords: ['a'] }] },
  { departments: [{ name: '', email: 'billing@example.org' }] },
  { disputeResolution: { fr: '', en: 'Text', de: 'Text' } },
  { alerts: { dueSoonWorkingDays: 99, digestHour: -1, quietFromHour: 'late', sweepSeconds: 1.5 } },
  { alerts: { leads: ['lead'] } },
  { autoReplyLimitPerDay: 0 },
  // Not numbers: once read as 0, 1 or 16 without a word.
  { autoReplyLimitPerDay: '' },
  { autoReplyLimitPerDay: null },
  { quietPeriodBusinessDays: true },
  { alerts: { digestHour: '' } },
  { alerts: { dueSoonWorkingDays: false } },
  { alerts: { sweepSeconds: '0x10' } },
  { alerts: { acknowledgementAtRiskHours: '12abc' } },
  { quietPeriodBusinessDays: 1000 },
  { monthlyReport: { enabled: 'maybe', recipients: many(21, (i) => `p${i}@example.org`) } },
  { monthlyReport: { enabled: true, recipients: ['direction@example.org', 'not an address'] } },
  { retention: { years: 1 } },
];

describe('the settings’ problems in the reader’s language', () => {
  it('list every value of every editable setting, with the issues only that field can fix', () => {
    const walked = schemaFields(EDITABLE_SETTINGS);
    const listed = new Set(Object.keys(SETTINGS_FIELDS));
    for (const { field, own } of walked) {
      assert.ok(listed.has(field), `${field} is not in SETTINGS_FIELDS`);
      for (const issue of own)
        assert.ok(
          (SETTINGS_FIELDS[field as SettingsField] as readonly string[]).includes(issue),
          `${field} may refuse with ${issue}: give it its own sentence`,
        );
    }
    const inSchema = new Set(walked.map((w) => w.field));
    for (const field of listed) assert.ok(inSchema.has(field), `${field} is no longer in the schema`);
  });

  it('name each field and say each field’s own fix in English, French and German', () => {
    for (const lang of LANGUAGES) {
      const t = translatorFor(lang);
      for (const [field, own] of Object.entries(SETTINGS_FIELDS)) {
        const places = { position: 4, entry: 7 };
        const name = t(`settingsIssues.names.${field}`, places);
        assert.ok(name && !name.startsWith('settingsIssues.'), `${lang} ${field}: no name`);
        const stars = field.split('*').length - 1;
        if (stars >= 1) assert.match(name, /4/, `${lang} ${field}: ${name} does not say the row`);
        if (stars >= 2) assert.match(name, /7/, `${lang} ${field}: ${name} does not say the entry`);
        for (const issue of own) {
          const fix = t(`settingsIssues.fixes.${field}.${issue}`, { reserved: '_none' });
          assert.ok(fix && !fix.startsWith('settingsIssues.'), `${lang} ${field} ${issue}: no sentence`);
          assert.doesNotMatch(fix, /\{\{/, `${lang} ${field} ${issue}`);
        }
      }
    }
  });

  it('say every problem of bad values with its field and its fix, in each language, never in zod’s words', () => {
    let count = 0;
    const codes = new Set<string>();
    for (const patch of BAD)
      for (const problem of problemsOf(patch)) {
        count += 1;
        codes.add(problem.issue?.code ?? problem.rule?.code ?? '?');
        const said = Object.fromEntries(
          LANGUAGES.map((lang) => {
            const t = translatorFor(lang);
            const text = settingsProblemText(t, problem);
            const where = `${lang} ${problem.key} (${problem.issue?.code ?? problem.rule?.code}): ${text}`;
            assert.doesNotMatch(text, /\{\{|settingsIssues\.|validation\.|\bundefined\b|NaN/, where);
            // English may say what the schema's hint says, in a sentence of its own.
            if (lang !== 'en') assert.ok(!text.includes(problem.message), `${where}: the schema's English`);
            else assert.notEqual(text, problem.message, `${where}: the schema's English`);
            assert.doesNotMatch(text, /Invalid|expected|Too (big|small)/, where);
            assert.notEqual(text, t('validation.invalid'), `${where}: says nothing of the fix`);
            if (problem.issue) {
              const fix = settingsProblemText(t, problem, { withField: false });
              assert.notEqual(fix, t('validation.invalid'), `${where}: says nothing of the fix`);
              assert.ok(text.length > fix.length, `${where}: does not name the field`);
            }
            return [lang, text];
          }),
        );
        assert.notEqual(said.fr, said.en, `${problem.key}: French is English`);
        assert.notEqual(said.de, said.en, `${problem.key}: German is English`);
      }
    assert.ok(count > 40, `${count}`);
    for (const code of [
      'invalid_type',
      'too_small',
      'too_big',
      'invalid_format',
      'invalid_value',
      'custom',
      'not_editable',
    ])
      assert.ok(codes.has(code), `no sample raises ${code}`);
  });

  it('are what the error map answers when a door lets the refusal through (the API)', () => {
    const error = new SettingsError(problemsOf({ monthlyReport: { enabled: true, recipients: ['x'] } }));
    const p = problemOf(error, translatorFor('de'), null);
    assert.equal(p.status, 422);
    assert.equal(p.code, 'validation_failed');
    assert.deepEqual(p.fields, [
      {
        field: 'monthlyReport.recipients.0',
        message: 'Zeile 1 der Empfänger: Schreiben Sie eine E-Mail-Adresse wie name@beispiel.de.',
      },
    ]);
  });
});

describe('number settings', () => {
  it('take a number or its digits, and refuse the rest with the numbers allowed (never read as 0 or 1)', () => {
    assert.deepEqual(checkSettings({ autoReplyLimitPerDay: 9 }), { autoReplyLimitPerDay: 9 });
    assert.deepEqual(checkSettings({ autoReplyLimitPerDay: ' 9 ' }), { autoReplyLimitPerDay: 9 });
    const t = translatorFor('en');
    for (const bad of [true, false, '12abc', '0x10', '1e3', []]) {
      const [problem] = problemsOf({ autoReplyLimitPerDay: bad });
      assert.equal(
        settingsProblemText(t, problem!, { withField: false }),
        t('validation.number', { min: 1, max: 10000 }),
      );
    }
    for (const blank of ['', '  ', null]) {
      const [problem] = problemsOf({ autoReplyLimitPerDay: blank });
      assert.equal(settingsProblemText(t, problem!, { withField: false }), t('validation.required'));
    }
  });
});
