// Translations: one i18next instance, created once, never switched; each request gets a fixed `t` for its
// language (getFixedT), so concurrent requests in different languages never mix.
import i18next from 'i18next';
import { LANGUAGES, type Language } from '../../../core/case/model.ts';
import { accessRefusalsDe } from './access-refusals.de.ts';
import { accessRefusalsEn } from './access-refusals.en.ts';
import { accessRefusalsFr } from './access-refusals.fr.ts';
import { accountsDe } from './accounts.de.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsFr } from './accounts.fr.ts';
import { adminDe } from './admin.de.ts';
import { adminEn } from './admin.en.ts';
import { adminFr } from './admin.fr.ts';
import { archiveDe } from './archive.de.ts';
import { archiveEn } from './archive.en.ts';
import { archiveFr } from './archive.fr.ts';
import { categoriesDe } from './categories.de.ts';
import { categoriesEn } from './categories.en.ts';
import { categoriesFr } from './categories.fr.ts';
import { complainantLinkDe } from './complainant-link.de.ts';
import { complainantLinkEn } from './complainant-link.en.ts';
import { complainantLinkFr } from './complainant-link.fr.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fieldProblemsDe } from './field-problems.de.ts';
import { fieldProblemsEn } from './field-problems.en.ts';
import { fieldProblemsFr } from './field-problems.fr.ts';
import { fr } from './fr.ts';
import { imapNoticesDe } from './imap-notices.de.ts';
import { imapNoticesEn } from './imap-notices.en.ts';
import { imapNoticesFr } from './imap-notices.fr.ts';
import { publicDe } from './public.de.ts';
import { publicEn } from './public.en.ts';
import { publicFr } from './public.fr.ts';
import { refusalsDe } from './refusals.de.ts';
import { refusalsEn } from './refusals.en.ts';
import { refusalsFr } from './refusals.fr.ts';
import { repliesDe } from './replies.de.ts';
import { repliesEn } from './replies.en.ts';
import { repliesFr } from './replies.fr.ts';
import { reportsDe } from './reports.de.ts';
import { reportsEn } from './reports.en.ts';
import { reportsFr } from './reports.fr.ts';
import { settingsIssuesDe } from './settings-issues.de.ts';
import { settingsIssuesEn } from './settings-issues.en.ts';
import { settingsIssuesFr } from './settings-issues.fr.ts';
import { staffDe } from './staff.de.ts';
import { staffEn } from './staff.en.ts';
import { staffFr } from './staff.fr.ts';
import { staffNotesDe } from './staff-notes.de.ts';
import { staffNotesEn } from './staff-notes.en.ts';
import { staffNotesFr } from './staff-notes.fr.ts';
import { staffStatusDe } from './staff-status.de.ts';
import { staffStatusEn } from './staff-status.en.ts';
import { staffStatusFr } from './staff-status.fr.ts';
import { subjectDe } from './subject.de.ts';
import { subjectEn } from './subject.en.ts';
import { subjectFr } from './subject.fr.ts';
import { workDe } from './work.de.ts';
import { workEn } from './work.en.ts';
import { workFr } from './work.fr.ts';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

const instance = i18next.createInstance();
await instance.init({
  resources: { en: { translation: en }, fr: { translation: fr }, de: { translation: de } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  returnNull: false,
  // Page templates escape every value; escaping here too would show `&amp;`.
  interpolation: { escapeValue: false },
});
// Texts of later features, each in their own files, merged deep (their keys add to nav, flash, errors…).
const MORE = {
  en: [
    adminEn,
    publicEn,
    staffEn,
    reportsEn,
    complainantLinkEn,
    accountsEn,
    workEn,
    repliesEn,
    subjectEn,
    categoriesEn,
    archiveEn,
    refusalsEn,
    accessRefusalsEn,
    settingsIssuesEn,
    fieldProblemsEn,
    staffNotesEn,
    staffStatusEn,
    imapNoticesEn,
  ],
  fr: [
    adminFr,
    publicFr,
    staffFr,
    reportsFr,
    complainantLinkFr,
    accountsFr,
    workFr,
    repliesFr,
    subjectFr,
    categoriesFr,
    archiveFr,
    refusalsFr,
    accessRefusalsFr,
    settingsIssuesFr,
    fieldProblemsFr,
    staffNotesFr,
    staffStatusFr,
    imapNoticesFr,
  ],
  de: [
    adminDe,
    publicDe,
    staffDe,
    reportsDe,
    complainantLinkDe,
    accountsDe,
    workDe,
    repliesDe,
    subjectDe,
    categoriesDe,
    archiveDe,
    refusalsDe,
    accessRefusalsDe,
    settingsIssuesDe,
    fieldProblemsDe,
    staffNotesDe,
    staffStatusDe,
    imapNoticesDe,
  ],
} as const;
for (const lang of LANGUAGES)
  for (const bundle of MORE[lang]) instance.addResourceBundle(lang, 'translation', bundle, true, false);

// A page asks for a few hundred texts and i18next resolves each one afresh (fallbacks, nesting, plurals): a
// text without parameters is the same every time (the bundles are complete once this module has loaded), so it
// is kept once found. Bounded, since some keys are built from stored values.
const KEPT_TEXTS = 10_000;
const fixed = new Map<Language, Translate>(
  LANGUAGES.map((lang) => {
    const t = instance.getFixedT(lang);
    const kept = new Map<string, string>();
    return [
      lang,
      (key: string, params?: Record<string, unknown>) => {
        if (params) return t(key, params) as string;
        let text = kept.get(key);
        if (text === undefined) {
          text = t(key, {}) as string;
          if (kept.size < KEPT_TEXTS) kept.set(key, text);
        }
        return text;
      },
    ];
  }),
);

export function translatorFor(lang: Language): Translate {
  return fixed.get(lang)!;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The best supported language from an Accept-Language header (`de-CH,de;q=0.9,en;q=0.5`), or null. */
export function languageFromHeader(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLanguage) ?? null;
}

export { de, en, fr };
