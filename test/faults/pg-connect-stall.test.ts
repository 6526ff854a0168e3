// PostgreSQL behind a network that stops answering (packets dropped, nothing refused): making a connection, or
// waiting for a free one of the pool, fails after the configured limit (REDRESS_DATABASE_CONNECT_TIMEOUT_MS)
// instead of waiting for ever, so a door can answer a temporary failure and the sender retry. A TCP proxy in
// front of the real server stalls every connection on demand. Each test has a time limit of its own as a safety
// net: without the pool's limit it would wait for ever.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DatabaseUnavailableError, openDatabase } from '../../src/adapters/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES, PG_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import { type CuttableProxy, startProxy, urlThrough } from './support.ts';

describe('connecting to PostgreSQL through a stalled network', {
  skip: !ENGINES.includes('postgres'),
}, () => {
  let test: TestDatabase;
  let proxy: CuttableProxy;
  before(async () => {
    test = await createTestDatabase('postgres');
    const upstream = new URL(PG_ADMIN_URL);
    proxy = await startProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  });
  after(async () => {
    await proxy?.close();
    await test?.drop();
  });

  it('the limit is configured by REDRESS_DATABASE_CONNECT_TIMEOUT_MS (10 s by default)', () => {
    assert.equal(loadConfig({ env: {} }).databaseConnectTimeoutMs, 10_000);
    assert.equal(
      loadConfig({ env: { REDRESS_DATABASE_CONNECT_TIMEOUT_MS: '2500' } }).databaseConnectTimeoutMs,
      2500,
    );
    assert.throws(
      () => loadConfig({ env: { REDRESS_DATABASE_CONNECT_TIMEOUT_MS: '0' } }),
      /REDRESS_DATABASE_CONNECT_TIMEOUT_MS/,
    );
  });

  it('opening the database fails with a temporary error instead of waiting', {
    timeout: 120_000,
  }, async () => {
    proxy.hang();
    try {
      await assert.rejects(
        openDatabase(urlThrough(test.url, proxy), { connectTimeoutMs: 1000 }),
        (e: Error) => e instanceof DatabaseUnavailableError && /cannot reach PostgreSQL/.test(e.message),
      );
    } finally {
      proxy.restore();
    }
  });

  it('a query waiting for the connection a stalled query holds fails instead of waiting', {
    timeout: 120_000,
  }, async () => {
    const database = await openDatabase(urlThrough(test.url, proxy), { poolSize: 1, connectTimeoutMs: 1000 });
    try {
      assert.equal((await sql<{ n: number }>`select 1 as n`.execute(database.db)).rows[0]!.n, 1);
      proxy.hang();
      // The pool's only connection goes into the stall with this query; the next one waits for a connection.
      const stalled = sql`select 2 as n`.execute(database.db);
      stalled.catch(() => {});
      await assert.rejects(sql`select 3 as n`.execute(database.db), /timeout/i);
      proxy.restore();
      await stalled.catch(() => {});
      // Once the network is back, the pool serves again.
      assert.equal((await sql<{ n: number }>`select 4 as n`.execute(database.db)).rows[0]!.n, 4);
    } finally {
      proxy.restore();
      await database.close();
    }
  });
});
