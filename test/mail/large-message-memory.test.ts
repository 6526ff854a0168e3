// A large message's bytes live in one shared buffer, seen by the SMTP thread, the main thread, a reading thread and
// the checkpoint thread, and freed only once each of them has let go of it (src/adapters/os/collect.ts). The
// reading and checkpoint threads make next to nothing of their own, so they would not collect for many messages:
// each collects after a large message, once it is done with it. Here: after its reading (or its chunks), the
// buffer's memory is given back, without waiting for another message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCheckpointer } from '../../src/adapters/db/checkpointer.ts';
import { CHUNK_BYTES } from '../../src/adapters/db/originals.repo.ts';
import { collectGarbage } from '../../src/adapters/os/collect.ts';
import { ReadPool } from '../../src/app/read-pool.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
/** The message's size, and the most its buffer may grow to: a size no other mapping of this process has. */
const SIZE = 3 * MiB;
const MAX = 23 * MiB + 36 * KiB;

/** The sizes of this process's memory mappings (Linux: /proc). */
function mappingSizes(): number[] {
  return readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, end] = line.split(' ')[0]!.split('-');
      return Number.parseInt(end!, 16) - Number.parseInt(start!, 16);
    });
}

/**
 * Whether the buffer is still mapped: the part of its reservation it has not grown into is a mapping of its own,
 * of the maximum size less the size (V8 may add a little to it).
 */
const reserved = (size: number) => size >= MAX - SIZE && size < MAX - SIZE + MiB;
const stillMapped = () => mappingSizes().some(reserved);

/** A message of SIZE bytes in a shared buffer that grows in place, as the SMTP listener holds one. */
function largeMessage(): Uint8Array {
  const buffer = new SharedArrayBuffer(SIZE, { maxByteLength: MAX });
  const bytes = new Uint8Array(buffer);
  const head = Buffer.from(
    'From: Marie Dupont <marie@example.net>\r\nTo: complaint@example.org\r\nSubject: Réclamation\r\n' +
      'Message-ID: <large-memory@example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n',
  );
  const line = Buffer.from(`${'Ma facture est fausse depuis trois mois. '.repeat(2)}\r\n`);
  for (let at = head.length; at < SIZE; at += line.length) bytes.set(line.subarray(0, SIZE - at), at);
  bytes.set(head, 0);
  return bytes;
}

/**
 * Whether this process lets go of the buffer within a few turns (the last thread's collection frees it, and a
 * background task of V8 unmaps it shortly after). Before, a reading thread kept the message until its next large
 * one or until V8's memory reducer collected on its own, seconds later (about 8 s, by which time the benchmark's
 * next large message had long arrived); the checkpoint thread kept it until the next original.
 */
async function unmappedSoon(): Promise<boolean> {
  // Up to 5 s: the unmapping is a background task of V8, which a machine loaded by the whole suite has kept waiting
  // for more than 2 s; the code before kept the buffer about 8 s, so the test still tells them apart.
  for (let turn = 0; turn < 100; turn++) {
    // This thread's handle too: nothing here refers to the message any more.
    collectGarbage();
    if (!stillMapped()) return true;
    await sleep(50);
  }
  return false;
}

describe('a large message in a shared buffer', { skip: process.platform !== 'linux' }, () => {
  let h: Harness;
  let test: TestDatabase;
  before(async () => {
    assert.equal(stillMapped(), false, 'a mapping of the test buffer size exists before the test');
    h = await startHarness('sqlite');
    test = await createTestDatabase('sqlite');
  });
  after(async () => {
    await h.close();
    await test.drop();
  });

  it('is let go of by the reading thread once it is read, not only at its next large message', async () => {
    const pool = new ReadPool(h.ctx, 1, 0);
    try {
      const read = async () => {
        const raw = largeMessage();
        assert.equal(stillMapped(), true);
        const prepared = await pool.prepare(
          { raw, mailbox: h.ctx.config.mailboxes[0]!, door: 'smtp' },
          h.ctx.clock.now(),
        );
        assert.equal(prepared.problem, null);
      };
      await read();
      const small = await pool.prepare(
        {
          raw: Buffer.from('From: a@example.net\r\nSubject: x\r\n\r\nBonjour\r\n'),
          mailbox: h.ctx.config.mailboxes[0]!,
          door: 'smtp',
        },
        h.ctx.clock.now(),
      );
      assert.equal(small.problem, null);
      assert.equal(await unmappedSoon(), true, 'the buffer is still mapped after its reading');
    } finally {
      await pool.close();
    }
  });

  it('is let go of by the checkpoint thread once its chunks are written, not only at the next original', async () => {
    const checkpointer = startCheckpointer(test.url.replace(/^sqlite:/, ''), () => {});
    try {
      const write = async () => {
        const raw = largeMessage();
        assert.equal(stillMapped(), true);
        assert.match(await checkpointer.writeChunks(raw, CHUNK_BYTES), /^[0-9a-f]{64}$/);
      };
      await write();
      // Nothing more is sent: before, this thread collected only when the next original came.
      assert.equal(await unmappedSoon(), true, 'the buffer is still mapped after its chunks');
    } finally {
      await checkpointer.stop();
    }
  });
});
