// The register of cases of a period (P6, P7: one row per case, for an auditor or a regulator), read page by page
// in the order of receipt so that a year of cases streams in constant memory: an async iterator the CLI and the
// reports page write out as CSV or JSON lines (src/adapters/report/register-export.ts).
import { Temporal } from 'temporal-polyfill';
import { withAcknowledgementGiven } from '../adapters/db/acknowledgements.repo.ts';
import { type RegisterRecord, registerPage } from '../adapters/db/register.repo.ts';
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
  const { db } = ctx.database;
  // Labels in the organisation's language, beside the keys that never change; a key no longer known shows as is.
  const lang = ctx.config.defaultLanguage;
  const labels = new Map((ctx.config.categoryCatalogue ?? []).map((c) => [c.key, c.labels[lang]]));
  // The next page is read while this one is written out (on PostgreSQL, by another connection while this process
  // formats). One page ahead at most, so that memory stays flat however slowly the rows are taken.
  // Each case acknowledged when its acknowledgement was given, not recorded (acknowledgement-given.ts): an e-mail
  // held in the outbox is not given, and the register says the promise is overdue, as the report counts it.
  const ahead = async (after: RegisterRecord | null) =>
    withAcknowledgementGiven(
      db,
      await registerPage(
        db,
        start,
        endExclusive,
        after && { receivedAt: after.received_at, id: after.id },
        pageSize,
        filter,
      ),
    );
  let current = ahead(null);
  for (;;) {
    const rows = await current;
    const next = rows.length < pageSize ? null : ahead(rows.at(-1)!);
    // Awaited on the next turn; a reader that stops early leaves it behind, so its failure must not go unhandled.
    next?.catch(() => {});
    for (const r of rows) yield entryOf(r, labels, now);
    if (!next) return;
    current = next;
  }
}

function entryOf(
  r: RegisterRecord,
  labels: ReadonlyMap<string, string | undefined>,
  now: string,
): RegisterEntry {
  const extensions = Number(r.extensions);
  // What an answer recorded counts while the case stands answered (a case reopened since has no answer in force).
  const answered = r.answered_at !== null;
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
      answerBy: r.procedure_answer_by,
      answeredAt: r.answered_at,
      extensions,
      // Set only where an extension or the days waited on the complainant moved the date (promise.ts measuredPromise).
      firstAnswerBy: r.first_answer_by,
      remedy: answered ? r.remedy : null,
      categoryLabel: r.category ? (labels.get(r.category) ?? r.category) : null,
      rootCause: answered ? r.root_cause : null,
      rootCauseNote: answered ? r.root_cause_note : null,
      remedyAmount: answered ? r.remedy_amount : null,
      remedyCurrency: answered ? r.remedy_currency : null,
    },
    now,
  );
}
