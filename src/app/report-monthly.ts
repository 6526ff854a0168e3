// The monthly report mailed to management (P7): on the first working day of each month (the organisation's business
// calendar), the figures of the month before against the month before that, as a PDF in the organisation's
// language, put in the outbox for each address administrators set in the `monthlyReport` setting, and for no
// other address. One report per month whatever happens: the month is claimed in the same transaction that puts
// the mails in the outbox (a unique key in alerts_sent), so a second check, a restart or a second instance sends
// nothing more, and a failure before the commit leaves the month unclaimed for the next check.
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { claimAlert } from '../adapters/db/sweep.repo.ts';
import { monthlyReportDue } from '../core/report/monthly-report.ts';
import type { AppContext } from './context.ts';
import { languageOf, queueEmail } from './outbound-mail.ts';
import { reportCases } from './report-cases.ts';

export interface MonthlyReportSent {
  month: string;
  recipients: string[];
}

/** The key that claims a month's report. */
export const monthlyReportKey = (month: string) => `monthly-report:${month}`;

/**
 * Sends the report of the month before when today (local) is the first working day of the month, the report is
 * switched on and has recipients, and this month's report has not been claimed yet; else does nothing (null).
 */
export async function sendMonthlyReport(ctx: AppContext): Promise<MonthlyReportSent | null> {
  const settings = ctx.config.monthlyReport;
  if (!settings.enabled || settings.recipients.length === 0) return null;
  const now = ctx.clock.now();
  const due = monthlyReportDue(ctx.calendar.localDate(now), ctx.calendar);
  if (!due) return null;
  const [y, m] = due.month.split('-').map(Number) as [number, number];
  const before = new Date(Date.UTC(y, m - 2, 1));
  const previousFrom = before.toISOString().slice(0, 10);
  const previousTo = new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
  // Read outside the transaction: the figures do not need its lock.
  const [report, previous] = await Promise.all([
    reportCases(ctx, { from: due.from, to: due.to }),
    reportCases(ctx, { from: previousFrom, to: previousTo }),
  ]);
  const language = languageOf(ctx.config, ctx.config.defaultLanguage);
  // Loaded when a report is made, not when the server starts: the PDF library is large and needed once a month.
  const { monthlyReportMail, renderMonthlyReportPdf } = await import('../adapters/pdf/report-pdf.ts');
  const pdf = await renderMonthlyReportPdf(
    {
      organisation: ctx.config.organisation.name,
      month: due.month,
      report,
      previous,
      generatedAt: now,
      timeZone: ctx.config.timezone,
      categories: ctx.config.categoryCatalogue ?? [],
    },
    language,
  );
  const mail = monthlyReportMail(due.month, language);
  // One address each, checked again here: only what the setting holds (the setting's schema has checked them).
  const recipients = [...new Set(settings.recipients.map((r) => r.trim().toLowerCase()))];
  const sent = await ctx.database.transaction(async (trx) => {
    if (!(await claimAlert(trx, monthlyReportKey(due.month), now))) return false;
    const { sha256 } = await new DatabaseOriginals(trx).put(pdf, 'application/pdf', now);
    for (const to of recipients)
      await queueEmail(ctx, trx, {
        caseId: null,
        purpose: 'monthly_report',
        audience: 'staff',
        fromRole: 'complaints',
        to,
        subject: mail.subject,
        text: mail.text,
        language,
        inReplyTo: null,
        references: [],
        autoSubmitted: 'auto-generated',
        attachments: [
          { sha256, filename: `complaints-report-${due.month}.pdf`, contentType: 'application/pdf' },
        ],
        templateVersion: null,
        actor: 'system',
      });
    return true;
  });
  return sent ? { month: due.month, recipients } : null;
}

/** Checks every hour (and a minute after start) whether the month's report is due; like the retention run. */
export function startMonthlyReportSchedule(
  ctx: AppContext,
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
  options: { firstCheckAfterMs?: number } = {},
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (stopped || running) return;
    running = sendMonthlyReport(ctx)
      .then((r) => {
        if (r) log.info({ monthlyReport: r }, 'monthly report put in the outbox for management');
      })
      .catch((e: unknown) =>
        log.error({ err: e }, 'monthly report failed; the next hourly check tries again'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, 3_600_000);
  timer.unref();
  setTimeout(tick, options.firstCheckAfterMs ?? 60_000).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
