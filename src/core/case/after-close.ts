// What a person's own message does to a case that is closed (P4.6, P5, P9.2): the one rule of every door, since
// every door files a message on a case through the case rule's `file_correspondence` (the e-mail replying in its
// thread or quoting its reference, a letter quoting it, a step-2 request that joins the writer's step-2 case, the
// complainant's page, the API).
//
// No queue lists a closed case: a message filed on one as it stands is read by nobody. So, as a ticket system
// reopens a resolved ticket on its requester's reply:
// - a suggestion is reopened, back with its department (P9.2);
// - a complaint is reopened and flagged for a person, who reads what was written and chooses what follows: a reply,
//   a new complaint, step 2 (P4.4, P4.6: step 2 stays open after closing), or closing it again. Its clock is not
//   restarted and nothing is sent: the complainant got their answer, and a second acknowledgement would promise a
//   date nobody set. It counts as no new complaint (P7.1): it is the same case, received once. Reopened, it
//   returns to where it was before it closed (answered, or open when it closed unanswered), and the quiet period
//   closes it no more, since the complainant wrote after the answer (quiet-period.ts).
// Only the complainant's own words do: a colleague's message or our own mail leaves it closed, as a stranger's never
// reaches it (it waits in the triage inbox). A merged duplicate stays closed: its case is the one it was merged into.
// A matter of kind `other` (P7.4) is no complaint and is left as it is.
import type { ReopenReasonKey } from '../correspondence/status-words.ts';
import type { CaseState } from './case.ts';

export interface MessageOnCase {
  direction: 'in' | 'out';
  /** Whether the words are the case's complainant's own (the filing rule of the door said so). */
  fromComplainant: boolean;
}

export type AfterClose = null | {
  /** Redress's own reason for reopening (REOPEN_REASONS). */
  reopen: ReopenReasonKey;
  /** Whether the case is flagged for a person to choose what follows. */
  flag: boolean;
};

/**
 * Whether the complainant's own message on an answered complaint, before the quiet period closes it, flags it for a
 * person. Answered, the case is in no open list (clock.ts isOpenStatus), and the quiet period then closes it no more
 * (quiet-period.ts): unflagged, their words would wait for nobody. Flagged, the queue lists it under "Needs
 * attention" and counts it on its tab (attention.ts), as a help desk shows a ticket its requester updated. Pure.
 */
export function flagsAnsweredCase(
  s: Pick<CaseState, 'status' | 'kind' | 'mergedInto' | 'flagged'>,
  m: MessageOnCase,
): boolean {
  return (
    s.status === 'answered' &&
    s.kind === 'complaint' &&
    !s.mergedInto &&
    !s.flagged &&
    m.direction === 'in' &&
    m.fromComplainant
  );
}

/** What the message does to the case: nothing (null), or reopen it and whether to flag it. Pure. */
export function messageOnClosedCase(
  s: Pick<CaseState, 'status' | 'kind' | 'mergedInto'>,
  m: MessageOnCase,
): AfterClose {
  if (s.status !== 'closed' || s.mergedInto || m.direction !== 'in' || !m.fromComplainant) return null;
  if (s.kind === 'suggestion') return { reopen: 'wroteAgain', flag: false };
  if (s.kind === 'complaint') return { reopen: 'wroteAfterClosing', flag: true };
  return null;
}
