// Which of a complainant's cases carries what concerns their record rather than one matter: the notice telling
// them of a restriction (P8.3–P8.4), and the staff reminder that a restriction is due for review. A restriction is
// about how the person communicates with the complaints team, so it belongs with their complaints, handled by
// people who may read the record (core/access/complainant-record.ts). Filed on a suggestion, it would be read by
// the department member handling that suggestion, who is not told about restrictions. Only a person who has sent
// suggestions alone has it filed on their latest suggestion: there is no other case to write from.
import type { Kind } from './model.ts';

export interface CaseOfRecord {
  kind: Kind;
  /** ISO instant the case's first message arrived. */
  receivedAt: string;
}

/** The case for matters of the complainant's record: their latest complaint, else their latest case; null if none. */
export function caseForRecordMatters<C extends CaseOfRecord>(cases: readonly C[]): C | null {
  let best: C | null = null;
  for (const c of cases) {
    if (!best) best = c;
    else if ((c.kind === 'complaint') !== (best.kind === 'complaint')) {
      if (c.kind === 'complaint') best = c;
    } else if (c.receivedAt > best.receivedAt) best = c;
  }
  return best;
}
