// What a list shows for a case in one line: the subject without the step marker (every case of a step carries
// it, so it tells the cases apart no better than the step column), or, when nothing else was written there, the
// first words of the complaint's own description.
import { type MarkerPhrases, withoutMarker } from '../intake/marker.ts';

/** The longest short subject, in characters: about what one line of a queue holds beside the other columns. */
export const SHORT_SUBJECT_LENGTH = 90;

export interface ShortSubject {
  text: string;
  /** Where the text comes from: the subject, the description (its first words), or nothing to show. */
  from: 'subject' | 'description' | 'none';
}

/** Cuts a text at a word boundary within `max` characters, with an ellipsis when something was left out. */
export function firstWords(text: string, max = SHORT_SUBJECT_LENGTH): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

export function shortSubject(
  subject: string,
  description: string | null,
  phrases: MarkerPhrases,
  max = SHORT_SUBJECT_LENGTH,
): ShortSubject {
  const own = withoutMarker(subject, phrases);
  if (own !== '') return { text: firstWords(own, max), from: 'subject' };
  const words = description ? firstWords(description, max) : '';
  if (words !== '') return { text: words, from: 'description' };
  return { text: '', from: 'none' };
}
