// What the sweep tells staff (P7.3): which open cases need attention and which deadlines have passed, and when
// staff may be written to (a digest on working days at the digest hour; breaches at any time; nothing else at
// night or on non-working days). Pure: the cases, the instant and the calendar come in.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import { openDeadlines } from '../case/clock.ts';

export interface CaseClock {
  id: string;
  kind: string;
  status: string;
  reference: string;
  subject: string;
  step: number | null;
  ownerId: string | null;
  acknowledgeBy: string | null;
  /** When the acknowledgement was given (acknowledgement-given.ts), not when it was recorded; null while it is not. */
  acknowledgedAt: string | null;
  answerBy: string | null;
  answerByDate: string | null;
  answeredAt: string | null;
  lettersToPost: number;
}

export const FINDING_KINDS = [
  'acknowledge_due',
  'acknowledge_overdue',
  'answer_due_soon',
  'extension_last_day',
  'answer_overdue',
  'letter_to_post',
  'restriction_review',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  caseId: string;
  reference: string;
  subject: string;
  step: number | null;
  ownerId: string | null;
  kind: FindingKind;
  /** The instant (acknowledgement) or local date (answer) it is about; null for a letter to post. */
  due: string | null;
}

export const isBreach = (f: Finding) => f.kind === 'acknowledge_overdue' || f.kind === 'answer_overdue';

/** The findings for open, unanswered complaints (at most one about the answer per case, the most urgent). */
export function findingsFor(
  cases: readonly CaseClock[],
  now: string,
  calendar: BusinessCalendar,
  dueSoonWorkingDays: number,
): Finding[] {
  const today = calendar.localDate(now).toString();
  const out: Finding[] = [];
  for (const c of cases) {
    const base = {
      caseId: c.id,
      reference: c.reference,
      subject: c.subject,
      step: c.step,
      ownerId: c.ownerId,
    };
    // The deadlines still open are those of the case's clock (src/core/case/clock.ts), as the queue shows them.
    for (const d of openDeadlines(c)) {
      if (d.kind === 'acknowledge')
        out.push({ ...base, kind: now > d.by ? 'acknowledge_overdue' : 'acknowledge_due', due: d.by });
      else if (c.answerByDate) {
        if (now > d.by) out.push({ ...base, kind: 'answer_overdue', due: c.answerByDate });
        else if (c.answerByDate === today)
          out.push({ ...base, kind: 'extension_last_day', due: c.answerByDate });
        else if (calendar.workingDaysBetween(today, c.answerByDate) <= dueSoonWorkingDays)
          out.push({ ...base, kind: 'answer_due_soon', due: c.answerByDate });
      }
    }
    if (c.lettersToPost > 0) out.push({ ...base, kind: 'letter_to_post', due: null });
  }
  return out;
}

export interface AlertHours {
  digestHour: number;
  quietFromHour: number;
}

function localHour(now: string, calendar: BusinessCalendar): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      hourCycle: 'h23',
      timeZone: calendar.timeZone,
    }).format(new Date(now)),
  );
}

/** Working hours: a working day, from the digest hour until the quiet hour. Only breaches go out outside them. */
export function isWorkingHours(now: string, calendar: BusinessCalendar, hours: AlertHours): boolean {
  if (!calendar.isWorkingDay(calendar.localDate(now))) return false;
  const h = localHour(now, calendar);
  return h >= hours.digestHour && h < hours.quietFromHour;
}
