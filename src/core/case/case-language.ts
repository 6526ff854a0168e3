// The language a new case, and every text about it, is written in (P10). One rule for every door (e-mail, letter,
// form, the inbox, staff escalation), so that the same complainant is not written to in one language when they
// write and in another when they send a letter. Later texts read the case's language: a reply in another language
// does not change it; only staff do (case-contact.ts). Pure.
import type { Language } from './model.ts';

export interface CaseLanguageFacts {
  /** A language a person chose for this message: the visitor's on the form, the one staff read on a letter. */
  chosen: Language | null;
  /** The case this one continues: the step-1 case of a step-2 request (P5.1: it carries its history). */
  continued: Language | null;
  /** The complainant's on file: detected from their first message, or set by staff for their future cases. */
  complainant: Language | null;
  /** The language the message is written in, as detected (null when nothing was written to tell). */
  written: Language | null;
  /** The organisation's (or the mailbox's) default. */
  fallback: Language;
}

/**
 * A person's choice first; then the case it continues, so that both steps of one complaint read alike; then the
 * complainant's, since the language belongs to them and staff may have set it for every later case; then what the
 * message is written in; else the default.
 */
export function caseLanguage(f: CaseLanguageFacts): Language {
  return languageBeforeText(f) ?? f.written ?? f.fallback;
}

/**
 * The language the rule settles on before reading the message's text, or null: a door may then skip detecting
 * it (the detector is loaded with the first message that needs it).
 */
export function languageBeforeText(
  f: Pick<CaseLanguageFacts, 'chosen' | 'continued' | 'complainant'>,
): Language | null {
  return f.chosen ?? f.continued ?? f.complainant;
}
