// The monitoring report read as a manager reads it, checked figure by figure against a count made here, in the
// test, from the cases' own events: random histories built through the use cases (complaints by e-mail and by
// letter, of several categories, acknowledged in time or late or never, extended, answered in time or late or not
// yet, escalated to step 2, closed and reopened; suggestions forwarded; messages reclassified as not complaints),
// received around the month ends, the year's end, both daylight-saving changes of Europe/Berlin and the holidays
// of Baden-Württemberg, and read at a random instant. Every figure of the report (received, acknowledged (in time),
// answered (in time), open and overdue, extended, escalated, mean days to answer, by step, month, channel,
// category, language and outcome; which promise each answer kept, the extensions, the business days to
// acknowledge and to answer, reopened; suggestions and other messages) must equal the count made from the events,
// for whole months, random periods and filters.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { caseStream } from '../../src/adapters/db/aggregates.repo.ts';
import { loadStream, readStream } from '../../src/adapters/db/event-store.ts';
import { afterCaseOpened } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { markLetterPosted } from '../../src/app/mark-letter-posted.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { openCase } from '../../src/app/open-case.ts';
import { type LetterInput, type RegisteredLetter, registerLetter } from '../../src/app/register-letter.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { type CaseReport, type Compliance, reportCases } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { loadConfig } from '../../src/config.ts';
import type { CaseState } from '../../src/core/case/case.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import type { PromiseFigures } from '../../src/core/report/promise-figures.ts';
import type { RegisterEntry } from '../../src/core/report/register.ts';
import type { ReportFilter } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Instants around the edges that matter, in UTC: the last evening of a month in Berlin (23:30 local), the first
 * minutes of the next, the daylight-saving changes (29 March and 25 October 2026), Christmas and the year's end,
 * Epiphany (a holiday in Baden-Württemberg).
 */
const ANCHORS = [
  '2026-03-27T22:30:00.000Z', // Friday 23:30 in Berlin, winter time
  '2026-03-29T00:30:00.000Z', // the night summer time starts
  '2026-03-31T21:30:00.000Z', // 31 March 23:30 in Berlin (summer time): March
  '2026-03-31T22:10:00.000Z', // 1 April 00:10 in Berlin: April
  '2026-10-23T10:00:00.000Z',
  '2026-10-25T00:30:00.000Z', // the night winter time starts
  '2026-10-31T22:30:00.000Z', // 31 October 23:30 in Berlin (winter time): October
  '2026-10-31T23:10:00.000Z', // 1 November 00:10 in Berlin
  '2026-11-30T22:30:00.000Z', // 30 November 23:30 in Berlin
  '2026-12-23T15:00:00.000Z',
  '2026-12-31T22:30:00.000Z', // 31 December 23:30 in Berlin: 2026
  '2026-12-31T23:10:00.000Z', // 1 January 2027 00:10 in Berlin: 2027
  '2027-01-05T16:00:00.000Z', // the day before Epiphany
];

interface Plan {
  anchor: number;
  /** Minutes from the anchor (either way). */
  shift: number;
  kind: 'complaint' | 'suggestion' | 'other';
  channel: 'email' | 'letter';
  language: 'fr' | 'en' | 'de';
  category: string | null;
  /** Hours after receipt (null: never). */
  ackAfter: number | null;
  /** Share of the way to the answer date at which an extension is told (null: none), and its length. */
  extendAt: number | null;
  extendDays: number;
  secondExtension: boolean;
  answerAfter: number | null;
  outcome: 'upheld' | 'partly_upheld' | 'not_upheld';
  /** Hours after the answer (null: never). */
  escalateAfter: number | null;
  closeAfter: number | null;
  reopen: boolean;
  /** The same person writes again and the case is merged into their earlier one as a duplicate. */
  duplicate: boolean;
  /** A letter: days between its arrival and its registration. */
  lateDays: number;
  /**
   * A letter is registered as staff register it (register-letter.ts): with a scan or typed only (then kept once by
   * a keyed hash of what was typed, so the same form sent twice is one letter), from a writer with or without an
   * e-mail address (without one, the acknowledgement or the thanks is a letter to post).
   */
  scan: boolean;
  typedTwice: boolean;
  writerEmail: boolean;
  /**
   * A later letter of the same writer, `afterHours` after the case was received: at step 1 or 2, quoting the case's
   * reference (a merged case's stands for the case kept; a suggestion's or a reclassified message's opens a step-2
   * complaint) or none, sent `twice` (two letters, different words: the second goes where the first went).
   */
  laterLetter: { step: 1 | 2; afterHours: number; quote: boolean; twice: boolean; scan: boolean } | null;
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  anchor: fc.nat({ max: ANCHORS.length - 1 }),
  shift: fc.integer({ min: -90, max: 90 }),
  kind: fc.constantFrom('complaint', 'complaint', 'complaint', 'suggestion', 'other'),
  channel: fc.constantFrom('email', 'letter'),
  language: fc.constantFrom('fr', 'en', 'de'),
  category: fc.constantFrom(null, 'billing', 'dns'),
  ackAfter: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null, freq: 5 }),
  extendAt: fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { nil: null, freq: 2 }),
  extendDays: fc.integer({ min: 1, max: 8 }),
  secondExtension: fc.boolean(),
  answerAfter: fc.option(fc.integer({ min: 1, max: 700 }), { nil: null, freq: 4 }),
  outcome: fc.constantFrom('upheld', 'partly_upheld', 'not_upheld'),
  escalateAfter: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null, freq: 2 }),
  closeAfter: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null, freq: 2 }),
  reopen: fc.boolean(),
  duplicate: fc.boolean(),
  lateDays: fc.constantFrom(0, 0, 0, 4, 12, 25),
  scan: fc.boolean(),
  typedTwice: fc.boolean(),
  writerEmail: fc.constantFrom(true, true, false),
  laterLetter: fc.option(
    fc.record({
      step: fc.constantFrom(1 as const, 2 as const, 2 as const),
      afterHours: fc.integer({ min: 2, max: 600 }),
      quote: fc.constantFrom(true, true, false),
      twice: fc.boolean(),
      scan: fc.boolean(),
    }),
    { nil: null, freq: 2 },
  ),
});

/** A small scan whose bytes are its own (a PDF's first bytes, then the words that make it one letter). */
const scanOf = (words: string) => ({
  content: new TextEncoder().encode(`%PDF-1.4\n% ${words}\n%%EOF\n`),
  contentType: 'application/pdf',
});

const iso = (ms: number) => new Date(ms).toISOString();
const localDate = (instant: string) =>
  Temporal.Instant.from(instant).toZonedDateTimeISO(ZONE).toPlainDate().toString();

/** What the events of one case say, as the procedure reads them. */
interface Facts {
  kind: string;
  otherReason: string | null;
  step: number;
  channel: string;
  language: string;
  category: string | null;
  receivedAt: string;
  acknowledgeBy: string | null;
  /** The procedure's date (moved by extensions told before any renewal). */
  answerBy: string | null;
  firstAnswerBy: string | null;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  outcome: string | null;
  extensions: Array<{ at: string; previousAnswerByDate: string }>;
  escalated: boolean;
  reopened: boolean;
  closed: boolean;
  suggestionStatus: string | null;
  merged: boolean;
  department: string | null;
  doneAt: string | null;
  /** The step-1 case a step-2 case is linked to. */
  step1CaseId: string | null;
}

function factsOf(events: Array<{ type: string; at: string; payload: unknown }>): Facts {
  // biome-ignore lint/suspicious/noExplicitAny: the payloads of many event types, read by their documented names
  const p = (e: { payload: unknown }) => e.payload as any;
  const received = p(events[0]!);
  assert.equal(events[0]!.type, 'case_received');
  const f: Facts = {
    kind: received.kind,
    otherReason: null,
    step: received.step ?? 1,
    channel: received.channel,
    language: received.language,
    category: null,
    receivedAt: received.receivedAt,
    acknowledgeBy: received.deadline?.acknowledgeBy ?? null,
    answerBy: received.deadline?.answerBy ?? null,
    firstAnswerBy: null,
    acknowledgedAt: null,
    answeredAt: null,
    outcome: null,
    extensions: [],
    escalated: false,
    reopened: false,
    closed: false,
    suggestionStatus: received.kind === 'suggestion' ? 'received' : null,
    merged: false,
    department: null,
    doneAt: null,
    step1CaseId: received.step1CaseId ?? null,
  };
  let renewed = false;
  let renewedFrom: string | null = null;
  for (const e of events.slice(1)) {
    const x = p(e);
    switch (e.type) {
      case 'reclassified':
        f.kind = x.to;
        f.otherReason = x.reason;
        break;
      case 'categorised':
        f.category = x.to;
        break;
      case 'acknowledged':
        f.acknowledgedAt ??= e.at;
        break;
      case 'extended':
        // After a renewal of the promise, an extension's lead is counted against the procedure's date (promise.ts).
        f.extensions.push({
          at: e.at,
          previousAnswerByDate: renewedFrom ?? x.previousAnswerByDate,
        });
        if (!renewed) {
          f.firstAnswerBy ??= x.previousAnswerBy;
          f.answerBy = x.answerBy;
        }
        break;
      case 'promise_renewed':
        renewed = true;
        renewedFrom ??= x.from.answerByDate;
        break;
      case 'answered':
        f.answeredAt ??= e.at;
        f.outcome = x.outcome;
        break;
      case 'escalated':
      // A step-2 letter taking the case to step 2 (P1.2) is an escalation as much as the staff command (P7.2).
      case 'step2_linked':
        f.escalated = true;
        break;
      case 'closed':
        f.closed = true;
        break;
      case 'reopened':
        f.reopened = true;
        f.closed = false;
        break;
      case 'merged_into':
        f.merged = true;
        break;
      case 'case_merged':
        // A duplicate received earlier brings its earlier answer date (case.ts earlierAnswerDate).
        if (x.deadline) f.answerBy = x.deadline.answerBy;
        break;
      case 'suggestion_forwarded':
        f.suggestionStatus = 'forwarded';
        f.department = x.department;
        break;
      case 'suggestion_done':
        f.suggestionStatus = 'done';
        f.doneAt ??= e.at;
        break;
    }
  }
  return f;
}

/** Working days after local date `from` up to and including `to` (negative when `to` is earlier). */
function workingDays(ctx: AppContext, from: string, to: string): number {
  let a = Temporal.PlainDate.from(from);
  const b = Temporal.PlainDate.from(to);
  const sign = Temporal.PlainDate.compare(a, b) <= 0 ? 1 : -1;
  let n = 0;
  while (!a.equals(b)) {
    a = a.add({ days: sign });
    if (sign > 0 ? ctx.calendar.isWorkingDay(a) : ctx.calendar.isWorkingDay(a.add({ days: 1 }))) n += sign;
  }
  return n;
}

const nearest = (values: number[], p: number) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
};

function matches(f: Facts, filter: ReportFilter): boolean {
  if (filter.step !== undefined && f.step !== filter.step) return false;
  if (filter.channel !== undefined && f.channel !== filter.channel) return false;
  if (filter.language !== undefined && f.language !== filter.language) return false;
  if (filter.category !== undefined && f.category !== filter.category) return false;
  if (filter.outcome !== undefined && f.outcome !== filter.outcome) return false;
  if (filter.department !== undefined && f.department !== filter.department) return false;
  // Nobody is given a case in these histories: "owned by nobody" is every case.
  if (filter.owner !== undefined && filter.owner !== null) return false;
  return true;
}

/** The figures the report should show, counted here from the facts. */
function expected(
  ctx: AppContext,
  all: Facts[],
  from: string,
  to: string,
  now: string,
  filter: ReportFilter,
) {
  const inPeriod = all.filter((f) => {
    const d = localDate(f.receivedAt);
    return d >= from && d <= to && !f.merged && matches(f, filter);
  });
  const complaints = inPeriod.filter((f) => f.kind === 'complaint');
  const compliance = (cs: Facts[]) => {
    const answered = cs.filter((f) => f.answeredAt);
    const c: Compliance = {
      received: cs.length,
      acknowledged: cs.filter((f) => f.acknowledgedAt).length,
      acknowledgedInTime: cs.filter((f) => f.acknowledgedAt && f.acknowledgedAt <= f.acknowledgeBy!).length,
      answered: answered.length,
      answeredInTime: answered.filter((f) => f.answeredAt! <= f.answerBy!).length,
      overdueOpen: cs.filter(
        (f) =>
          !f.answeredAt && !f.closed && ((!f.acknowledgedAt && now > f.acknowledgeBy!) || now > f.answerBy!),
      ).length,
      extended: cs.filter((f) => f.extensions.length > 0).length,
      escalated: cs.filter((f) => f.escalated).length,
      meanDaysToAnswer: answered.length
        ? Math.round(
            (answered.reduce((s, f) => s + Date.parse(f.answeredAt!) - Date.parse(f.receivedAt), 0) /
              DAY /
              answered.length) *
              10,
          ) / 10
        : null,
    };
    const ack = cs
      .filter((f) => f.acknowledgedAt)
      .map((f) => workingDays(ctx, localDate(f.receivedAt), localDate(f.acknowledgedAt!)));
    const ans = answered.map((f) => workingDays(ctx, localDate(f.receivedAt), localDate(f.answeredAt!)));
    const lead = { first: {} as Record<string, number>, further: {} as Record<string, number> };
    for (const f of cs)
      f.extensions.forEach((e, i) => {
        const m = i === 0 ? lead.first : lead.further;
        const k = String(workingDays(ctx, localDate(e.at), e.previousAnswerByDate));
        m[k] = (m[k] ?? 0) + 1;
      });
    const promises = {
      answeredByOriginalDate: answered.filter((f) => f.answeredAt! <= (f.firstAnswerBy ?? f.answerBy!))
        .length,
      answeredByExtendedDate: answered.filter(
        (f) => f.answeredAt! > (f.firstAnswerBy ?? f.answerBy!) && f.answeredAt! <= f.answerBy!,
      ).length,
      answeredLate: answered.filter((f) => f.answeredAt! > f.answerBy!).length,
      extensionsFirst: cs.filter((f) => f.extensions.length > 0).length,
      extensionsFurther: cs.reduce((s, f) => s + Math.max(0, f.extensions.length - 1), 0),
      extensionLeadDays: lead,
      businessDaysToAcknowledge: { n: ack.length, median: nearest(ack, 0.5), p90: nearest(ack, 0.9) },
      businessDaysToAnswer: { n: ans.length, median: nearest(ans, 0.5), p90: nearest(ans, 0.9) },
      reopened: cs.filter((f) => f.reopened).length,
    };
    return { compliance: c, promises };
  };
  const count = (key: (f: Facts) => string | null, fs: Facts[]) => {
    const m: Record<string, number> = {};
    for (const f of fs) {
      const k = key(f);
      if (k !== null) m[k] = (m[k] ?? 0) + 1;
    }
    return m;
  };
  const byStep: Record<string, ReturnType<typeof compliance>> = {};
  for (const step of new Set(complaints.map((f) => String(f.step))))
    byStep[step] = compliance(complaints.filter((f) => String(f.step) === step));
  const suggestions = inPeriod.filter((f) => f.kind === 'suggestion');
  const other = inPeriod.filter((f) => f.kind === 'other');
  const byDepartment: Record<string, { received: number; done: number; businessDaysToDone: object }> = {};
  for (const department of new Set(suggestions.map((f) => f.department ?? 'none'))) {
    const of = suggestions.filter((f) => (f.department ?? 'none') === department);
    const days = of
      .filter((f) => f.doneAt)
      .map((f) => workingDays(ctx, localDate(f.receivedAt), localDate(f.doneAt!)));
    byDepartment[department] = {
      received: of.length,
      done: days.length,
      businessDaysToDone: { n: days.length, median: nearest(days, 0.5), p90: nearest(days, 0.9) },
    };
  }
  return {
    all: compliance(complaints),
    byStep,
    byMonth: count((f) => localDate(f.receivedAt).slice(0, 7), complaints),
    byChannel: count((f) => f.channel, complaints),
    byCategory: count((f) => f.category ?? 'none', complaints),
    byLanguage: count((f) => f.language, complaints),
    byOutcome: count((f) => f.outcome, complaints),
    suggestions: suggestions.length,
    suggestionsByStatus: count((f) => f.suggestionStatus, suggestions),
    byDepartment,
    other: other.length,
    otherByReason: count((f) => f.otherReason ?? 'none', other),
  };
}

function compare(report: CaseReport, want: ReturnType<typeof expected>, label: string) {
  const c = report.complaints;
  const pick = (x: Compliance) => ({
    received: x.received,
    acknowledged: x.acknowledged,
    acknowledgedInTime: x.acknowledgedInTime,
    answered: x.answered,
    answeredInTime: x.answeredInTime,
    overdueOpen: x.overdueOpen,
    extended: x.extended,
    escalated: x.escalated,
    meanDaysToAnswer: x.meanDaysToAnswer,
  });
  const promises = (p: PromiseFigures) => ({
    answeredByOriginalDate: p.answeredByOriginalDate,
    answeredByExtendedDate: p.answeredByExtendedDate,
    answeredLate: p.answeredLate,
    extensionsFirst: p.extensionsFirst,
    extensionsFurther: p.extensionsFurther,
    extensionLeadDays: p.extensionLeadDays,
    businessDaysToAcknowledge: p.businessDaysToAcknowledge,
    businessDaysToAnswer: p.businessDaysToAnswer,
    reopened: p.reopened,
  });
  assert.deepEqual(pick(c), want.all.compliance, `${label}: complaints`);
  assert.deepEqual(promises(c.promises), want.all.promises, `${label}: promises`);
  assert.deepEqual(
    Object.fromEntries(Object.entries(c.byStep).map(([k, v]) => [k, pick(v)])),
    Object.fromEntries(Object.entries(want.byStep).map(([k, v]) => [k, v.compliance])),
    `${label}: by step`,
  );
  for (const [step, w] of Object.entries(want.byStep))
    assert.deepEqual(promises(c.promises.byStep[step]!), w.promises, `${label}: promises of step ${step}`);
  assert.deepEqual(c.byMonth, want.byMonth, `${label}: by month`);
  assert.deepEqual(c.byChannel, want.byChannel, `${label}: by channel`);
  assert.deepEqual(c.byCategory, want.byCategory, `${label}: by category`);
  assert.deepEqual(c.byLanguage, want.byLanguage, `${label}: by language`);
  assert.deepEqual(c.byOutcome, want.byOutcome, `${label}: by outcome`);
  assert.equal(report.suggestions.received, want.suggestions, `${label}: suggestions`);
  assert.deepEqual(report.suggestions.byStatus, want.suggestionsByStatus, `${label}: suggestions by status`);
  assert.deepEqual(report.suggestions.byDepartment, want.byDepartment, `${label}: suggestions by department`);
  assert.equal(report.other.received, want.other, `${label}: other`);
  assert.deepEqual(report.other.byReason, want.otherByReason, `${label}: other by reason`);
}

/**
 * The regulator's return of a half year, counted from the facts as they stood at its end (regulator.ts says what each
 * bucket holds).
 */
function expectedReturn(ctx: AppContext, all: Facts[], from: string, to: string) {
  const bucket = () => ({
    received: 0,
    answeredWithin3BusinessDays: 0,
    answeredWithinPromisedDate: 0,
    answeredAfterPromisedDate: 0,
    open: 0,
    upheld: 0,
    decided: 0,
  });
  const total = bucket();
  const byCategory: Record<string, ReturnType<typeof bucket>> = {};
  for (const f of all) {
    const d = localDate(f.receivedAt);
    if (d < from || d > to || f.merged || f.kind !== 'complaint') continue;
    const key = f.category ?? 'none';
    byCategory[key] ??= bucket();
    for (const b of [total, byCategory[key]!]) {
      b.received++;
      if (!f.answeredAt) {
        // Closed without an answer (withdrawn): received, not owed an answer.
        if (!f.closed) b.open++;
      } else if (workingDays(ctx, d, localDate(f.answeredAt)) <= 3) b.answeredWithin3BusinessDays++;
      else if (f.answeredAt <= f.answerBy!) b.answeredWithinPromisedDate++;
      else b.answeredAfterPromisedDate++;
      if (f.outcome) {
        b.decided++;
        if (f.outcome !== 'not_upheld') b.upheld++;
      }
    }
  }
  const finish = ({ decided, ...b }: ReturnType<typeof bucket>) => ({
    ...b,
    upheldShare: decided ? Math.round((b.upheld / decided) * 1000) / 1000 : null,
  });
  return {
    ...finish(total),
    byCategory: Object.fromEntries(Object.entries(byCategory).map(([k, b]) => [k, finish(b)])),
  };
}

type Step = { at: number; run: () => Promise<unknown> };

for (const engine of ENGINES) {
  describe(`the report against the cases' events on ${engine}`, () => {
    const dbs: TestDatabase[] = [];
    after(async () => {
      for (const d of dbs) await d.drop();
    });

    it('every figure equals the count made from the events, for months, random periods and filters', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(planArb, { minLength: 4, maxLength: 12 }),
          fc.integer({ min: 0, max: 120 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 330 }), fc.integer({ min: 0, max: 120 })), {
            minLength: 1,
            maxLength: 3,
          }),
          // After which steps of the history a report is read in the middle of it (the counts kept per day are
          // then counted again by the next report after the writes that follow).
          fc.uniqueArray(fc.nat({ max: 60 }), { maxLength: 4 }),
          // The acknowledgement's deadline: 24 calendar hours, or one working day (P3.1).
          fc.constantFrom('24h', '1wd'),
          async (plans, nowDays, periods, readsDuring, acknowledgeWithin) => {
            const tdb = await createTestDatabase(engine);
            dbs.push(tdb);
            const clock = fixedClock('2026-01-01T00:00:00.000Z');
            const ctx = createAppContext(
              loadConfig({
                env: {
                  REDRESS_HOLIDAYS: 'DE-BW',
                  REDRESS_TIMEZONE: ZONE,
                  REDRESS_ACKNOWLEDGE_WITHIN: acknowledgeWithin,
                  REDRESS_DEPARTMENTS: JSON.stringify([
                    { name: 'network', email: 'network@example.org' },
                    { name: 'domains', email: 'domains@example.org' },
                  ]),
                },
              }),
              tdb.database,
              { clock },
            );
            // Read at an instant among the cases: some open, some overdue, some answered.
            const now = Date.parse('2026-10-20T00:00:00.000Z') + nowDays * DAY + 7 * HOUR;
            const steps: Step[] = [];
            const ids: string[] = [];
            const emails: string[] = [];
            /** The cases letters opened, and what each later letter was registered on. */
            const letterOpened = new Set<string>();
            const stateOf = async (id: string) =>
              (await loadStream<CaseState>(tdb.database.db, caseStream(id))).state!;
            /** The case a reference stands for: the case kept, for one merged into it. */
            const keptOf = async (id: string) => {
              let s = await stateOf(id);
              while (s.mergedInto) s = await stateOf(s.mergedInto);
              return s;
            };
            /** Staff post the letters waiting on a case (its acknowledgement, or a suggestion's thanks). */
            const postLetters = async (id: string) => {
              for (const letterId of (await stateOf(id)).lettersToPost)
                try {
                  await markLetterPosted(ctx, id, letterId, 'u');
                } catch (e) {
                  if (!(e instanceof DomainError)) throw e;
                }
            };
            /**
             * The writer's later letters: registered `lateDays` after they arrived (two days, when late). Each is one
             * letter at one place: quoting a case, a step-1 letter is filed on it (on the case kept, for a merged
             * one) and a step-2 letter opens its step 2 or is filed on it; the second of two goes where the first
             * went. The counts then come from the events like any case's.
             */
            const laterLetter = (
              l: NonNullable<Plan['laterLetter']>,
              i: number,
              id: string,
              received: number,
              lateDays: number,
              writer: { name: string; email: string | null; postalAddress: string[] },
            ) => {
              const arrival = received + l.afterHours * HOUR;
              const registeredAt = arrival + (lateDays > 0 ? 2 * DAY : 30 * 60_000);
              const results: Array<RegisteredLetter | null> = [];
              const register = async (n: number) => {
                const quoted = await stateOf(id);
                const kept = await keptOf(id);
                const input: LetterInput = {
                  arrived: iso(arrival + n * HOUR),
                  kind: 'complaint',
                  step: l.step,
                  complainant: writer,
                  title: l.step === 2 ? 'Transmission de réclamation - Etape 2' : 'Réclamation',
                  description: `Letter ${i}, the ${n === 0 ? 'first' : 'second'} one after.`,
                  expectations: 'An answer from the management.',
                  caseReference: l.quote ? quoted.reference : null,
                };
                let r: RegisteredLetter | null = null;
                try {
                  r = await registerLetter(ctx, input, l.scan ? scanOf(`later ${i} ${n}`) : null, 'u');
                } catch (e) {
                  // Refused (a letter quoting a case before its day, say): not part of the history.
                  if (!(e instanceof DomainError)) throw e;
                }
                results.push(r);
                if (!r?.caseId) return;
                assert.equal(r.duplicate, false, `later letter ${i}/${n} is new`);
                const on = await stateOf(r.caseId);
                if (l.quote && l.step === 1)
                  assert.equal(
                    r.caseId,
                    kept.id,
                    `a step-1 letter quoting ${quoted.reference} is filed on it`,
                  );
                if (l.step === 2) assert.equal(on.step, 2, `a step-2 letter of ${i} is on a step-2 case`);
                if (l.step === 2 && on.step === 2) assert.equal(on.kind, 'complaint');
                if (l.quote && l.step === 2 && kept.kind === 'complaint' && kept.step !== 2)
                  assert.equal(on.step1CaseId, kept.id, `the step 2 of ${kept.reference}`);
                // A second step-2 letter quoting a complaint is filed on the step-2 case the first opened. One quoting
                // nothing, a suggestion or a matter of kind other takes a step-1 complaint of the writer's still to be
                // taken to step 2 if there is one (a person with several complaints may escalate each), else goes to
                // their one step-2 case: held to the rule below (one step 2 for each step-1 case) and, without any
                // step-1 complaint, tested on its own in test/store/letters-step2-again.contract.test.ts. Two step-1 letters
                // quoting nothing are two complaints.
                const sameCase = l.step === 2 && l.quote && kept.kind === 'complaint';
                if (n === 1 && results[0]?.caseId && sameCase)
                  assert.equal(
                    r.caseId,
                    results[0].caseId,
                    `the second letter of ${i} goes where the first went`,
                  );
                if (r.caseId !== kept.id && !ids.includes(r.caseId)) letterOpened.add(r.caseId);
              };
              steps.push({ at: registeredAt, run: () => register(0) });
              if (l.twice) steps.push({ at: registeredAt + 3 * HOUR, run: () => register(1) });
            };
            const act = (id: string, command: Parameters<typeof actOnCase>[2]) => async () => {
              try {
                await actOnCase(ctx, id, command, 'u');
              } catch (e) {
                // A command the procedure refuses at that moment is simply not part of the history.
                if (!(e instanceof DomainError)) throw e;
              }
            };
            // The cases are opened in the order of their receipt, each when it arrives, and everything done to them
            // in the order it happens: the clock never goes back.
            const arrivals = plans
              .map((plan, i) => ({
                plan,
                i,
                received: Date.parse(ANCHORS[plan.anchor]!) + plan.shift * 60_000 + i * 1000,
              }))
              // A letter may be registered days after it arrived (it is received on its date of arrival): one
              // registered after its answer date is acknowledged with a renewed promise.
              .map((a) => ({
                ...a,
                opensAt: a.received + (a.plan.channel === 'letter' ? a.plan.lateDays * DAY : 0),
              }))
              .sort((x, y) => x.opensAt - y.opensAt);
            for (const { plan, i, received, opensAt } of arrivals) {
              const t0 = opensAt;
              steps.push({
                at: t0,
                run: async () => {
                  const previous = ids.length - 1;
                  const duplicate = plan.duplicate && previous >= 0;
                  const email = duplicate ? emails[previous]! : `p${i}@example.net`;
                  let id: string;
                  let opened: Awaited<ReturnType<typeof openCase>> | null = null;
                  // A letter's writer: the same person as before for a duplicate, else with or without an address.
                  const letterEmail = duplicate || plan.writerEmail ? email : null;
                  const writer = {
                    name: `Person ${i}`,
                    email: letterEmail,
                    postalAddress: [`${i} rue des Lilas`, '67000 Strasbourg'],
                  };
                  if (plan.channel === 'letter') {
                    const input: LetterInput = {
                      arrived: iso(received),
                      kind: plan.kind === 'suggestion' ? 'suggestion' : 'complaint',
                      step: plan.kind === 'suggestion' ? null : 1,
                      complainant: writer,
                      language: plan.language,
                      title: plan.kind === 'suggestion' ? 'Une idée' : 'Réclamation',
                      description: `Letter ${i}.`,
                      expectations: 'An answer, please.',
                    };
                    const scan = plan.scan ? scanOf(`letter ${i}`) : null;
                    const r = await registerLetter(ctx, input, scan, 'u');
                    assert.equal(r.duplicate, false, `letter ${i} is new`);
                    // Its clock, and every time taken, start when it arrived, not when it was registered.
                    assert.equal(r.receivedAt, iso(received), `letter ${i} received on arrival`);
                    id = r.caseId!;
                    assert.ok(!ids.includes(id), `letter ${i} opens a case of its own`);
                    letterOpened.add(id);
                    if (plan.typedTwice)
                      // The same letter registered again (a second click, or the scan a second time): one letter.
                      steps.push({
                        at: t0 + HOUR,
                        run: async () => {
                          const again = await registerLetter(ctx, input, scan, 'u');
                          assert.deepEqual(
                            { duplicate: again.duplicate, caseId: again.caseId },
                            { duplicate: true, caseId: id },
                            `letter ${i} registered twice`,
                          );
                        },
                      });
                  } else {
                    opened = await openCase(
                      ctx,
                      complaintAt(iso(received), {
                        kind: plan.kind === 'suggestion' ? 'suggestion' : 'complaint',
                        step: plan.kind === 'suggestion' ? null : 1,
                        channel: plan.channel,
                        language: plan.language,
                        complainant: { name: `Person ${i}`, email },
                      }),
                    );
                    id = opened.caseId;
                  }
                  ids.push(id);
                  emails.push(email);
                  if (plan.laterLetter) laterLetter(plan.laterLetter, i, id, received, plan.lateDays, writer);
                  if (duplicate) {
                    const into = ids[previous]!;
                    steps.push({
                      at: t0 + 2 * HOUR,
                      run: async () => {
                        try {
                          await mergeCases(ctx, into, id, 'u');
                        } catch (e) {
                          if (!(e instanceof DomainError)) throw e;
                        }
                      },
                    });
                  }
                  if (plan.kind === 'other') {
                    steps.push({
                      at: t0 + HOUR,
                      run: act(id, { type: 'reclassify', kind: 'other', reason: 'spam', note: null }),
                    });
                    return;
                  }
                  if (plan.kind === 'suggestion') {
                    if (plan.ackAfter !== null) {
                      steps.push({
                        at: t0 + plan.ackAfter * HOUR,
                        run: act(id, {
                          type: 'forward_suggestion',
                          department: plan.category === 'dns' ? 'domains' : 'network',
                          note: null,
                        }),
                      });
                      if (plan.answerAfter !== null)
                        steps.push({
                          at: t0 + (plan.ackAfter + plan.answerAfter) * HOUR,
                          run: act(id, { type: 'complete_suggestion', note: null }),
                        });
                    }
                    return;
                  }
                  if (plan.category)
                    steps.push({
                      at: t0 + 30 * 60_000,
                      run: act(id, { type: 'categorise', category: plan.category }),
                    });
                  if (plan.channel === 'letter') {
                    // Registering the letter wrote its acknowledgement: an e-mail the server takes after
                    // `ackAfter` hours, or a letter staff post then.
                    if (plan.ackAfter !== null)
                      steps.push({
                        at: t0 + plan.ackAfter * HOUR + 60_000,
                        run: async () => {
                          await sendDueMail(ctx, acceptingTransport);
                          await postLetters(id);
                        },
                      });
                  } else if (plan.ackAfter !== null && plan.shift % 2 === 0) {
                    // The doors' way: the acknowledgement is written to the outbox as the case opens (a letter
                    // registered after its answer date promising a new one) and given when the mail server takes
                    // it, here after `ackAfter` hours (the server was down).
                    await inTransaction(ctx, (agg) => afterCaseOpened(ctx, agg, opened!, null, 'test'));
                    steps.push({
                      at: t0 + plan.ackAfter * HOUR + 60_000,
                      run: () => sendDueMail(ctx, acceptingTransport),
                    });
                  } else if (plan.ackAfter !== null)
                    steps.push({
                      at: t0 + plan.ackAfter * HOUR + 60_000,
                      run: act(id, { type: 'acknowledge', channel: plan.channel, correspondenceId: null }),
                    });
                  const due = Date.parse((await stateOf(id)).deadline!.answerBy);
                  if (plan.extendAt !== null) {
                    const at = t0 + Math.max(0, due - t0) * plan.extendAt;
                    const extend = (days: number) => async () => {
                      const answerByDate = await currentAnswerByDate(ctx, id);
                      const today = Temporal.Instant.from(clock.now()).toZonedDateTimeISO(ZONE).toPlainDate();
                      const dueDay = Temporal.PlainDate.from(answerByDate);
                      let start = Temporal.PlainDate.compare(dueDay, today) > 0 ? dueDay : today;
                      while (!ctx.calendar.isWorkingDay(start)) start = start.add({ days: 1 });
                      const end = ctx.calendar.addWorkingDays(start, days);
                      await act(id, {
                        type: 'extend',
                        reason: 'We need the registry.',
                        windowStart: start.toString(),
                        windowEnd: end.toString(),
                        correspondenceId: null,
                      })();
                    };
                    steps.push({ at, run: extend(plan.extendDays) });
                    if (plan.secondExtension)
                      steps.push({ at: Math.max(due - 2 * HOUR, t0 + HOUR), run: extend(2) });
                  }
                  if (plan.answerAfter !== null) {
                    const answered = t0 + plan.answerAfter * HOUR + 120_000;
                    steps.push({
                      at: answered,
                      run: act(id, {
                        type: 'answer',
                        outcome: plan.outcome,
                        text: 'Our answer.',
                        remedy: null,
                        correspondenceId: null,
                      }),
                    });
                    if (plan.escalateAfter !== null)
                      steps.push({
                        at: answered + plan.escalateAfter * HOUR,
                        run: async () => {
                          try {
                            await escalateCase(ctx, id, 'u');
                            await sendDueMail(ctx, acceptingTransport);
                          } catch (e) {
                            if (!(e instanceof DomainError)) throw e;
                          }
                        },
                      });
                    else if (plan.closeAfter !== null) {
                      steps.push({
                        at: answered + plan.closeAfter * HOUR,
                        run: act(id, { type: 'close', reason: 'Done.' }),
                      });
                      if (plan.reopen)
                        steps.push({
                          at: answered + (plan.closeAfter + 20) * HOUR,
                          run: act(id, { type: 'reopen', reason: 'The client wrote again.' }),
                        });
                    }
                  } else if (plan.closeAfter !== null)
                    // Closed without an answer (the complainant withdrew, say), when the procedure allows it.
                    steps.push({
                      at: t0 + plan.closeAfter * HOUR,
                      run: act(id, { type: 'close', reason: 'Withdrawn by the complainant.' }),
                    });
                },
              });
            }
            const factsNow = async () => {
              const db = tdb.database.db;
              const rows = await db.selectFrom('cases').select('id').execute();
              const out: Facts[] = [];
              for (const r of rows) {
                const f = factsOf(await readStream(db, caseStream(r.id)));
                // An acknowledgement written to the complainant is given once the mail server took the e-mail
                // (or the letter was posted): when it was, not when it was recorded.
                const items = await db
                  .selectFrom('correspondence as c')
                  .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
                  .select(['c.channel', 'c.status', 'c.at'])
                  .where('c.case_id', '=', r.id)
                  .where('c.direction', '=', 'out')
                  .where('o.purpose', '=', 'acknowledgement')
                  .execute();
                if (f.acknowledgedAt && items.length)
                  f.acknowledgedAt =
                    items
                      .filter(
                        (x) =>
                          (x.channel === 'email' && x.status === 'sent') ||
                          (x.channel === 'letter' && x.status === 'posted'),
                      )
                      .map((x) => x.at)
                      .sort()[0] ?? null;
                out.push(f);
              }
              return out;
            };
            // Every case as it stood at `until` (its receipt always): a return counts the half year as at its end.
            const factsAt = async (until: string) => {
              const db = tdb.database.db;
              const rows = await db.selectFrom('cases').select('id').execute();
              const out: Facts[] = [];
              for (const r of rows) {
                const [receipt, ...rest] = await readStream(db, caseStream(r.id));
                out.push(factsOf([receipt!, ...rest.filter((e) => e.at < until)]));
              }
              return out;
            };
            for (let done = 0; ; done++) {
              steps.sort((a, b) => a.at - b.at);
              const s = steps.shift();
              if (!s || s.at > now) break;
              clock.set(iso(s.at));
              await s.run();
              if (!readsDuring.includes(done)) continue;
              const facts = await factsNow();
              for (const [from, to] of [
                ['2026-03-01', '2026-04-30'],
                ['2026-10-01', '2027-01-31'],
                ['2026-12-01', '2026-12-31'],
              ] as const)
                for (const filter of [{}, { channel: 'letter' }, { category: 'billing' }] as ReportFilter[])
                  compare(
                    await reportCases(ctx, { from, to }, filter),
                    expected(ctx, facts, from, to, clock.now(), filter),
                    `${from}..${to} ${JSON.stringify(filter)} read during the history at ${clock.now()}`,
                  );
            }
            clock.set(iso(now));
            // Every case, the step-2 ones the escalations opened included, from its events.
            const facts = await factsNow();
            const nowIso = iso(now);
            const asked: Array<[string, string]> = [
              ['2026-03-01', '2026-03-31'],
              ['2026-04-01', '2026-04-30'],
              ['2026-10-01', '2026-10-31'],
              ['2026-11-01', '2026-11-30'],
              ['2026-12-01', '2026-12-31'],
              ['2027-01-01', '2027-01-31'],
              ['2026-01-01', '2026-12-31'],
              ...periods.map(([a, len]): [string, string] => {
                const from = Temporal.PlainDate.from('2026-03-15').add({ days: a });
                return [from.toString(), from.add({ days: len }).toString()];
              }),
            ];
            const filters: ReportFilter[] = [
              {},
              { step: 1 },
              { step: 2 },
              { channel: 'letter' },
              { category: 'billing' },
              { category: null },
              { language: 'de', channel: 'email' },
              { outcome: 'upheld' },
              { outcome: null, step: 1 },
              { department: 'network' },
              { department: null },
              { owner: null },
              { owner: null, step: 2 },
            ];
            // Each complaint counted once at each step: no step-1 case has two step-2 cases, however many
            // step-2 letters, escalations and letters quoting it (or a case merged into it) came.
            const step2Of = new Map<string, number>();
            for (const f of facts)
              if (f.step === 2 && f.step1CaseId && !f.merged)
                step2Of.set(f.step1CaseId, (step2Of.get(f.step1CaseId) ?? 0) + 1);
            for (const [step1, n] of step2Of) assert.equal(n, 1, `the step-2 cases of ${step1}`);
            // A return, filtered or not, counts each complaint as it stood at the half year's end and selects it by
            // its values then (a case categorised, answered or taken to step 2 later is selected as it was).
            for (const half of ['2026-H1', '2026-H2', '2027-H1']) {
              let factsAtEnd: Facts[] | null = null;
              for (const filter of [{}, ...filters]) {
                const { half: _, from, to, ...got } = await regulatorSummary(ctx, half, filter);
                const until = ctx.calendars.startOfDay(Temporal.PlainDate.from(to).add({ days: 1 }));
                factsAtEnd ??= await factsAt(until);
                const atEnd = factsAtEnd.filter((f) => matches(f, filter));
                const want = expectedReturn(ctx, atEnd, from, to);
                assert.deepEqual(
                  { ...got, byCategory: { ...got.byCategory } },
                  want,
                  `the return of ${half} ${JSON.stringify(filter)} at ${nowIso}`,
                );
              }
            }
            for (const [from, to] of asked)
              for (const filter of filters) {
                const report = await reportCases(ctx, { from, to }, filter);
                const want = expected(ctx, facts, from, to, nowIso, filter);
                const label = `${from}..${to} ${JSON.stringify(filter)} at ${nowIso}`;
                compare(report, want, label);
                // The register of the same period and filter: one row per case counted, each promise as counted.
                const rows: RegisterEntry[] = [];
                for await (const e of registerEntries(ctx, { from, to }, undefined, filter)) rows.push(e);
                const complaints = rows.filter((e) => e.kind === 'complaint');
                const p = want.all.promises;
                assert.deepEqual(
                  {
                    received: complaints.length,
                    acknowledgedInTime: complaints.filter((e) => e.acknowledgementMet === 'met').length,
                    acknowledged: complaints.filter((e) => e.acknowledgedAt !== null).length,
                    answered: complaints.filter((e) => e.answeredAt !== null).length,
                    original: complaints.filter((e) => e.answerMet === 'original').length,
                    extended: complaints.filter((e) => e.answerMet === 'extended').length,
                    late: complaints.filter((e) => e.answerMet === 'late').length,
                    overdueOpen: complaints.filter(
                      (e) => e.acknowledgementMet === 'overdue' || e.answerMet === 'overdue',
                    ).length,
                    suggestions: rows.filter((e) => e.kind === 'suggestion').length,
                    other: rows.filter((e) => e.kind === 'other').length,
                  },
                  {
                    received: want.all.compliance.received,
                    acknowledgedInTime: want.all.compliance.acknowledgedInTime,
                    acknowledged: want.all.compliance.acknowledged,
                    answered: want.all.compliance.answered,
                    original: p.answeredByOriginalDate,
                    extended: p.answeredByExtendedDate,
                    late: p.answeredLate,
                    overdueOpen: want.all.compliance.overdueOpen,
                    suggestions: want.suggestions,
                    other: want.other,
                  },
                  `${label}: the register`,
                );
                // Its rows say each complaint's channel and step as the report counts them: a letter at step 1
                // or 2 once, on the channel it came by.
                const tally = (key: (e: RegisterEntry) => string) => {
                  const m: Record<string, number> = {};
                  for (const e of complaints) m[key(e)] = (m[key(e)] ?? 0) + 1;
                  return m;
                };
                assert.deepEqual(
                  tally((e) => e.channel),
                  want.byChannel,
                  `${label}: the register by channel`,
                );
                assert.deepEqual(
                  tally((e) => String(e.step ?? 1)),
                  Object.fromEntries(Object.entries(want.byStep).map(([k, v]) => [k, v.compliance.received])),
                  `${label}: the register by step`,
                );
              }
          },
        ),
        {
          // A few histories per run (each its own database); REDRESS_REPORT_ORACLE_RUNS for more.
          numRuns: Number(process.env.REDRESS_REPORT_ORACLE_RUNS ?? (engine === 'sqlite' ? 14 : 6)),
        },
      );
    });
  });
}

/** The answer date the case holds now (the one an extension's window starts from). */
async function currentAnswerByDate(ctx: AppContext, id: string): Promise<string> {
  const events = await readStream(ctx.database.db, caseStream(id));
  let date = '';
  for (const e of events) {
    // biome-ignore lint/suspicious/noExplicitAny: the deadline fields of the events that set one
    const x = e.payload as any;
    if (e.type === 'case_received') date = x.deadline.answerByDate;
    if (e.type === 'extended') date = x.answerByDate;
    if (e.type === 'promise_renewed') date = x.to.answerByDate;
  }
  return date;
}
