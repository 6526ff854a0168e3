// The report's "acknowledged" and "acknowledged in time", however the report is narrowed, are those of the one rule
// (core/correspondence/acknowledgement-given.ts): an acknowledgement counts as given once the mail server took the
// e-mail, not when it was recorded and written to the outbox. Complaints in three languages, by e-mail and by the web
// form, some categorised, some owned, some answered, whose acknowledgement e-mails the mail server takes at once,
// refuses for a while (our sending settings: the outbox holds them) and takes late, or still refuses at the end; a
// few acknowledged by hand (nothing written: given at its record). For random filters (any combination of step,
// channel, language, category, outcome and owner, "not set" included) and periods, the report's figures, as a whole
// and by step, equal a recount of the cases through the rule. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { acknowledgementItemsOf } from '../../src/adapters/db/acknowledgements.repo.ts';
import { afterCaseOpened } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { openCaseIn } from '../../src/app/open-case.ts';
import { periodInstants, type ReportPeriod, reportCases } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import {
  acknowledgedInTime,
  acknowledgementGivenAt,
} from '../../src/core/correspondence/acknowledgement-given.ts';
import type { ReportFilter } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';
import { startWorld, switchableRelay, type World } from './support.ts';

const HOUR = 3_600_000;

/** A small deterministic generator: the same cases on both engines and in every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const CASES = 36;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Plays the complaints from Monday 2 November on, a few hours to two days apart. */
async function play(world: World) {
  const { ctx, clock } = world;
  const mail = switchableRelay();
  const r = random(7);
  let at = Date.parse('2026-11-02T08:00:00.000Z');
  for (let i = 0; i < CASES; i++) {
    at += Math.floor((2 + r() * 40) * HOUR) + i;
    const receivedAt = new Date(at).toISOString();
    clock.set(receivedAt);
    const byHand = r() < 0.15;
    const input = complaintAt(receivedAt, {
      channel: pick(r, ['email', 'web'] as const),
      language: pick(r, ['fr', 'en', 'de'] as const),
      complainant: { name: `Client ${i}`, email: `client${i}@d${i}.example` },
    });
    // As a door opens a case: with its acknowledgement written to the outbox (but those acknowledged by hand).
    const { caseId } = await inTransaction(ctx, async (agg) => {
      const opened = await openCaseIn(ctx, agg, input);
      if (!byHand) await afterCaseOpened(ctx, agg, opened, null);
      return opened;
    });
    const act = async (afterHours: number, command: Parameters<typeof actOnCase>[2]) => {
      clock.set(new Date(at + afterHours * HOUR).toISOString());
      await actOnCase(ctx, caseId, command, 'u');
    };
    if (r() < 0.6) await act(0.25, { type: 'categorise', category: pick(r, ['billing', 'dns'] as const) });
    if (r() < 0.5) await act(0.5, { type: 'assign', to: 'owner-a' });
    // Acknowledged by hand: nothing written, given at its record.
    if (byHand) await act(1, { type: 'acknowledge', channel: 'email', correspondenceId: null });
    // The mail server refuses our sending for a while now and then: what waits in the outbox goes out at the next
    // send it takes, late when that is after its acknowledge-by; the last few still wait at the end.
    mail.state.refusing = i >= CASES - 4 || r() < 0.35;
    clock.set(new Date(at + 1.5 * HOUR).toISOString());
    await sendDueMail(ctx, mail.transport);
    if (r() < 0.3)
      await act(2, {
        type: 'answer',
        outcome: pick(r, ['upheld', 'not_upheld'] as const),
        text: 'Our answer.',
        remedy: null,
        correspondenceId: null,
      });
  }
  clock.set(new Date(at + 3 * HOUR).toISOString());
}

/** Every complaint with what the rule needs, and the dimensions the filters narrow. */
async function complaints(world: World) {
  const db = world.ctx.database.db;
  const rows = await db
    .selectFrom('cases')
    .select([
      'id',
      'step',
      'channel',
      'language',
      'category',
      'outcome',
      'owner_id',
      'received_at',
      'acknowledged_at',
      'acknowledge_by',
    ])
    .where('kind', '=', 'complaint')
    .where('merged_into', 'is', null)
    .execute();
  const items = await acknowledgementItemsOf(
    db,
    rows.map((c) => c.id),
  );
  return rows.map((c) => {
    const givenAt = acknowledgementGivenAt({
      acknowledgedAt: c.acknowledged_at,
      items: items.get(c.id) ?? [],
    });
    return {
      ...c,
      step: c.step ?? 1,
      givenAt,
      inTime: acknowledgedInTime(givenAt, c.acknowledge_by),
    };
  });
}

type Complaint = Awaited<ReturnType<typeof complaints>>[number];

/** Whether a complaint is in the filter, as the report reads a filter (report-filter.ts). */
function matches(c: Complaint, f: ReportFilter): boolean {
  return (
    (f.step === undefined || c.step === f.step) &&
    (f.channel === undefined || c.channel === f.channel) &&
    (f.language === undefined || c.language === f.language) &&
    (f.category === undefined || c.category === f.category) &&
    (f.outcome === undefined || c.outcome === f.outcome) &&
    (f.owner === undefined || c.owner_id === f.owner)
  );
}

/** Each dimension a filter may name, with the values the complaints take in it ("not set" included). */
const VALUES = {
  step: [1 as const],
  channel: ['email', 'web'],
  language: ['fr', 'en', 'de'],
  category: ['billing', 'dns', null],
  outcome: ['upheld', 'not_upheld', null],
  owner: ['owner-a', null],
};
type Key = keyof typeof VALUES;

/** Up to three dimensions (more leave hardly a complaint of so few), each at one of its values. */
const filters: fc.Arbitrary<ReportFilter> = fc
  .shuffledSubarray(Object.keys(VALUES) as Key[], { maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(...VALUES[k]).map((v) => [k, v] as const))))
  .map((pairs) => Object.fromEntries(pairs) as ReportFilter);

const NOVEMBER_DAYS = 30;
/** November (the cases' month, cut at local midnights), or any run of days from 1 November to 10 December. */
const periods: fc.Arbitrary<ReportPeriod> = fc.oneof(
  fc.constant({ from: '2026-11-01', to: '2026-11-30' }),
  fc
    .tuple(fc.integer({ min: 1, max: NOVEMBER_DAYS }), fc.integer({ min: 1, max: NOVEMBER_DAYS + 10 }))
    .map(([a, b]) => {
      const day = (n: number) =>
        new Date(Date.UTC(2026, 10, 1) + (n - 1) * 24 * HOUR).toISOString().slice(0, 10);
      return { from: day(Math.min(a, b)), to: day(Math.max(a, b)) };
    }),
);

for (const engine of ENGINES)
  describe(`the report's acknowledgements follow the rule under any filter (${engine})`, () => {
    let world: World;
    let all: Complaint[];
    before(async () => {
      world = await startWorld(engine, '2026-11-02T08:00:00.000Z', {
        timezone: 'Europe/Berlin',
      });
      await play(world);
      all = await complaints(world);
    });
    after(() => world.close());

    it('the complaints played cover what the rule tells apart', () => {
      const recorded = all.filter((c) => c.acknowledged_at !== null);
      assert.ok(
        recorded.some((c) => c.givenAt === null),
        'some recorded as acknowledged are not given (held)',
      );
      assert.ok(
        recorded.some((c) => c.givenAt !== null && !c.inTime && c.acknowledged_at! <= c.acknowledge_by!),
        'some recorded in time are given late',
      );
      assert.ok(
        all.some((c) => c.inTime),
        'some are given in time',
      );
      for (const key of ['channel', 'language', 'category', 'outcome', 'owner_id'] as const)
        assert.ok(new Set(all.map((c) => c[key])).size > 1, `several values of ${key}`);
    });

    it('under random filters and periods, equal a recount of the cases through the rule', async () => {
      await fc.assert(
        fc.asyncProperty(filters, periods, async (filter, period) => {
          const report = await reportCases(world.ctx, period, filter);
          const { start, endExclusive } = periodInstants(world.ctx, period);
          const counted = all.filter(
            (c) => c.received_at >= start && c.received_at < endExclusive && matches(c, filter),
          );
          const figures = (cs: Complaint[]) => ({
            received: cs.length,
            acknowledged: cs.filter((c) => c.givenAt !== null).length,
            acknowledgedInTime: cs.filter((c) => c.inTime).length,
          });
          const of = (x: { received: number; acknowledged: number; acknowledgedInTime: number }) => ({
            received: x.received,
            acknowledged: x.acknowledged,
            acknowledgedInTime: x.acknowledgedInTime,
          });
          const how = `${JSON.stringify(filter)} ${period.from}..${period.to}`;
          assert.deepEqual(of(report.complaints), figures(counted), how);
          for (const [step, byStep] of Object.entries(report.complaints.byStep))
            assert.deepEqual(
              of(byStep),
              figures(counted.filter((c) => String(c.step) === step)),
              `${how}, step ${step}`,
            );
        }),
        {
          numRuns: 60,
          // Two dimensions, one of them the channel: the complaints recorded in time but given late (held first).
          examples: [
            [
              { channel: 'email', category: 'dns' },
              { from: '2026-11-01', to: '2026-11-30' },
            ],
          ],
        },
      );
    });
  });
