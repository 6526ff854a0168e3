// Health, readiness and metrics for load balancers and Prometheus: /healthz answers without the database,
// /readyz says whether the database answers and carries every migration of this release (not unready for a
// newer release's migrations), and /metrics is off by default, answered to its bearer token, or to a trusted
// proxy's own address only (never to a client the proxy forwards).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrationNames } from '../../src/adapters/db/migrate.ts';
import { READY_REUSE_MS, sharedCheck } from '../../src/adapters/http/health.routes.ts';
import { createMetrics } from '../../src/adapters/metrics/metrics.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';
import { until } from '../support/until.ts';

const TOKEN = 'a-metrics-token-of-some-length';

describe('health and readiness', () => {
  it('/healthz and /readyz answer without a session, in a few bytes', async () => {
    const t = await createTestApp();
    try {
      for (const url of ['/healthz', '/health']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
        assert.deepEqual(res.json(), { status: 'ok' });
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
    } finally {
      await t.close();
    }
  });

  it('/readyz is 503 while a migration of this release is missing, and ready with a newer release’s', async () => {
    const t = await createTestApp();
    try {
      const db = t.tdb.database.db;
      const last = migrationNames().at(-1)!;
      const row = await sql<{
        name: string;
        timestamp: string;
      }>`select name, timestamp from kysely_migration where name = ${last}`.execute(db);
      await sql`delete from kysely_migration where name = ${last}`.execute(db);
      const missing = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(missing.statusCode, 503);
      assert.deepEqual(missing.json(), { status: 'not_ready', reason: 'migrations' });
      // One answer serves probes for a moment (READY_REUSE_MS): the change below is seen once that has passed.
      const readyAgain = async () =>
        (await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200;
      await sql`insert into kysely_migration (name, timestamp) values (${last}, ${row.rows[0]!.timestamp})`.execute(
        db,
      );
      // A newer release migrated the database further: this (older) instance still serves (migrations only add).
      await sql`insert into kysely_migration (name, timestamp) values ('209901010000-from-a-newer-release', ${new Date().toISOString()})`.execute(
        db,
      );
      await until('/readyz ready again with a newer release’s migration', readyAgain, 10 * READY_REUSE_MS);
    } finally {
      await t.close();
    }
  });

  it('a flood of /readyz probes asks the database one question at a time, about once a second', async () => {
    const t = await createTestApp();
    try {
      // Counts the readiness queries the database receives, at the executor every Kysely query goes through.
      const executor = t.tdb.database.db.getExecutor();
      const execute = executor.executeQuery.bind(executor);
      let asked = 0;
      executor.executeQuery = ((query, id) => {
        if (query.sql.includes('kysely_migration')) asked++;
        return execute(query, id);
      }) as typeof executor.executeQuery;
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => t.app.inject({ method: 'GET', url: '/readyz' })),
      );
      assert.ok(answers.every((a) => a.statusCode === 200));
      assert.equal(asked, 1, '200 probes at once share one check');
      const before = asked;
      const started = performance.now();
      let probes = 0;
      while (performance.now() - started < READY_REUSE_MS / 2) {
        await t.app.inject({ method: 'GET', url: '/readyz' });
        probes++;
      }
      assert.ok(probes > 5, `probes were sent (${probes})`);
      assert.ok(asked - before <= 1, `${probes} probes within half a second asked ${asked - before} times`);
    } finally {
      await t.close();
    }
  });

  it('a readiness check is shared while it runs, reused for a while, and not reused when it failed', async () => {
    let now = 0;
    let calls = 0;
    let fail = false;
    let release: () => void = () => {};
    const check = sharedCheck(
      async () => {
        calls++;
        await new Promise<void>((r) => {
          release = r;
        });
        if (fail) throw new Error('down');
        return calls;
      },
      1000,
      () => now,
    );
    const waiting = [check(), check(), check()];
    release();
    assert.deepEqual(await Promise.all(waiting), [1, 1, 1]);
    now = 999;
    assert.equal(await check(), 1, 'reused within the window');
    now = 1000;
    const next = check();
    release();
    assert.equal(await next, 2, 'asked again once the window has passed');
    now = 5000;
    fail = true;
    const failing = check();
    release();
    await assert.rejects(failing, /down/);
    fail = false;
    const after = check();
    release();
    assert.equal(await after, 4, 'a failed check is not reused');
  });

  it('/healthz stays 200 and /readyz says "database" when the database is gone', async () => {
    const t = await createTestApp();
    try {
      await t.tdb.database.close();
      const live = await t.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(live.statusCode, 200, 'liveness does not touch the database');
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.deepEqual(ready.json(), { status: 'not_ready', reason: 'database' });
      assert.ok(
        t.logs.some((l) => l.includes('"not ready"') && l.includes('"reason":"database"')),
        'the reason is logged',
      );
    } finally {
      await t.app.close();
      await t.tdb.drop().catch(() => {});
    }
  });
});

describe('/metrics', () => {
  it('is off (404) with neither a token nor trusted proxies', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'metrics_off');
    } finally {
      await t.close();
    }
  });

  it('with a token: 401 without it or with another, the Prometheus text with it', async () => {
    const t = await createTestApp({ env: { REDRESS_METRICS_TOKEN: TOKEN } });
    try {
      const none = await t.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(none.statusCode, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      const wrong = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}x` },
      });
      assert.equal(wrong.statusCode, 401);
      assert.ok(!wrong.body.includes('redress_'), 'nothing of the metrics');
      const ok = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(ok.statusCode, 200);
      assert.match(String(ok.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      for (const name of [
        'redress_messages_received_total',
        'redress_messages_filed_total',
        'redress_messages_refused_total',
        'redress_outbox_backlog',
        'redress_outbox_oldest_age_seconds',
        'redress_deadlines_due',
        'redress_deadlines_late',
        'redress_complaints_overdue',
        'redress_http_request_duration_seconds',
        'redress_mail_store_duration_seconds',
      ])
        assert.match(ok.body, new RegExp(`^# TYPE ${name} `, 'm'), name);
      // The request latency of the requests before, by route as registered.
      assert.match(
        ok.body,
        /redress_http_request_duration_seconds_count\{method="GET",route="\/metrics",status_code="401"\} 2/,
      );
    } finally {
      await t.close();
    }
  });

  it('without a token: answered to a trusted proxy’s own address, not to a client it forwards or anyone else', async () => {
    const t = await createTestApp({ env: { REDRESS_TRUST_PROXY: '127.0.0.1,10.0.0.0/8' } });
    try {
      const direct = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
      assert.equal(direct.statusCode, 200);
      const network = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
      assert.equal(network.statusCode, 200);
      const forwarded = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      assert.equal(forwarded.statusCode, 403, 'a client forwarded by the proxy is judged by its own address');
      const spoofed = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { 'x-forwarded-for': '127.0.0.1' },
      });
      assert.equal(spoofed.statusCode, 403, 'an untrusted client cannot claim a trusted address');
      const mapped = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '::ffff:127.0.0.1',
      });
      assert.equal(mapped.statusCode, 200);
    } finally {
      await t.close();
    }
  });

  for (const engine of ENGINES)
    it(`the database figures follow the deadlines, read at most every 5 s (${engine})`, async () => {
      const clock = fixedClock(new Date().toISOString());
      const t = await createTestApp({ engine, env: { REDRESS_METRICS_TOKEN: TOKEN }, clock });
      try {
        const scrape = async () => {
          const res = await t.app.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          assert.equal(res.statusCode, 200);
          return res.body;
        };
        const value = (body: string, series: string) => {
          const line = body.split('\n').find((l) => l.startsWith(`${series} `));
          return line ? Number(line.slice(series.length + 1)) : Number.NaN;
        };
        const before = await scrape();
        assert.equal(value(before, 'redress_outbox_backlog'), 0);
        assert.equal(value(before, 'redress_deadlines_late{deadline="answer"}'), 0);
        // A complaint received two days ago and not acknowledged: its acknowledgement is late, not its answer.
        await openComplaint(t.ctx, { daysAgo: 2 });
        clock.advance(5000);
        const unacknowledged = await scrape();
        assert.equal(value(unacknowledged, 'redress_deadlines_late{deadline="acknowledge"}'), 1);
        assert.equal(value(unacknowledged, 'redress_deadlines_late{deadline="answer"}'), 0);
        assert.equal(value(unacknowledged, 'redress_deadlines_due{deadline="answer"}'), 0);
        // A complaint received 20 days ago and never answered: late; its acknowledgement is late too.
        await openComplaint(t.ctx, { daysAgo: 20 });
        const cached = await scrape();
        assert.equal(value(cached, 'redress_deadlines_late{deadline="answer"}'), 0, 'read at most every 5 s');
        clock.advance(5000);
        const after = await scrape();
        assert.equal(value(after, 'redress_deadlines_late{deadline="answer"}'), 1);
        assert.equal(value(after, 'redress_deadlines_late{deadline="acknowledge"}'), 2);
        // As the report counts them: both complaints are open and past a deadline (the acknowledgement's).
        assert.equal(value(after, 'redress_complaints_overdue'), 2);
      } finally {
        await t.close();
      }
    });
});

describe('the counters of a process', () => {
  it('count messages by door and outcome, and refusals kept elsewhere by their growth', async () => {
    const t = await createTestApp();
    try {
      const metrics = createMetrics(t.ctx);
      let tooLarge = 0;
      metrics.addRefusalSource({ door: 'imap', reason: 'too_large', total: () => tooLarge });
      metrics.received('imap', { duplicate: false, caseId: 'c1' });
      metrics.received('imap', { duplicate: false, caseId: null });
      metrics.received('imap', { duplicate: true, caseId: 'c1' }, 0.02);
      metrics.refused('smtp', 'not_stored');
      tooLarge = 2;
      const first = (await metrics.expose()).body;
      tooLarge = 3;
      const second = (await metrics.expose()).body;
      const line = (body: string, series: string) => body.split('\n').find((l) => l.startsWith(`${series} `));
      assert.equal(
        line(first, 'redress_messages_received_total{door="imap"}'),
        'redress_messages_received_total{door="imap"} 3',
      );
      assert.equal(
        line(first, 'redress_messages_duplicate_total{door="imap"}'),
        'redress_messages_duplicate_total{door="imap"} 1',
      );
      assert.ok(line(first, 'redress_messages_filed_total{door="imap",to="case"}')?.endsWith(' 1'));
      // The time to store, observed where the door measured it (one of the three here).
      assert.ok(line(first, 'redress_mail_store_duration_seconds_count{door="imap"}')?.endsWith(' 1'));
      assert.ok(
        line(first, 'redress_mail_store_duration_seconds_bucket{le="0.01",door="imap"}')?.endsWith(' 0'),
      );
      assert.ok(
        line(first, 'redress_mail_store_duration_seconds_bucket{le="0.025",door="imap"}')?.endsWith(' 1'),
      );
      assert.ok(line(first, 'redress_messages_filed_total{door="imap",to="inbox"}')?.endsWith(' 1'));
      assert.ok(
        line(first, 'redress_messages_refused_total{door="smtp",reason="not_stored"}')?.endsWith(' 1'),
      );
      assert.ok(
        line(first, 'redress_messages_refused_total{door="imap",reason="too_large"}')?.endsWith(' 2'),
      );
      assert.ok(
        line(second, 'redress_messages_refused_total{door="imap",reason="too_large"}')?.endsWith(' 3'),
      );
    } finally {
      await t.close();
    }
  });
});
