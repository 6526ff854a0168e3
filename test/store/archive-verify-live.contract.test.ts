// `redress archive verify` on a live system: mail arrives, acknowledgements go out and staff act while it reads.
// Verify reads the chains first and walks every correspondence row last; a complaint filed in between (its inbound
// row, its case's events and its acknowledgement written by another process) is no row added by hand, and is not
// named as one, while a row really added by hand at the same moment still is. Both engines.
// On PostgreSQL, an acknowledgement sent while a write of its case holds the case's row moves the case's due key
// only once that write has committed (due-key.repo.ts moveHeldDueKeys): a page read in between sees the send and
// the key not yet moved, which is no altered key either.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { createAppContext } from '../../src/app/context.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { dueKeysOf } from '../correspondence/support.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { moveWaitingOnAWrite } from '../support/due-key-move-waiting.ts';
import { copyByHand } from '../support/forge.ts';

const NOW = '2026-11-23T12:00:00.000Z';

for (const engine of ENGINES)
  describe(`archive verify while a complaint is filed (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('names no row of a complaint filed after it read the chains, and still names a row added by hand then', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const anna = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Anna Schmidt <anna@example.de>' }),
        mailbox,
        door: 'pipe',
      });
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);

      let filed: Awaited<ReturnType<typeof receiveEmail>> | undefined;
      const report = await verifyArchive(h.ctx, {
        async betweenReads() {
          if (filed) return;
          // Another process files a new complaint through the mail door (its inbound row, the case's events and
          // its acknowledgement, in one transaction), and a forger adds a row by hand: both after verify has read
          // the page of streams that would have named them (the only page here).
          const other = await openDatabase(h.test.url);
          try {
            filed = await receiveEmail(createAppContext(h.config, other, { clock: fixedClock(NOW) }), {
              raw: rawMessage({ from: 'Bruno Martin <bruno@example.fr>' }),
              mailbox,
              door: 'pipe',
            });
            await copyByHand(other.db, anna.correspondenceId!, 'forged-live', 'Rien à signaler.');
          } finally {
            await other.close();
          }
        },
      });
      assert.ok(filed?.caseId, 'the complaint was filed while verify ran');
      const rows = await h.test.database.db
        .selectFrom('correspondence')
        .select(['id', 'direction'])
        .where('case_id', '=', filed.caseId)
        .execute();
      assert.deepEqual(
        rows.map((r) => r.direction).sort(),
        ['in', 'out'],
        'its inbound row and acknowledgement',
      );
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        ['correspondence_unaccounted correspondence:forged-live'],
      );
      // Read again once all is written: the same.
      assert.deepEqual(
        (await verifyArchive(h.ctx)).problems.map((p) => `${p.kind} ${p.stream}`),
        ['correspondence_unaccounted correspondence:forged-live'],
      );
    });
  });

/**
 * On PostgreSQL: a world with one complaint whose acknowledgement is held; a write of the case under way (it holds
 * the case's row, as saveCase does until it commits) while the sender records that acknowledgement sent, whose
 * transaction commits and whose move of the key waits for the row. Verify runs then; the write commits while verify
 * reads its page (`commitAt: 'page'`), or some time after verify has read it (`'later'`: while verify reads again).
 * Returns verify's problems, once the key has moved.
 */
async function verifyWhileAMoveWaits(commitAt: 'page' | 'later') {
  const { world, caseId, keys, commit, write, send, close } = await moveWaitingOnAWrite();
  try {
    let reads = 0;
    const report = await verifyArchive(world.ctx, {
      async betweenReads() {
        if (reads++) return;
        if (commitAt === 'page') {
          commit();
          await write;
          await send;
        } else setTimeout(commit, 300);
      },
    });
    assert.equal(reads, 1, 'verify read one page');
    await send;
    assert.equal((await dueKeysOf(world, caseId)).due_key, keys.answer_by, 'the key has moved');
    return report.problems;
  } finally {
    await close();
  }
}

if (ENGINES.includes('postgres'))
  describe('archive verify while a send waits to move a due key (postgres)', () => {
    it('names no key that a send moves once the write of its case commits, during its page', async () => {
      assert.deepEqual(await verifyWhileAMoveWaits('page'), []);
    });

    it('names no key that a send moves once the write of its case commits, after its page', async () => {
      assert.deepEqual(await verifyWhileAMoveWaits('later'), []);
    });
  });
