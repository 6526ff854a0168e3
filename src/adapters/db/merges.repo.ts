// What merging a duplicate case moves besides its events (src/app/merge-cases.ts decides the merge with the rule
// of src/core and records it): the duplicate's correspondence and its search entries go to the case it joins. The
// entry of the duplicate's own fields stays with it. Runs in the caller's transaction.
import type { Db } from './database.ts';

/** Files the duplicate's correspondence, and the search entries of that correspondence, on the case it joins. */
export async function moveCorrespondenceToCase(db: Db, fromCaseId: string, toCaseId: string): Promise<void> {
  await db
    .updateTable('correspondence')
    .set({ case_id: toCaseId })
    .where('case_id', '=', fromCaseId)
    .execute();
  await db
    .updateTable('search_docs')
    .set({ case_id: toCaseId })
    .where('case_id', '=', fromCaseId)
    .where('source', '!=', 'case')
    .execute();
}
