// Labelled lines and sections of a message ("Nom : Dupont", "Ticket-Nr.: 123456", "Description :" followed by
// paragraphs), as people and web forms write them, including HTML tables turned into `label | value` rows.
import { fold } from './fold.ts';
import { fieldOfLabel, type LabelledField } from './labels.ts';

export interface LabelledFields {
  name: string | null;
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
}

interface LabelLine {
  field: LabelledField;
  value: string;
}

const SEPARATOR = /\s*(?:\||:|\t)\s*/;

/** Reads `label: value` / `label | value` / `label<TAB>value`; null when the line has no known label. */
export function labelLine(line: string): LabelLine | null {
  const trimmed = line.trim().replace(/^\|\s*/, '');
  const match = SEPARATOR.exec(trimmed);
  if (!match || match.index === 0 || match.index > 45) return null;
  const field = fieldOfLabel(fold(trimmed.slice(0, match.index)));
  if (!field) return null;
  const value = trimmed
    .slice(match.index + match[0].length)
    .replace(/\s*\|\s*$/, '')
    .trim();
  return { field, value };
}

const SINGLE_LINE: ReadonlySet<LabelledField> = new Set(['name', 'firstName', 'lastName', 'email', 'other']);

function tidySection(lines: readonly string[]): string | null {
  const text = lines
    .map((l) => l.replace(/^\|\s*/, '').replace(/\s*\|\s*$/, ''))
    .join('\n')
    .trim();
  return text || null;
}

/** The labelled fields of a text (the first value of each field wins; tickets and domains accumulate). */
export function readLabelledFields(text: string): LabelledFields {
  const result: LabelledFields = {
    name: null,
    firstName: null,
    lastName: null,
    email: null,
    tickets: [],
    domains: [],
    description: null,
    expectations: null,
    unlabelled: '',
    found: false,
  };
  const lines = text.split('\n');
  const unlabelled: string[] = [];
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
      case 'firstName':
      case 'lastName':
      case 'email':
        if (result[field] === null) result[field] = value;
        break;
      case 'other':
        break;
    }
  };
  for (const line of lines) {
    const label = labelLine(line);
    if (label) {
      close();
      result.found = true;
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
  return result;
}
