// What the product shows is derived from the events (P6.2): a case's or complainant's stored state (`streams.state`)
// is its events evolved one after another, and the case's row in `cases` (the queue, the case page, the register)
// is projected from that state (aggregates.repo.ts caseRow). `redress archive verify` replays each such stream with
// the core's evolve and compares, so a state or a row changed in the database alone is named, column by column.
//
// States stored by an older release may lack fields a later release added, and rows may lack columns such a state
// does not say (left to the migrations' fills): only what both the replay and the stored value have is compared.
// The replay uses this release's evolve; where a release changed what evolve derives from the same events, a state
// stored before it would differ, and is named (none is known to this release: see the tests of an upgraded
// database). An anonymised stream (any event redacted) is compared in its redacted form on both sides: what
// retention keeps (codes, dates, numbers, ids) must still agree.
//
// One column is not the events' alone: a complaint's due key (cases.due_key) stays on its acknowledge-by until the
// acknowledgement went out, which the outbox says, not the events. For a case whose key hangs on that, the caller
// hands in the acknowledgements the case wrote as the outbox holds them, and the expected key comes from the rule
// the writers use (due-key.repo.ts dueKeysOf), so a key changed by hand, or left behind by a move that was lost, is
// named too.
import { caseRow } from '../adapters/db/aggregates.repo.ts';
import { dueKeysOf } from '../adapters/db/due-key.repo.ts';
import { canonicalJson } from '../core/archive/hash-chain.ts';
import { redactPersonal } from '../core/archive/retention.ts';
import { type CaseState, evolveCase } from '../core/case/case.ts';
import type { CaseEvent } from '../core/case/case-events.ts';
import { clockFactsOf } from '../core/case/clock.ts';
import { type ComplainantEvent, type ComplainantState, evolveComplainant } from '../core/case/complainant.ts';
import type { AcknowledgementItem } from '../core/correspondence/acknowledgement-given.ts';

export interface DerivedProblem {
  kind: 'state_altered' | 'row_altered';
  stream: string;
  seq: 0;
  detail: string;
}

interface ReplayLink {
  type: string;
  at: string;
  actor: string;
  payload: unknown;
}

/** The state of a case or complainant stream replayed from its events, as the writer evolves it; null if none. */
export function replayState(stream: string, links: readonly ReplayLink[]): unknown {
  const kind = stream.startsWith('case:') ? 'case' : stream.startsWith('complainant:') ? 'complainant' : null;
  if (!kind || !links.length) return null;
  const id = stream.slice(kind.length + 1);
  if (kind === 'case') {
    let s: CaseState | null = null;
    for (const l of links) {
      s = evolveCase(s, { type: l.type, payload: l.payload } as CaseEvent, { at: l.at, actor: l.actor });
      s.id = id;
    }
    return JSON.parse(JSON.stringify(s)) as unknown;
  }
  let s: ComplainantState | null = null;
  for (const l of links) {
    s = evolveComplainant(s, { type: l.type, payload: l.payload } as ComplainantEvent, {
      at: l.at,
      actor: l.actor,
    });
    s.id = id;
  }
  return JSON.parse(JSON.stringify(s)) as unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The paths at which `stored` differs from `replayed`, over the fields both have. */
export function differences(stored: unknown, replayed: unknown, path = '', out: string[] = []): string[] {
  if (isRecord(stored) && isRecord(replayed)) {
    for (const k of Object.keys(stored))
      if (replayed[k] !== undefined) differences(stored[k], replayed[k], path ? `${path}.${k}` : k, out);
    return out;
  }
  if (Array.isArray(stored) && Array.isArray(replayed) && stored.length === replayed.length) {
    for (let i = 0; i < stored.length; i++) differences(stored[i], replayed[i], `${path}[${i}]`, out);
    return out;
  }
  if (canonicalJson(stored) !== canonicalJson(replayed)) out.push(path || '(the whole state)');
  return out;
}

function shown(v: unknown): string {
  const t = v === null || v === undefined ? 'null' : typeof v === 'object' ? canonicalJson(v) : String(v);
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** A column's value compared as text: the engines return integers, text and nulls alike but not booleans. */
function cell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'object') return canonicalJson(v);
  return String(v);
}

/**
 * The problems of one stream's derived state: its stored state against the replay, and for a case its `cases` row
 * against the row the replayed state projects. `redacted`: some event of the stream is redacted. `acknowledgements`:
 * the acknowledgements the case wrote to its complainant, as the outbox holds them (empty if none), which the due
 * key may hang on; without them (undefined) such a key is not compared.
 */
export function verifyDerived(
  stream: string,
  links: readonly ReplayLink[],
  storedStateText: string | undefined,
  row: Record<string, unknown> | undefined,
  redacted: boolean,
  acknowledgements?: readonly AcknowledgementItem[],
): DerivedProblem[] {
  const replayed = replayState(stream, links);
  if (replayed === null) return [];
  const problems: DerivedProblem[] = [];
  const form = (v: unknown) => (redacted ? redactPersonal(v) : v);
  if (storedStateText !== undefined) {
    let stored: unknown;
    try {
      stored = JSON.parse(storedStateText);
    } catch {
      stored = storedStateText;
    }
    const paths = differences(form(stored), form(replayed));
    if (paths.length)
      problems.push({
        kind: 'state_altered',
        stream,
        seq: 0,
        detail: `the stored state of ${row?.reference ? `case ${String(row.reference)} (${stream})` : stream} differs from what its events give, in ${paths.slice(0, 10).join(', ')}${paths.length > 10 ? ` and ${paths.length - 10} more` : ''}`,
      });
  }
  // A case whose events are there and whose row is gone has left the queues, search and reports.
  if (stream.startsWith('case:') && !row)
    problems.push({
      kind: 'row_altered',
      stream,
      seq: 0,
      detail: `the cases row of ${String((replayed as CaseState).reference ?? stream)} is missing: its events are there, but the case no longer shows in the queues, search or reports`,
    });
  if (stream.startsWith('case:') && row) {
    const state = replayed as CaseState;
    const expected = caseRow(state) as Record<string, unknown>;
    // The events leave the due key unsaid when it hangs on the acknowledgement having gone out: the outbox says it.
    const fromOutbox = expected.due_key === undefined && acknowledgements !== undefined;
    if (fromOutbox)
      expected.due_key = dueKeysOf(
        [{ id: state.id, ...clockFactsOf(state) }],
        new Map([[state.id, acknowledgements]]),
      ).get(state.id);
    const differ: string[] = [];
    for (const [column, value] of Object.entries(expected)) {
      if (value === undefined || !(column in row)) continue;
      const want = redacted ? redactPersonal(value, column) : value;
      const have = redacted ? redactPersonal(row[column], column) : row[column];
      const source = fromOutbox && column === 'due_key' ? 'events and outbox' : 'events';
      if (cell(want) !== cell(have))
        differ.push(`${column} (stored ${shown(have)}, ${source} ${shown(want)})`);
    }
    if (differ.length)
      problems.push({
        kind: 'row_altered',
        stream,
        seq: 0,
        detail: `the cases row of ${shown(row.reference)} differs from what its events give: ${differ.join('; ')}`,
      });
  }
  return problems;
}
