// A colleague's account is disabled while they still own open cases (they left, or are away for long): the queue
// says so on each of those rows, in the reader's language, so that a lead sees at a glance that nobody is working
// them and hands them over, rather than reading a name as if that person had them in hand. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** The owner cell of the row that links to this case, tags kept as text. */
function ownerCell(body: string, caseId: string): string {
  const row = new RegExp(
    `<tr[^>]*>(?:(?!</tr>)[\\s\\S])*href="/cases/${caseId}"(?:(?!</tr>)[\\s\\S])*</tr>`,
  ).exec(body)?.[0];
  assert.ok(row, `a row for ${caseId}`);
  return (/<td class="col-owner"[^>]*>([\s\S]*?)<\/td>/.exec(row)?.[1] ?? '').replace(/<[^>]+>/g, ' ').trim();
}

for (const engine of ENGINES) {
  describe(`a disabled colleague's open cases in the queue on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(async () => {
      await t?.close();
    });

    it('marks the owner of each such row as a disabled account; an active owner is shown as before', async () => {
      const leaving = await createUser(t.ctx, 'agent', { name: 'Lea Leaving' });
      const staying = await createUser(t.ctx, 'agent', { name: 'Sam Staying' });
      const theirs = await openComplaint(t.ctx, { daysAgo: 2 });
      const others = await openComplaint(t.ctx, { daysAgo: 2 });
      await actOnCase(t.ctx, theirs.caseId, { type: 'assign', to: leaving.id }, 'system');
      await actOnCase(t.ctx, others.caseId, { type: 'assign', to: staying.id }, 'system');
      await setUserEnabled(t.ctx, leaving.id, false, { actor: 'cli', label: null, address: null });
      for (const [lang, disabled] of [
        ['en', /account disabled/i],
        ['fr', /compte désactivé/i],
        ['de', /deaktiviert/i],
      ] as const) {
        const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: lang }));
        const page = await getPage(t.app, lead, '/queues/step1');
        assert.equal(page.statusCode, 200);
        const cell = ownerCell(page.body, theirs.caseId);
        assert.match(cell, /Lea Leaving/);
        assert.match(cell, disabled, `${lang}: the row says the owner's account is disabled`);
        assert.doesNotMatch(ownerCell(page.body, others.caseId), disabled);
      }
    });
  });
}
