// Queues (P7.3): what is due first, with the clock in working days, so nothing is late unseen.
import { Temporal } from 'temporal-polyfill';
import { postalAddressesOf } from '../adapters/db/complainant-addresses.repo.ts';
import { queueRows } from '../adapters/db/queue.repo.ts';
import { ownersOf, type QueueSort, receivedDescriptions } from '../adapters/db/queue-view.repo.ts';

export { QUEUE_SORT_KEYS, type QueueSortKey } from '../adapters/db/queue-view.repo.ts';

import type { CaseState } from '../core/case/case.ts';
import {
  type CaseClockView,
  type ClockState,
  clockAt,
  clockFactsOf,
  type DeadlineKind,
  workingDaysFrom,
} from '../core/case/clock.ts';
import { waitsForAddress } from '../core/case/reachability.ts';
import { shortSubject } from '../core/case/short-subject.ts';
import { withoutMarker } from '../core/intake/marker.ts';
import type { Figure } from '../core/report/report-filter.ts';
import { clockFactsWithAcknowledgementGiven } from './acknowledgement-clock.ts';
import type { AppContext } from './context.ts';

export const QUEUES = ['step1', 'step2', 'suggestions', 'mine', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

export interface QueueFilter {
  queue: Queue;
  /** open = received or acknowledged (the default), answered, closed, or all. */
  /** `attention`: answered cases flagged for a person (core/case/attention.ts), which `open` leaves out. */
  status?: 'open' | 'attention' | 'answered' | 'closed' | 'all';
  due?: 'overdue' | 'today' | 'soon';
  /** Null: the complaints not categorised (and every other case, which has no category). */
  category?: string | null;
  channel?: string;
  language?: string;
  /** Null: the suggestions not forwarded (and every other case). */
  department?: string | null;
  /** A department member's departments: only their suggestions (queue.repo.ts `departmentIn`). */
  departmentIn?: readonly string[];
  restricted?: boolean;
  waiting?: boolean;
  /** Null: the cases nobody owns. */
  ownerId?: string | null;
  /** For `mine`. */
  userId?: string;
  // The drill-down from the reports page (reports.page.ts): the cases behind one figure of a period, read with the
  // report's own conditions (src/adapters/db/report-scope.ts).
  kind?: 'complaint' | 'suggestion' | 'other';
  /** Step 1 includes complaints without a step, as the report counts them. */
  step?: 1 | 2;
  /** Null: not answered (no outcome). Null in any of these four means what "not set" means in the report. */
  outcome?: string | null;
  /** A suggestion's status; null: none. */
  suggestionStatus?: string | null;
  /** Why a message is of kind other; null: no reason given. */
  otherReason?: string | null;
  /** Received from this local date (YYYY-MM-DD) … */
  receivedFrom?: string;
  /** … to this one, both included. */
  receivedTo?: string;
  figure?: Figure;
  sort?: QueueSort;
  limit?: number;
  offset?: number;
}

export interface QueueRow {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  status: string;
  subject: string;
  /** What the list shows for the subject: without the step marker, else the description's first words. */
  shortSubject: string;
  channel: string;
  language: string;
  category: string | null;
  ownerId: string | null;
  complainantName: string | null;
  complainantEmail: string | null;
  restricted: boolean;
  waitingOnComplainant: boolean;
  flagged: boolean;
  receivedAt: string;
  acknowledgedAt: string | null;
  acknowledgeBy: string | null;
  answerBy: string | null;
  answerByDate: string | null;
  /** Working days from today to the earliest open deadline: 0 = due today, negative = late. Null without one. */
  workingDaysLeft: number | null;
  urgency: ClockState;
  /** Which deadline the clock is about: the acknowledgement until it is sent (P3.1), then the answer. */
  dueFor: DeadlineKind | null;
  /** An unacknowledged complaint whose complainant has no address to answer: it waits until staff add one. */
  toAddress: boolean;
}

export async function listQueue(
  ctx: AppContext,
  filter: QueueFilter,
): Promise<{ rows: QueueRow[]; hasMore: boolean }> {
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);
  const soonDays = ctx.config.alerts.dueSoonWorkingDays;
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  // The stored due_key is the earliest open deadline (src/core/case/clock.ts): the acknowledgement's until it went
  // out (adapters/db/due-key.repo.ts), then the answer's. The order and Late, today and soon read it, as the row's
  // clock does.
  const { receivedFrom, receivedTo, ...rest } = filter;
  const rows = await queueRows(ctx.database.db, {
    ...rest,
    // The period's local dates as instants, as the report reads them: each day in the time zone of the calendar
    // version in force then (a case belongs to the local day of its receipt on the calendar in force at receipt).
    ...(receivedFrom ? { receivedFrom: ctx.calendars.startOfDay(receivedFrom) } : {}),
    ...(receivedTo
      ? { receivedBefore: ctx.calendars.startOfDay(Temporal.PlainDate.from(receivedTo).add({ days: 1 })) }
      : {}),
    engine: ctx.database.engine,
    limit: limit + 1,
    offset: filter.offset ?? 0,
    now,
    endOfToday: ctx.calendar.endOfDay(today),
    endOfSoon: ctx.calendar.endOfDay(ctx.calendar.addWorkingDays(today, soonDays)),
  });
  const hasMore = rows.length > limit;
  // Which rows wait "to address": the postal addresses of those without a usable e-mail address, in one query.
  const page = rows.slice(0, limit);
  const addressFacts = (r: (typeof page)[number], postal: string[] | null = null) => ({
    email: r.complainantEmail,
    unreachableByEmail: r.unreachable === 1,
    postalAddress: postal,
  });
  const postal = await postalAddressesOf(
    ctx.database.db,
    page
      .filter((r) => waitsForAddress({ ...r, acknowledgedAt: r.acknowledgedAt }, addressFacts(r)))
      .map((r) => r.complainantId),
  );
  // The description is read only for rows whose subject is the step marker alone.
  const descriptions = await receivedDescriptions(
    ctx.database.db,
    page.filter((r) => withoutMarker(r.subject, ctx.config.markers) === '').map((r) => r.id),
  );
  // Each row's clock, with the acknowledgement counted as given only once it went out (acknowledgement-clock.ts).
  const clockFacts = await clockFactsWithAcknowledgementGiven(
    ctx,
    page.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      acknowledgeBy: r.acknowledgeBy,
      acknowledgedAt: r.acknowledgedAt,
      answerBy: r.answerBy,
      answerByDate: r.answerByDate,
      answeredAt: r.answeredAt,
    })),
  );
  return {
    hasMore,
    rows: page.map((r, i) => {
      const clock = clockAt(clockFacts[i]!, now, ctx.calendar, soonDays);
      return {
        id: r.id,
        reference: r.reference,
        kind: r.kind,
        step: r.step,
        status: r.status,
        subject: r.subject,
        shortSubject: shortSubject(r.subject, descriptions.get(r.id) ?? null, ctx.config.markers).text,
        channel: r.channel,
        language: r.language,
        category: r.category,
        ownerId: r.ownerId,
        complainantName: r.complainantName,
        complainantEmail: r.complainantEmail,
        restricted: r.restricted === 1,
        waitingOnComplainant: r.waiting_on_complainant === 1,
        flagged: r.flagged === 1,
        receivedAt: r.receivedAt,
        acknowledgedAt: r.acknowledgedAt,
        acknowledgeBy: r.acknowledgeBy,
        answerBy: r.answerBy,
        answerByDate: r.answerByDate,
        workingDaysLeft: clock.workingDaysLeft,
        urgency: clock.state,
        dueFor: clock.next?.kind ?? null,
        toAddress:
          postal.has(r.complainantId) &&
          waitsForAddress(r, addressFacts(r, postal.get(r.complainantId) ?? null)),
      };
    }),
  };
}

/** Working days from today to a due day (negative when it has passed). */
export function workingDaysLeft(ctx: AppContext, today: Temporal.PlainDate, dueDate: string): number {
  return workingDaysFrom(ctx.calendar, today.toString(), dueDate);
}

/** The clock of a case now (the case page's clock card): the same rule as the queue's rows. */
export async function caseClock(ctx: AppContext, state: CaseState): Promise<CaseClockView> {
  const [facts] = await clockFactsWithAcknowledgementGiven(ctx, [{ id: state.id, ...clockFactsOf(state) }]);
  return clockAt(facts!, ctx.clock.now(), ctx.calendar, ctx.config.alerts.dueSoonWorkingDays);
}

/** The names of the owners of a queue's rows, and those whose account is disabled (queue-view.repo.ts ownersOf). */
export function queueOwners(
  ctx: AppContext,
  ids: readonly string[],
): Promise<{ names: Map<string, string>; disabled: Set<string> }> {
  return ownersOf(ctx.database.db, ids);
}
