// The register of cases of a period (P6, P7: one row per case, for an auditor or a regulator), read page by page
// in the order of receipt so that a year of cases streams in constant memory: an async iterator the CLI and the
// reports page write out as CSV or JSON lines (src/adapters/report/register-export.ts).
import { Temporal } from 'temporal-polyfill';
import { type RegisterCursor, registerPage } from '../adapters/db/register.repo.ts';
import { type RegisterEntry, registerEntry } from '../core/report/register.ts';
import type { ReportFilter } from '../core/report/report-filter.ts';
import type { AppContext } from './context.ts';
import type { ReportPeriod } from './report-cases.ts';

/** Cases read per query: large enough to stream fast, small enough that memory stays flat. */
export const REGISTER_PAGE = 2000;

export async function* registerEntries(
  ctx: AppContext,
  period: ReportPeriod,
  pageSize = REGISTER_PAGE,
  filter: ReportFilter = {},
): AsyncGenerator<RegisterEntry> {
  if (period.to < period.from)
    throw new RangeError(`the register's period ends (${period.to}) before it starts (${period.from})`);
  const now = ctx.clock.now();
  const start = ctx.calendars.startOfDay(period.from);
  const endExclusive = ctx.calendars.startOfDay(Temporal.PlainDate.from(period.to).add({ days: 1 }));
  const { db, engine } = ctx.database;
  // Labels in the organisation's language, beside the keys that never change; a key no longer known shows as is.
  const lang = ctx.config.defaultLanguage;
  const labels = new Map((ctx.config.categoryCatalogue ?? []).map((c) => [c.key, c.labels[lang]]));
  let cursor: RegisterCursor | null = null;
  for (;;) {
    const page = await registerPage(db, engine, start, endExclusive, cursor, pageSize, filter);
    for (const r of page)
      yield registerEntry(
        {
          reference: r.reference,
          kind: r.kind,
          step: r.step,
          channel: r.channel,
          category: r.category,
          language: r.language,
          status: r.status,
          outcome: r.outcome,
          receivedAt: r.received_at,
          acknowledgeBy: r.acknowledge_by,
          acknowledgedAt: r.acknowledged_at,
          answerBy: r.answer_by,
          answeredAt: r.answered_at,
          extensions: Number(r.extensions),
          firstAnswerBy: r.first_answer_by,
          remedy: r.remedy,
          categoryLabel: r.category ? (labels.get(r.category) ?? r.category) : null,
          rootCause: r.root_cause,
          rootCauseNote: r.root_cause_note,
          remedyAmount: r.remedy_amount,
          remedyCurrency: r.remedy_currency,
        },
        now,
      );
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    cursor = { receivedAt: last.received_at, id: last.id };
  }
}
