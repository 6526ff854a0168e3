// The rows of a queue (src/app/list-queue.ts): open cases by queue and filters, in the order of the stored
// `due_key` (the earliest open deadline, src/core/case/clock.ts, the acknowledgement's until it went out:
// due-key.repo.ts), then by receipt. The instants that bound the
// Late, today and soon filters come in from the caller, which counts them on the business calendar.
import { type Kysely, sql } from 'kysely';
import type { Figure } from '../../core/report/report-filter.ts';
import type { Engine } from './database.ts';
import { NEEDS_ATTENTION, type QueueSort, queueOrder } from './queue-view.repo.ts';
import { casesBehind, casesMatching } from './report-scope.ts';
import type { DB } from './schema.ts';

export interface QueueQuery {
  queue: 'step1' | 'step2' | 'suggestions' | 'mine' | 'all';
  /** `attention`: the answered cases flagged for a person (NEEDS_ATTENTION), which `open` leaves out. */
  status?: 'open' | 'attention' | 'answered' | 'closed' | 'all';
  due?: 'overdue' | 'today' | 'soon';
  // Category, department, owner and outcome: null is "not set", the cases without a value there (as the report
  // reads it, report-scope.ts), so that the list behind a figure narrowed to "not set" holds the cases it counts.
  category?: string | null;
  channel?: string;
  language?: string;
  department?: string | null;
  /**
   * A department member's departments (the case rule's readsOnlyDepartments): only the suggestions of these, their
   * names compared without case, as the rule compares them. An empty list holds nothing.
   */
  departmentIn?: readonly string[];
  restricted?: boolean;
  waiting?: boolean;
  ownerId?: string | null;
  /** For `mine`. */
  userId?: string;
  /** A whitelisted column and direction (queue-view.repo.ts); what is due first when absent. */
  sort?: QueueSort;
  // The drill-down from the reports page: the cases behind one figure, with the report's own conditions
  // (report-scope.ts), so that the list holds exactly the cases the figure counts.
  /** complaint, suggestion or other; cases merged into another are left out, as the report leaves them. */
  kind?: string;
  step?: 1 | 2;
  outcome?: string | null;
  /** A suggestion's status (received, forwarded, …); null: none. */
  suggestionStatus?: string | null;
  /** Why a message is of kind other; null: no reason given. */
  otherReason?: string | null;
  /** Received at or after this instant. */
  receivedFrom?: string;
  /** Received before this instant. */
  receivedBefore?: string;
  figure?: Figure;
  /** Needed by some figures (they read the events' payloads); the default is SQLite. */
  engine?: Engine;
  limit: number;
  offset: number;
  now: string;
  endOfToday: string;
  endOfSoon: string;
}

export function queueRows(db: Kysely<DB>, filter: QueueQuery) {
  let q = db
    .selectFrom('cases')
    .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.kind',
      'cases.step',
      'cases.status',
      'cases.subject',
      'cases.channel',
      'cases.language',
      'cases.category',
      'cases.owner_id as ownerId',
      'complainants.name as complainantName',
      'complainants.email as complainantEmail',
      'complainants.restricted',
      'cases.waiting_on_complainant',
      'cases.flagged',
      'cases.received_at as receivedAt',
      'cases.acknowledged_at as acknowledgedAt',
      'cases.acknowledge_by as acknowledgeBy',
      'cases.answer_by as answerBy',
      'cases.answer_by_date as answerByDate',
      'cases.answered_at as answeredAt',
      'cases.letters_to_post as lettersToPost',
      'cases.complainant_id as complainantId',
      'complainants.unreachable',
    ]);
  switch (filter.queue) {
    case 'step1':
      q = q.where('cases.kind', '=', 'complaint').where('cases.step', '=', 1);
      break;
    case 'step2':
      q = q.where('cases.kind', '=', 'complaint').where('cases.step', '=', 2);
      break;
    case 'suggestions':
      q = q.where('cases.kind', '=', 'suggestion');
      break;
    case 'mine':
      q = q.where('cases.owner_id', '=', filter.userId ?? '');
      break;
    case 'all':
      break;
  }
  const status = filter.status ?? 'open';
  if (status === 'open') q = q.where('cases.is_open', '=', 1);
  else if (status === 'attention') q = q.where(NEEDS_ATTENTION);
  else if (status !== 'all') q = q.where('cases.status', '=', status);
  // Late: the earliest open deadline has passed (the stored due key, which keeps an acknowledgement recorded but not
  // gone out at its deadline: due-key.repo.ts), the order's own key, read in index order.
  if (filter.due === 'overdue') q = q.where('cases.due_key', '<', filter.now);
  else if (filter.due === 'today')
    q = q.where('cases.due_key', '>=', filter.now).where('cases.due_key', '<=', filter.endOfToday);
  // Due within N working days: from now to the end of the Nth, today's included; a late case is under Late, not
  // under a filter whose name says it is still due.
  else if (filter.due === 'soon')
    q = q.where('cases.due_key', '>=', filter.now).where('cases.due_key', '<=', filter.endOfSoon);
  if (filter.channel) q = q.where('cases.channel', '=', filter.channel);
  if (filter.language) q = q.where('cases.language', '=', filter.language);
  // These with the report's own conditions (report-scope.ts): a step 1 that holds the complaints without a step,
  // and null in the dimensions a case may leave unset as "is null".
  const asReported = {
    ...(filter.category !== undefined && filter.category !== '' ? { category: filter.category } : {}),
    ...(filter.department !== undefined && filter.department !== '' ? { department: filter.department } : {}),
    ...(filter.ownerId !== undefined && filter.ownerId !== '' ? { owner: filter.ownerId } : {}),
    ...(filter.outcome !== undefined ? { outcome: filter.outcome } : {}),
    ...(filter.step !== undefined ? { step: filter.step } : {}),
  };
  if (Object.keys(asReported).length > 0) q = q.where(casesMatching(asReported));
  if (filter.departmentIn) {
    const names = filter.departmentIn.map((d) => d.toLowerCase());
    q = q
      .where('cases.kind', '=', 'suggestion')
      .where(sql<string>`lower(cases.department)`, 'in', names.length ? names : ['\u0000none']);
  }
  // The report's tables of suggestions by status and of other messages by reason (a missing value: "none").
  if (filter.suggestionStatus !== undefined)
    q =
      filter.suggestionStatus === null
        ? q.where('cases.suggestion_status', 'is', null)
        : q.where('cases.suggestion_status', '=', filter.suggestionStatus);
  if (filter.otherReason !== undefined)
    q =
      filter.otherReason === null
        ? q.where('cases.other_reason', 'is', null)
        : q.where('cases.other_reason', '=', filter.otherReason);
  if (filter.restricted !== undefined) q = q.where('complainants.restricted', '=', filter.restricted ? 1 : 0);
  if (filter.waiting !== undefined) q = q.where('cases.waiting_on_complainant', '=', filter.waiting ? 1 : 0);
  if (filter.kind) q = q.where('cases.kind', '=', filter.kind).where('cases.merged_into', 'is', null);
  if (filter.receivedFrom) q = q.where('cases.received_at', '>=', filter.receivedFrom);
  if (filter.receivedBefore) q = q.where('cases.received_at', '<', filter.receivedBefore);
  if (filter.figure) q = q.where(casesBehind(filter.figure, filter.engine ?? 'sqlite', filter.now));
  // What is due first (cases without a clock, suggestions, by receipt), unless another order was asked for.
  return (
    q
      // A drill-down list (a receipt range) is read newest first on the receipt date's index, which holds the
      // columns of the report's conditions: a rare figure (answered late) does not walk the whole due order.
      .orderBy(
        queueOrder(
          filter.sort ??
            (filter.receivedFrom || filter.receivedBefore
              ? { key: 'received', dir: 'desc' }
              : { key: 'due', dir: 'asc' }),
        ),
      )
      .limit(filter.limit)
      .offset(filter.offset)
      .execute()
  );
}
