// Handing over the open cases of someone who is away moves every one of them, however many they hold, not only
// the first batch: what stays behind is listed with its reason, never left silently with the absent colleague.
// On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { bulkAct, reassignOpenCases } from '../../src/app/bulk-act.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`hand-over of every open case on ${engine}`, () => {
    let t: TestApp;
    let away: User;
    let colleague: User;
    before(async () => {
      t = await createTestApp({ engine });
      away = await createUser(t.ctx, 'agent', { name: 'Away Agent' });
      colleague = await createUser(t.ctx, 'agent', { name: 'Colleague' });
    });
    after(async () => {
      await t?.close();
    });

    it('moves more cases than one bulk action holds', async () => {
      const total = 503;
      const ids: string[] = [];
      for (let i = 0; i < total; i++) ids.push((await openComplaint(t.ctx, { daysAgo: 1 })).caseId);
      // Owned by the absent colleague, as if assigned over months.
      for (let i = 0; i < ids.length; i += 100)
        await bulkAct(t.ctx, ids.slice(i, i + 100), { type: 'assign', to: away.id }, 'system');
      const result = await reassignOpenCases(t.ctx, away.id, colleague.id, 'system');
      const left = await t.ctx.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_id', '=', away.id)
        .where('is_open', '=', 1)
        .executeTakeFirstOrThrow();
      assert.equal(Number(left.n), result.skipped.length, 'every case left behind is listed with its reason');
      assert.equal(result.changed.length + result.skipped.length, total);
    });
  });
}
