// Composing an outbound text: the variables of a case and the organisation, in the recipient's language,
// filled into the template of the kind (an administrator's version, else the built-in text). Pure.
import { Temporal } from 'temporal-polyfill';
import type { Language, MissingField, Step } from '../case/model.ts';
import { cleanSubject, nameToAddress } from '../intake/display-text.ts';
import { markerLanguage } from '../intake/marker.ts';
import { writtenDate } from '../text/written-date.ts';
import {
  englishOfSyntax,
  fillTemplate,
  type TemplateSyntaxProblem,
  type TemplateVariables,
  templateTextProblems,
} from './template-engine.ts';
import {
  type LocaleTexts,
  needsReference,
  TEMPLATE_VARIABLES,
  type TemplateKind,
  type TemplateText,
} from './template-kinds.ts';
import { de } from './texts/de.ts';
import { en } from './texts/en.ts';
import { fr } from './texts/fr.ts';

const TEXTS: Record<Language, LocaleTexts> = { fr, en, de };
// How each language writes dates to a complainant: English as written in Europe ("7 December 2026", 24-hour
// times), not Intl's American default for plain "en". Every text and page a complainant reads writes through this.
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE' };

/** The locale whose dates a complainant reads in this language (texts, the form's thank-you page, their page). */
export function complainantLocale(language: Language): string {
  return LOCALES[language];
}

export function textsFor(language: Language): LocaleTexts {
  return TEXTS[language];
}

export function builtInTemplate(kind: TemplateKind, language: Language): TemplateText {
  return TEXTS[language].templates[kind];
}

/** What the organisation says about itself in letters and mail. */
export interface OrganisationDetails {
  name: string;
  timeZone: string;
  complaintsPostalAddress: readonly string[];
  managementPostalAddress: readonly string[];
  /** Where step 2 may be sent by e-mail, when the organisation accepts that (P1.2); null: by post only. */
  managementEmail: string | null;
  markers: { step1: readonly string[]; step2: readonly string[] };
  /** The statement on external dispute resolution after step 2 (P4.4), per language. */
  disputeResolution: Readonly<Record<Language, string>>;
  /** The base address of the web application, for links in staff mail. */
  publicUrl: string;
  /**
   * P4.5: the days a case waits on the complainant are added to its answer date (configuration). The texts that
   * ask them for something then say so, instead of that the date stands. Absent: no.
   */
  clockPausesWhileWaiting?: boolean;
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per language and time zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: Language, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      LOCALES[language],
      withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone } : { dateStyle: 'long', timeZone },
    );
    formats.set(key, format);
  }
  return format;
}

/** 1980-01-01T00:00:00Z. */
const QUARTER_HOURS_SINCE = 315_532_800_000;

/** Local dates already written out, per language (every acknowledgement of a day names the same due date). */
const writtenDates = new Map<string, string>();

/** A local date (YYYY-MM-DD), or the local day of an instant, written out for the language: "4 December 2026". */
export function formatDate(value: string, language: Language, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const key = `${value}|${language}`;
    let written = writtenDates.get(key);
    if (written === undefined) {
      const date = Temporal.PlainDate.from(value);
      written = writtenDate(
        dateFormat(language, 'UTC', false),
        Date.UTC(date.year, date.month - 1, date.day, 12),
      );
      if (writtenDates.size >= 4096) writtenDates.clear();
      writtenDates.set(key, written);
    }
    return written;
  }
  // An instant: the formatter finds its local day in the time zone itself. Since 1980 every zone's offset is a
  // whole number of quarter hours, so the local day cannot change within a quarter hour: each quarter hour is
  // written out once (earlier instants, from the days of local mean time, are written out each time).
  const ms = Date.parse(value);
  if (!Number.isNaN(ms) && ms < QUARTER_HOURS_SINCE && /^\d{4}-\d{2}-\d{2}T/.test(value))
    return writtenDate(dateFormat(language, timeZone, false), ms);
  if (!Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const key = `${Math.floor(ms / 900_000)}|${language}|${timeZone}`;
    let written = writtenDates.get(key);
    if (written === undefined) {
      written = writtenDate(dateFormat(language, timeZone, false), ms);
      if (writtenDates.size >= 4096) writtenDates.clear();
      writtenDates.set(key, written);
    }
    return written;
  }
  const date = Temporal.Instant.from(value).toZonedDateTimeISO(timeZone).toPlainDate();
  return writtenDate(dateFormat(language, 'UTC', false), Date.UTC(date.year, date.month - 1, date.day, 12));
}

/** A local date and time of an instant: "4 December 2026, 14:30". */
export function formatDateTime(instant: string, language: Language, timeZone: string): string {
  return writtenDate(dateFormat(language, timeZone, true), new Date(instant));
}

/** The configured subject marker of a step in the language (recognised by its word for "step"), else the first. */
export function markerFor(step: Step, language: Language, markers: OrganisationDetails['markers']): string {
  const phrases = step === 1 ? markers.step1 : markers.step2;
  return phrases.find((p) => markerLanguage(p) === language) ?? phrases[0] ?? '';
}

/**
 * The missing items of P2.7 as a list, one "- item" per line. A missing marker is asked for as the case's own step
 * writes it: a step-2 complainant told to write the step-1 marker would have their next message filed at step 1.
 */
export function missingList(
  language: Language,
  missing: readonly MissingField[],
  markers: OrganisationDetails['markers'],
  step: Step | null = 1,
): string {
  const labels = TEXTS[language].labels.missing;
  const marker = markerFor(step ?? 1, language, markers);
  // A function replacer: a string replacement would expand `$&`, `$1`, `$'` written in the value.
  return missing.map((m) => `- ${labels[m].replace('{{marker}}', () => marker)}`).join('\n');
}

/**
 * "Dear Jean Dupont," or the anonymous greeting. The name is cleaned first (one line, no hidden characters, not
 * longer than a name, and none carrying an address or a link: display-text.ts), and put in with a function
 * replacer, so that `$&` or `$'` in it stays as written.
 */
export function greeting(language: Language, name: string | null): string {
  const labels = TEXTS[language].labels;
  const clean = nameToAddress(name);
  return clean ? labels.greetingNamed.replace('{{name}}', () => clean) : labels.greetingAnonymous;
}

/** What the texts to a complainant know about the case. */
export interface CaseFacts {
  reference: string;
  kind: 'complaint' | 'suggestion' | 'other';
  step: Step | null;
  subject: string;
  receivedAt: string;
  answerByDate: string | null;
  step1Reference: string | null;
}

/** The variables every text about a case has: organisation, reference, greeting, dates, addresses. */
export function caseVariables(
  language: Language,
  org: OrganisationDetails,
  facts: CaseFacts,
  recipient: { name: string | null; byEmail: boolean },
): Record<string, string | boolean | null> {
  const team = TEXTS[language].labels.team;
  return {
    organisation: org.name,
    reference: facts.reference,
    greeting: greeting(language, recipient.name),
    name: nameToAddress(recipient.name),
    team:
      facts.kind === 'suggestion' ? team.suggestions : facts.step === 2 ? team.management : team.complaints,
    caseSubject: cleanSubject(facts.subject),
    receivedDate: formatDate(facts.receivedAt, language, org.timeZone),
    answerByDate: facts.answerByDate ? formatDate(facts.answerByDate, language, org.timeZone) : null,
    complaintsAddress: org.complaintsPostalAddress.join('\n'),
    managementAddress: org.managementPostalAddress.join('\n'),
    byEmail: recipient.byEmail,
  };
}

export interface RenderedText {
  subject: string;
  text: string;
}

/**
 * Renders a text. The subject is one line and, for texts about a case, always carries the reference (an
 * administrator's version that lost it gets it back in front).
 */
export function renderText(
  kind: TemplateKind,
  template: TemplateText,
  vars: TemplateVariables,
): RenderedText {
  let subject = fillTemplate(template.subject, vars).replace(/\s+/g, ' ').trim();
  const reference = typeof vars.reference === 'string' ? vars.reference : '';
  if (needsReference(kind) && reference && !subject.includes(reference))
    subject = `[${reference}] ${subject}`;
  return { subject, text: `${fillTemplate(template.body, vars)}\n` };
}

/** A problem of a version's form: its syntax, a part left empty, a subject without the case's reference. */
export type TemplateFormProblem =
  | TemplateSyntaxProblem
  | { code: 'empty' }
  | { code: 'no_reference'; variable: string };

/** Problems of an administrator's version of a template, by field; empty when it can be saved. */
export function templateFormProblems(
  kind: TemplateKind,
  template: TemplateText,
): Array<{ field: 'subject' | 'body'; problem: TemplateFormProblem }> {
  const allowed = new Set(TEMPLATE_VARIABLES[kind]);
  const problems: Array<{ field: 'subject' | 'body'; problem: TemplateFormProblem }> = [
    ...templateTextProblems(template.subject, allowed).map((problem) => ({
      field: 'subject' as const,
      problem,
    })),
    ...templateTextProblems(template.body, allowed).map((problem) => ({ field: 'body' as const, problem })),
  ];
  if (!template.subject.trim()) problems.push({ field: 'subject', problem: { code: 'empty' } });
  if (!template.body.trim()) problems.push({ field: 'body', problem: { code: 'empty' } });
  if (needsReference(kind) && !/\{\{\s*reference\s*\}\}/.test(template.subject))
    problems.push({ field: 'subject', problem: { code: 'no_reference', variable: '{{reference}}' } });
  return problems;
}

/** A problem of a version's form in English (logs, the command line). */
export function englishOfForm(p: TemplateFormProblem): string {
  if (p.code === 'empty') return 'it is empty';
  if (p.code === 'no_reference') return `it must carry the case reference, ${p.variable}`;
  return englishOfSyntax(p);
}

/** Problems of an administrator's version of a template, in English; empty when it can be saved. */
export function checkTemplate(kind: TemplateKind, template: TemplateText): string[] {
  return templateFormProblems(kind, template).map((p) => `${p.field}: ${englishOfForm(p.problem)}`);
}
