// The queues: one page per queue with filters and an htmx partial for the list; leads assign
// or categorise many cases at once and hand over the open cases of someone who is away (bulk-act.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type BulkResult, bulkAct, reassignOpenCases } from '../../app/bulk-act.ts';
import { caseHandlers, openCaseOwners, userNames } from '../../app/case-page.ts';
import type { AppContext } from '../../app/context.ts';
import { countQueues } from '../../app/count-queues.ts';
import { listQueue, QUEUE_SORT_KEYS, QUEUES, type Queue, queueOwners } from '../../app/list-queue.ts';
import {
  assignmentRefusal,
  type CaseScope,
  canHandle,
  readsOnlyDepartments,
} from '../../core/access/case-access.ts';
import { isRole } from '../../core/access/roles.ts';
import { isIsoDate } from '../../core/calendar/business-calendar.ts';
import { CHANNELS, KINDS, LANGUAGES, OTHER_REASONS, OUTCOMES } from '../../core/case/model.ts';
import { FIGURES, NOT_SET } from '../../core/report/report-filter.ts';
import { may } from './access.ts';
import { refusalText } from './errors.ts';
import { list, pageParam } from './forms.ts';
import {
  PAGE_SIZE,
  QUEUE_LIST_ID,
  QUEUE_ROUTES,
  type QueueFilters,
  type QueueOutcome,
  queueList,
  queuePage,
  seenOf,
} from './pages/queues.page.ts';
import { redirectAfterPost, sendFragment, sendPage, wantsFragment } from './render.ts';
import { safeNext } from './request-context.ts';
import { staffActor, viewerOf } from './staff-access.ts';

const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankAsAbsent, z.enum(values).optional()).catch(undefined);
const optionalWord = z.preprocess(blankAsAbsent, z.string().max(100).optional()).catch(undefined);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isIsoDate);

/**
 * A filter value as the list reads it: "not set" (NOT_SET, as the reports page writes it in its links) is null, the
 * cases without a value in that dimension, as in the report (category, outcome, owner, department).
 */
const unsetAsNull = (value: string) => (value === NOT_SET ? null : value);

const queueQuery = z.object({
  status: z.enum(['open', 'attention', 'answered', 'closed', 'all']).catch('open').default('open'),
  due: optionalEnum(['overdue', 'today', 'soon'] as const),
  category: optionalWord,
  channel: optionalEnum(CHANNELS),
  language: optionalEnum(LANGUAGES),
  department: optionalWord,
  restricted: optionalEnum(['yes', 'no'] as const),
  waiting: optionalEnum(['yes', 'no'] as const),
  // The drill-down from the reports page: the cases behind one figure (reports.page.ts drillHref).
  kind: optionalEnum(KINDS),
  step: optionalEnum(['1', '2'] as const),
  outcome: optionalEnum([...OUTCOMES, NOT_SET] as const),
  owner: optionalWord,
  // A suggestion's status and why a message is of kind other (the report's tables of those).
  suggestion: optionalWord,
  reason: optionalEnum([...OTHER_REASONS, NOT_SET] as const),
  from: z.preprocess(blankAsAbsent, isoDate.optional()).catch(undefined),
  to: z.preprocess(blankAsAbsent, isoDate.optional()).catch(undefined),
  figure: optionalEnum(FIGURES),
  // A column not in the list, or a direction other than these two, is ignored: the default order is shown.
  sort: optionalEnum(QUEUE_SORT_KEYS),
  dir: optionalEnum(['asc', 'desc'] as const),
  page: pageParam,
});

type QueueQuery = z.output<typeof queueQuery>;

/** The kinds of case there are, for asking the case rule about "some case" of each. */
const SHAPES: CaseScope[] = [
  { kind: 'complaint', step: 1, department: null, ownerId: null },
  { kind: 'complaint', step: 2, department: null, ownerId: null },
  { kind: 'suggestion', step: null, department: null, ownerId: null },
];

const idList = list(z.string().min(1).max(100)).pipe(z.array(z.string()).max(500));

export const queueRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/queues', async (request, reply) => {
    const role = request.principal!.role;
    const first = QUEUES.find((q) => may(role, QUEUE_ROUTES[q] ?? 'GET /queues/step1'));
    return reply.redirect(first ? `/queues/${first}` : '/account', 303);
  });

  /** A queue's page, with what a bulk action just did when it left cases as they were (`outcome`). */
  const showQueue = async (
    request: FastifyRequest,
    reply: FastifyReply,
    queue: Queue,
    q: QueueQuery,
    outcome: QueueOutcome | null = null,
  ) => {
    const viewer = viewerOf(request);
    // A department member sees their own departments' suggestions only (the case rule's readsOnlyDepartments).
    const confined = readsOnlyDepartments(viewer);
    const departments = confined ? [...confined] : ctx.config.departments.map((d) => d.name);
    // The drill-down (a kind given) filters by department on the queue of all cases too.
    let department = queue === 'suggestions' || q.kind ? (q.department ?? null) : null;
    const drill = Object.fromEntries(
      (['kind', 'step', 'outcome', 'owner', 'suggestion', 'reason', 'from', 'to', 'figure'] as const)
        .filter((k) => q[k] !== undefined)
        .map((k) => [k, String(q[k])]),
    );
    // A department member may narrow the list to one of their departments; anything else lists all of theirs. It
    // listed their first department only, so a member of two did not see the other's suggestions unless they
    // picked it in the filter, nor count them on the tab.
    if (confined && department && !departments.includes(department)) department = null;
    const filters: QueueFilters = {
      status: q.status,
      due: q.due ?? null,
      category: queue === 'suggestions' ? null : (q.category ?? null),
      channel: q.channel ?? null,
      language: q.language ?? null,
      department,
      restricted: q.restricted ?? null,
      waiting: q.waiting ?? null,
      drill,
      sort: q.sort ?? null,
      dir: q.dir ?? 'asc',
      page: q.page,
    };
    const result = await listQueue(ctx, {
      queue,
      status: filters.status,
      ...(filters.due ? { due: filters.due } : {}),
      ...(filters.category ? { category: unsetAsNull(filters.category) } : {}),
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.language ? { language: filters.language } : {}),
      ...(department ? { department: unsetAsNull(department) } : {}),
      ...(confined ? { departmentIn: confined } : {}),
      ...(filters.restricted ? { restricted: filters.restricted === 'yes' } : {}),
      ...(filters.waiting ? { waiting: filters.waiting === 'yes' } : {}),
      ...(viewer.userId ? { userId: viewer.userId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.step ? { step: q.step === '2' ? (2 as const) : (1 as const) } : {}),
      ...(q.outcome ? { outcome: unsetAsNull(q.outcome) } : {}),
      ...(q.owner ? { ownerId: unsetAsNull(q.owner) } : {}),
      ...(q.suggestion ? { suggestionStatus: unsetAsNull(q.suggestion) } : {}),
      ...(q.reason ? { otherReason: unsetAsNull(q.reason) } : {}),
      ...(q.from ? { receivedFrom: q.from } : {}),
      ...(q.to ? { receivedTo: q.to } : {}),
      ...(q.figure ? { figure: q.figure } : {}),
      ...(filters.sort ? { sort: { key: filters.sort, dir: filters.dir } } : {}),
      limit: PAGE_SIZE,
      offset: (filters.page - 1) * PAGE_SIZE,
    });
    const owners = [...new Set(result.rows.map((r) => r.ownerId).filter((x): x is string => !!x))];
    const lead = may(viewer.role, 'POST /queues/bulk');
    const fragment = wantsFragment(request, QUEUE_LIST_ID);
    const [{ names, disabled: disabledOwners }, handlers, holders, counts] = await Promise.all([
      queueOwners(ctx, owners),
      lead && !fragment ? caseHandlers(ctx) : Promise.resolve([]),
      lead && !fragment ? openCaseOwners(ctx) : Promise.resolve([]),
      // The tabs count what each shows with its default filters (a department member: their departments').
      fragment ? Promise.resolve(null) : countQueues(ctx, { userId: viewer.userId, departments: confined }),
    ]);
    // Offer only colleagues the assignment rule lets this person give some kind of case to (a lead: the complaints
    // team, not management, whose step-2 cases a lead does not touch). Cases are handed over from anyone who still
    // owns open ones of that kind, a disabled account included (marked as such), and only to someone who may own them.
    const staff = handlers.filter((m) => {
      const role = m.role;
      return (
        isRole(role) && SHAPES.some((s) => !assignmentRefusal(viewer, s, m.id, { role, status: 'active' }))
      );
    });
    const reassignable = holders.filter((m) => {
      const role = m.role;
      return isRole(role) && SHAPES.some((s) => canHandle(viewer, s) && canHandle({ role }, s));
    });
    const options = {
      queue: queue as Queue,
      filters,
      rows: result.rows,
      hasMore: result.hasMore,
      names,
      disabledOwners,
      categories: ctx.config.categories,
      departments,
      staff,
      owners: reassignable,
      counts,
      timezone: ctx.config.timezone,
      dueSoonDays: ctx.config.alerts.dueSoonWorkingDays,
      outcome,
    };
    if (wantsFragment(request, QUEUE_LIST_ID)) return sendFragment(reply, queueList(request, options));
    return sendPage(request, reply, {
      title: request.t(`staff.queues.names.${queue}`),
      section: 'queues',
      content: queuePage(request, options),
    });
  };

  for (const queue of QUEUES)
    app.get(`/queues/${queue}`, { schema: { querystring: queueQuery } }, async (request, reply) =>
      showQueue(request, reply, queue, request.query),
    );

  /**
   * After a bulk action that left cases as they were: the queue the form was on (its address, `back`), with each
   * of those cases by its reference and the reason in the reader's language, as the page itself (a list of any
   * length does not fit in the flash cookie). The address shown stays the queue's. Null when `back` is not a queue
   * the person may see: the short message after a redirect then says how many.
   */
  const showOutcome = async (
    request: FastifyRequest,
    reply: FastifyReply,
    back: string,
    summary: string,
    result: BulkResult,
  ) => {
    const url = new URL(back, 'http://redress.invalid');
    const queue = QUEUES.find((name) => url.pathname === `/queues/${name}`);
    if (!queue || !may(request.principal?.role ?? null, QUEUE_ROUTES[queue])) return null;
    const q = queueQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!q.success) return null;
    const reader = { lang: request.lang, timeZone: request.timeZone, page: true };
    const skipped = result.skipped.map((x) => ({
      caseId: x.caseId,
      reference: x.reference,
      reason: refusalText(request.t, reader, x.code, x.details),
    }));
    if (request.headers['hx-request'] === 'true') reply.header('hx-replace-url', back);
    return showQueue(request, reply, queue, q.data, { summary, skipped });
  };

  app.post(
    '/queues/bulk',
    {
      schema: {
        body: z.object({
          action: z.enum(['assign', 'categorise']),
          caseIds: idList,
          to: z.string().max(100).optional(),
          category: z.string().max(100).optional(),
          // What the page showed of each row (queues.page.ts seenToken).
          seen: list(z.string().max(1000)).pipe(z.array(z.string()).max(1000)).optional(),
          back: z.string().max(1000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const back = safeNext(b.back, '/queues');
      if (b.caseIds.length === 0)
        return redirectAfterPost(ctx, request, reply, back, { key: 'staffBulkNothing', tone: 'error' });
      // Only whether the person exists is asked here; whom each case may go to is the case rule's to say, case by
      // case in the use case, with its reason for each case left as it was (as on the case page and the API).
      if (b.action === 'assign' && b.to && !(await userNames(ctx, [b.to])).has(b.to))
        return redirectAfterPost(ctx, request, reply, back, {
          key: 'staffBulkNoSuchPerson',
          tone: 'error',
        });
      if (b.action === 'categorise' && b.category && !ctx.config.categories.includes(b.category))
        return redirectAfterPost(ctx, request, reply, back, {
          key: 'staffBulkNoSuchCategory',
          tone: 'error',
        });
      const result = await bulkAct(
        ctx,
        b.caseIds,
        b.action === 'assign'
          ? { type: 'assign', to: b.to || null }
          : { type: 'categorise', category: b.category || null },
        staffActor(request),
        seenOf(b.seen ?? []),
      );
      const params = { count: result.changed.length, skipped: result.skipped.length };
      if (result.skipped.length) {
        const shown = await showOutcome(
          request,
          reply,
          back,
          request.t('flash.staffBulkDone', params),
          result,
        );
        if (shown) return shown;
      }
      return redirectAfterPost(ctx, request, reply, back, {
        key: 'staffBulkDone',
        params,
        tone: result.changed.length ? 'success' : 'info',
      });
    },
  );

  app.post(
    '/queues/reassign',
    {
      schema: {
        body: z.object({
          from: z.string().min(1).max(100),
          to: z.string().min(1).max(100),
          back: z.string().max(1000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const back = safeNext(b.back, '/queues');
      if (b.from === b.to)
        return redirectAfterPost(ctx, request, reply, back, { key: 'staffReassignSame', tone: 'error' });
      // The cases may come from a disabled account (its name is still known); they go only to an active one.
      const [handlers, names] = await Promise.all([caseHandlers(ctx), userNames(ctx, [b.from])]);
      const to = handlers.find((h) => h.id === b.to);
      if (!to)
        return redirectAfterPost(ctx, request, reply, back, { key: 'staffBulkNoSuchPerson', tone: 'error' });
      const result = await reassignOpenCases(ctx, b.from, b.to, staffActor(request));
      const params = { count: result.changed.length, from: names.get(b.from) ?? '—', to: to.name };
      if (result.skipped.length) {
        const shown = await showOutcome(
          request,
          reply,
          back,
          request.t('work.bulk.reassigned', params),
          result,
        );
        if (shown) return shown;
      }
      return redirectAfterPost(ctx, request, reply, back, { key: 'staffReassigned', params });
    },
  );
};
