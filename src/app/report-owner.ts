// Whether a report's owner filter names a staff account: the one check of the report's filter that its words alone
// cannot make (parseReportFilter, src/core/report/report-filter.ts, checks the rest without the database). Every
// door that takes the filter (`redress report` with its register and return, the reports page and its downloads)
// asks here after parsing. Without it an id mistyped or copied from elsewhere gives figures of zeros, which read
// as "this person owns no case" rather than "there is no such person".
import { staffByIds } from '../adapters/db/case-page.repo.ts';
import { NOT_SET, type ReportFilter } from '../core/report/report-filter.ts';
import type { AppContext } from './context.ts';

/**
 * Null when the filter names no owner, "not set" (null) or any account, a disabled one included (its past cases
 * are still reported); otherwise why the owner is refused, in English for the command line (a page says it in the
 * reader's language: reports.errors.unknownOwner).
 */
export async function unknownOwnerRefusal(ctx: AppContext, filter: ReportFilter): Promise<string | null> {
  const owner = filter.owner;
  if (typeof owner !== 'string') return null;
  if ((await staffByIds(ctx.database.db, [owner])).length > 0) return null;
  return `owner: no staff account has the id ${JSON.stringify(owner)}; give an account's id (\`redress user list\` shows them), or ${NOT_SET} for the cases owned by nobody`;
}
