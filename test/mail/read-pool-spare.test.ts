// The read pool's spare thread (src/app/read-pool.ts): a thread that reads mail holds tens of megabytes, so the
// spare that takes the messages a slow one would hold up starts only once every thread is on a slow message,
// never with ordinary mail. Real threads, no database (the pool only reads).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Database } from '../../src/adapters/db/database.ts';
import { createAppContext } from '../../src/app/context.ts';
import { ReadPool } from '../../src/app/read-pool.ts';
import { loadConfig } from '../../src/config.ts';
import { costlyHtmlMessage } from './support/hostile-messages.ts';

const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const ctx = createAppContext(config, {} as Database);
const mailbox = config.mailboxes[0]!;
const now = new Date().toISOString();

const ordinary = (n: number) =>
  Buffer.from(
    [
      'From: Marie Dupont <marie@example.net>',
      `To: ${mailbox.address}`,
      `Subject: Réclamation ${n}`,
      `Message-ID: <ordinary-${n}@example.net>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Bonjour, ma facture ${n} est fausse.`,
      '',
    ].join('\r\n'),
  );
const read = (pool: ReadPool, raw: Buffer) => pool.prepare({ raw, mailbox, door: 'smtp' }, now);

describe('read pool spare thread', () => {
  const pools: ReadPool[] = [];
  after(() => Promise.all(pools.map((p) => p.close())));

  it('reads ordinary mail on the configured threads alone: no spare is started for it', async () => {
    const pool = new ReadPool(ctx, 1, 1);
    pools.push(pool);
    const read1 = await Promise.all([1, 2, 3, 4, 5].map((n) => read(pool, ordinary(n))));
    for (const [i, p] of read1.entries()) assert.equal(p.message?.subject, `Réclamation ${i + 1}`);
    assert.equal(pool.stats.spawned, 1);
  });

  it('starts the spare once the only thread is on a slow message and another waits, and reads that one on it', async () => {
    const pool = new ReadPool(ctx, 1, 1);
    pools.push(pool);
    await read(pool, ordinary(10));
    assert.equal(pool.stats.spawned, 1);
    // Well past the pool's "slow" mark (a good part of a second of reading), within the reading budget or not.
    const slow = read(pool, costlyHtmlMessage(2 * 1024 * 1024, '<slow@example.net>'));
    const next = await read(pool, ordinary(11));
    assert.equal(next.message?.subject, 'Réclamation 11');
    assert.equal(pool.stats.spawned, 2);
    await slow;
  });
});
