// Contract tests of what the public form and the API write, on SQLite AND PostgreSQL: rate-limit counters shared by
// instances (concurrent hits counted exactly), old windows forgotten, one server secret for every instance, and a
// complaint submitted by the form or the API (original kept, case opened, acknowledgement queued, idempotent, a
// step-2 complaint linked to its step-1 case).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { addressBucket, addressNetwork, consumeRateLimit, serverSecret } from '../../src/app/rate-limit.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`public intake on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-11-23T09:30:00.000Z');

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {}, cwd: '/nonexistent' }), tdb.database, { clock });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('counts concurrent hits exactly, per window, and says when to retry', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => consumeRateLimit(ctx, 'b:1', 15, 3600)),
      );
      assert.deepEqual(
        results.map((r) => r.count).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.equal(results.filter((r) => r.allowed).length, 15);
      assert.ok(
        results.every((r) => r.retryAfterSeconds === 1800),
        'the hour window ends at 10:00',
      );
      clock.advance(3600_000);
      const next = await consumeRateLimit(ctx, 'b:1', 15, 3600);
      assert.equal(next.count, 1, 'a new window');
      clock.advance(3 * 86_400_000);
      await consumeRateLimit(ctx, 'b:2', 1, 60);
      // Pruning runs at most every ten minutes per process; old windows go.
      const left = await tdb.database.db.selectFrom('rate_limits').select('bucket').execute();
      assert.ok(left.length <= 3);
    });

    it('gives every instance the same secret, and buckets that do not hold the address', async () => {
      const other = createAppContext(ctx.config, tdb.database, { clock });
      const [a, b] = await Promise.all([serverSecret(ctx, 'form-token'), serverSecret(other, 'form-token')]);
      assert.equal(a, b);
      assert.match(a, /^[\w-]{43}$/);
      const bucket = await addressBucket(ctx, 'complain', '2001:db8:1:2:3:4:5:6');
      assert.equal(bucket, await addressBucket(ctx, 'complain', '2001:db8:1:2:ffff::1'), 'one /64');
      assert.ok(!bucket.includes('2001'));
      assert.equal(addressNetwork('::ffff:192.0.2.7'), '192.0.2.7');
      assert.equal(addressNetwork('2001:db8::1'), '2001:db8:0:0::/64');
    });

    it('receives a complaint from the form: original, case, acknowledgement queued; the same form twice is one', async () => {
      const input = {
        complainant: {
          name: 'Zoé Martin',
          email: 'zoe@example.fr',
          postalAddress: ['1 rue de la Paix', '75002 Paris'],
        },
        language: 'fr' as const,
        ticketRefs: ['654321'],
        domains: ['zoé.fr'],
        description: 'Mon site est en panne.',
        expectations: 'Un geste commercial.',
      };
      const first = await submitComplaint(ctx, input, {
        channel: 'web',
        actor: 'web:complaint-form',
        idempotencyKey: 'tok-1',
      });
      const again = await submitComplaint(ctx, input, {
        channel: 'web',
        actor: 'web:complaint-form',
        idempotencyKey: 'tok-1',
      });
      assert.equal(first.duplicate, false);
      assert.equal(again.duplicate, true);
      assert.equal(again.caseId, first.caseId);
      assert.equal(first.acknowledgement, 'email');
      const rows = await tdb.database.db
        .selectFrom('correspondence')
        .select(['direction', 'channel', 'door', 'original_sha256', 'to_address'])
        .where('case_id', '=', first.caseId)
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.direction, r.channel, r.door]),
        [
          ['in', 'web', 'web'],
          ['out', 'email', null],
        ],
      );
      const original = await tdb.database.db
        .selectFrom('originals')
        .select(['content', 'content_type'])
        .where('sha256', '=', rows[0]!.original_sha256!)
        .executeTakeFirstOrThrow();
      assert.equal(original.content_type, 'application/json');
      assert.equal(JSON.parse(Buffer.from(original.content).toString('utf8')).complainant.name, 'Zoé Martin');
      const c = await tdb.database.db
        .selectFrom('cases')
        .select(['channel', 'status', 'language', 'answer_by_date'])
        .where('id', '=', first.caseId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(c, {
        channel: 'web',
        status: 'acknowledged',
        language: 'fr',
        answer_by_date: '2026-12-10',
      });
    });

    it('links a step-2 complaint to the step-1 case it names, and refuses what is not valid with the field', async () => {
      const step1 = await submitComplaint(
        ctx,
        { complainant: { name: 'Max', email: 'max@example.de' }, description: 'd', expectations: 'e' },
        { channel: 'api', actor: 'token:t1' },
      );
      const step2 = await submitComplaint(
        ctx,
        {
          complainant: { name: 'Max', email: 'max@example.de' },
          step: 2,
          caseReference: step1.reference.toLowerCase(),
          description: 'Not satisfied',
          expectations: 'Refund',
        },
        { channel: 'api', actor: 'token:t1' },
      );
      assert.equal(step2.step, 2);
      const row = await tdb.database.db
        .selectFrom('cases')
        .select(['step', 'step1_case_id'])
        .where('id', '=', step2.caseId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { step: 2, step1_case_id: step1.caseId });
      await assert.rejects(
        submitComplaint(
          ctx,
          { complainant: { email: 'a@b.de' }, domains: ['nope'] },
          { channel: 'api', actor: 'x' },
        ),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'invalid_command' && /^domains: "nope"/.test(e.message),
      );
      await assert.rejects(
        submitComplaint(ctx, { complainant: { name: 'No contact' } }, { channel: 'web', actor: 'x' }),
        (e: unknown) => e instanceof DomainError && /^complainant\.email:/.test(e.message),
      );
    });
  });
}
