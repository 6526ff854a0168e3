// Which cases wait for a person though the open list does not hold them (P4.6): an answered complaint flagged for
// a person, as when its complainant wrote again after it was closed and it was reopened (after-close.ts). An
// answered case is not open (clock.ts isOpenStatus: it owes no answer), so the default queue, its counts and the
// reports leave it out; without a place of its own it would wait for nobody, as a ticket updated by its requester
// would if a help desk listed only unanswered ones. The queue's "Needs attention" list and its count on each tab
// both read this rule (adapters/db/queue-view.repo.ts NEEDS_ATTENTION writes it in SQL). Pure.
import type { CaseState } from './case.ts';

export function needsAttention(s: Pick<CaseState, 'status' | 'flagged'>): boolean {
  return s.status === 'answered' && s.flagged;
}
