// A calendar change moves an answer date only while nobody has written it to the complainant (P3.2, P4.2). The
// rule looked at the case's acknowledgement alone, but two texts carry the date before a case counts as
// acknowledged: a request for missing information sent while the acknowledgement waits for a person, and an
// acknowledgement letter printed and waiting to be posted (the case is acknowledged once it is posted). A
// recompute then moved the date those texts name, so the complainant held one date and the figures another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calendarFromConfig } from '../../src/adapters/calendar/calendar.ts';
import { applyDeadlineRecompute, previewDeadlineRecompute } from '../../src/app/recompute-deadlines.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, type World } from './support.ts';

for (const engine of ENGINES)
  describe(`a calendar change and an answer date already written (${engine})`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    const stateOf = async (caseId: string) =>
      (await inTransaction(world.ctx, (agg) => agg.loadCase(caseId))).state!;
    const textsOf = (caseId: string, purpose: string) =>
      world.ctx.database.db
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select(['correspondence.text_body as text'])
        .where('correspondence.case_id', '=', caseId)
        .where('outbound_items.purpose', '=', purpose)
        .execute();

    it('keeps the dates written to the complainant; moves only the one nobody was told', async () => {
      // Over the automatic-mail limit: no acknowledgement, nobody told. This one may move.
      const untold = await mailIn(world, {
        from: 'u@example.net',
        name: 'U',
        language: 'en',
        subject: 'Untold',
        messageId: '<u@x>',
        autoReply: 'flood_limited',
      });
      // The same, but staff asked for what is missing before anyone acknowledged it: the request names the date.
      const asked = await mailIn(world, {
        from: 'a@example.net',
        name: 'A',
        language: 'en',
        subject: 'Asked',
        messageId: '<a@x>',
        autoReply: 'flood_limited',
      });
      await requestInformation(world.ctx, asked.caseId, {
        missing: ['expectations'],
        note: null,
        actor: 'user:a',
      });
      assert.equal((await stateOf(asked.caseId)).acknowledgedAt, null, 'not acknowledged');
      const [request] = await textsOf(asked.caseId, 'information_request');
      assert.match(request!.text ?? '', /4 December 2026/, 'the request names the answer date');
      // A letter from someone with a postal address only: its acknowledgement is printed, waiting to be posted.
      const letter = await registerLetter(
        world.ctx,
        {
          arrived: '2026-11-20',
          title: 'Complaint escalation - Step 1',
          complainant: { name: 'Lena Post', postalAddress: ['Hauptstraße 5', '10115 Berlin'] },
          language: 'en',
          description: 'My site is down.',
          expectations: 'Bring it back.',
        },
        null,
        'user:clerk',
      );
      const printed = await stateOf(letter.caseId!);
      assert.equal(printed.acknowledgedAt, null, 'acknowledged once posted');
      assert.equal(printed.lettersToPost.length, 1, 'the acknowledgement letter waits to be posted');
      const [ackLetter] = await textsOf(letter.caseId!, 'acknowledgement');
      assert.match(ackLetter!.text ?? '', /4 December 2026/, 'the letter names the answer date');

      // The organisation closes the office on Monday 30 November.
      const calendar = calendarFromConfig({ ...world.config, closureDays: ['2026-11-30'] });
      const preview = await previewDeadlineRecompute(world.ctx, calendar);
      assert.deepEqual(
        preview.map((m) => [m.reference, m.to.answerByDate]),
        [[untold.reference, '2026-12-07']],
        'only the date nobody was told moves',
      );
      // Applied to every case named (as a stale preview could), the rule itself still keeps the written dates.
      await applyDeadlineRecompute(world.ctx, {
        reason: 'closure day 2026-11-30',
        actor: 'user:admin',
        calendar,
        caseIds: [untold.caseId, asked.caseId, letter.caseId!],
      });
      assert.equal((await stateOf(untold.caseId)).deadline!.answerByDate, '2026-12-07');
      assert.equal((await stateOf(asked.caseId)).deadline!.answerByDate, '2026-12-04');
      assert.equal((await stateOf(letter.caseId!)).deadline!.answerByDate, '2026-12-04');
    });
  });
