// The register of cases (P6, P7): one row per case received in a period, read a page at a time in the order of
// receipt (keyset pagination on received_at and id, on the index of the receipt date), so that a year's register
// streams in constant memory whatever its size. The original answer date of an extended case and the remedy of an
// answered one come from the case's events (the first extension, the last answer).
import { sql } from 'kysely';
import type { ReportFilter } from '../../core/report/report-filter.ts';
import type { Engine } from './database.ts';
import type { Db } from './report.repo.ts';
import { casesMatching } from './report-scope.ts';

/** A case of the register with the facts of its events (registerFacts). */
export interface RegisterRecord extends Omit<RegisterCase, 'extensions'> {
  extensions: number;
  /** The answer deadline before the first extension (null when never extended). */
  first_answer_by: string | null;
  remedy: string | null;
  /** The root cause and the money offered, from the last answer (null: not recorded). */
  root_cause: string | null;
  root_cause_note: string | null;
  remedy_amount: string | null;
  remedy_currency: string | null;
}

/** Where the next page starts: after this case in the order of receipt. */
export interface RegisterCursor {
  receivedAt: string;
  id: string;
}

// The payload's values are read from `facts`: the payload text on SQLite, on PostgreSQL the payload parsed once per
// event by the subquery of registerPage (each `payload::jsonb` written in the select list parses the text again).
function field(engine: Engine, name: string) {
  return engine === 'sqlite'
    ? sql.raw(`json_extract(events.facts, '$.${name}')`)
    : sql.raw(`(events.facts ->> '${name}')`);
}

/** What the last answer of a case recorded. */
type AnswerFacts = Pick<
  RegisterRecord,
  'remedy' | 'root_cause' | 'root_cause_note' | 'remedy_amount' | 'remedy_currency'
>;

const NO_ANSWER_FACTS: AnswerFacts = {
  remedy: null,
  root_cause: null,
  root_cause_note: null,
  remedy_amount: null,
  remedy_currency: null,
};

/** A value inside an object of the event's payload (`rootCause.cause`), as text; null when absent. */
function path(engine: Engine, outer: string, inner: string) {
  return engine === 'sqlite'
    ? sql.raw(`json_extract(events.facts, '$.${outer}.${inner}')`)
    : sql.raw(`(events.facts -> '${outer}' ->> '${inner}')`);
}

/** Up to `limit` cases received in [start, endExclusive) after `cursor`, in the order of receipt. */
export async function registerPage(
  db: Db,
  engine: Engine,
  start: string,
  endExclusive: string,
  cursor: RegisterCursor | null,
  limit: number,
  filter: ReportFilter = {},
): Promise<RegisterRecord[]> {
  return registerFacts(db, engine, await registerCases(db, start, endExclusive, cursor, limit, filter));
}

/** A case of the register as its row holds it, before the facts of its events. */
export interface RegisterCase {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  channel: string;
  category: string | null;
  language: string;
  status: string;
  outcome: string | null;
  received_at: string;
  acknowledge_by: string | null;
  acknowledged_at: string | null;
  answer_by: string | null;
  answered_at: string | null;
  extensions: number | string;
}

/**
 * The cases of a page of the register (registerPage in two reads, so that a caller can read the next page's cases
 * while the events of this one are read).
 */
export async function registerCases(
  db: Db,
  start: string,
  endExclusive: string,
  cursor: RegisterCursor | null,
  limit: number,
  filter: ReportFilter = {},
): Promise<RegisterCase[]> {
  let q = db
    .selectFrom('cases')
    .select([
      'cases.id',
      'cases.reference',
      'cases.kind',
      'cases.step',
      'cases.channel',
      'cases.category',
      'cases.language',
      'cases.status',
      'cases.outcome',
      'cases.received_at',
      'cases.acknowledge_by',
      'cases.acknowledged_at',
      'cases.answer_by',
      'cases.answered_at',
      'cases.extensions',
    ])
    .where('cases.received_at', '>=', start)
    .where('cases.received_at', '<', endExclusive)
    .where('cases.merged_into', 'is', null)
    .where(casesMatching(filter));
  // The plain bound first, so that each page starts on the index where the last one ended (the OR alone would
  // make every page read the period from its start).
  if (cursor)
    q = q
      .where('cases.received_at', '>=', cursor.receivedAt)
      .where((eb) =>
        eb.or([
          eb('cases.received_at', '>', cursor.receivedAt),
          eb.and([eb('cases.received_at', '=', cursor.receivedAt), eb('cases.id', '>', cursor.id)]),
        ]),
      );
  return q.orderBy('cases.received_at').orderBy('cases.id').limit(limit).execute();
}

/** The cases of a page with the facts of their events: the deadline first set, the last answer's remedy and cause. */
export async function registerFacts(db: Db, engine: Engine, rows: RegisterCase[]): Promise<RegisterRecord[]> {
  // The extensions and answers of the page's cases in one read on the events' stream index (a subquery per case
  // lets a planner pick the index of event types and read every answer ever written, per case).
  const streams = rows
    .filter((r) => Number(r.extensions) > 0 || r.answered_at !== null)
    .map((r) => `case:${r.id}`);
  const firstAnswerBy = new Map<string, string | null>();
  const answers = new Map<string, AnswerFacts>();
  if (streams.length) {
    // Only extensions and answers, tested on an expression of the type that no index can serve: with the type
    // itself in SQL, a database without statistics may take the index of event types and read every answer ever
    // written. Reading the other events of each case (receipt, acknowledgement, notes...) into the page costs more.
    const picked = db
      .selectFrom('events')
      .select([
        'events.stream',
        'events.seq',
        'events.type',
        (engine === 'sqlite' ? sql<string>`events.payload` : sql<string>`events.payload::jsonb`).as('facts'),
      ])
      .where('events.stream', 'in', streams)
      .where(sql<boolean>`(events.type || '') in ('extended', 'answered')`);
    // OFFSET 0 keeps PostgreSQL from writing the parse into each value read from it (SQLite needs no such fence:
    // it keeps the last payloads it parsed).
    const events = await db
      .selectFrom((engine === 'postgres' ? picked.offset(0) : picked).as('events'))
      .select([
        'events.stream',
        'events.type',
        sql<
          string | null
        >`case when events.type = 'extended' then ${field(engine, 'previousAnswerBy')} end`.as(
          'previous_answer_by',
        ),
        sql<string | null>`case when events.type = 'answered' then ${field(engine, 'remedy')} end`.as(
          'remedy',
        ),
        sql<
          string | null
        >`case when events.type = 'answered' then ${path(engine, 'rootCause', 'cause')} end`.as('root_cause'),
        sql<
          string | null
        >`case when events.type = 'answered' then ${path(engine, 'rootCause', 'note')} end`.as(
          'root_cause_note',
        ),
        sql<
          string | null
        >`case when events.type = 'answered' then ${path(engine, 'remedyAmount', 'value')} end`.as(
          'remedy_amount',
        ),
        sql<
          string | null
        >`case when events.type = 'answered' then ${path(engine, 'remedyAmount', 'currency')} end`.as(
          'remedy_currency',
        ),
      ])
      .orderBy('events.stream')
      .orderBy('events.seq')
      .execute();
    for (const e of events) {
      const id = e.stream.slice('case:'.length);
      // The first extension names the deadline first set; the last answer names the remedy.
      if (e.type === 'extended') {
        if (!firstAnswerBy.has(id)) firstAnswerBy.set(id, e.previous_answer_by ?? null);
      } else if (e.type === 'answered') {
        answers.set(id, {
          remedy: e.remedy ?? null,
          root_cause: e.root_cause ?? null,
          root_cause_note: e.root_cause_note ?? null,
          remedy_amount: e.remedy_amount ?? null,
          remedy_currency: e.remedy_currency ?? null,
        });
      }
    }
  }
  // Each record written out in full (a spread of the row would copy it property by property, a million times).
  return rows.map((r) => {
    const extensions = Number(r.extensions);
    const answer = (r.answered_at !== null ? answers.get(r.id) : undefined) ?? NO_ANSWER_FACTS;
    return {
      id: r.id,
      reference: r.reference,
      kind: r.kind,
      step: r.step,
      channel: r.channel,
      category: r.category,
      language: r.language,
      status: r.status,
      outcome: r.outcome,
      received_at: r.received_at,
      acknowledge_by: r.acknowledge_by,
      acknowledged_at: r.acknowledged_at,
      answer_by: r.answer_by,
      answered_at: r.answered_at,
      extensions,
      first_answer_by: extensions > 0 ? (firstAnswerBy.get(r.id) ?? null) : null,
      remedy: answer.remedy,
      root_cause: answer.root_cause,
      root_cause_note: answer.root_cause_note,
      remedy_amount: answer.remedy_amount,
      remedy_currency: answer.remedy_currency,
    };
  });
}
