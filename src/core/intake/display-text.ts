// Text that came from outside (a display name, a subject) before it is written into our own texts: a greeting,
// a subject line, a letter. An outsider chooses these bytes, so they must not be able to write a paragraph of
// their own into the organisation's mail, hide text with direction controls, or break a line. The cleaning
// itself is the one of core/text (every door uses it); this only says how long each kind may be.
import { cleanLine, cleanName } from '../text/clean-text.ts';

/** A display name longer than this is not a name: it is cut (a person's full name is far shorter). */
export const DISPLAY_NAME_MAX_LENGTH = 100;
/** A subject repeated in our texts is cut to this length. */
export const SUBJECT_MAX_LENGTH = 200;

/** A display name fit for a greeting or an address block, or null when nothing is left. */
export function cleanDisplayName(name: string | null | undefined): string | null {
  return cleanName(name, DISPLAY_NAME_MAX_LENGTH);
}

/** A subject as our texts repeat it: one line, no hidden characters, cut. */
export function cleanSubject(subject: string | null | undefined): string {
  return subject ? cleanLine(subject, SUBJECT_MAX_LENGTH) : '';
}
