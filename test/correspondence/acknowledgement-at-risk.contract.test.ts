// An acknowledgement at risk (P3.1): one that has not reached the complainant (the outbox's server refusing or down,
// the recipient refused, or it waits for a person) while its deadline comes near. The daily digest goes out on
// working days only, so a complaint that arrives on a Friday evening, or after the day's digest, would first be told
// to staff once its promise is broken. The sweep alerts the case's owner and the leads once per case and deadline,
// at any hour, as soon as the deadline is within `alerts.acknowledgementAtRiskHours`. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import type { MailTransport } from '../../src/core/correspondence/outgoing-mail.ts';
import { SendError } from '../../src/core/correspondence/outgoing-mail.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, switchableRelay, type World } from './support.ts';

const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The staff mails written about a case, with when they were written. */
async function staffMailAbout(world: World, caseId: string) {
  return world.ctx.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .innerJoin('staff_mail_cases as s', 's.correspondence_id', 'c.id')
    .select(['o.purpose', 'c.to_address', 'c.subject', 'c.text_body', 'c.language', 'c.created_at'])
    .where('o.audience', '=', 'staff')
    .where('s.case_id', '=', caseId)
    .orderBy('c.created_at')
    .orderBy('c.to_address')
    .execute();
}

async function acknowledgeBy(world: World, caseId: string): Promise<string> {
  const row = await world.ctx.database.db
    .selectFrom('cases')
    .select('acknowledge_by')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return row.acknowledge_by!;
}

/** Runs the outbox and the sweep every `stepMs` from now until `until` (inclusive of the last step before it). */
async function runUntil(world: World, transport: MailTransport, until: string, stepMs: number) {
  for (let t = world.ctx.clock.now(); t <= until; t = plus(t, stepMs)) {
    world.clock.set(t);
    await sendDueMail(world.ctx, transport);
    await sweepDeadlines(world.ctx);
  }
}

const staffUser = (id: string, role: string, language: string) => ({
  id,
  email: `${id}@example.org`,
  name: id,
  role,
  departments: '[]',
  language,
  password_hash: null,
  status: 'active',
  invitation_hash: null,
  invitation_expires_at: null,
  last_sign_in_at: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

for (const engine of ENGINES)
  describe(`an acknowledgement at risk (${engine})`, () => {
    let world: World;
    const relay = switchableRelay(true);
    let caseId: string;
    let reference: string;
    let due: string;
    before(async () => {
      // Friday 20 November 2026, 19:30 in Berlin: after working hours, no digest until Monday 08:00.
      world = await startWorld(engine, '2026-11-20T18:30:00.000Z');
      await world.ctx.database.db
        .insertInto('users')
        .values([staffUser('chief', 'lead', 'de'), staffUser('other', 'lead', 'fr')])
        .execute();
      const opened = await mailIn(world, {
        from: 'friday@example.net',
        name: 'Friday',
        language: 'en',
        subject: 'Invoice wrong',
        messageId: '<friday@example.net>',
      });
      caseId = opened.caseId;
      reference = opened.reference;
      due = await acknowledgeBy(world, caseId);
    });
    after(() => world.close());

    it('tells the leads before the deadline, once, in their language, when the relay refuses the acknowledgement', async () => {
      assert.equal(due, '2026-11-21T18:30:00.000Z', 'due 24 hours after receipt, on Saturday');
      await runUntil(world, relay.transport, plus(due, -1), HOUR / 2);
      assert.equal(relay.state.sent, 0, 'the acknowledgement never went out');
      const before = (await staffMailAbout(world, caseId)).filter((m) => m.created_at <= due);
      assert.ok(before.length > 0, 'staff are told of the acknowledgement at risk before its deadline');
      assert.deepEqual(
        before.map((m) => [m.purpose, m.to_address, m.language]),
        [
          ['staff_at_risk', 'chief@example.org', 'de'],
          ['staff_at_risk', 'other@example.org', 'fr'],
        ],
      );
      // Eight hours before the deadline by default, at the first sweep then.
      assert.ok(before.every((m) => m.created_at >= plus(due, -8 * HOUR)));
      const german = before.find((m) => m.language === 'de')!;
      assert.ok(german.subject.startsWith(`[${reference}]`), german.subject);
      assert.match(german.text_body ?? '', /Eingangsbestätigung/);
      assert.match(german.text_body ?? '', /21\. November 2026 um 19:30/);
      const french = before.find((m) => m.language === 'fr')!;
      assert.match(french.text_body ?? '', /accusé de réception/);
    });

    it('is not told again at later sweeps; the breach follows at the deadline as before', async () => {
      await runUntil(world, relay.transport, plus(due, HOUR), HOUR / 4);
      const mail = await staffMailAbout(world, caseId);
      assert.equal(mail.filter((m) => m.purpose === 'staff_at_risk').length, 2, 'one alert per lead, once');
      assert.equal(mail.filter((m) => m.purpose === 'staff_breach').length, 2);
      assert.ok(
        mail.every((m) => m.to_address !== 'friday@example.net'),
        'nothing of it goes to the complainant',
      );
    });
  });

/** How the acknowledgement fares: not given in four ways, or given at once. */
type Fate = 'relay_refusing' | 'server_down' | 'recipient_refused' | 'waits_for_a_person' | 'sent';

function transportFor(fate: { now: Fate }): MailTransport {
  return {
    async send() {
      if (fate.now === 'relay_refusing') throw new SendError('535 5.7.8 authentication failed', 'setup');
      if (fate.now === 'server_down') throw new SendError('connect ECONNREFUSED', 'temporary');
      if (fate.now === 'recipient_refused') throw new SendError('550 5.1.1 no such user', 'recipient');
      return { response: '250 2.0.0 Ok: queued' };
    },
    close() {},
  };
}

for (const engine of ENGINES)
  for (const within of ['24h', '1wd', '6h'] as const)
    describe(`every undelivered acknowledgement is told exactly once before its deadline (${engine}, ${within})`, () => {
      let world: World;
      const fate: { now: Fate } = { now: 'sent' };
      const transport = transportFor(fate);
      before(async () => {
        world = await startWorld(engine, '2026-12-01T00:00:00.000Z', {
          acknowledgeWithin: within,
          'alerts.leads': ['lead@example.org'],
          // A short window needs a short margin: three hours, swept every hour or more often.
          ...(within === '6h' ? { 'alerts.acknowledgementAtRiskHours': 3 } : {}),
        });
      });
      after(() => world.close());

      it('whatever the arrival time, the fate of the acknowledgement and the sweeps’ pace', async () => {
        let run = 0;
        const margin = within === '6h' ? 3 : 8;
        await fc.assert(
          fc.asyncProperty(
            // Any minute of a fortnight (weekends and the Christmas holidays of Baden-Württemberg included).
            fc.integer({ min: 0, max: 14 * 24 * 60 - 1 }),
            fc.constantFrom<Fate>(
              'relay_refusing',
              'server_down',
              'recipient_refused',
              'waits_for_a_person',
              'sent',
            ),
            // The sweep runs at most every two hours here: the margin (3 or 8 hours) allows an alert.
            fc.constantFrom(HOUR, 2 * HOUR),
            async (minute, how, step) => {
              run++;
              // Each run four weeks after the last, so that the outbox's times only go forward.
              const arrival = plus('2026-12-01T00:00:00.000Z', ((run - 1) * 28 * 24 * 60 + minute) * 60_000);
              world.clock.set(arrival);
              fate.now = how;
              const opened = await mailIn(world, {
                from: `p${run}@example.net`,
                name: `P${run}`,
                language: 'de',
                subject: `Case ${run}`,
                messageId: `<p${run}@example.net>`,
                autoReply: how === 'waits_for_a_person' ? 'flood_limited' : 'allowed',
              });
              const by = await acknowledgeBy(world, opened.caseId);
              await runUntil(world, transport, by, step);
              const alerts = (await staffMailAbout(world, opened.caseId)).filter(
                (m) => m.purpose === 'staff_at_risk',
              );
              const expected = how === 'sent' ? 0 : 1;
              assert.equal(alerts.length, expected, `${how}, arrived ${arrival}, due ${by}`);
              for (const a of alerts) {
                assert.equal(a.to_address, 'lead@example.org');
                assert.ok(a.created_at <= by, 'before the deadline');
                // Within the margin, unless the whole window is (then at the first sweep after arrival).
                assert.ok(a.created_at >= plus(by, -margin * HOUR) || a.created_at <= plus(arrival, step));
              }
              // Everything after this run is another run's: let the acknowledgement go, whatever it was.
              fate.now = 'sent';
            },
          ),
          { numRuns: 5 },
        );
      });
    });
