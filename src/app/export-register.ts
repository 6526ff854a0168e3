// The register of cases of a period (P6, P7: one row per case, for an auditor or a regulator), read page by page
// in the order of receipt so that a year of cases streams in constant memory: an async iterator the CLI and the
// reports page write out as CSV or JSON lines (src/adapters/report/register-export.ts).
import { Temporal } from 'temporal-polyfill';
import {
  type RegisterCase,
  type RegisterRecord,
  registerCases,
  registerFacts,
} from '../adapters/db/register.repo.ts';
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
  // A page's cases are read, then their events; the next page's cases are read while this page's events are, and
  // its events while this page is written out (on PostgreSQL, two connections at work beside this process). One
  // page ahead at most, so that memory stays flat however slowly the rows are taken.
  const ahead = (after: RegisterCase | null) =>
    registerCases(
      db,
      start,
      endExclusive,
      after && { receivedAt: after.received_at, id: after.id },
      pageSize,
      filter,
    ).then((rows) => {
      const records = registerFacts(db, engine, rows);
      // Awaited below; a reader that stops early leaves it behind, so its failure must not go unhandled.
      records.catch(() => {});
      return { rows, records };
    });
  let current = ahead(null);
  for (;;) {
    const { rows, records } = await current;
    const next = rows.length < pageSize ? null : ahead(rows.at(-1)!);
    next?.catch(() => {});
    for (const r of await records) yield entryOf(r, labels, now);
    if (!next) return;
    current = next;
  }
}

function entryOf(
  r: RegisterRecord,
  labels: ReadonlyMap<string, string | undefined>,
  now: string,
): RegisterEntry {
  return registerEntry(
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
      extensions: r.extensions,
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
}
