// Labelled lines and sections of a message ("Nom : Dupont", "Ticket-Nr.: 123456", "Description :" followed by
// paragraphs), as people and web forms write them, including HTML tables turned into `label | value` rows.
import { fold } from './fold.ts';
import { fieldOfLabel, type LabelledField } from './labels.ts';
import { linesOf } from './text-lines.ts';

export interface LabelledFields {
  name: string | null;
  /** A sender line's value (`From: Jean Dupont <jean@example.fr>`), as written. */
  sender: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tickets: string[];
  domains: string[];
  description: string | null;
  expectations: string | null;
  /** The lines of the text that belong to no labelled field, in order. */
  unlabelled: string;
  /** Whether any label was found. */
  found: boolean;
  /**
   * How many labelled lines name the person (name, e-mail, sender) or carry their message: a web form's body
   * has several, a letter rarely more than one.
   */
  formFields: number;
  /** The text without the lines of `meta` fields (a form's page URL, the visitor's browser): read for domains. */
  withoutMeta: string;
}

interface LabelLine {
  field: LabelledField;
  value: string;
}

/** The characters that end a label: `:` (also the full-width one), `|` (a table cell), a tab. */
const SEPARATOR = /[|:：\t]/;
const SPACE = /\s/;

/**
 * A value without the bar that closes its table row. Written without a pattern anchored at the end, which
 * would cost time that grows with the square of the spaces in a hostile line.
 */
function withoutClosingBar(value: string): string {
  const text = value.trimEnd();
  return text.endsWith('|') ? text.slice(0, -1).trimEnd() : text;
}

/** Reads `label: value` / `label | value` / `label<TAB>value`; null when the line has no known label. */
export function labelLine(line: string): LabelLine | null {
  const whole = line.trim();
  // (The pattern only on a line that opens with a bar, which it needs.)
  const trimmed = whole.startsWith('|') ? whole.replace(/^\|\s*/, '') : whole;
  // The first separator, and the spaces around it (found by hand: a pattern starting with spaces would be
  // tried at every position of a long run of spaces).
  // (Only the start of a long line is searched: a separator further on makes no label.)
  const at = (trimmed.length > 201 ? trimmed.slice(0, 201) : trimmed).search(SEPARATOR);
  if (at <= 0 || at > 200) return null;
  let start = at;
  while (start > 0 && SPACE.test(trimmed[start - 1] ?? '')) start--;
  if (start === 0 || start > 45) return null;
  let end = at + 1;
  while (end < trimmed.length && SPACE.test(trimmed[end] ?? '')) end++;
  const field = fieldOfLabel(fold(trimmed.slice(0, start)));
  if (!field) return null;
  return { field, value: withoutClosingBar(trimmed.slice(end)).trim() };
}

/** What a label alone on its line looks like: a few words, no sentence punctuation, at most a question mark. */
const BARE_LABEL_SHAPE = /^[^.,;:!<>@/=]{1,70}\??$/;

/**
 * A line that is only a label, as form services lay out their mails (the label in bold on its own line or
 * table row, the value on the next): "Name", "What happened?", "| Your Message |". Null otherwise.
 */
export function bareLabel(line: string): LabelledField | null {
  // Most lines are sentences: longer than any label, they are left at once (before any pattern runs on them).
  if (line.length > 100) return null;
  // Table cells ("| Name |") and WPForms' plain-text rules ("--- Name ---").
  let trimmed = line.trim();
  // (The patterns only where a bar or a dash opens or closes the line: they cannot match elsewhere.)
  if (trimmed.startsWith('|') || trimmed.endsWith('|')) trimmed = trimmed.replace(/^\|\s*|\s*\|$/g, '');
  if (trimmed.startsWith('-') || trimmed.endsWith('-')) trimmed = trimmed.replace(/^-{2,}\s*|\s*-{2,}$/g, '');
  trimmed = trimmed.trim();
  // A label is short and has no sentence punctuation inside (a cheap test before folding the line).
  if (!trimmed || !BARE_LABEL_SHAPE.test(trimmed) || trimmed.split(' ').length > 10) return null;
  const field = fieldOfLabel(fold(trimmed));
  return field === 'other' || field === 'meta' ? null : field;
}

/** A form's table row ("Question | answer"): a short cell, a bar, a value. */
const TABLE_ROW = /^\s*\|?\s*[^|]{1,45}\s\|\s*\S/;
/** A form's question on its own line. */
const QUESTION = /^[^.!|]{3,70}\?$/;
/** A form's own "Label: value" line (a capitalised label of a few words). */
const INLINE_FIELD = /^\p{Lu}[^.:!?|]{0,40}\s?:\s+\S/u;

/**
 * Is line i a field of a form that no label names: a table row, a capitalised "Label: value" line, or a
 * question alone after an empty line with its answer under it?
 */
function otherField(lines: readonly string[], i: number): boolean {
  const line = (lines[i] ?? '').trim();
  if (line.length > 120) return false;
  if (TABLE_ROW.test(line)) return true;
  if (
    INLINE_FIELD.test(line) &&
    line.indexOf(':') <= 45 &&
    line.slice(0, line.indexOf(':')).split(' ').length <= 5
  )
    return true;
  const after = (lines[i + 1] ?? '').trim();
  return (i === 0 || (lines[i - 1] ?? '').trim() === '') && QUESTION.test(line) && after !== '';
}

/** Fields that say who the person is or carry their message (a form's fields). */
const PERSON_FIELDS: ReadonlySet<LabelledField> = new Set([
  'name',
  'firstName',
  'lastName',
  'email',
  'sender',
  'description',
  'expectations',
]);

const SINGLE_LINE: ReadonlySet<LabelledField> = new Set([
  'name',
  'firstName',
  'lastName',
  'email',
  'sender',
  'other',
  'meta',
]);

/** A rule a form draws between its fields and its footer ("---", "___"). */
const RULE_LINE = /^\s*(-{3,}|_{3,}|={3,}|\*{3,})\s*$/;

function tidySection(lines: readonly string[]): string | null {
  const kept = lines.map((l) => withoutClosingBar(l.replace(/^\s*\|\s*/, '')));
  while (kept.length && (kept.at(-1)!.trim() === '' || RULE_LINE.test(kept.at(-1)!))) kept.pop();
  const text = kept.join('\n').trim();
  return text || null;
}

/**
 * A full stop (or ! ?) after a value, then a capitalised word: the value ends there and a sentence starts. Only
 * from the start of a run of marks, as SENTENCE_END (expectations.ts).
 */
const VALUE_THEN_SENTENCE = /(?<![.!?])[.!?]+\s+(?=["«„“‘]?\p{Lu}\p{Ll})/u;

/** The sentence that follows the value on its line (and where the value ends), or null when none does. */
function sentenceAfterValue(value: string): { at: number; text: string } | null {
  const m = VALUE_THEN_SENTENCE.exec(value);
  if (!m || m.index === 0) return null;
  const text = value.slice(m.index + m[0].length).trim();
  return text ? { at: m.index, text } : null;
}

/** The labelled fields of a text (the first value of each field wins; tickets and domains accumulate). */
export function readLabelledFields(text: string): LabelledFields {
  const result: LabelledFields = {
    name: null,
    sender: null,
    firstName: null,
    lastName: null,
    email: null,
    tickets: [],
    domains: [],
    description: null,
    expectations: null,
    unlabelled: '',
    found: false,
    formFields: 0,
    withoutMeta: text,
  };
  const lines = linesOf(text).raw;
  // Labels alone on their line are read only in a text laid out as a form (two or more of them, each followed
  // by a value): in a letter, a line "Message" or "Réclamation" is more likely a title.
  let bare = 0;
  for (let i = 0; i < lines.length && bare < 2; i++) {
    if (!bareLabel(lines[i] ?? '')) continue;
    // The value: the next non-empty line (some forms leave an empty line between label and value).
    const next = (lines[i + 1] ?? '').trim() ? (lines[i + 1] ?? '') : (lines[i + 2] ?? '');
    if (next.trim() && !labelLine(next) && !bareLabel(next)) bare++;
  }
  const bareLabels = bare >= 2;
  const unlabelled: string[] = [];
  const withoutMeta: string[] = [];
  let open: { field: LabelledField; lines: string[] } | null = null;
  const close = () => {
    if (!open) return;
    const value = tidySection(open.lines);
    const field = open.field;
    open = null;
    if (value === null) return;
    switch (field) {
      case 'ticket':
        result.tickets.push(value);
        break;
      case 'domain':
        result.domains.push(value);
        break;
      case 'description':
      case 'expectations':
      case 'name':
      case 'sender':
      case 'firstName':
      case 'lastName':
      case 'email':
        if (result[field] === null) result[field] = value;
        break;
      case 'other':
      case 'meta':
        break;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const inline = labelLine(line);
    const bareField = !inline && bareLabels ? bareLabel(line) : null;
    let label = inline ?? (bareField ? { field: bareField, value: '' } : null);
    // In a form, a field we do not read ("How did you hear about us?", "Rating | 2") still ends the field
    // above it: its answer is not the person's complaint or expectation.
    if (!label && open && (bareLabels || result.formFields >= 2) && otherField(lines, i))
      label = { field: 'other', value: '' };
    // A meta field's label line and the value under it are left out of the text read for domains.
    const openField = (open as { field: LabelledField } | null)?.field;
    if (label ? label.field !== 'meta' : openField !== 'meta') withoutMeta.push(line);
    if (label) {
      close();
      result.found = true;
      // "Domaine : dupont-bois.fr. Le site ne répond plus …": a ticket or domain label that opens a sentence
      // of the letter labels that sentence's first words only; what follows the value is the letter's.
      const rest =
        label.field === 'ticket' || label.field === 'domain' ? sentenceAfterValue(label.value) : null;
      if (rest) {
        label = { field: label.field, value: label.value.slice(0, rest.at) };
        unlabelled.push(rest.text);
      }
      if (PERSON_FIELDS.has(label.field)) result.formFields++;
      open = { field: label.field, lines: label.value ? [label.value] : [] };
      if (
        label.value &&
        (SINGLE_LINE.has(label.field) || label.field === 'ticket' || label.field === 'domain')
      )
        close();
      continue;
    }
    if (open) {
      const section: { field: LabelledField; lines: string[] } = open;
      if (SINGLE_LINE.has(section.field) || section.field === 'ticket' || section.field === 'domain') {
        // A value on the line under its label.
        if (line.trim()) {
          section.lines.push(line.trim());
          close();
        }
        continue;
      }
      section.lines.push(line);
      continue;
    }
    unlabelled.push(line);
  }
  close();
  result.unlabelled = unlabelled.join('\n').trim();
  result.withoutMeta = withoutMeta.join('\n');
  return result;
}
