// Prometheus metrics (prom-client), one registry per process, exposed at /metrics (metrics.routes.ts).
// Two kinds of figures:
// - what THIS process did since it started (counters and the request-latency histogram): messages received,
//   filed and refused at its doors, HTTP requests. Prometheus adds them up over instances (`sum by (door)`).
// - the state of the shared database (gauges): the outbox backlog and the age of its oldest item, deadlines due
//   and late, and the monitoring report's open and overdue complaints. Every instance reports the same values;
//   read them with `max without (instance)`. They are read at most every few seconds, however often Prometheus
//   scrapes, with queries that use the queue indexes.
// Messages received by `redress ingest` (the MTA pipe, a process per message) are not counted here; the
// database gauges and the monitoring report (`redress report`) include them.
import client from 'prom-client';
import type { AppContext } from '../../app/context.ts';
import { acknowledgementGivenAt } from '../../core/correspondence/acknowledgement-given.ts';
import { acknowledgedWithEmailNotSent, acknowledgementItemsOf } from '../db/acknowledgements.repo.ts';
import { outboxHeldCount } from '../db/outbox.repo.ts';
import { countOpenAndOverdue } from '../db/report.repo.ts';

/** The door a message came in by (smtp, imap, pipe, web, api). */
export type DoorLabel = string;

/** What the doors report for one message handed to the intake. */
export interface ReceivedOutcome {
  duplicate: boolean;
  caseId: string | null;
}

/** A running total kept elsewhere (e.g. a listener's refusals), added to a counter at each scrape. */
export interface RefusalSource {
  door: DoorLabel;
  reason: string;
  total(): number;
}

/** An IMAP mailbox's poller, as /metrics reads it at each scrape (imap-poller.ts ImapPoller). */
export interface ImapMailboxSource {
  /** Whether this process polls the mailbox now (holds its lease). */
  readonly polling: boolean;
  readonly stats: {
    /** Messages set aside so far by this process, and of those, how many could not be put before staff. */
    readonly setAside: number;
    readonly setAsideUnfiled: number;
    /** Messages in the folder that have failed and wait for another try, as the poller last counted them. */
    readonly failing: number;
    /** Rounds that failed (connection, login, a SEARCH or move refused, a message not stored). */
    readonly failures: number;
    /** When a round last went through (ms since the epoch), or null. */
    readonly lastRoundAt: number | null;
  };
}

export interface RedressMetrics {
  readonly registry: client.Registry;
  /**
   * A message stored by the intake (new or a second delivery), and how long it took from the door handing it over
   * to its commit, in seconds, when the door measured it.
   */
  received(door: DoorLabel, outcome: ReceivedOutcome, seconds?: number): void;
  /** A message that was not taken: `not_stored` (storing failed; the sender or poller tries again), `too_large`, … */
  refused(door: DoorLabel, reason: string, count?: number): void;
  /** Counts that another part keeps (listener or poller statistics), read at each scrape. */
  addRefusalSource(source: RefusalSource): void;
  /**
   * An IMAP mailbox this process may poll, read at each scrape: whether it polls it now (holds its lease), the
   * messages it set aside, and those failing now.
   */
  addImapMailbox(mailbox: string, poller: ImapMailboxSource): void;
  /** One HTTP request answered. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** The text for Prometheus and its content type. */
  expose(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** Also the process figures (CPU, memory, event-loop delay, handles) of prom-client. */
  processMetrics?: boolean;
  /** The database figures are read at most this often (default 5 s). */
  stateMaxAgeMs?: number;
  /** Told when the database figures cannot be read (they keep their last values). */
  onStateError?: (error: unknown) => void;
}

/** Seconds: from a fast page to a slow report; the request timeout is 30 s by default. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/**
 * Seconds: a message stored in a group commit on a quiet server, up to one that waited for the database for as
 * long as a sender waits for its reply (SMTP senders give up after minutes, not seconds).
 */
const STORE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createMetrics(ctx: AppContext, options: MetricsOptions = {}): RedressMetrics {
  const registry = new client.Registry();
  if (options.processMetrics) client.collectDefaultMetrics({ register: registry });

  const received = new client.Counter({
    name: 'redress_messages_received_total',
    help: 'Messages stored by this process, by door (second deliveries of a stored message included)',
    labelNames: ['door'] as const,
    registers: [registry],
  });
  const duplicates = new client.Counter({
    name: 'redress_messages_duplicate_total',
    help: 'Messages received again (same Message-ID and body): nothing new was stored',
    labelNames: ['door'] as const,
    registers: [registry],
  });
  const filed = new client.Counter({
    name: 'redress_messages_filed_total',
    help: 'New messages filed by this process: on a case (opened or existing), or waiting in the inbox for a person',
    labelNames: ['door', 'to'] as const,
    registers: [registry],
  });
  const sources: RefusalSource[] = [];
  const seen = new Map<RefusalSource, number>();
  const refused = new client.Counter({
    name: 'redress_messages_refused_total',
    help: 'Messages not taken by this process, by door and reason (not_stored: the sender or poller tries again; too_large; connection: SMTP connections refused)',
    labelNames: ['door', 'reason'] as const,
    registers: [registry],
    collect() {
      for (const source of sources) {
        const total = source.total();
        const delta = total - (seen.get(source) ?? 0);
        if (delta > 0) this.inc({ door: source.door, reason: source.reason }, delta);
        seen.set(source, total);
      }
    },
  });
  // What a sender waits for: an SMTP session's 250 comes after the commit (so does the IMAP poller's delete).
  const storing = new client.Histogram({
    name: 'redress_mail_store_duration_seconds',
    help: 'Time from a message handed over by a door to its commit (what an SMTP sender waits for before its 250), by door',
    labelNames: ['door'] as const,
    buckets: STORE_BUCKETS,
    registers: [registry],
  });
  const mailboxes: Array<{ mailbox: string; poller: ImapMailboxSource }> = [];
  new client.Gauge({
    name: 'redress_imap_polling',
    help: 'IMAP mailboxes of this process: 1 while this instance polls the mailbox (holds its lease), else 0',
    labelNames: ['mailbox'] as const,
    registers: [registry],
    collect() {
      for (const m of mailboxes) this.set({ mailbox: m.mailbox }, m.poller.polling ? 1 : 0);
    },
  });
  // The poller's own totals, added as they grow (as the refusal sources are). A message set aside that staff were
  // not told about (filing it in the inbox failed for good) is in the mailbox's set-aside folder only: alert on
  // any increase of staff_note="not_filed".
  const setAsideSeen = new Map<ImapMailboxSource, { filed: number; notFiled: number }>();
  new client.Counter({
    name: 'redress_imap_set_aside_total',
    help: 'Messages of an IMAP mailbox set aside by this process after failing to be stored several times (moved to its set-aside folder or flagged), by whether staff were told in the inbox (staff_note: filed, not_filed)',
    labelNames: ['mailbox', 'staff_note'] as const,
    registers: [registry],
    collect() {
      for (const m of mailboxes) {
        const notFiled = m.poller.stats.setAsideUnfiled;
        const filed = m.poller.stats.setAside - notFiled;
        const seenBefore = setAsideSeen.get(m.poller) ?? { filed: 0, notFiled: 0 };
        // Both series from the first scrape on, at 0 until something is set aside (so that a rate is defined).
        this.inc({ mailbox: m.mailbox, staff_note: 'filed' }, Math.max(0, filed - seenBefore.filed));
        this.inc(
          { mailbox: m.mailbox, staff_note: 'not_filed' },
          Math.max(0, notFiled - seenBefore.notFiled),
        );
        setAsideSeen.set(m.poller, { filed, notFiled });
      }
    },
  });
  new client.Gauge({
    name: 'redress_imap_failing_messages',
    help: 'Messages of an IMAP mailbox that failed to be stored and wait in its folder for another try (set aside after a few); reported by the instance polling it, 0 by the others',
    labelNames: ['mailbox'] as const,
    registers: [registry],
    collect() {
      for (const m of mailboxes)
        this.set({ mailbox: m.mailbox }, m.poller.polling ? m.poller.stats.failing : 0);
    },
  });
  // A mailbox whose rounds fail (the server refuses the login, a SEARCH, a move) keeps its messages waiting in its
  // folder with nothing filed: the failures, and the time of the last round that went through, are what to alert on.
  const failuresSeen = new Map<ImapMailboxSource, number>();
  new client.Counter({
    name: 'redress_imap_poll_failures_total',
    help: 'Rounds of polling an IMAP mailbox that failed in this process (connection or login, a SEARCH, FETCH or move refused, a message not stored); each is tried again after a growing pause',
    labelNames: ['mailbox'] as const,
    registers: [registry],
    collect() {
      for (const m of mailboxes) {
        const now = m.poller.stats.failures;
        this.inc({ mailbox: m.mailbox }, Math.max(0, now - (failuresSeen.get(m.poller) ?? 0)));
        failuresSeen.set(m.poller, now);
      }
    },
  });
  new client.Gauge({
    name: 'redress_imap_last_round_timestamp_seconds',
    help: 'When this process last went through a whole round of an IMAP mailbox (Unix time); only the instance polling the mailbox reports it',
    labelNames: ['mailbox'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const m of mailboxes)
        if (m.poller.polling && m.poller.stats.lastRoundAt !== null)
          this.set({ mailbox: m.mailbox }, m.poller.stats.lastRoundAt / 1000);
    },
  });
  const latency = new client.Histogram({
    name: 'redress_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route (as registered) and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  // The shared state, read from the database at most every `stateMaxAgeMs`.
  const maxAge = options.stateMaxAgeMs ?? 5000;
  let state: DatabaseState | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | null = null;
  const stateErrors = new client.Counter({
    name: 'redress_metrics_database_errors_total',
    help: 'Times the database figures could not be read for a scrape (they kept their last values)',
    registers: [registry],
  });
  // Ages on the context's clock (the system clock in production; tests move theirs).
  const clockMs = () => Date.parse(ctx.clock.now());
  const refresh = async () => {
    if (clockMs() - readAt < maxAge) return;
    reading ??= readDatabaseState(ctx)
      .then((s) => {
        state = s;
        readAt = clockMs();
      })
      .catch((e: unknown) => {
        stateErrors.inc();
        options.onStateError?.(e);
      })
      .finally(() => {
        reading = null;
      });
    await reading;
  };
  new client.Gauge({
    name: 'redress_outbox_backlog',
    help: 'E-mails in the outbox waiting to be sent or being sent (shared database: the same on every instance)',
    registers: [registry],
    async collect() {
      await refresh();
      if (state) this.set(state.outboxBacklog);
    },
  });
  new client.Gauge({
    name: 'redress_outbox_oldest_age_seconds',
    help: 'Age of the oldest e-mail waiting in the outbox (0 when it is empty)',
    registers: [registry],
    async collect() {
      await refresh();
      if (state) this.set(state.outboxOldestAgeSeconds);
    },
  });
  new client.Gauge({
    name: 'redress_outbox_held',
    help: 'Of those, e-mails held because the outbound server refused our own sending (its login, our sender address, relaying): they go out once the outbound settings are fixed',
    registers: [registry],
    async collect() {
      await refresh();
      if (state) this.set(state.outboxHeld);
    },
  });
  new client.Gauge({
    name: 'redress_letters_to_post',
    help: 'Letters printed by Redress and waiting to be posted by staff',
    registers: [registry],
    async collect() {
      await refresh();
      if (state) this.set(state.lettersToPost);
    },
  });
  new client.Gauge({
    name: 'redress_deadlines_due',
    help: 'Open cases whose deadline has not passed: acknowledgements not yet given (an e-mail still waiting or held in the outbox, or failed, is not), answers due by the end of today (local time)',
    labelNames: ['deadline'] as const,
    registers: [registry],
    async collect() {
      await refresh();
      if (!state) return;
      this.set({ deadline: 'acknowledge' }, state.acknowledgeDue);
      this.set({ deadline: 'answer' }, state.answerDueToday);
    },
  });
  new client.Gauge({
    name: 'redress_deadlines_late',
    help: 'Open cases past a deadline: not acknowledged by the acknowledge-by instant (an acknowledgement e-mail still waiting or held in the outbox, or failed, is not given), not answered by the answer-by instant',
    labelNames: ['deadline'] as const,
    registers: [registry],
    async collect() {
      await refresh();
      if (!state) return;
      this.set({ deadline: 'acknowledge' }, state.acknowledgeLate);
      this.set({ deadline: 'answer' }, state.answerLate);
    },
  });
  // The monitoring report's figure, which measures the answer against the procedure's date rather than the date
  // told: a complaint acknowledged after its answer date is promised a new date (not late above), yet overdue in the
  // report from the procedure's date on. A separate gauge, so that neither figure changes what the other means.
  new client.Gauge({
    name: 'redress_complaints_overdue',
    help: "Open complaints overdue as the monitoring report counts them (its 'open and overdue'): not acknowledged by the acknowledge-by instant, or not answered by the procedure's answer date, which a renewed promise and an extension told after it do not move (redress_deadlines_late measures against the dates told)",
    registers: [registry],
    async collect() {
      await refresh();
      if (state) this.set(state.complaintsOverdue);
    },
  });

  return {
    registry,
    received(door, outcome, seconds) {
      received.inc({ door });
      if (seconds !== undefined) storing.observe({ door }, seconds);
      if (outcome.duplicate) duplicates.inc({ door });
      else filed.inc({ door, to: outcome.caseId ? 'case' : 'inbox' });
    },
    refused(door, reason, count = 1) {
      refused.inc({ door, reason }, count);
    },
    addRefusalSource(source) {
      sources.push(source);
      seen.set(source, 0);
    },
    addImapMailbox(mailbox, poller) {
      mailboxes.push({ mailbox, poller });
    },
    request(method, route, status, seconds) {
      latency.observe({ method, route, status_code: String(status) }, seconds);
    },
    async expose() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

interface DatabaseState {
  outboxBacklog: number;
  outboxOldestAgeSeconds: number;
  outboxHeld: number;
  lettersToPost: number;
  acknowledgeDue: number;
  acknowledgeLate: number;
  answerDueToday: number;
  answerLate: number;
  /** As the report counts its open and overdue complaints (report.repo.ts openAndOverdue). */
  complaintsOverdue: number;
}

/** The shared figures, each read through an index (outbox by status; cases by open flag and due key, or status). */
async function readDatabaseState(ctx: AppContext): Promise<DatabaseState> {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const endOfToday = ctx.calendar.endOfDay(ctx.calendar.localDate(now));
  const [outbox, held, letters, answerLate, answerDue, acks, acksWaiting, complaintsOverdue] =
    await Promise.all([
      db
        .selectFrom('correspondence')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where('status', 'in', ['pending', 'sending'])
        .where('direction', '=', 'out')
        .executeTakeFirst(),
      outboxHeldCount(db),
      db
        .selectFrom('correspondence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'to_post')
        .executeTakeFirst(),
      // The answers: `due_key` is the earliest open deadline (the acknowledgement's, until it is sent), never later
      // than the answer date, so it bounds the index range and `answer_by` says whether the answer itself is due.
      db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_open', '=', 1)
        .where('due_key', '<', now)
        .where('answer_by', '<', now)
        .executeTakeFirst(),
      db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_open', '=', 1)
        .where('due_key', '<=', endOfToday)
        .where('answer_by', '>=', now)
        .where('answer_by', '<=', endOfToday)
        .executeTakeFirst(),
      // Cases waiting for their acknowledgement are few: read through the queue index (kind, step, status).
      db
        .selectFrom('cases')
        .select(['id', 'acknowledge_by'])
        .where('kind', '=', 'complaint')
        .where('step', 'in', [1, 2])
        .where('status', '=', 'received')
        .where('acknowledge_by', 'is not', null)
        .execute(),
      // Recorded as acknowledged while the e-mail has not gone out (waiting in the outbox, held, or failed): the
      // rule (acknowledgement-given.ts) says whether it was given all the same.
      acknowledgedWithEmailNotSent(db),
      // The report's own condition, read through the index of the open complaints (cases_open_counts).
      countOpenAndOverdue(db, ctx.database.engine, now),
    ]);
  const oldest = outbox?.oldest ?? null;
  const unsent = new Map(acks.map((a) => [a.id, a.acknowledge_by!]));
  const items = await acknowledgementItemsOf(
    db,
    acksWaiting.map((a) => a.id),
  );
  for (const a of acksWaiting)
    if (
      a.acknowledgeBy !== null &&
      acknowledgementGivenAt({ acknowledgedAt: a.acknowledgedAt, items: items.get(a.id) ?? [] }) === null
    )
      unsent.set(a.id, a.acknowledgeBy);
  const late = [...unsent.values()].filter((by) => by < now).length;
  return {
    outboxBacklog: Number(outbox?.n ?? 0),
    outboxOldestAgeSeconds: oldest ? Math.max(0, (Date.parse(now) - Date.parse(oldest)) / 1000) : 0,
    outboxHeld: held,
    lettersToPost: Number(letters?.n ?? 0),
    acknowledgeDue: unsent.size - late,
    acknowledgeLate: late,
    answerDueToday: Number(answerDue?.n ?? 0),
    answerLate: Number(answerLate?.n ?? 0),
    complaintsOverdue,
  };
}
