// `redress report --register` and `--regulator`: the register of cases of the period (CSV or JSON lines, written
// as it is read, waiting for stdout to drain so that memory stays flat) and the half-year return (JSON, CSV or
// table). Called from report.command.ts once the database is open.
import { once } from 'node:events';
import { registerCsv, registerJsonLines, regulatorCsv } from '../adapters/report/register-export.ts';
import type { AppContext } from '../app/context.ts';
import { registerEntries } from '../app/export-register.ts';
import { regulatorSummary } from '../app/regulator-summary.ts';
import type { ReportPeriod } from '../app/report-cases.ts';
import { halfYearPeriod, regulatorRows } from '../core/report/regulator.ts';
import type { ReportFilter } from '../core/report/report-filter.ts';
import { UsageError } from './common.ts';

/** Writes the register to stdout; `json` is JSON lines (one case per line). */
export async function writeRegister(
  ctx: AppContext,
  period: ReportPeriod,
  format: string,
  filter: ReportFilter = {},
): Promise<void> {
  if (format !== 'csv' && format !== 'json')
    throw new UsageError(`--register writes csv or json (JSON lines), not ${JSON.stringify(format)}`);
  const entries = registerEntries(ctx, period, undefined, filter);
  for await (const chunk of format === 'csv' ? registerCsv(entries) : registerJsonLines(entries))
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

/** Checks a --half value before the database is opened. */
export function checkHalf(half: string | undefined): string {
  if (!half || !halfYearPeriod(half))
    throw new UsageError(`--half ${JSON.stringify(half ?? '')}: give a half year like 2026-H2`);
  return half;
}

export async function writeRegulator(
  ctx: AppContext,
  half: string,
  format: string,
  filter: ReportFilter = {},
): Promise<void> {
  const r = await regulatorSummary(ctx, half, filter);
  if (format === 'csv') process.stdout.write(regulatorCsv(r));
  else if (format === 'table') {
    const rows = regulatorRows(r).map((row) => row.map((v) => (v === null ? '—' : String(v))));
    const head = [
      'half',
      'category',
      'received',
      'within 3 bd',
      'by promised date',
      'after it',
      'open',
      'upheld',
      'upheld share',
    ];
    const all = [head, ...rows];
    const widths = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
    process.stdout.write(
      `${all.map((row) => row.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')).join('\n')}\n`,
    );
  } else process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
