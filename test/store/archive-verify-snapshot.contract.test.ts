// `redress archive verify` runs on a live system: the sender may record an acknowledgement sent (and move its case's
// due key) while verify reads a page. Verify reads each page's streams, case rows and the outbox's acknowledgements
// from one snapshot, so a send committed between two of its reads is seen either wholly or not at all, never as an
// altered key. The send here is recorded by a second connection (as by the server's process) at the moment verify
// has read the page's case rows and not yet its acknowledgements (the `betweenReads` seam). A key really changed in
// the database is still named. A case written there (events appended, its state and row with them) is not taken for
// an altered chain, state or row either. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { recordOutcomes } from '../../src/adapters/db/outbox.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { mailIn, startWorld, switchableRelay, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES)
  describe(`archive verify reads a page from one snapshot while a send is recorded (${engine})`, () => {
    let world: World;
    const mail = switchableRelay();
    const ids = {} as Record<'altered' | 'held', { caseId: string; reference: string }>;
    const keyOf = (caseId: string) =>
      world.ctx.database.db
        .selectFrom('cases')
        .select(['due_key', 'acknowledge_by', 'answer_by'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
    const acknowledgementOf = async (caseId: string) =>
      (
        await world.ctx.database.db
          .selectFrom('correspondence as c')
          .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
          .select(['c.id', 'c.status'])
          .where('c.case_id', '=', caseId)
          .where('o.purpose', '=', 'acknowledgement')
          .executeTakeFirstOrThrow()
      ).id;
    const rowProblems = async (options: Parameters<typeof verifyArchive>[1] = {}) =>
      (await verifyArchive(world.ctx, options)).problems.filter((p) => p.kind === 'row_altered');

    before(async () => {
      // Thursday 19 November, 10:00 UTC: both acknowledgements are due by Friday 10:00, the answers in December.
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z');
      ids.altered = await mailIn(world, {
        from: 'altered@example.net',
        name: 'Altered',
        language: 'en',
        subject: 'Invoice wrong',
        messageId: '<altered@example.net>',
      });
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 1);
      mail.state.refusing = true;
      ids.held = await mailIn(world, {
        from: 'held@example.net',
        name: 'Held',
        language: 'en',
        subject: 'Site down',
        messageId: '<held@example.net>',
      });
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 1, 'the second acknowledgement is held');
    });
    after(() => world.close());

    it('names no key for a send committed between its reads of a page, and still names a key changed by hand', async () => {
      const altered = await keyOf(ids.altered.caseId);
      await sql`update cases set due_key = ${altered.acknowledge_by} where id = ${ids.altered.caseId}`.execute(
        world.ctx.database.db,
      );
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.acknowledge_by);
      const acknowledgement = await acknowledgementOf(ids.held.caseId);
      let sends = 0;
      const problems = await rowProblems({
        async betweenReads() {
          if (sends++) return;
          // Another process records the held acknowledgement sent, and its key moves, in its own transaction.
          const other = await openDatabase(world.test.url);
          try {
            await recordOutcomes(other, [
              {
                kind: 'sent',
                id: acknowledgement,
                at: '2026-11-19T10:05:00.000Z',
                detail: '250 2.0.0 Ok: queued',
              },
            ]);
          } finally {
            await other.close();
          }
        },
      });
      assert.equal(sends, 1, 'the send was recorded while verify read its page');
      assert.equal((await keyOf(ids.held.caseId)).due_key, held.answer_by, 'the send moved the key');
      assert.deepEqual(
        problems.map((p) => p.stream),
        [`case:${ids.altered.caseId}`],
      );
      assert.match(problems[0]!.detail, new RegExp(`due_key \\(stored ${altered.acknowledge_by}, `));
      // Read again after the send: the moved key agrees with the outbox, the key changed by hand still does not.
      assert.deepEqual(
        (await rowProblems()).map((p) => p.stream),
        [`case:${ids.altered.caseId}`],
      );
    });

    it('names nothing when a case is written between its reads of a page', async () => {
      const closed = await mailIn(world, {
        from: 'closed@example.net',
        name: 'Closed',
        language: 'en',
        subject: 'Mail lost',
        messageId: '<closed@example.net>',
      });
      const before = (await verifyArchive(world.ctx)).problems.map((p) => p.stream);
      let writes = 0;
      const report = await verifyArchive(world.ctx, {
        async betweenReads() {
          if (writes++) return;
          // Another process closes the case: new events, its stored state and its row, in one transaction.
          const other = await openDatabase(world.test.url);
          try {
            await actOnCase(
              createAppContext(world.config, other, { clock: world.clock }),
              closed.caseId,
              { type: 'close', reason: 'Solved.' },
              'system',
            );
          } finally {
            await other.close();
          }
        },
      });
      assert.equal(writes, 1, 'the case was written while verify read its page');
      assert.deepEqual(
        report.problems.map((p) => p.stream),
        before,
      );
      const status = await world.ctx.database.db
        .selectFrom('cases')
        .select('status')
        .where('id', '=', closed.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(status.status, 'closed');
      assert.deepEqual(
        (await verifyArchive(world.ctx)).problems.map((p) => p.stream),
        before,
      );
    });
  });
