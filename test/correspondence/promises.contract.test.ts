// The promises made to a complainant hold on every path, on SQLite and PostgreSQL: an acknowledgement deadline
// is a deadline everywhere staff look (queue state, Late filter, "due first" order, alerts); a letter
// registered after its answer date names a new date, recorded as an event; an empty letter is refused, and one
// without an address waits "to address"; an extension is offered only when it can succeed, from valid dates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { allowedActions, extensionPicker } from '../../src/app/case-page.ts';
import { extendCase } from '../../src/app/extend-case.ts';
import { getCase } from '../../src/app/get-case.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { formatDate } from '../../src/core/correspondence/compose.ts';
import { ENGINES } from '../support/databases.ts';
import { acceptingTransport } from '../support/mail-transport.ts';
import { mailIn, startWorld, type World } from './support.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';

for (const engine of ENGINES) {
  describe(`promises on every path (${engine})`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(engine, '2026-11-16T09:00:00.000Z');
    });
    after(() => w.close());

    it('a letter never acknowledged is late from its acknowledgement deadline: state, Late filter, due-first order', async () => {
      // An e-mail case of Monday 16 November, acknowledged at once: its answer is due on Monday 30 November.
      const early = await mailIn(w, {
        from: 'anna@example.net',
        name: 'Anna Beck',
        language: 'de',
        subject: 'Beschwerdeweiterleitung - Stufe 1',
        messageId: '<early@example.net>',
      });
      // Its acknowledgement goes out at once, as the outbox sends it (given: acknowledgement-given.ts).
      await sendDueMail(w.ctx, acceptingTransport);
      w.clock.set('2026-11-23T09:00:00.000Z');
      // A letter that arrived on Thursday 19 November, registered on Monday 23: no address, so nobody could be
      // told; its acknowledgement deadline (24 hours after arrival) has passed, its answer is due on 3 December.
      const letter = await registerLetter(
        w.ctx,
        {
          arrived: '2026-11-19',
          title: STEP1,
          complainant: { name: 'Jean Martin' },
          language: 'fr',
          description: 'Mon site est hors ligne.',
          expectations: 'Le rétablir.',
        },
        null,
        'user:clerk',
      );
      assert.equal(letter.acknowledgement, null, 'no address: no acknowledgement');
      assert.equal(letter.toAddress, true, 'it waits for an address');
      const { rows } = await listQueue(w.ctx, { queue: 'step1' });
      const row = rows.find((r) => r.id === letter.caseId)!;
      assert.equal(row.urgency, 'overdue', 'the missed acknowledgement shows as late');
      assert.equal(row.dueFor, 'acknowledge');
      assert.equal(row.toAddress, true, 'shown "to address" in the queue');
      assert.equal(rows.find((r) => r.id === early.caseId)!.toAddress, false);
      assert.deepEqual(
        rows.map((r) => r.id).slice(0, 2),
        [letter.caseId, early.caseId],
        'due first: the missed acknowledgement before an answer due later',
      );
      const late = await listQueue(w.ctx, { queue: 'step1', due: 'overdue' });
      assert.deepEqual(
        late.rows.map((r) => r.id),
        [letter.caseId],
        'the Late filter shows it (and only it)',
      );
    });

    it('a letter registered after its answer date promises a new date from today, recorded as an event', async () => {
      w.clock.set('2026-11-23T09:00:00.000Z');
      // Arrived on Monday 26 October: due by Monday 9 November, already gone on Monday 23 November.
      const r = await registerLetter(
        w.ctx,
        {
          arrived: '2026-10-26',
          title: STEP1,
          complainant: { name: 'Claire Petit', email: 'claire.petit@example.fr' },
          language: 'fr',
          description: 'Ma facture est fausse.',
          expectations: 'Un remboursement.',
        },
        null,
        'user:clerk',
      );
      assert.equal(r.acknowledgement, 'email');
      const view = await getCase(w.ctx, r.caseId!);
      assert.equal(
        view.state.originalDeadline?.answerByDate,
        '2026-11-09',
        'the procedure’s date stays on record',
      );
      assert.equal(view.state.deadline?.answerByDate, '2026-12-07', '10 working days after 23 November');
      const renewed = view.events.find((e) => e.type === 'promise_renewed');
      assert.ok(renewed, 'the new promise is an event');
      assert.ok(
        view.events.findIndex((e) => e.type === 'promise_renewed') <
          view.events.findIndex((e) => e.type === 'acknowledged'),
        'renewed before the acknowledgement names it',
      );
      const ack = (await outboxItemsOfCase(w.test.database.db, r.caseId!)).find(
        (o) => o.purpose === 'acknowledgement',
      )!;
      const tz = w.config.timezone;
      assert.ok(ack.text!.includes(formatDate('2026-12-07', 'fr', tz)), ack.text!);
      assert.ok(!ack.text!.includes(formatDate('2026-11-09', 'fr', tz)), 'no date in the past');
    });

    it('a request for information on a late case names a date still ahead, not the one gone', async () => {
      w.clock.set('2026-11-23T09:00:00.000Z');
      const email = await mailIn(w, {
        from: 'paul@example.net',
        name: 'Paul Gris',
        language: 'en',
        subject: 'Complaint escalation - Step 1',
        messageId: '<late-info@example.net>',
      });
      // Three weeks later the answer date (7 December) has passed; staff ask for what is missing.
      w.clock.set('2026-12-14T09:00:00.000Z');
      await requestInformation(w.ctx, email.caseId, {
        missing: ['expectations'],
        note: null,
        actor: 'user:clerk',
      });
      const view = await getCase(w.ctx, email.caseId);
      assert.equal(view.state.deadline?.answerByDate, '2026-12-29', '10 working days from 14 December');
      const request = (await outboxItemsOfCase(w.test.database.db, email.caseId)).find(
        (o) => o.purpose === 'information_request',
      )!;
      const tz = w.config.timezone;
      assert.ok(request.text!.includes(formatDate('2026-12-29', 'en', tz)), request.text!);
      assert.ok(!request.text!.includes(formatDate('2026-12-07', 'en', tz)), 'no date in the past');
    });

    it('offers Extend only when it can succeed, with only dates from the answer date on', async () => {
      w.clock.set('2026-11-23T09:00:00.000Z');
      const late = await registerLetter(
        w.ctx,
        {
          arrived: '2026-11-02', // due by 16 November: an extension must be told before that day (P4.3)
          title: STEP1,
          complainant: { name: 'Hugo Blanc' },
          language: 'fr',
          description: 'Mon domaine a expiré.',
        },
        null,
        'user:clerk',
      );
      const lateState = (await getCase(w.ctx, late.caseId!)).state;
      assert.equal(allowedActions(w.ctx, lateState).has('extend'), false, 'not offered on a late case');
      const onTime = await registerLetter(
        w.ctx,
        {
          arrived: '2026-11-20', // due by 4 December
          title: STEP1,
          complainant: { name: 'Inès Noir', postalAddress: ['Inès Noir', '3 rue Haute', '67000 Strasbourg'] },
          language: 'fr',
          description: 'Ma boîte mail ne marche plus.',
        },
        null,
        'user:clerk',
      );
      const state = (await getCase(w.ctx, onTime.caseId!)).state;
      assert.equal(allowedActions(w.ctx, state).has('extend'), true);
      const picker = extensionPicker(w.ctx, state);
      assert.ok(picker, 'an open, unanswered complaint before its date can be extended');
      // A window starts on the answer date already told (extension-window.ts), never earlier; it ends later.
      assert.deepEqual(picker.firstDays[0], { date: '2026-12-04', n: 9 });
      for (const d of picker.firstDays)
        assert.ok(d.date >= '2026-12-04', `${d.date}: before the answer date`);
      for (const d of picker.lastDays) {
        assert.ok(d.n >= 1, `${d.date}: no "working day 0"`);
        assert.ok(d.date > '2026-11-23', `${d.date}: no past date`);
      }
      assert.ok(
        picker.lastDays.every((d) => d.date > '2026-12-04'),
        'every end is after the answer date',
      );
      const extended = await extendCase(w.ctx, onTime.caseId!, {
        reason: 'Nous attendons le registre.',
        windowStart: picker.firstDays[0]!.date,
        windowEnd: picker.lastDays[0]!.date,
        actor: 'user:clerk',
      });
      assert.equal(extended.answerByDate, picker.lastDays[0]!.date, 'the first choices succeed');
    });
  });
}
