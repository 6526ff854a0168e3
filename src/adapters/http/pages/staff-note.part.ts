// A note Redress wrote for staff (src/core/intake/staff-notes.ts), in the reader's language: the stored English
// note read back into its sentences, each written through the translations with its values as they were; what is
// none of them (a person's note, an older wording) as it was stored. The inbox page shows the text; the API gives
// the parts too, so that a program reads which sentence it is without reading the words.
import type { FastifyRequest } from 'fastify';
import { readStaffNote, type StaffNoteKey } from '../../../core/intake/staff-notes.ts';

/** One part of a note: the sentence it is (null for a text that is none of them), its values, and its words. */
export interface StaffNoteTextPart {
  key: StaffNoteKey | null;
  values: Record<string, string>;
  text: string;
}

export function staffNoteParts(t: FastifyRequest['t'], note: string): StaffNoteTextPart[] {
  return readStaffNote(note).map((part) =>
    'text' in part
      ? { key: null, values: {}, text: part.text }
      : { key: part.key, values: part.values, text: t(`staffNotes.${part.key}`, part.values) },
  );
}

export function staffNoteText(t: FastifyRequest['t'], note: string): string {
  return staffNoteParts(t, note)
    .map((part) => part.text)
    .join(' ');
}
