// A line of the register of cases (P6, P7) as an auditor reads it: the case, its dates, the deadlines first set
// and as extended, whether each promise was met, the outcome, the remedy (text and amount) and the root cause. Pure: the stored facts and the
// instant of the export come in.
import { isOpenStatus, owesAnswer } from '../case/clock.ts';
import { acknowledgedInTime } from '../correspondence/acknowledgement-given.ts';
import { answerMet } from './promise-figures.ts';

export interface RegisterFacts {
  reference: string;
  kind: string;
  step: number | null;
  channel: string;
  category: string | null;
  language: string;
  status: string;
  outcome: string | null;
  receivedAt: string;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  /**
   * The procedure's answer date (not moved by a renewal of the promise: src/core/case/promise.ts measuredPromise),
   * which the register measures against.
   */
  answerBy: string | null;
  answeredAt: string | null;
  extensions: number;
  /**
   * The answer deadline before the first extension the figures count, or the first move by the days waited on the
   * complainant (P4.5), whichever came first (null when none).
   */
  firstAnswerBy: string | null;
  remedy: string | null;
  /** The category's label in the organisation's language (null without a category). */
  categoryLabel?: string | null;
  /** Recorded with the last answer (absent or null: not said, or answered before it was asked). */
  rootCause?: string | null;
  rootCauseNote?: string | null;
  remedyAmount?: string | null;
  remedyCurrency?: string | null;
}

/**
 * Whether a promise was met: `met`, `late` (kept after the deadline), `overdue` (not kept, deadline passed),
 * `pending` (not kept yet, still in time), or null for a case without that promise (suggestions, other, closed
 * without it).
 */
export type Met = 'met' | 'late' | 'overdue' | 'pending' | null;

/** How the answer was given against its deadlines: the date first promised, the extended one, late; or open. */
export type AnswerMet = 'original' | 'extended' | 'late' | 'overdue' | 'pending' | null;

export interface RegisterEntry {
  reference: string;
  kind: string;
  step: number | null;
  channel: string;
  category: string | null;
  language: string;
  status: string;
  receivedAt: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  acknowledgeBy: string | null;
  /** The answer deadline first set. */
  answerByOriginal: string | null;
  /** The answer deadline after extensions (null when never extended). */
  answerByExtended: string | null;
  extensions: number;
  acknowledgementMet: Met;
  answerMet: AnswerMet;
  outcome: string | null;
  remedy: string | null;
  categoryLabel: string | null;
  rootCause: string | null;
  rootCauseNote: string | null;
  remedyAmount: string | null;
  remedyCurrency: string | null;
}

function pendingOrOverdue(open: boolean, by: string, now: string) {
  if (!open) return null;
  return now > by ? ('overdue' as const) : ('pending' as const);
}

export function registerEntry(f: RegisterFacts, now: string): RegisterEntry {
  const complaint = f.kind === 'complaint';
  const open = isOpenStatus(f.status);
  // Moved by an extension, or by the days waited on the complainant where the clock pauses (P4.5): the date first
  // promised is kept apart from the one in force, and an answer by the later one keeps the moved promise.
  const extended = f.firstAnswerBy !== null;
  let acknowledgementMet: Met = null;
  if (complaint && f.acknowledgeBy)
    // `acknowledgedAt` is when the acknowledgement was given (export-register.ts reads it so).
    acknowledgementMet = f.acknowledgedAt
      ? acknowledgedInTime(f.acknowledgedAt, f.acknowledgeBy)
        ? 'met'
        : 'late'
      : pendingOrOverdue(open, f.acknowledgeBy, now);
  let answer: AnswerMet = null;
  if (complaint && f.answerBy)
    answer = f.answeredAt
      ? answerMet({
          answeredAt: f.answeredAt,
          answerBy: f.answerBy,
          extensions: [],
          firstAnswerBy: extended ? f.firstAnswerBy : null,
        })
      : // Closed without an answer (withdrawn, not a complaint after all): no answer is owed (clock.ts owesAnswer).
        pendingOrOverdue(owesAnswer(f), f.answerBy, now);
  return {
    reference: f.reference,
    kind: f.kind,
    step: f.step,
    channel: f.channel,
    category: f.category,
    language: f.language,
    status: f.status,
    receivedAt: f.receivedAt,
    acknowledgedAt: f.acknowledgedAt,
    answeredAt: f.answeredAt,
    acknowledgeBy: complaint ? f.acknowledgeBy : null,
    answerByOriginal: complaint ? (extended ? f.firstAnswerBy : f.answerBy) : null,
    answerByExtended: complaint && extended ? f.answerBy : null,
    extensions: f.extensions,
    acknowledgementMet,
    answerMet: answer,
    outcome: f.outcome,
    remedy: f.remedy,
    categoryLabel: f.category ? (f.categoryLabel ?? f.category) : null,
    rootCause: f.rootCause ?? null,
    rootCauseNote: f.rootCauseNote ?? null,
    remedyAmount: f.remedyAmount ?? null,
    remedyCurrency: f.remedyAmount ? (f.remedyCurrency ?? null) : null,
  };
}

/** The register's columns, in the order of the CSV (snake_case names of RegisterEntry's fields). */
export const REGISTER_COLUMNS = [
  ['reference', 'reference'],
  ['kind', 'kind'],
  ['step', 'step'],
  ['channel', 'channel'],
  ['category', 'category'],
  ['language', 'language'],
  ['status', 'status'],
  ['received_at', 'receivedAt'],
  ['acknowledged_at', 'acknowledgedAt'],
  ['answered_at', 'answeredAt'],
  ['acknowledge_by', 'acknowledgeBy'],
  ['answer_by_original', 'answerByOriginal'],
  ['answer_by_extended', 'answerByExtended'],
  ['extensions', 'extensions'],
  ['acknowledgement_met', 'acknowledgementMet'],
  ['answer_met', 'answerMet'],
  ['outcome', 'outcome'],
  ['remedy', 'remedy'],
  ['remedy_amount', 'remedyAmount'],
  ['remedy_currency', 'remedyCurrency'],
  ['root_cause', 'rootCause'],
  ['root_cause_note', 'rootCauseNote'],
  // Last, so that the columns of earlier exports keep their places; the key stays in `category`.
  ['category_label', 'categoryLabel'],
] as const satisfies ReadonlyArray<readonly [string, keyof RegisterEntry]>;
