// Nobody is left untold (P3.1, P4.1, P7.3): a case that broke its promise with no owner and no lead for its step
// is told to whoever can still act on it (the leads of the other step, else the administrators); with no active
// staff at all, the alert waits unclaimed until someone exists. And many overdue cases, swept twice, are each
// alerted exactly once. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, type World } from './support.ts';

const user = (id: string, role: string, status = 'active') => ({
  id,
  email: `${id}@example.org`,
  name: id,
  role,
  departments: '[]',
  language: 'en',
  password_hash: null,
  status,
  invitation_hash: null,
  invitation_expires_at: null,
  last_sign_in_at: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

async function staffMail(world: World) {
  return world.ctx.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select(['o.purpose', 'c.to_address', 'c.subject', 'c.text_body'])
    .where('o.audience', '=', 'staff')
    .orderBy('c.created_at')
    .orderBy('c.to_address')
    .execute();
}

async function claimedKeys(world: World) {
  const rows = await world.ctx.database.db.selectFrom('alerts_sent').select('key').execute();
  return rows.map((r) => r.key);
}

let n = 0;
const complaint = (world: World, subject: string) =>
  mailIn(world, {
    from: `c${++n}@example.net`,
    name: `C${n}`,
    language: 'en',
    subject,
    messageId: `<c${n}@example.net>`,
  });

for (const engine of ENGINES) {
  describe(`breach alerts with no owner and no lead on ${engine}`, () => {
    let world: World;
    let reference = '';
    before(async () => {
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z'); // Thursday
      // An agent (not told of the team's alerts), a disabled lead and an administrator: nobody leads step 1.
      await world.ctx.database.db
        .insertInto('users')
        .values([user('agent', 'agent'), user('gone', 'lead', 'disabled'), user('admin', 'administrator')])
        .execute();
      reference = (await complaint(world, 'Nobody owns me')).reference;
    });
    after(() => world.close());

    it('tells an administrator of the breach, at night too', async () => {
      world.clock.set('2026-11-21T02:00:00.000Z'); // Saturday 03:00 in Berlin: the acknowledgement is late
      const r = await sweepDeadlines(world.ctx);
      assert.equal(r.breaches, 1);
      const mail = await staffMail(world);
      assert.deepEqual(
        mail.map((m) => [m.purpose, m.to_address]),
        [['staff_breach', 'admin@example.org']],
      );
      assert.ok(mail[0]!.subject.startsWith(`[${reference}] Deadline passed`), mail[0]!.subject);
      // An administrator reads no case (core/access/case-access.ts canRead): told of the case by its reference
      // and link, not of what the complainant wrote.
      assert.ok(!mail[0]!.text_body!.includes('Nobody owns me'), mail[0]!.text_body!);
      assert.ok(mail[0]!.text_body!.includes('subject not shown'), mail[0]!.text_body!);
      assert.equal((await sweepDeadlines(world.ctx)).breaches, 0, 'once');
    });

    it('sends the day’s digest to the administrator too', async () => {
      world.clock.set('2026-11-23T08:00:00.000Z'); // Monday 09:00
      const before = (await staffMail(world)).length;
      const r = await sweepDeadlines(world.ctx);
      assert.equal(r.digests, 1);
      const mail = (await staffMail(world)).slice(before);
      assert.deepEqual(
        mail.map((m) => [m.purpose, m.to_address]),
        [['staff_digest', 'admin@example.org']],
      );
      assert.ok(mail[0]!.text_body!.includes(reference), mail[0]!.text_body!);
      assert.ok(!mail[0]!.text_body!.includes('Nobody owns me'), mail[0]!.text_body!);
    });

    it('prefers management to the administrators when the team has no lead', async () => {
      await world.ctx.database.db.insertInto('users').values(user('boss', 'management')).execute();
      world.clock.set('2026-12-04T00:30:00.000Z'); // Friday 01:30: the answer is overdue
      const before = (await staffMail(world)).length;
      assert.equal((await sweepDeadlines(world.ctx)).breaches, 1);
      const mail = (await staffMail(world)).slice(before);
      assert.deepEqual(
        mail.map((m) => [m.purpose, m.to_address]),
        [['staff_breach', 'boss@example.org']],
      );
      assert.ok(
        mail[0]!.text_body!.includes('Nobody owns me'),
        'management reads cases: told what it is about',
      );
    });
  });

  describe(`breach alerts with no active staff at all on ${engine}`, () => {
    let world: World;
    let reference = '';
    before(async () => {
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z');
      await world.ctx.database.db
        .insertInto('users')
        .values(user('old', 'administrator', 'disabled'))
        .execute();
      reference = (await complaint(world, 'Nobody is there')).reference;
    });
    after(() => world.close());

    it('claims nothing while nobody can be told, and tells the first administrator at the next sweep', async () => {
      world.clock.set('2026-11-21T02:00:00.000Z');
      assert.equal((await sweepDeadlines(world.ctx)).breaches, 0);
      assert.equal((await sweepDeadlines(world.ctx)).breaches, 0);
      assert.deepEqual(await claimedKeys(world), [], 'nothing claimed: it waits for someone to tell');
      assert.deepEqual(await staffMail(world), []);

      await world.ctx.database.db.insertInto('users').values(user('admin', 'administrator')).execute();
      world.clock.set('2026-11-21T02:05:00.000Z');
      assert.equal((await sweepDeadlines(world.ctx)).breaches, 1);
      const mail = await staffMail(world);
      assert.deepEqual(
        mail.map((m) => [m.purpose, m.to_address]),
        [['staff_breach', 'admin@example.org']],
      );
      assert.ok(mail[0]!.subject.startsWith(`[${reference}] Deadline passed`), mail[0]!.subject);
      assert.equal((await claimedKeys(world)).length, 1);
    });
  });

  describe(`many overdue cases swept twice on ${engine}`, () => {
    let world: World;
    const references: string[] = [];
    before(async () => {
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z');
      await world.ctx.database.db.insertInto('users').values(user('chief', 'lead')).execute();
      for (let i = 0; i < 50; i++) references.push((await complaint(world, `Case ${i}`)).reference);
    });
    after(() => world.close());

    it('sends each alert exactly once', async () => {
      // Friday 4 December 01:30: every acknowledgement (never sent) and every answer is overdue.
      world.clock.set('2026-12-04T00:30:00.000Z');
      const first = await sweepDeadlines(world.ctx);
      world.clock.set('2026-12-04T00:35:00.000Z');
      const second = await sweepDeadlines(world.ctx);
      assert.deepEqual([first.breaches, second.breaches], [100, 0]);
      const mail = await staffMail(world);
      assert.equal(mail.length, 100);
      assert.ok(mail.every((m) => m.purpose === 'staff_breach' && m.to_address === 'chief@example.org'));
      const subjects = mail.map((m) => m.subject);
      assert.equal(new Set(subjects).size, 100, 'no alert twice');
      for (const ref of references) {
        assert.equal(subjects.filter((s) => s.startsWith(`[${ref}] `)).length, 2, `${ref}: both deadlines`);
      }
      assert.equal((await claimedKeys(world)).length, 100);
    });
  });
}
