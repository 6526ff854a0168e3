// Closing after the quiet period (P4.6) on both engines: an answered case closes by itself once ten working days
// have passed without a word from the complainant; a case the complainant wrote to after the answer stays open for
// a person to decide, however long it waits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CorrespondenceRepo } from '../../src/adapters/db/correspondence.repo.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { closeQuietCases } from '../../src/app/close-quiet-cases.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, type World } from './support.ts';

for (const engine of ENGINES)
  describe(`quiet period on ${engine}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z'); // a Friday
    });
    after(async () => {
      await world?.close();
    });
    const at = (iso: string) => world.clock.set(iso);
    const status = async (id: string) =>
      (await inTransaction(world.ctx, (agg) => agg.loadCase(id))).state?.status;

    it('closes the answered case left quiet, and keeps open the one the complainant wrote to after the answer', async () => {
      const mail = (from: string, messageId: string) =>
        mailIn(world, { from, name: 'Kim Quiet', language: 'en', subject: 'Complaint', messageId });
      const quiet = await mail('quiet@example.net', '<quiet@example.net>');
      const wrote = await mail('wrote@example.net', '<wrote@example.net>');
      // Tuesday 24 November: both answered.
      at('2026-11-24T10:00:00.000Z');
      for (const c of [quiet, wrote])
        await answerCase(world.ctx, c.caseId, {
          outcome: 'upheld',
          text: 'Done.',
          remedy: null,
          actor: 'user:agent',
        });
      // Wednesday: the second complainant writes again on their case.
      at('2026-11-25T10:00:00.000Z');
      await inTransaction(world.ctx, (agg) =>
        new CorrespondenceRepo(agg.db).insertInbound({
          id: world.ctx.newId(),
          caseId: wrote.caseId,
          inboxItemId: null,
          channel: 'email',
          door: 'smtp',
          mailbox: 'complaints',
          messageId: '<wrote-again@example.net>',
          inReplyTo: null,
          bodySha256: 'sha-wrote-again',
          originalSha256: null,
          subject: 'Re: Complaint',
          fromAddress: 'wrote@example.net',
          fromName: 'Kim Quiet',
          toAddress: 'complaint@example.org',
          at: world.ctx.clock.now(),
          language: 'en',
          reading: null,
          textBody: 'That is not what I asked for.',
          filing: 'filed_on_case',
          autoReply: 'allowed',
          createdAt: world.ctx.clock.now(),
        }),
      );
      // Monday 7 December is the ninth working day after the answer: nothing closes yet.
      at('2026-12-07T10:00:00.000Z');
      assert.deepEqual(await closeQuietCases(world.ctx), []);
      // Tuesday 8 December, the tenth: the quiet case closes, the other stays answered, then and later.
      at('2026-12-08T10:00:00.000Z');
      assert.deepEqual(await closeQuietCases(world.ctx), [quiet.caseId]);
      assert.equal(await status(quiet.caseId), 'closed');
      at('2027-02-01T10:00:00.000Z');
      assert.deepEqual(await closeQuietCases(world.ctx), []);
      assert.equal(await status(wrote.caseId), 'answered');
    });
  });
