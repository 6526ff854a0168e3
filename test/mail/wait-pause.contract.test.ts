// Pausing the clock while a case waits on the complainant (P4.5, REDRESS_PAUSE_CLOCK_WHILE_WAITING), on SQLite and
// PostgreSQL, through the doors: with the setting on, the complainant's answer (an e-mail, a letter registered by
// staff) moves the answer date by the business days waited, by one recorded event, and they are told the new date
// by the path their texts take (an e-mail, or a letter to post when they have no e-mail address); the archive
// still verifies. With the setting off (the default), nothing moves and nothing more is written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const DAY = 24 * 3600_000;

for (const engine of ENGINES) {
  describe(`the clock paused while waiting on the complainant (${engine})`, () => {
    let on: Harness;
    let off: Harness;
    const clockOn = fixedClock('2026-11-23T09:00:00.000Z');
    const clockOff = fixedClock('2026-11-23T09:00:00.000Z');
    before(async () => {
      on = await startHarness(engine, { clock: clockOn, overrides: { pauseClockWhileWaiting: true } });
      off = await startHarness(engine, { clock: clockOff });
    });
    after(async () => {
      await on.close();
      await off.close();
    });

    const caseRow = (h: Harness, id: string) =>
      h.test.database.db
        .selectFrom('cases')
        .select([
          'answer_by',
          'answer_by_date',
          'procedure_answer_by',
          'first_answer_by',
          'waiting_on_complainant',
        ])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const outbound = (h: Harness, caseId: string) =>
      h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select(['outbound_items.purpose', 'correspondence.channel', 'correspondence.text_body'])
        .where('correspondence.case_id', '=', caseId)
        .where('correspondence.direction', '=', 'out')
        .orderBy('correspondence.created_at')
        .execute();
    const moves = async (h: Harness, caseId: string) =>
      (
        await h.test.database.db
          .selectFrom('events')
          .select(['type', 'payload'])
          .where('stream', '=', `case:${caseId}`)
          .where('type', '=', 'answer_date_moved_by_wait')
          .execute()
      ).map((e) => JSON.parse(e.payload) as { daysWaited: number; to: { answerByDate: string } });

    async function askAndAnswerByEmail(h: Harness, clock: ReturnType<typeof fixedClock>, who: string) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const first = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: `${who} <${who}@example.fr>`, subject: STEP1 }),
        mailbox,
        door: 'pipe',
      });
      const before = await caseRow(h, first.caseId!);
      // Asked on Monday 23 November; their answer comes on Thursday 26 November: three business days waited.
      await requestInformation(h.ctx, first.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'user:a',
      });
      assert.equal((await caseRow(h, first.caseId!)).waiting_on_complainant, 1);
      clock.advance(3 * DAY);
      const reply = await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: `${who} <${who}@example.fr>`,
          subject: `Re: ${first.reference}`,
          body: 'Je souhaite le rétablissement du site.',
        }),
        mailbox,
        door: 'pipe',
      });
      assert.equal(reply.caseId, first.caseId);
      return { caseId: first.caseId!, before };
    }

    it('with the setting on, an e-mail answer moves the date by the days waited and tells them the new date', async () => {
      const { caseId, before } = await askAndAnswerByEmail(on, clockOn, 'ida');
      const after = await caseRow(on, caseId);
      const expected = on.ctx.calendar.addWorkingDays(before.answer_by_date!, 3).toString();
      assert.equal(after.answer_by_date, expected);
      assert.equal(after.answer_by, on.ctx.calendar.endOfDay(expected));
      assert.equal(after.waiting_on_complainant, 0);
      // The figures read the moved date as they read an extension's: measured against it, the first kept apart.
      assert.equal(after.procedure_answer_by, after.answer_by);
      assert.equal(after.first_answer_by, before.answer_by);
      const recorded = await moves(on, caseId);
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0]!.daysWaited, 3);
      // The request said the days until their reply would be added, not that the date stands.
      const asked = (await outbound(on, caseId)).find((o) => o.purpose === 'information_request');
      assert.match(asked?.text_body ?? '', /s’ajouteront à cette date/);
      assert.doesNotMatch(asked?.text_body ?? '', /ne retarde pas/);
      const told = (await outbound(on, caseId)).filter((o) => o.purpose === 'answer_date_moved');
      assert.equal(told.length, 1);
      assert.equal(told[0]!.channel, 'email');
      assert.match(told[0]!.text_body ?? '', /3 de nos jours ouvrés/);
      assert.match(told[0]!.text_body ?? '', /au lieu du/);
      assert.deepEqual((await verifyArchive(on.ctx)).problems, []);
    });

    it('with the setting on, a letter registered by staff ends the wait, and a postal-only complainant gets a letter', async () => {
      const complainant = {
        name: 'Jean Martin',
        postalAddress: ['Jean Martin', '12 rue de la Paix', '75002 Paris'],
      };
      const opened = await registerLetter(
        on.ctx,
        {
          arrived: clockOn.now().slice(0, 10),
          title: STEP1,
          complainant,
          language: 'fr',
          description: 'Mon site est hors ligne.',
          expectations: 'Le rétablissement du site.',
        },
        null,
        'user:clerk',
      );
      const before = await caseRow(on, opened.caseId!);
      await requestInformation(on.ctx, opened.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'user:a',
      });
      clockOn.advance(2 * DAY);
      const workingDays = on.ctx.calendar.workingDaysBetween(
        on.ctx.calendar.localDate(clockOn.now()).subtract({ days: 2 }),
        on.ctx.calendar.localDate(clockOn.now()),
      );
      assert.ok(workingDays >= 1, 'the letter comes at least one business day after the request');
      const reply = await registerLetter(
        on.ctx,
        {
          arrived: clockOn.now().slice(0, 10),
          title: `${STEP1} ${opened.reference}`,
          caseReference: opened.reference,
          complainant,
          language: 'fr',
          description: 'Voici les précisions demandées.',
        },
        null,
        'user:clerk',
      );
      assert.equal(reply.filing, 'filed_on_case');
      const after = await caseRow(on, opened.caseId!);
      assert.equal(
        after.answer_by_date,
        on.ctx.calendar.addWorkingDays(before.answer_by_date!, workingDays).toString(),
      );
      const told = (await outbound(on, opened.caseId!)).filter((o) => o.purpose === 'answer_date_moved');
      assert.equal(told.length, 1);
      assert.equal(told[0]!.channel, 'letter');
      assert.deepEqual((await verifyArchive(on.ctx)).problems, []);
    });

    it('with the setting off (the default), the date stands and nothing more is written', async () => {
      const { caseId, before } = await askAndAnswerByEmail(off, clockOff, 'jules');
      const after = await caseRow(off, caseId);
      assert.equal(after.answer_by_date, before.answer_by_date);
      assert.equal(after.first_answer_by, null);
      assert.equal(after.waiting_on_complainant, 0);
      assert.deepEqual(await moves(off, caseId), []);
      assert.ok(!(await outbound(off, caseId)).some((o) => o.purpose === 'answer_date_moved'));
      const asked = (await outbound(off, caseId)).find((o) => o.purpose === 'information_request');
      assert.match(asked?.text_body ?? '', /ne retarde pas notre réponse/);
    });
  });
}
