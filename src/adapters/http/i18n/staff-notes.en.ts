// Redress's own notes on inbox items, in English: the sentences as they are stored (src/core/intake/staff-notes.ts),
// so that English readers see a note exactly as it was written.
import { STAFF_NOTES } from '../../../core/intake/staff-notes.ts';

export const staffNotesEn: { staffNotes: typeof STAFF_NOTES } = { staffNotes: STAFF_NOTES };
