// Whether what a colleague did to a case after a person's page was made conflicts with the act that person now sends
// from it. The page showed the case as it was; acting on it as if nothing happened since would undo the colleague's
// act (an assignment, a category) or do it twice (an answer, a request, an extension) without anyone knowing.
import type { CaseActionName } from './actions.ts';

/** An event of the case recorded after the page was made, as the rule reads it. */
export interface LaterEvent {
  type: string;
  /** Who recorded it: `user:<id>` for a person, `token:<id>` for a program acting for staff through the API. */
  actor: string;
}

// What changes where the case stands for the complainant: an act that writes to them or decides the case was
// chosen knowing none of these had happened.
const STANDING = [
  'answered',
  'replied',
  'information_requested',
  'extended',
  'closed',
  'reopened',
  'escalated',
  'reclassified',
  'merged_into',
] as const;

/**
 * The events that make each act stale when a colleague recorded them after the page was made. Absent: the act is
 * never refused for what happened since (a note adds to the history and undoes nothing; acknowledging, merging and
 * the suggestion's steps are refused by the case rule itself once done).
 */
const CONFLICTS: Partial<Record<CaseActionName, readonly string[]>> = {
  assign: ['assigned', 'closed', 'reclassified', 'escalated', 'merged_into'],
  categorise: ['categorised', 'reclassified', 'merged_into'],
  answer: [...STANDING, 'assigned'],
  reply: STANDING,
  request_information: STANDING,
  extend: STANDING,
  close: [...STANDING, 'assigned'],
  reopen: STANDING,
  escalate: STANDING,
  reclassify: [...STANDING, 'categorised'],
  forward: ['suggestion_forwarded', 'reclassified', 'closed', 'merged_into'],
};

/** The acts a form's page version is checked for. */
export function checksMeanwhile(act: CaseActionName): boolean {
  return CONFLICTS[act] !== undefined;
}

/**
 * The events recorded since the page was made that `act` would silently undo or repeat: those of the kinds above,
 * recorded by someone else than `actor` acting for staff (a person, or a program through the API). What the same
 * person did in another tab they know of; what the system or the complainant recorded is not a colleague's act and
 * is met by the case rule as it is now.
 */
export function conflictsMeanwhile<E extends LaterEvent>(
  act: CaseActionName,
  since: readonly E[],
  actor: string,
): E[] {
  const kinds = CONFLICTS[act];
  if (!kinds) return [];
  const staff = (who: string) => who.startsWith('user:') || who.startsWith('token:');
  return since.filter((e) => staff(e.actor) && e.actor !== actor && kinds.includes(e.type));
}
