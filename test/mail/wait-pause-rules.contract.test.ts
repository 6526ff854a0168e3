// The rules the moved answer date (P4.5, REDRESS_PAUSE_CLOCK_WHILE_WAITING on) must keep, on SQLite and PostgreSQL:
// the text telling the complainant asks what every automatic text asks (a designated contact handles all mail of a
// restricted complainant); printed as a letter after a bounce it is complete; a wait begun before its start was
// kept moves nothing and says so to staff; the queues and the report read the moved date as an extension's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { markFailed } from '../../src/adapters/db/outbox.repo.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { resendAsLetter } from '../../src/app/record-bounce.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { createUser } from '../support/http.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const DAY = 24 * 3600_000;
const WORDS = { fr: /jours? ouvrés?/, en: /working days?/, de: /Arbeitstage?/ } as const;

for (const engine of ENGINES) {
  describe(`the moved answer date keeps the rules of automatic mail (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    before(async () => {
      h = await startHarness(engine, { clock, overrides: { pauseClockWhileWaiting: true } });
    });
    after(() => h.close());

    const db = () => h.test.database.db;
    const caseRow = (id: string) =>
      db()
        .selectFrom('cases')
        .select(['answer_by', 'answer_by_date', 'complainant_id', 'waiting_on_complainant'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const outbound = (caseId: string) =>
      db()
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select([
          'correspondence.id',
          'outbound_items.purpose',
          'correspondence.channel',
          'correspondence.text_body',
        ])
        .where('correspondence.case_id', '=', caseId)
        .where('correspondence.direction', '=', 'out')
        .orderBy('correspondence.created_at')
        .execute();
    const eventsOf = async (caseId: string) =>
      (
        await db()
          .selectFrom('events')
          .select(['type', 'payload'])
          .where('stream', '=', `case:${caseId}`)
          .orderBy('seq')
          .execute()
      ).map((e) => ({ type: e.type, payload: JSON.parse(e.payload) as Record<string, unknown> }));
    const mailbox = () => h.config.mailboxes.find((m) => m.name === 'complaints')!;
    const open = (who: string, language: 'fr' | 'en' | 'de' = 'fr') =>
      receiveEmail(h.ctx, {
        raw: rawMessage({
          from: `${who} <${who}@example.fr>`,
          subject: STEP1,
          ...(language === 'fr'
            ? {}
            : { body: language === 'en' ? 'My site is down.' : 'Meine Seite ist weg.' }),
        }),
        mailbox: mailbox(),
        door: 'pipe',
      });
    const answer = (who: string, reference: string) =>
      receiveEmail(h.ctx, {
        raw: rawMessage({ from: `${who} <${who}@example.fr>`, subject: `Re: ${reference}`, body: 'Voici.' }),
        mailbox: mailbox(),
        door: 'pipe',
      });

    it('sends nothing automatic to a restricted complainant whose designated contact handles the case', async () => {
      const first = await open('noor');
      const { complainant_id } = await caseRow(first.caseId!);
      const lead = (await createUser(h.ctx, 'lead')).id;
      await actOnComplainant(
        h.ctx,
        complainant_id,
        {
          type: 'restrict',
          restrictionId: 'r-noor',
          kind: 'designated_contact',
          reason: 'Repeated insults to the support team',
          reviewBy: '2027-06-01',
          designatedContactId: lead,
        },
        'user:manager',
      );
      const before = await caseRow(first.caseId!);
      await requestInformation(h.ctx, first.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'system',
      });
      clock.advance(3 * DAY);
      await answer('noor', first.reference!);
      const after = await caseRow(first.caseId!);
      // The date moves (the rule of the clock), but the contact tells them: nothing goes out automatically.
      assert.equal(after.answer_by_date, h.ctx.calendar.addWorkingDays(before.answer_by_date!, 3).toString());
      const told = (await outbound(first.caseId!)).filter((o) => o.purpose === 'answer_date_moved');
      assert.deepEqual(told, []);
    });

    it('prints the text as a complete letter when its e-mail bounced, in FR, EN and DE', async () => {
      for (const language of ['fr', 'en', 'de'] as const) {
        const who = `print${language}`;
        const first = await open(who, language);
        await db().updateTable('cases').set({ language }).where('id', '=', first.caseId!).execute();
        const loaded = await h.test.database.db
          .selectFrom('streams')
          .select('state')
          .where('stream', '=', `case:${first.caseId}`)
          .executeTakeFirstOrThrow();
        const st = JSON.parse(loaded.state) as { language: string };
        st.language = language;
        await db()
          .updateTable('streams')
          .set({ state: JSON.stringify(st) })
          .where('stream', '=', `case:${first.caseId}`)
          .execute();
        const { complainant_id } = await caseRow(first.caseId!);
        await requestInformation(h.ctx, first.caseId!, {
          missing: ['expectations'],
          note: null,
          actor: 'user:a',
        });
        clock.advance(2 * DAY);
        await answer(who, first.reference!);
        const moved = (await outbound(first.caseId!)).find((o) => o.purpose === 'answer_date_moved');
        assert.ok(moved, `told by e-mail (${language})`);
        await markFailed(db(), moved.id, 'bounced');
        await actOnComplainant(
          h.ctx,
          complainant_id,
          { type: 'change_details', details: { postalAddress: ['12 rue de la Paix', '75002 Paris'] } },
          'user:agent',
        );
        const letter = await resendAsLetter(h.ctx, moved.id, 'user:agent');
        assert.equal(letter.channel, 'letter');
        const printed = (await outbound(first.caseId!)).find((o) => o.id === letter.correspondenceId)!;
        const text = printed.text_body ?? '';
        // Every value in its sentence: no template syntax, no hole where a value was left out.
        assert.doesNotMatch(text, /\{\{|\}\}|\b(?:undefined|null|NaN)\b|\(\)|[^\S\n]{2,}|[^\S\n][.,]/, text);
        assert.match(text, WORDS[language], `in its language: ${text}`);
        const { answer_by_date } = await caseRow(first.caseId!);
        assert.ok(text.includes(answer_by_date!.slice(0, 4)), `the new date: ${text}`);
        assert.ok(text.includes(first.reference!), text);
      }
    });

    it('prints a request that said the date stands as saying so, though the clock pauses by the time it is printed', async () => {
      const first = await open('turned');
      const { complainant_id } = await caseRow(first.caseId!);
      const setting = (on: boolean) => {
        (h.ctx.config as { pauseClockWhileWaiting: boolean }).pauseClockWhileWaiting = on;
        (h.ctx.policy as { pauseWhileWaiting?: boolean }).pauseWhileWaiting = on;
      };
      setting(false);
      try {
        await requestInformation(h.ctx, first.caseId!, {
          missing: ['expectations'],
          note: null,
          actor: 'user:a',
        });
      } finally {
        setting(true);
      }
      const request = (await outbound(first.caseId!)).find((o) => o.purpose === 'information_request')!;
      assert.match(request.text_body ?? '', /ne retarde pas/);
      await markFailed(db(), request.id, 'bounced');
      await actOnComplainant(
        h.ctx,
        complainant_id,
        { type: 'change_details', details: { postalAddress: ['3 rue Haute', '67000 Strasbourg'] } },
        'user:agent',
      );
      const letter = await resendAsLetter(h.ctx, request.id, 'user:agent');
      const printed = (await outbound(first.caseId!)).find((o) => o.id === letter.correspondenceId)!;
      // Their answer will not move the date (the wait keeps no start): the letter says what the e-mail said.
      assert.match(printed.text_body ?? '', /ne retarde pas/, printed.text_body ?? '');
      assert.doesNotMatch(printed.text_body ?? '', /s’ajouteront/);
    });

    it('moves nothing for a wait whose start was not kept, and tells staff why', async () => {
      const first = await open('legacy');
      const before = await caseRow(first.caseId!);
      await requestInformation(h.ctx, first.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'user:a',
      });
      // As a case asked before this release is stored: waiting, with no start.
      const row = await db()
        .selectFrom('streams')
        .select('state')
        .where('stream', '=', `case:${first.caseId}`)
        .executeTakeFirstOrThrow();
      const st = JSON.parse(row.state) as Record<string, unknown>;
      delete st.waitingSince;
      await db()
        .updateTable('streams')
        .set({ state: JSON.stringify(st) })
        .where('stream', '=', `case:${first.caseId}`)
        .execute();
      clock.advance(3 * DAY);
      await answer('legacy', first.reference!);
      const after = await caseRow(first.caseId!);
      assert.equal(after.answer_by_date, before.answer_by_date);
      assert.equal(after.waiting_on_complainant, 0);
      const events = await eventsOf(first.caseId!);
      assert.ok(!events.some((e) => e.type === 'answer_date_moved_by_wait'));
      const note = events.find((e) => e.type === 'note_added');
      assert.match(String(note?.payload.text), /answer date stands/);
      assert.ok(!(await outbound(first.caseId!)).some((o) => o.purpose === 'answer_date_moved'));
    });
  });

  describe(`the queues and the report read the moved answer date (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    before(async () => {
      h = await startHarness(engine, { clock, overrides: { pauseClockWhileWaiting: true } });
    });
    after(() => h.close());

    it('is not late before the moved date, and late after it', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const first = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Ida <ida@example.fr>', subject: STEP1 }),
        mailbox,
        door: 'pipe',
      });
      const row = () =>
        h.test.database.db
          .selectFrom('cases')
          .select(['answer_by', 'answer_by_date'])
          .where('id', '=', first.caseId!)
          .executeTakeFirstOrThrow();
      const original = await row();
      await requestInformation(h.ctx, first.caseId!, {
        missing: ['expectations'],
        note: null,
        actor: 'user:a',
      });
      clock.advance(3 * DAY);
      await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Ida <ida@example.fr>', subject: `Re: ${first.reference}`, body: 'Voici.' }),
        mailbox,
        door: 'pipe',
      });
      // The acknowledgement goes out (until it does, the queue is about its own deadline).
      await sendDueMail(h.ctx, { send: async () => ({ response: '250 ok' }), close() {} });
      const moved = await row();
      assert.notEqual(moved.answer_by_date, original.answer_by_date);
      // The day after the first date: late by it, not by the moved one.
      clock.set(new Date(Date.parse(original.answer_by!) + 3600_000).toISOString());
      const overdue = await listQueue(h.ctx, { queue: 'all', due: 'overdue' });
      assert.ok(!overdue.rows.some((r) => r.id === first.caseId), 'not late before the moved date');
      const all = await listQueue(h.ctx, { queue: 'all' });
      assert.equal(all.rows.find((r) => r.id === first.caseId)?.answerByDate, moved.answer_by_date);
      const period = { from: '2026-11-01', to: '2026-12-31' };
      assert.equal((await reportCases(h.ctx, period)).complaints.overdueOpen, 0);
      clock.set(new Date(Date.parse(moved.answer_by!) + 3600_000).toISOString());
      const late = await listQueue(h.ctx, { queue: 'all', due: 'overdue' });
      assert.ok(
        late.rows.some((r) => r.id === first.caseId),
        'late after the moved date',
      );
      assert.equal((await reportCases(h.ctx, period)).complaints.overdueOpen, 1);
    });
  });
}
