// The monthly report for management as a PDF (pdf-lib, like the letters and the dossier): the month's promises
// kept against the month before, then the complaints by category, channel and step, each as a table with a bar
// drawn beside each number (black on white, the number written: it reads in print and without colour).
// Texts are the reports page's own (i18n reports.*), in the organisation's language; Helvetica (WinAnsi) with the
// letters' fallback for other characters, so no category name can make the report fail.
import { rgb } from 'pdf-lib';
import type { CaseReport } from '../../app/report-cases.ts';
import type { Category } from '../../core/case/categories.ts';
import type { Language } from '../../core/case/model.ts';
import { writtenDate } from '../../core/text/written-date.ts';
import { withCategoryLabels } from '../http/i18n/category-labels.ts';
import { translatorFor } from '../http/i18n/index.ts';
import { A4Flow, MM, newDocument, toWinAnsi } from './pdf-text.ts';

export interface MonthlyReportContent {
  organisation: string;
  /** YYYY-MM */
  month: string;
  report: CaseReport;
  previous: CaseReport;
  generatedAt: string;
  timeZone: string;
  /**
   * The category catalogue in force: a category is named by the label administrators gave it, as on the reports
   * page and in the CSV (i18n/category-labels.ts), not by the translation files' label for a default key.
   */
  categories?: readonly Category[];
}

const LEFT = 20 * MM;
const RIGHT = A4Flow.width - 20 * MM;
const MARGINS = { top: 20 * MM, bottom: 20 * MM };

class Sheet extends A4Flow {
  /** One line of text at x (cut to fit `width`); right-aligned when `align` is right. */
  cell(text: string, x: number, o: { size?: number; bold?: boolean; width?: number; align?: 'right' } = {}) {
    const size = o.size ?? 9.5;
    const font = o.bold ? this.bold : this.regular;
    let s = toWinAnsi(text, this.supported, true);
    const width = o.width ?? RIGHT - x;
    while (s.length > 1 && font.widthOfTextAtSize(s, size) > width) s = `${s.slice(0, -2)}…`;
    const w = font.widthOfTextAtSize(s, size);
    this.page.drawText(s, {
      x: o.align === 'right' ? x + width - w : x,
      y: this.y,
      size,
      font,
      color: rgb(0, 0, 0),
    });
  }
  line(text: string, o: { size?: number; bold?: boolean; gap?: number } = {}): void {
    const size = o.size ?? 9.5;
    this.ensure(size * 1.4);
    this.y -= size * 1.4;
    this.cell(text, LEFT, o);
    this.y -= o.gap ?? 0;
  }
  heading(text: string): void {
    this.ensure(48);
    this.y -= 10;
    this.line(text, { size: 12, bold: true, gap: 4 });
  }
}

export async function renderMonthlyReportPdf(
  c: MonthlyReportContent,
  language: Language,
): Promise<Uint8Array> {
  const t = withCategoryLabels(translatorFor(language), c.categories ?? [], language);
  const n = new Intl.NumberFormat(language);
  const pct = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  const monthName = new Intl.DateTimeFormat(language, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${c.month}-15T12:00:00Z`));
  const dateOf = (d: string) =>
    writtenDate(
      new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }),
      new Date(`${d}T12:00:00Z`),
    );
  const title = t('reports.monthly.heading', { month: monthName });
  const { doc, regular, bold } = await newDocument(title, c.generatedAt);
  const s = new Sheet(doc, regular, bold, MARGINS);
  s.line(c.organisation, { size: 9 });
  s.line(title, { size: 18, bold: true, gap: 4 });
  s.line(t('reports.monthly.period', { from: dateOf(c.report.period.from), to: dateOf(c.report.period.to) }));
  s.line(
    t('reports.monthly.generated', {
      date: writtenDate(
        new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: c.timeZone }),
        new Date(c.generatedAt),
      ),
    }),
    { size: 8.5, gap: 2 },
  );

  // The promises kept, this month and the month before.
  const now = c.report.complaints;
  const before = c.previous.complaints;
  const rows: Array<[string, number | null, number | null, number | null]> = [
    ['received', now.received, before.received, null],
    ['acknowledgedInTime', now.acknowledgedInTime, before.acknowledgedInTime, now.received],
    ['answeredInTime', now.answeredInTime, before.answeredInTime, now.received],
    [
      'answeredByOriginalDate',
      now.promises.answeredByOriginalDate,
      before.promises.answeredByOriginalDate,
      now.received,
    ],
    [
      'answeredByExtendedDate',
      now.promises.answeredByExtendedDate,
      before.promises.answeredByExtendedDate,
      now.received,
    ],
    ['answeredLate', now.promises.answeredLate, before.promises.answeredLate, now.received],
    ['overdueOpen', now.overdueOpen, before.overdueOpen, now.received],
    ['extended', now.extended, before.extended, now.received],
    ['escalated', now.escalated, before.escalated, now.received],
    ['reopened', now.promises.reopened, before.promises.reopened, null],
    [
      'answerMedian',
      now.promises.businessDaysToAnswer.median,
      before.promises.businessDaysToAnswer.median,
      null,
    ],
    [
      'acknowledgeMedian',
      now.promises.businessDaysToAcknowledge.median,
      before.promises.businessDaysToAcknowledge.median,
      null,
    ],
  ];
  s.heading(t('reports.sections.compliance'));
  const col = { now: LEFT + 95 * MM, share: LEFT + 120 * MM, before: LEFT + 145 * MM };
  s.ensure(14);
  s.y -= 13;
  s.cell(t('reports.columns.figure'), LEFT, { bold: true, size: 8.5 });
  s.cell(t('reports.columns.thisPeriod'), col.now, { bold: true, size: 8.5, width: 24 * MM, align: 'right' });
  s.cell(t('reports.columns.share'), col.share, { bold: true, size: 8.5, width: 22 * MM, align: 'right' });
  s.cell(t('reports.columns.previousPeriod'), col.before, {
    bold: true,
    size: 8.5,
    width: 25 * MM,
    align: 'right',
  });
  for (const [key, value, previous, of] of rows) {
    s.ensure(13);
    s.y -= 13;
    s.cell(t(`reports.figures.${key}`), LEFT, { width: 92 * MM });
    s.cell(value === null ? '—' : n.format(value), col.now, { width: 24 * MM, align: 'right' });
    s.cell(of && value !== null ? pct.format(value / of) : '', col.share, { width: 22 * MM, align: 'right' });
    s.cell(previous === null ? '—' : n.format(previous), col.before, { width: 25 * MM, align: 'right' });
  }

  // Breakdowns, each row with a bar as long as its share of the month's complaints.
  const categoryLabel = (k: string) => {
    const said = t(`staff.categories.${k}`);
    return said === `staff.categories.${k}` ? k : said;
  };
  const breakdown = (section: string, counts: Record<string, number>, label: (k: string) => string) => {
    s.heading(t(`reports.sections.${section}`));
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (!entries.length) {
      s.line(t('reports.empty'));
      return;
    }
    const max = Math.max(...entries.map(([, v]) => v));
    for (const [k, v] of entries) {
      s.ensure(13);
      s.y -= 13;
      s.cell(k === 'none' ? t('reports.notSet') : label(k), LEFT, { width: 70 * MM });
      s.cell(n.format(v), LEFT + 70 * MM, { width: 18 * MM, align: 'right' });
      const width = max ? (v / max) * 70 * MM : 0;
      if (width > 0)
        s.page.drawRectangle({
          x: LEFT + 92 * MM,
          y: s.y - 1,
          width,
          height: 8,
          color: rgb(0.25, 0.25, 0.25),
        });
    }
  };
  breakdown('category', now.byCategory, categoryLabel);
  breakdown('channel', now.byChannel, (k) => t(`channels.${k}`));
  breakdown('step', Object.fromEntries(Object.entries(now.byStep).map(([k, v]) => [k, v.received])), (k) =>
    t('reports.stepName', { step: k }),
  );
  s.heading(t('reports.figures.suggestions'));
  s.line(n.format(c.report.suggestions.received));
  s.heading(t('reports.figures.other'));
  s.line(n.format(c.report.other.received));
  return doc.save();
}

/** The e-mail that carries the monthly report: subject and text in the organisation's language. */
export function monthlyReportMail(month: string, language: Language): { subject: string; text: string } {
  const t = translatorFor(language);
  const monthName = new Intl.DateTimeFormat(language, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-15T12:00:00Z`));
  return {
    subject: t('reports.monthly.subject', { month: monthName }),
    text: t('reports.monthly.body', { month: monthName }),
  };
}
