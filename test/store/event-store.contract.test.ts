// Contract tests of the event store, run on SQLite AND PostgreSQL: the same use cases, the same results.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { type OpenCaseInput, openCase } from '../../src/app/open-case.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { createUser } from '../support/http.ts';

const complaint = (over: Partial<OpenCaseInput> = {}): OpenCaseInput => ({
  kind: 'complaint',
  step: 1,
  channel: 'email',
  receivedAt: '2026-12-23T17:00:00.000Z',
  language: 'de',
  subject: 'Beschwerdeweiterleitung - Stufe 1',
  complainant: { name: 'Max Müller', email: 'Max@Mueller-Bau.de' },
  fields: {
    ticketRefs: ['123456'],
    domains: ['müller-bau.de'],
    description: 'Server down',
    expectations: 'Gutschrift',
  },
  missing: [],
  correspondenceId: null,
  actor: 'mailbox:complaints',
  ...over,
});

for (const engine of ENGINES) {
  describe(`event store on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-12-23T18:00:00.000Z');
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW' } }), tdb.database, { clock });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('opens a case with a reference from the database counter, its complainant and its deadlines', async () => {
      const a = await openCase(ctx, complaint());
      const b = await openCase(
        ctx,
        complaint({ complainant: { name: 'Max Müller', email: 'max@mueller-bau.de' } }),
      );
      assert.match(a.reference, /^RC-2026-\d{6}$/);
      assert.equal(Number(b.reference.slice(-6)), Number(a.reference.slice(-6)) + 1);
      assert.equal(
        a.complainantId,
        b.complainantId,
        'the same e-mail is the same complainant, whatever the case',
      );
      const row = await ctx.database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', a.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(row.answer_by_date, '2027-01-11');
      assert.equal(row.answer_by, '2027-01-11T22:59:59.999Z');
      assert.equal(row.status, 'received');
      const sg = await openCase(ctx, complaint({ kind: 'suggestion', step: null }));
      assert.match(sg.reference, /^SG-2026-\d{6}$/);
    });

    it('numbers by the local year of receipt (New Year’s Eve 23:30 UTC is already next year in Berlin)', async () => {
      const c = await openCase(ctx, complaint({ receivedAt: '2026-12-31T23:30:00.000Z' }));
      assert.match(c.reference, /^RC-2027-000001$/);
    });

    it('derives state from events, saves each event with its hash chain, and refuses what the rules refuse', async () => {
      const c = await openCase(ctx, complaint());
      await actOnCase(
        ctx,
        c.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
      await assert.rejects(
        actOnCase(ctx, c.caseId, { type: 'escalate', step2CaseId: 'x', step2Reference: 'x' }, 'user:a'),
        (e: unknown) => e instanceof DomainError && e.code === 'not_answered',
      );
      await assert.rejects(
        escalateCase(ctx, c.caseId, 'user:a'),
        (e: unknown) => e instanceof DomainError && e.code === 'not_answered',
      );
      await actOnCase(
        ctx,
        c.caseId,
        { type: 'answer', outcome: 'not_upheld', text: 'Nein', remedy: null, correspondenceId: null },
        'user:a',
      );
      const step2 = await escalateCase(ctx, c.caseId, 'user:a');
      assert.equal(step2.state.step, 2);
      assert.equal(step2.state.step1CaseId, c.caseId);
      const events = await readStream(ctx.database.db, `case:${c.caseId}`);
      assert.deepEqual(
        events.map((e) => e.type),
        ['case_received', 'acknowledged', 'answered', 'escalated'],
      );
      assert.deepEqual(
        events.map((e) => e.seq),
        [1, 2, 3, 4],
      );
      const step1 = await ctx.database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(step1.step2_case_id, step2.caseId);
    });

    it('records a step-2 request with no step-1 case, with a warning (P5.3)', async () => {
      const c = await openCase(
        ctx,
        complaint({ step: 2, complainant: { name: 'Nouveau', email: 'nouveau@example.fr' } }),
      );
      assert.equal(c.state.warning, 'no_step1_case');
    });

    it('routes a restricted complainant’s cases to the designated contact (P8.4)', async () => {
      const c = await openCase(ctx, complaint({ complainant: { email: 'difficult@example.de' } }));
      // The contact is an account of the complaints team: it may own these step-1 cases.
      const anna = (await createUser(ctx, 'agent', { name: 'Anna' })).id;
      await actOnComplainant(
        ctx,
        c.complainantId,
        {
          type: 'restrict',
          restrictionId: 'r1',
          kind: 'designated_contact',
          reason: 'Repeated insults',
          reviewBy: '2027-06-30',
          designatedContactId: anna,
        },
        'user:lead',
      );
      const next = await openCase(ctx, complaint({ complainant: { email: 'difficult@example.de' } }));
      const rows = await ctx.database.db
        .selectFrom('cases')
        .select(['id', 'owner_id'])
        .where('complainant_id', '=', c.complainantId)
        .execute();
      assert.deepEqual(new Set(rows.map((r) => r.owner_id)), new Set([anna]));
      assert.equal(next.state.ownerId, anna);
    });

    it('never forks a chain under concurrent writers on one case', async () => {
      const c = await openCase(ctx, complaint());
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          actOnCase(ctx, c.caseId, { type: 'add_note', text: `note ${i}` }, `user:${i}`),
        ),
      );
      const events = await readStream(ctx.database.db, `case:${c.caseId}`);
      assert.equal(events.length, 21);
      assert.deepEqual(
        events.map((e) => e.seq),
        Array.from({ length: 21 }, (_, i) => i + 1),
      );
      const report = await verifyArchive(ctx);
      assert.deepEqual(report.problems, []);
    });

    it('hands out unique references to concurrent openings', async () => {
      const opened = await Promise.all(
        Array.from({ length: 15 }, () =>
          openCase(ctx, complaint({ receivedAt: '2026-06-01T10:00:00.000Z' })),
        ),
      );
      assert.equal(new Set(opened.map((o) => o.reference)).size, 15);
    });

    it('archive verify names an event edited, deleted or appended by hand', async () => {
      assert.deepEqual((await verifyArchive(ctx)).problems, []);
      const a = await openCase(ctx, complaint());
      await actOnCase(ctx, a.caseId, { type: 'add_note', text: 'first' }, 'user:a');
      await actOnCase(ctx, a.caseId, { type: 'add_note', text: 'second' }, 'user:a');
      const b = await openCase(ctx, complaint());
      await actOnCase(ctx, b.caseId, { type: 'add_note', text: 'only' }, 'user:a');
      const d = await openCase(ctx, complaint());
      const { db } = ctx.database;
      // What is changed below, kept to put it back.
      const edited = await db
        .selectFrom('events')
        .select('payload')
        .where('stream', '=', `case:${a.caseId}`)
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      const { id: _id, ...removed } = await db
        .selectFrom('events')
        .selectAll()
        .where('stream', '=', `case:${b.caseId}`)
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      // Edit a payload in place.
      await db
        .updateTable('events')
        .set({ payload: JSON.stringify({ text: 'forged' }) })
        .where('stream', '=', `case:${a.caseId}`)
        .where('seq', '=', 2)
        .execute();
      // Delete the last event of another stream (the tail: only the head row knows).
      await db.deleteFrom('events').where('stream', '=', `case:${b.caseId}`).where('seq', '=', 2).execute();
      // Append an event by hand, with a made-up hash.
      await db
        .insertInto('events')
        .values({
          stream: `case:${d.caseId}`,
          seq: 2,
          type: 'answered',
          at: '2026-12-24T00:00:00.000Z',
          actor: 'user:x',
          payload: '{}',
          payload_digest: 'x',
          prev: 'x',
          hash: 'x',
          redacted: 0,
        })
        .execute();
      const report = await verifyArchive(ctx);
      const found = report.problems.map((p) => `${p.kind} ${p.stream}#${p.seq}`);
      assert.ok(found.includes(`altered case:${a.caseId}#2`), found.join('\n'));
      assert.ok(found.includes(`missing case:${b.caseId}#2`), found.join('\n'));
      assert.ok(found.includes(`extra case:${d.caseId}#2`), found.join('\n'));
      // Put things back so later tests in this file start from an intact archive (deleting the three cases'
      // events would leave their rows and references, which verify names too).
      await db
        .updateTable('events')
        .set({ payload: edited.payload })
        .where('stream', '=', `case:${a.caseId}`)
        .where('seq', '=', 2)
        .execute();
      await db.insertInto('events').values(removed).execute();
      await db.deleteFrom('events').where('stream', '=', `case:${d.caseId}`).where('seq', '=', 2).execute();
      assert.deepEqual((await verifyArchive(ctx)).problems, []);
    });

    it('rolls back every write of a failed use case', async () => {
      const before = await ctx.database.db
        .selectFrom('events')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      await assert.rejects(
        inTransaction(ctx, async (agg) => {
          await agg.nextReference('RC', 2026);
          await agg
            .saveCase('zzz', { state: null, version: 0, headHash: null }, [], { at: clock.now(), actor: 'x' })
            .catch(() => {});
          throw new Error('boom');
        }),
        /boom/,
      );
      const afterCount = await ctx.database.db
        .selectFrom('events')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });
  });
}
