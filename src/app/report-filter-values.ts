// Whether a report's filter names things that exist: the checks of the filter that its words alone cannot make
// (parseReportFilter, src/core/report/report-filter.ts, checks the rest without the database). Every door that takes
// the filter (`redress report` with its register and return, the reports page and its downloads) asks here after
// parsing. Without them an owner id mistyped or copied from elsewhere, or a department misspelt, gives figures of
// zeros, which read as "this person owns no case" or "this department received nothing" rather than "there is no
// such person or department".
import { caseInDepartmentExists, staffByIds } from '../adapters/db/case-page.repo.ts';
import { NOT_SET, type ReportFilter } from '../core/report/report-filter.ts';
import type { AppContext } from './context.ts';

/** Why a filter value is refused, by filter key, in English for the command line (pages say it in the reader's language). */
export interface FilterValueRefusals {
  owner?: string;
  department?: string;
}

/**
 * The owner is accepted when it is "not set" (null) or any account, a disabled one included (its past cases are
 * still reported). The department is accepted when "not set", configured, or held by a case: a department may leave
 * the configuration while the suggestions forwarded to it stay.
 */
export async function filterValueRefusals(
  ctx: AppContext,
  filter: ReportFilter,
): Promise<FilterValueRefusals> {
  const out: FilterValueRefusals = {};
  const { owner, department } = filter;
  if (typeof owner === 'string' && (await staffByIds(ctx.database.db, [owner])).length === 0)
    out.owner = `no staff account has the id ${JSON.stringify(owner)}; give an account's id (\`redress user list\` shows them), or ${NOT_SET} for the cases owned by nobody`;
  if (
    typeof department === 'string' &&
    !ctx.config.departments.some((d) => d.name === department) &&
    !(await caseInDepartmentExists(ctx.database.db, department))
  ) {
    const known = ctx.config.departments.map((d) => JSON.stringify(d.name)).join(', ');
    out.department = `no department is named ${JSON.stringify(department)}; give one of ${known || 'the configured departments (none are configured)'} exactly as written, or ${NOT_SET} for the cases sent to no department`;
  }
  return out;
}
