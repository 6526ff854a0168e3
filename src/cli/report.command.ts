// `redress report`: the monitoring figures of P7 for a period, as JSON (the default, for scripts), CSV (for a
// spreadsheet or an auditor) or an aligned table (for a person at a terminal).
import type { Command } from 'commander';
import { Temporal } from 'temporal-polyfill';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { reportCsv, reportTable } from '../adapters/report/report-export.ts';
import { createAppContext } from '../app/context.ts';
import { reportCases } from '../app/report-cases.ts';
import { filterValueRefusals } from '../app/report-filter-values.ts';
import { loadSettings } from '../app/settings.ts';
import { categoryLabels } from '../core/case/categories.ts';
import { halfYearPeriod } from '../core/report/regulator.ts';
import { parseReportFilter, REPORT_FILTER_KEYS } from '../core/report/report-filter.ts';
import { type PeriodProblem, reportPeriodProblems } from '../core/report/report-period.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';
import { checkHalf, writeRegister, writeRegulator } from './report-files.ts';

const FORMATS = ['json', 'csv', 'table'] as const;

/** What is wrong with --from or --to, for a person at a terminal. */
function periodProblemText(field: string, value: string, p: PeriodProblem): string {
  switch (p.code) {
    case 'date':
      return `--${field} ${JSON.stringify(value)}: give a date like 2026-01-31`;
    case 'order':
      return `--to ${value} is before --from: the period ends before it starts`;
    case 'too_long':
      return `--to ${value}: give a period of at most ${p.years} years`;
    case 'future':
      // A period given by --year alone is named by its year.
      return `${field === 'year' ? `--year ${value.slice(0, 4)}` : `--from ${value}`}: the period starts after today (${p.today}), so nothing can have been received in it yet; give a first day up to today`;
  }
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'complaints received in a period by month, step, channel, category, language and outcome, with compliance (P7)',
    )
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 1 January of --year)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: 31 December of --year)')
    .option('--year <year>', 'a calendar year (default: this year)')
    .option('--format <format>', 'json, csv or table', 'json')
    .option('--register', 'the register of cases instead: one row per case (csv, or json: JSON lines)')
    .option('--regulator', "the regulator's half-year return instead (with --half)")
    .option('--half <half>', 'a half year for --regulator, like 2026-H2')
    .option('--category <key>', 'only cases of this category (_none: the cases without one)')
    .option('--step <step>', 'only step 1 or step 2')
    .option(
      '--channel <channel>',
      'only cases received through this channel (email, letter, web, api, escalation)',
    )
    .option('--language <language>', 'only cases in this language (fr, en, de)')
    .option(
      '--outcome <outcome>',
      'only cases answered with this outcome (upheld, partly_upheld, not_upheld; _none: not answered)',
    )
    .option(
      '--owner <id>',
      "only cases owned by this staff member (the account's id; _none: owned by nobody)",
    )
    .option(
      '--department <name>',
      'only cases (suggestions) forwarded to this department (_none: not forwarded)',
    )
    .action(
      action(
        async (
          opts: {
            from?: string;
            to?: string;
            year?: string;
            format: string;
            register?: boolean;
            regulator?: boolean;
            half?: string;
          } & Partial<Record<(typeof REPORT_FILTER_KEYS)[number], string>>,
          command: Command,
        ) => {
          if (!(FORMATS as readonly string[]).includes(opts.format))
            throw new UsageError(
              `--format ${JSON.stringify(opts.format)}: give one of ${FORMATS.join(', ')}`,
            );
          const config = configOf(command);
          // Today and this year are the organisation's (its time zone), not the server's.
          const today = Temporal.Now.zonedDateTimeISO(config.timezone).toPlainDate();
          const year = opts.year ?? String(today.year);
          if (!/^\d{4}$/.test(year))
            throw new UsageError(`--year ${JSON.stringify(year)}: give a year like 2026`);
          const from = opts.from ?? `${year}-01-01`;
          const to = opts.to ?? `${year}-12-31`;
          const half = opts.regulator ? checkHalf(opts.half) : null;
          // The period's rule is the reports page's (core/report/report-period.ts), for the regulator's half year too.
          if (half) {
            const problem = reportPeriodProblems(halfYearPeriod(half)!, { today: today.toString() }).from;
            if (problem?.code === 'future')
              throw new UsageError(
                `--half ${half}: the half year starts after today (${problem.today}), so nothing can have been received in it yet`,
              );
          } else {
            const problems = Object.entries(reportPeriodProblems({ from, to }, { today: today.toString() }));
            if (problems.length)
              throw new UsageError(
                problems
                  .map(([field, p]) =>
                    periodProblemText(
                      field === 'from' && !opts.from && opts.year ? 'year' : field,
                      field === 'from' ? from : to,
                      p,
                    ),
                  )
                  .join('; '),
              );
          }
          const { filter, errors } = parseReportFilter(
            Object.fromEntries(REPORT_FILTER_KEYS.map((k) => [k, opts[k]])),
          );
          const wrong = Object.values(errors);
          if (wrong.length) throw new UsageError(wrong.map((e) => `--${e}`).join('; '));
          const database = await openDatabase(config.databaseUrl);
          try {
            await migrateToLatest(database);
            const ctx = createAppContext(config, database);
            await loadSettings(ctx, config);
            // The words were checked above without the database; an owner and a department are checked against
            // the accounts and the departments.
            const refused = Object.entries(await filterValueRefusals(ctx, filter));
            if (refused.length) throw new UsageError(refused.map(([k, why]) => `--${k}: ${why}`).join('; '));
            if (half) {
              await writeRegulator(ctx, half, opts.format, filter);
              return EXIT.ok;
            }
            if (opts.register) {
              await writeRegister(ctx, { from, to }, opts.format, filter);
              return EXIT.ok;
            }
            const report = await reportCases(ctx, { from, to }, filter);
            process.stdout.write(
              opts.format === 'csv'
                ? reportCsv(report, categoryLabels(ctx.config))
                : opts.format === 'table'
                  ? reportTable(report)
                  : `${JSON.stringify(report, null, 2)}\n`,
            );
          } finally {
            await database.close();
          }
          return EXIT.ok;
        },
      ),
    );
}
