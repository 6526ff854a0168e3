// The promises checked after every step of a conformance sequence, each against the reference model (model.ts)
// or a recount from the events, never against the rule that produced the value.
import assert from 'node:assert/strict';
import { listQueue } from '../../src/app/list-queue.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { acceptingTransport } from '../support/mail-transport.ts';
import {
  addDays,
  closuresAt,
  datesInText,
  endOfLocalDay,
  localDate,
  type Model,
  type ReferenceDeadline,
  referenceDeadline,
} from './model.ts';
import type { System } from './system.ts';

export type InvariantName =
  | 'acknowledgement'
  | 'merged_closed'
  | 'acknowledged_or_waiting'
  | 'late_shown'
  | 'promise_ahead'
  | 'deadlines'
  | 'one_recipient'
  | 'threading'
  | 'language'
  | 'report'
  | 'archive';

export const INVARIANTS: InvariantName[] = [
  'acknowledgement',
  'merged_closed',
  'acknowledged_or_waiting',
  'late_shown',
  'promise_ahead',
  'deadlines',
  'one_recipient',
  'threading',
  'language',
  'report',
  'archive',
];

export interface InvariantOptions {
  /** Invariants left out (a known open defect: see the README's conformance paragraph). */
  skip: ReadonlySet<InvariantName>;
  /** Check the archive every N steps (and always at the end of a sequence). */
  archiveEvery: number;
}

/** Learns the cases opened by the last step (by any door: the model does not guess where mail is filed). */
export async function learnCases(m: Model, s: System): Promise<void> {
  const rows = await s.test.database.db
    .selectFrom('cases')
    .select(['id', 'reference', 'kind', 'step', 'channel', 'received_at', 'language', 'complainant_id'])
    .orderBy('received_at')
    .orderBy('reference')
    .execute();
  for (const r of rows) {
    if (m.cases.has(r.id)) continue;
    m.cases.set(r.id, {
      id: r.id,
      reference: r.reference,
      kind: r.kind,
      step: r.step,
      channel: r.channel,
      receivedAt: r.received_at,
      language: r.language,
      complainantId: r.complainant_id,
      absorbed: 0,
      merged: false,
    });
    m.order.push(r.id);
  }
}

const STAFF_WRITTEN = new Set(['information_request', 'extension_notice', 'answer', 'restriction_notice']);

function fail(name: InvariantName, message: string, detail?: unknown): never {
  throw new Error(
    `invariant ${name} broken: ${message}${detail === undefined ? '' : `\n${JSON.stringify(detail, null, 2)}`}`,
  );
}

export async function checkInvariants(
  m: Model,
  s: System,
  o: InvariantOptions,
  final = false,
): Promise<void> {
  const { db } = s.test.database;
  // The outbox sends what the step wrote, as a running instance does within seconds: an acknowledgement counts as
  // given once the mail server took it (acknowledgement-given.ts), which the reference below takes for granted.
  await sendDueMail(s.ctx, acceptingTransport);
  const on = (n: InvariantName) => !o.skip.has(n);
  const nowIso = new Date(m.now).toISOString();
  const today = localDate(m.now);
  const cases = await db.selectFrom('cases').selectAll().execute();
  const complainants = new Map(
    (await db.selectFrom('complainants').select(['id', 'email']).execute()).map((c) => [c.id, c]),
  );
  const events = await db
    .selectFrom('events')
    .select(['id', 'stream', 'seq', 'type', 'at', 'payload'])
    .where('stream', 'like', 'case:%')
    .orderBy('stream')
    .orderBy('seq')
    .execute();
  const byStream = new Map<string, typeof events>();
  for (const e of events) {
    const list = byStream.get(e.stream) ?? [];
    list.push(e);
    byStream.set(e.stream, list);
  }
  const out = await db
    .selectFrom('correspondence')
    .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
    .select([
      'correspondence.id',
      'correspondence.case_id',
      'correspondence.channel',
      'correspondence.status',
      'correspondence.to_address',
      'correspondence.in_reply_to',
      'correspondence.language',
      'correspondence.text_body',
      'correspondence.created_at',
      'outbound_items.purpose',
      'outbound_items.audience',
      'outbound_items.postal_address',
    ])
    .where('correspondence.direction', '=', 'out')
    .execute();
  const inbound = await db
    .selectFrom('correspondence')
    .select(['id', 'case_id', 'message_id', 'from_address', 'channel', 'created_at'])
    .where('direction', '=', 'in')
    .execute();
  const onFile = new Set(inbound.map((i) => i.message_id).filter((x): x is string => !!x));
  // Threading is about e-mail: a form or API submission keeps a key of its own, no mail client shows it.
  const mailIn = inbound.filter((i) => i.channel === 'email');

  // The language of every case: the one it was opened with, changed only by a recorded event (recounted from the
  // events), and the one the model holds (changed only by the test's own language changes).
  if (on('language')) {
    m.stats.checks++;
    for (const c of cases) {
      const stream = byStream.get(`case:${c.id}`) ?? [];
      let language: string | null = null;
      for (const e of stream) {
        const p = JSON.parse(e.payload) as { language?: string; to?: string };
        if (e.type === 'case_received') language = p.language ?? null;
        if (e.type === 'language_changed') language = p.to ?? null;
      }
      if (c.language !== language)
        fail('language', `case ${c.reference} is in ${c.language}, its events say ${language}`);
      const known = m.cases.get(c.id);
      if (known && known.language !== c.language)
        fail(
          'language',
          `case ${c.reference} changed from ${known.language} to ${c.language} without a change`,
        );
    }
  }

  // Stored deadlines equal the reference calendar, for the calendar in force when each was set.
  if (on('deadlines')) {
    m.stats.checks++;
    /**
     * A case's deadline as the reference calendar gives it from its events before event `upTo`, and whether it
     * was answered by then. A merge reads the duplicate's as it stood when it was merged: the case that remains
     * takes the duplicate's answer date where it was earlier, while both are unanswered (never a later promise).
     */
    const expectedOf = (
      caseId: string,
      receivedAt: string,
      upTo: number,
    ): { deadline: ReferenceDeadline | null; answered: boolean } => {
      let expected: ReferenceDeadline | null = null;
      let answered = false;
      let told = false;
      for (const e of byStream.get(`case:${caseId}`) ?? []) {
        if (Number(e.id) >= upTo) break;
        const p = JSON.parse(e.payload) as Record<string, unknown>;
        if (e.type === 'case_received' && p.deadline)
          expected = referenceDeadline(p.receivedAt as string, closuresAt(m, Number(e.id)));
        if (e.type === 'deadlines_recomputed') {
          // A date told to the complainant (by the acknowledgement, a request for information, or a letter
          // carrying either, printed to be posted) is not moved by a calendar change.
          if (told) fail('deadlines', `case ${caseId}: its deadline was recomputed after it was told`);
          expected = referenceDeadline(receivedAt, closuresAt(m, Number(e.id)));
        }
        if (
          e.type === 'acknowledged' ||
          e.type === 'information_requested' ||
          (e.type === 'letter_prepared' &&
            (p.purpose === 'acknowledgement' || p.purpose === 'information_request'))
        )
          told = true;
        if (e.type === 'promise_renewed' && expected) {
          const fresh = referenceDeadline(e.at, closuresAt(m, Number(e.id)));
          expected = { ...expected, answerBy: fresh.answerBy, answerByDate: fresh.answerByDate };
        }
        if (e.type === 'extended' && expected) {
          const end = p.windowEnd as string;
          expected = { ...expected, answerByDate: end, answerBy: endOfLocalDay(end) };
        }
        if (e.type === 'answered') answered = true;
        if (e.type === 'case_merged' && expected && !answered) {
          const source = cases.find((x) => x.id === p.sourceCaseId);
          const dup = source ? expectedOf(source.id, source.received_at, Number(e.id)) : null;
          if (dup?.deadline && !dup.answered && dup.deadline.answerBy < expected.answerBy)
            expected = {
              ...expected,
              answerBy: dup.deadline.answerBy,
              answerByDate: dup.deadline.answerByDate,
            };
        }
      }
      return { deadline: expected, answered };
    };
    for (const c of cases) {
      if (c.kind !== 'complaint') continue;
      const expected = expectedOf(c.id, c.received_at, Number.POSITIVE_INFINITY).deadline;
      if (!expected) fail('deadlines', `complaint ${c.reference} has no deadline in its events`);
      const stored = {
        acknowledgeBy: c.acknowledge_by,
        answerBy: c.answer_by,
        answerByDate: c.answer_by_date,
      };
      if (JSON.stringify(stored) !== JSON.stringify(expected))
        fail('deadlines', `complaint ${c.reference} (received ${c.received_at})`, { stored, expected });
    }
  }

  // Every complaint has at most one acknowledgement of its own (a merged duplicate brings its own along), and
  // one exists once it is recorded as acknowledged.
  if (on('acknowledgement')) {
    m.stats.checks++;
    const acks = new Map<string, number>();
    for (const x of out)
      if (x.purpose === 'acknowledgement' && x.case_id) acks.set(x.case_id, (acks.get(x.case_id) ?? 0) + 1);
    for (const c of cases) {
      const n = acks.get(c.id) ?? 0;
      const allowed = 1 + (m.cases.get(c.id)?.absorbed ?? 0);
      if (n > allowed) fail('acknowledgement', `case ${c.reference} has ${n} acknowledgements`);
      if (c.kind === 'complaint' && c.acknowledged_at && n === 0 && !c.merged_into)
        fail('acknowledgement', `case ${c.reference} is acknowledged with no acknowledgement on file`);
    }
  }

  // A duplicate merged into another case stays closed, with no clock of its own: its complaint is answered on the
  // case that remains, which took the earlier answer date of the two (P4.1).
  if (on('merged_closed')) {
    m.stats.checks++;
    for (const c of cases)
      if (c.merged_into && c.status !== 'closed')
        fail('merged_closed', `case ${c.reference} was merged into another and is ${c.status} again`);
  }

  // P3.1: every complaint, by whatever door it came in, is acknowledged (by e-mail, or a letter waits to be
  // posted), or it shows staff that it waits for a person: flagged with the reason nothing was sent, waiting "to
  // address", or handed to the complainant's designated contact.
  if (on('acknowledged_or_waiting')) {
    m.stats.checks++;
    const silent = cases.filter(
      (c) => c.kind === 'complaint' && c.status === 'received' && !c.acknowledged_at && !c.letters_to_post,
    );
    if (silent.length) {
      const rows = new Map((await listQueue(s.ctx, { queue: 'all', limit: 200 })).rows.map((r) => [r.id, r]));
      for (const c of silent) {
        const r = rows.get(c.id);
        const waits = r && (r.flagged || r.toAddress || (r.restricted && r.ownerId !== null));
        if (!waits)
          fail(
            'acknowledged_or_waiting',
            `complaint ${c.reference} is neither acknowledged nor shown waiting`,
            {
              channel: c.channel,
              row: r ?? null,
              events: (byStream.get(`case:${c.id}`) ?? []).map((e) => e.type),
            },
          );
      }
    }
  }

  // A complaint whose deadline has passed (acknowledgement or answer) is shown as late to staff: exactly the
  // open complaints the reference finds late are in the queue's Late filter.
  if (on('late_shown')) {
    m.stats.checks++;
    const expected = new Set(
      cases
        .filter(
          (c) =>
            c.kind === 'complaint' &&
            (c.status === 'received' || c.status === 'acknowledged') &&
            ((!c.acknowledged_at && c.acknowledge_by !== null && c.acknowledge_by < nowIso) ||
              (!c.answered_at && c.answer_by !== null && c.answer_by < nowIso)),
        )
        .map((c) => c.reference),
    );
    const shown = new Set(
      (await listQueue(s.ctx, { queue: 'all', due: 'overdue', limit: 200 })).rows.map((r) => r.reference),
    );
    const missing = [...expected].filter((r) => !shown.has(r));
    const extra = [...shown].filter((r) => !expected.has(r));
    if (missing.length || extra.length)
      fail('late_shown', 'the Late filter differs from the reference', { missing, extra, now: nowIso });
    // Before its deadline passes, a complaint nobody acknowledged is on the queue with the acknowledgement's
    // clock (or waiting "to address"), and its row says late exactly when the reference does.
    const rows = (await listQueue(s.ctx, { queue: 'all', limit: 200 })).rows;
    const row = new Map(rows.map((r) => [r.reference, r]));
    for (const c of cases) {
      if (c.kind !== 'complaint' || !(c.status === 'received' || c.status === 'acknowledged')) continue;
      const r = row.get(c.reference);
      if (!r) fail('late_shown', `open complaint ${c.reference} is not on the queue`);
      if ((r.urgency === 'overdue') !== expected.has(c.reference))
        fail('late_shown', `the row of ${c.reference} says ${r.urgency}`, { now: nowIso, row: r });
      if (!c.acknowledged_at && c.acknowledge_by !== null && c.acknowledge_by >= nowIso && !r.toAddress)
        if (r.dueFor !== 'acknowledge' && !(c.answer_by !== null && c.answer_by < c.acknowledge_by))
          fail('late_shown', `unacknowledged ${c.reference} shows the clock of its ${r.dueFor}`, { row: r });
    }
    // "Due first": the open complaints come in the order of their earliest open deadline, the acknowledgement's
    // until it went out (an e-mail the server took, a letter posted; recorded with nothing written: at its record).
    const given = (c: (typeof cases)[number]) => {
      if (!c.acknowledged_at) return false;
      const acks = out.filter(
        (x) => x.case_id === c.id && x.purpose === 'acknowledgement' && x.audience === 'complainant',
      );
      return (
        acks.length === 0 ||
        acks.some(
          (x) =>
            (x.channel === 'email' && x.status === 'sent') ||
            (x.channel === 'letter' && x.status === 'posted'),
        )
      );
    };
    const byReference = new Map(cases.map((c) => [c.reference, c]));
    let previous: { reference: string; due: string } | null = null;
    for (const r of rows) {
      const c = byReference.get(r.reference);
      if (c?.kind !== 'complaint') continue;
      const open = [
        ...(!given(c) && c.acknowledge_by ? [c.acknowledge_by] : []),
        ...(!c.answered_at && c.answer_by ? [c.answer_by] : []),
      ].sort();
      const due = open[0] ?? c.answer_by ?? '9999-12-31T23:59:59.999Z';
      if (previous && due < previous.due)
        fail(
          'late_shown',
          `the queue lists ${c.reference} (due ${due}) after ${previous.reference} (due ${previous.due})`,
          {
            now: nowIso,
          },
        );
      previous = { reference: c.reference, due };
    }
  }

  // The outbound items written by the last step.
  const fresh = out.filter((x) => !m.checkedOutbound.has(x.id));
  const caseById = new Map(cases.map((c) => [c.id, c]));
  for (const x of fresh) {
    m.checkedOutbound.add(x.id);
    if (x.audience !== 'complainant') continue;
    const c = x.case_id ? caseById.get(x.case_id) : undefined;
    if (on('one_recipient')) {
      m.stats.checks++;
      if (x.channel === 'email') {
        const to = x.to_address ?? '';
        if (!/^[^\s@,;<>]+@[^\s@,;<>]+$/.test(to))
          fail('one_recipient', `${x.purpose} ${x.id} is not addressed to one address: "${to}"`);
        const email = c ? complainants.get(c.complainant_id)?.email : undefined;
        if (c && email !== to)
          fail('one_recipient', `${x.purpose} of ${c.reference} goes to ${to}, the complainant is ${email}`);
      } else {
        const lines = x.postal_address ? (JSON.parse(x.postal_address) as string[]) : [];
        if (!lines.length) fail('one_recipient', `letter ${x.purpose} ${x.id} has no address block`);
      }
    }
    if (on('threading') && x.channel === 'email') {
      m.stats.checks++;
      if (x.in_reply_to && !onFile.has(x.in_reply_to))
        fail('threading', `${x.purpose} ${x.id} answers ${x.in_reply_to}, which is not on file`);
      const related = new Set([c?.id, c?.step1_case_id].filter(Boolean));
      const complainantMail = mailIn.some(
        (i) => i.message_id && i.case_id && related.has(i.case_id) && i.from_address === x.to_address,
      );
      if (complainantMail && !x.in_reply_to)
        fail('threading', `${x.purpose} ${x.id} of ${c?.reference} threads on nothing, though they wrote`);
      // A text written by staff answers the complainant's latest e-mail on the case (else on the step-1 case it
      // escalates): the latest stored, any of those stored in the same instant.
      if (c && STAFF_WRITTEN.has(x.purpose)) {
        const theirs = (caseId: string | null) =>
          mailIn.filter((i) => i.message_id && i.case_id === caseId && i.from_address === x.to_address);
        const own = theirs(c.id);
        const mail = own.length || !c.step1_case_id ? own : theirs(c.step1_case_id);
        const latest = mail
          .map((i) => i.created_at)
          .sort()
          .at(-1);
        const candidates = mail.filter((i) => i.created_at === latest).map((i) => i.message_id);
        if (mail.length && !candidates.includes(x.in_reply_to))
          fail('threading', `${x.purpose} of ${c.reference} answers ${x.in_reply_to}, not the latest mail`, {
            candidates,
          });
      }
    }
    if (on('language') && c) {
      m.stats.checks++;
      if (x.language !== c.language)
        fail('language', `${x.purpose} of ${c.reference} is in ${x.language}, the case in ${c.language}`);
    }
    if (on('promise_ahead') && c) {
      m.stats.checks++;
      const dates = datesInText(x.text_body ?? '');
      const written = localDate(x.created_at);
      if (x.purpose === 'acknowledgement' || x.purpose === 'information_request') {
        const promised = dates.length ? [...dates].sort().at(-1)! : null;
        if (c.kind === 'complaint' && !promised)
          fail('promise_ahead', `${x.purpose} of ${c.reference} names no answer date`, x.text_body);
        if (promised && promised < written)
          fail('promise_ahead', `${x.purpose} of ${c.reference} written ${written} promises ${promised}`);
        if (x.purpose === 'acknowledgement' && c.kind === 'complaint' && promised !== c.answer_by_date)
          fail(
            'promise_ahead',
            `the acknowledgement of ${c.reference} promises ${promised}, the case ${c.answer_by_date}`,
          );
      }
      if (x.purpose === 'extension_notice')
        for (const d of dates)
          if (d < written)
            fail(
              'promise_ahead',
              `extension notice of ${c.reference} written ${written} names ${d}`,
              x.text_body,
            );
    }
  }

  if (on('report')) {
    m.stats.checks++;
    // A period across month boundaries (the counts' day and month seams) after every step; at the end of the
    // sequence also one starting on the 1st.
    const periods = [{ from: addDays(m.startDay, -35), to: today }];
    if (final) periods.push({ from: `${today.slice(0, 7)}-01`, to: today });
    for (const period of periods) {
      const fast = await reportCases(s.ctx, period);
      const scanned = await reportCasesScanning(s.ctx, period);
      const { generatedAt: _a, ...a } = fast;
      const { generatedAt: _b, ...b } = scanned;
      try {
        assert.deepEqual(a, b);
      } catch (e) {
        fail('report', `the figures differ from a scan of the cases for ${period.from}..${period.to}`, {
          message: (e as Error).message.slice(0, 2000),
        });
      }
      const inPeriod = [...m.cases.values()].filter((c) => {
        if (c.merged) return false;
        const d = localDate(c.receivedAt);
        return d >= period.from && d <= period.to;
      });
      const complaints = inPeriod.filter((c) => c.kind === 'complaint');
      if (fast.complaints.received !== complaints.length)
        fail('report', `${fast.complaints.received} complaints counted, ${complaints.length} received`, {
          period,
        });
      const byChannel: Record<string, number> = {};
      for (const c of complaints) byChannel[c.channel] = (byChannel[c.channel] ?? 0) + 1;
      const counted = Object.fromEntries(Object.entries(fast.complaints.byChannel).filter(([, n]) => n > 0));
      if (JSON.stringify(sortKeys(counted)) !== JSON.stringify(sortKeys(byChannel)))
        fail('report', 'complaints by channel differ from the recount', { period, counted, byChannel });
    }
  }

  if (on('archive') && (final || m.stats.steps % o.archiveEvery === 0)) {
    m.stats.checks++;
    const report = await verifyArchive(s.ctx);
    if (report.problems.length) fail('archive', 'the archive does not verify', report.problems.slice(0, 5));
  }
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
