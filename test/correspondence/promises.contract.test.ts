// The promises made to a complainant hold on every path, on SQLite and PostgreSQL: an acknowledgement deadline
// is a deadline everywhere staff look (queue state, Late filter, "due first" order, alerts); a letter
// registered after its answer date names a new date, recorded as an event; an empty letter is refused, and one
// without an address waits "to address"; an extension is offered only when it can succeed, from valid dates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listQueue } from '../../src/app/list-queue.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { ENGINES } from '../support/databases.ts';
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
      const { rows } = await listQueue(w.ctx, { queue: 'step1' });
      const row = rows.find((r) => r.id === letter.caseId)!;
      assert.equal(row.urgency, 'overdue', 'the missed acknowledgement shows as late');
      assert.equal(row.dueFor, 'acknowledge');
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
  });
}
