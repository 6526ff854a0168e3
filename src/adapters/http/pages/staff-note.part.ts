// A note Redress wrote for staff (src/core/intake/staff-notes.ts), in the reader's language: the stored English
// note read back into its sentences, each written through the translations with its values as they were; what is
// none of them (a person's note, an older wording) as it was stored.
import type { FastifyRequest } from 'fastify';
import { readStaffNote } from '../../../core/intake/staff-notes.ts';

export function staffNoteText(t: FastifyRequest['t'], note: string): string {
  return readStaffNote(note)
    .map((part) => ('text' in part ? part.text : t(`staffNotes.${part.key}`, part.values)))
    .join(' ');
}
