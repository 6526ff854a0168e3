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

/**
 * What in a name would make it a way to reach somewhere: an e-mail address, a scheme (`https:`), or a domain (a
 * letter or digit, a dot, then two letters: `evil.example`, `bit.ly`), dots that resolvers and mail programs take
 * for one (ideographic and full-width) included. Initials are not caught: `J.P. Dupont` has one letter after each
 * dot, `Anna M. Schmidt` a space.
 */
const ADDRESS_OR_LINK = /@|:\/\/|[\p{L}\p{N}][.\u3002\uFF0E\uFF61\u2024]\p{L}{2}/u;

/**
 * A name our texts may address their reader by, or null. Anyone may type a third party's e-mail address on the
 * form (or forge a From: line) with a "name" of their own; the acknowledgement then goes, from the organisation,
 * to a stranger. So a name carrying an address or a link is not written: the text greets without a name, and
 * nobody can have the organisation send their link to someone else. The name stays on the case as given.
 */
export function nameToAddress(name: string | null | undefined): string | null {
  const clean = cleanDisplayName(name);
  return clean && !ADDRESS_OR_LINK.test(clean) ? clean : null;
}

/** A subject as our texts repeat it: one line, no hidden characters, cut. */
export function cleanSubject(subject: string | null | undefined): string {
  return subject ? cleanLine(subject, SUBJECT_MAX_LENGTH) : '';
}
