// Staff alerts before anything is late (P7.3): an immediate alert at a breach, at any hour; a daily digest on
// working days; notices of assignments; nothing twice, also with two sweeps at once. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { ENGINES } from '../support/databases.ts';
import { acceptingTransport } from '../support/mail-transport.ts';
import { mailIn, startWorld, type World } from './support.ts';

async function staffMail(world: World) {
  return world.ctx.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select(['o.purpose', 'c.to_address', 'c.subject', 'c.text_body', 'c.case_id', 'o.auto_submitted'])
    .where('o.audience', '=', 'staff')
    .orderBy('c.created_at')
    .orderBy('c.to_address')
    .execute();
}

for (const engine of ENGINES)
  describe(`staff alerts on ${engine}`, () => {
    let world: World;
    const ids: Record<string, string> = {};
    const refs: Record<string, string> = {};
    before(async () => {
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z', { 'alerts.leads': ['lead@example.org'] }); // Thursday
      const user = (id: string, role: string, language: string) => ({
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
      await world.ctx.database.db
        .insertInto('users')
        .values([user('agent', 'agent', 'de'), user('chief', 'lead', 'en'), user('boss', 'management', 'fr')])
        .execute();
      const a = await mailIn(world, {
        from: 'a@example.net',
        name: 'A',
        language: 'fr',
        subject: 'Case A',
        messageId: '<a@example.net>',
      });
      const b = await mailIn(world, {
        from: 'b@example.net',
        name: 'B',
        language: 'en',
        subject: 'Case B',
        messageId: '<b@example.net>',
        autoReply: 'flood_limited',
      });
      // A's acknowledgement goes out at once (given: acknowledgement-given.ts); B, flood-limited, waits for a person.
      await sendDueMail(world.ctx, acceptingTransport);
      ids.a = a.caseId;
      ids.b = b.caseId;
      refs.a = a.reference;
      refs.b = b.reference;
    });
    after(() => world.close());

    it('alerts at a breach at once, even at night on a Saturday, and only once', async () => {
      world.clock.set('2026-11-21T02:00:00.000Z'); // Saturday 03:00 in Berlin
      const r = await sweepDeadlines(world.ctx);
      assert.deepEqual(
        { ...r, closed: r.closed.length },
        { ran: true, closed: 0, breaches: 2, digests: 0, notices: 0, atRisk: 0, dueKeysRepaired: 0 },
      );
      const mail = await staffMail(world);
      assert.deepEqual(mail.map((m) => m.to_address).sort(), ['chief@example.org', 'lead@example.org']);
      assert.ok(mail.every((m) => m.purpose === 'staff_breach' && m.case_id === null));
      assert.ok(mail.every((m) => m.subject.startsWith(`[${refs.b}] Deadline passed: acknowledgement`)));
      assert.equal(mail[0]!.auto_submitted, 'auto-generated');
      assert.ok(mail[0]!.text_body!.includes(`/cases/${ids.b}`));
      assert.equal((await sweepDeadlines(world.ctx)).breaches, 0);
    });

    it('tells an owner of an assignment and sends the day’s digest in working hours, once', async () => {
      world.clock.set('2026-11-23T08:00:00.000Z'); // Monday 09:00
      await actOnCase(world.ctx, ids.a!, { type: 'assign', to: 'agent' }, 'user:chief');
      const r = await sweepDeadlines(world.ctx);
      assert.equal(r.notices, 1);
      assert.equal(r.digests, 2, 'the two leads: case B is still not acknowledged');
      const mail = await staffMail(world);
      const notice = mail.find((m) => m.purpose === 'staff_assigned')!;
      assert.equal(notice.to_address, 'agent@example.org');
      assert.equal(notice.subject, `[${refs.a}] Vorgang Ihnen zugewiesen`, 'in the agent’s language');
      assert.ok(notice.text_body!.includes('3. Dezember 2026'));
      const digest = mail.find((m) => m.purpose === 'staff_digest' && m.to_address === 'chief@example.org')!;
      assert.ok(
        digest.text_body!.includes(`${refs.b} "Case B": acknowledgement overdue since 20 November 2026`),
      );
      world.clock.set('2026-11-23T14:00:00.000Z');
      const again = await sweepDeadlines(world.ctx);
      assert.deepEqual([again.digests, again.notices], [0, 0]);
    });

    it('lists answers due within two working days, and the last day for an extension notice', async () => {
      world.clock.set('2026-12-01T07:30:00.000Z'); // Tuesday 08:30; both answers are due on Thursday 3 December
      const before = (await staffMail(world)).length;
      assert.equal((await sweepDeadlines(world.ctx)).digests, 3);
      const mail = (await staffMail(world)).slice(before);
      const agent = mail.find((m) => m.to_address === 'agent@example.org')!;
      assert.ok(
        agent.text_body!.includes(`${refs.a} "Case A": Antwort fällig am 3. Dezember 2026`),
        agent.text_body!,
      );
      assert.ok(!agent.text_body!.includes(refs.b!), 'an owner sees their own cases');
      world.clock.set('2026-12-03T07:30:00.000Z');
      await sweepDeadlines(world.ctx);
      const last = (await staffMail(world)).find(
        (m) => m.to_address === 'agent@example.org' && m.text_body!.includes('letzter Tag'),
      );
      assert.ok(last, 'the digest on the due day names the last day for an extension notice');
    });

    it('runs the sweep once when two run together', async () => {
      world.clock.set('2026-12-04T00:30:00.000Z'); // Friday 01:30: both answers overdue
      const before = (await staffMail(world)).length;
      const [r1, r2] = await Promise.all([sweepDeadlines(world.ctx), sweepDeadlines(world.ctx)]);
      assert.equal(r1.breaches + r2.breaches, 5, 'A: the agent and the two leads; B: the two leads');
      const mail = (await staffMail(world)).slice(before);
      assert.equal(mail.length, 5);
      assert.equal(new Set(mail.map((m) => `${m.subject}|${m.to_address}`)).size, 5);
    });

    it('reminds the leads in the digest when a restriction is due for review (P8.3)', async () => {
      world.clock.set('2026-12-04T09:00:00.000Z');
      const c = await world.ctx.database.db
        .selectFrom('cases')
        .select('complainant_id')
        .where('reference', '=', refs.a!)
        .executeTakeFirstOrThrow();
      await actOnComplainant(
        world.ctx,
        c.complainant_id,
        {
          type: 'restrict',
          restrictionId: 'r-review',
          kind: 'written_only',
          reason: 'Shouting on the phone',
          reviewBy: '2026-12-08',
          designatedContactId: null,
        },
        'user:chief',
      );
      world.clock.set('2026-12-07T08:30:00.000Z'); // Monday: not yet
      let before = (await staffMail(world)).length;
      await sweepDeadlines(world.ctx);
      assert.ok(!(await staffMail(world)).slice(before).some((m) => m.text_body!.includes('due for review')));
      world.clock.set('2026-12-08T08:30:00.000Z'); // Tuesday 09:30, the review date
      before = (await staffMail(world)).length;
      await sweepDeadlines(world.ctx);
      const lead = (await staffMail(world))
        .slice(before)
        .find((m) => m.purpose === 'staff_digest' && m.to_address === 'chief@example.org');
      assert.ok(
        (lead?.text_body ?? '').includes(`${refs.a} "A": a restriction on A is due for review`),
        lead?.text_body ?? 'no digest',
      );
    });
  });
