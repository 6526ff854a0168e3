// The monitoring figures (P7) as files: one flat list of rows (section, item, value) that the CSV export of the
// reports page, `redress report --format csv` and `--format table` all write, so a spreadsheet, a scheduled job
// and a person at a terminal read the same figures under the same names.
import type { CaseReport, Compliance } from '../../app/report-cases.ts';
import { ROOT_CAUSES } from '../../core/case/root-cause.ts';
import type { PromiseFigures, Spread } from '../../core/report/promise-figures.ts';
import { csvFile } from './spreadsheet-csv.ts';

export interface ReportRow {
  section: string;
  item: string;
  value: number | null;
}

const COMPLIANCE_ITEMS: ReadonlyArray<[string, keyof Compliance]> = [
  ['received', 'received'],
  ['acknowledged', 'acknowledged'],
  ['acknowledged_in_time', 'acknowledgedInTime'],
  ['answered', 'answered'],
  ['answered_in_time', 'answeredInTime'],
  ['overdue_open', 'overdueOpen'],
  ['extended', 'extended'],
  ['escalated', 'escalated'],
  ['mean_days_to_answer', 'meanDaysToAnswer'],
];

/** Every figure of a report, in a fixed order: totals, each step, then the breakdowns sorted by key. */
export function reportRows(report: CaseReport): ReportRow[] {
  const rows: ReportRow[] = [];
  const compliance = (section: string, c: Compliance) => {
    for (const [item, key] of COMPLIANCE_ITEMS) rows.push({ section, item, value: c[key] });
  };
  const breakdown = (section: string, counts: Record<string, number>) => {
    for (const key of Object.keys(counts).sort()) rows.push({ section, item: key, value: counts[key]! });
  };
  const spread = (section: string, name: string, x: Spread) => {
    rows.push({ section, item: `${name}_cases`, value: x.n });
    rows.push({ section, item: `${name}_median`, value: x.median });
    rows.push({ section, item: `${name}_p90`, value: x.p90 });
  };
  const promises = (section: string, x: PromiseFigures) => {
    rows.push({ section, item: 'answered_by_original_date', value: x.answeredByOriginalDate });
    rows.push({ section, item: 'answered_by_extended_date', value: x.answeredByExtendedDate });
    rows.push({ section, item: 'answered_late', value: x.answeredLate });
    rows.push({ section, item: 'extensions_first', value: x.extensionsFirst });
    rows.push({ section, item: 'extensions_further', value: x.extensionsFurther });
    spread(section, 'business_days_to_acknowledge', x.businessDaysToAcknowledge);
    spread(section, 'business_days_to_answer', x.businessDaysToAnswer);
    rows.push({ section, item: 'reopened', value: x.reopened });
    // Answered complaints by the root cause their last answer recorded: one row per cause (ROOT_CAUSES order).
    for (const cause of ROOT_CAUSES)
      rows.push({ section, item: `root_cause_${cause}`, value: x.byRootCause?.[cause] ?? 0 });
    // Working days before the answer date each extension went out: one row per number of days.
    for (const [kind, counts] of [
      ['first', x.extensionLeadDays.first],
      ['further', x.extensionLeadDays.further],
    ] as const)
      for (const days of Object.keys(counts).sort((a, b) => Number(a) - Number(b)))
        rows.push({
          section,
          item: `extension_${kind}_sent_${days}_working_days_before`,
          value: counts[days]!,
        });
  };
  const c = report.complaints;
  compliance('complaints', c);
  promises('complaints', c.promises);
  for (const step of Object.keys(c.byStep).sort()) {
    compliance(`step_${step}`, c.byStep[step]!);
    const p = c.promises.byStep[step];
    if (p) promises(`step_${step}`, p);
  }
  breakdown('by_month', c.byMonth);
  breakdown('by_channel', c.byChannel);
  breakdown('by_category', c.byCategory);
  breakdown('by_language', c.byLanguage);
  breakdown('by_outcome', c.byOutcome);
  rows.push({ section: 'suggestions', item: 'received', value: report.suggestions.received });
  breakdown('suggestions_by_status', report.suggestions.byStatus);
  for (const department of Object.keys(report.suggestions.byDepartment).sort()) {
    const d = report.suggestions.byDepartment[department]!;
    const section = `suggestions_department_${department}`;
    rows.push({ section, item: 'received', value: d.received });
    rows.push({ section, item: 'done', value: d.done });
    spread(section, 'business_days_to_done', d.businessDaysToDone);
  }
  rows.push({ section: 'other', item: 'received', value: report.other.received });
  breakdown('other_by_reason', report.other.byReason);
  rows.push({ section: 'restrictions', item: 'issued', value: report.restrictions.issued });
  breakdown('restrictions_by_kind', report.restrictions.byKind);
  return rows;
}

/** `label`: for a category row, the category's label (the key stays in `item`); empty on the other rows. */
export const CSV_COLUMNS = ['period_from', 'period_to', 'section', 'item', 'value', 'label'] as const;

/**
 * The figures as a CSV file (spreadsheet-csv.ts: a byte-order mark, RFC 4180, CRLF, a header row), safe to open in a
 * spreadsheet. `categoryLabels`: each category key's label in the organisation's language, written beside the key of
 * the by-category rows.
 */
export function reportCsv(
  report: CaseReport,
  categoryLabels: ReadonlyMap<string, string> = new Map(),
): string {
  const records = reportRows(report).map((r) => [
    report.period.from,
    report.period.to,
    r.section,
    r.item,
    r.value,
    r.section === 'by_category' ? (categoryLabels.get(r.item) ?? '') : '',
  ]);
  return csvFile(CSV_COLUMNS, records);
}

/** The figures as an aligned text table for a terminal. */
export function reportTable(report: CaseReport): string {
  const rows = reportRows(report).map((r) => [r.section, r.item, r.value === null ? '—' : String(r.value)]);
  const all = [['section', 'item', 'value'], ...rows];
  const width = (i: number) => Math.max(...all.map((r) => r[i]!.length));
  const [w0, w1, w2] = [width(0), width(1), width(2)];
  const line = (r: string[]) => `${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]!.padStart(w2)}`.trimEnd();
  return [
    `Complaints received ${report.period.from} to ${report.period.to} (generated ${report.generatedAt})`,
    '',
    line(all[0]!),
    line(['-'.repeat(w0), '-'.repeat(w1), '-'.repeat(w2)]),
    ...rows.map(line),
    '',
  ].join('\n');
}
