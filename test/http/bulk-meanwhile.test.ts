// A lead ticks cases in a queue page opened a while ago and assigns or categorises them all; meanwhile a colleague
// took one of them, or categorised it. The bulk action leaves that case as the colleague left it and says so,
// case by case, rather than silently undoing the colleague's change; the others are changed. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** The bulk form's hidden fields on the page (all rows), as a browser sends them with the ticked boxes. */
function bulkHidden(body: string): string[] {
  return [
    ...body.matchAll(
      /<input[^>]*type="hidden"[^>]*form="bulk"[^>]*>|<input[^>]*form="bulk"[^>]*type="hidden"[^>]*>/g,
    ),
  ]
    .filter((m) => /name="seen"/.test(m[0]))
    .map((m) => /value="([^"]*)"/.exec(m[0])?.[1] ?? '');
}

function skippedOf(body: string): Array<{ reference: string; reason: string }> {
  const list = /<ul class="bulk-skipped"[^>]*>([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => {
    const text = m[1]!.replace(/<[^>]+>/g, '').trim();
    const [reference, ...rest] = text.split(' — ');
    return { reference: reference!.trim(), reason: rest.join(' — ').trim() };
  });
}

for (const engine of ENGINES) {
  describe(`bulk actions from a page opened before a colleague's change on ${engine}`, () => {
    let t: TestApp;
    let carl: User;
    let dana: User;
    before(async () => {
      t = await createTestApp({ engine });
      carl = await createUser(t.ctx, 'agent', { name: 'Carl Agent' });
      dana = await createUser(t.ctx, 'agent', { name: 'Dana Agent' });
    });
    after(async () => {
      await t?.close();
    });

    const referenceOf = async (id: string) =>
      await t.ctx.database.db
        .selectFrom('cases')
        .select(['reference', 'owner_id', 'category'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it('leaves a case a colleague took meanwhile with them, and says so', async () => {
      const cases = [
        await openComplaint(t.ctx, { daysAgo: 1 }),
        await openComplaint(t.ctx, { daysAgo: 1 }),
        await openComplaint(t.ctx, { daysAgo: 1 }),
      ];
      const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: 'en' }));
      const page = await getPage(t.app, lead, '/queues/step1');
      assert.equal(page.statusCode, 200);
      const seen = bulkHidden(page.body);
      assert.ok(seen.length >= 3, 'each row says what the page showed of it');
      // A colleague takes the second case for Carl after the lead's page was made.
      await actOnCase(t.ctx, cases[1]!.caseId, { type: 'assign', to: carl.id }, 'system');
      const res = await postForm(t.app, lead, '/queues/bulk', {
        action: 'assign',
        to: dana.id,
        caseIds: cases.map((c) => c.caseId),
        seen,
        back: '/queues/step1',
      });
      assert.equal(res.statusCode, 200, 'the queue page with what was left as it was');
      const taken = await referenceOf(cases[1]!.caseId);
      assert.equal(taken.owner_id, carl.id, "the colleague's assignment stands");
      assert.equal((await referenceOf(cases[0]!.caseId)).owner_id, dana.id);
      assert.equal((await referenceOf(cases[2]!.caseId)).owner_id, dana.id);
      const skipped = skippedOf(res.body);
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0]!.reference, taken.reference);
      assert.match(skipped[0]!.reason, /meanwhile/i);
    });

    it('leaves a case a colleague categorised meanwhile as they left it', async () => {
      const [first, second] = t.ctx.config.categories;
      assert.ok(first && second);
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: 'en' }));
      const seen = bulkHidden((await getPage(t.app, lead, '/queues/step1')).body);
      await actOnCase(t.ctx, c.caseId, { type: 'categorise', category: first }, 'system');
      const res = await postForm(t.app, lead, '/queues/bulk', {
        action: 'categorise',
        category: second,
        caseIds: [c.caseId],
        seen,
        back: '/queues/step1',
      });
      assert.equal(res.statusCode, 200);
      assert.equal((await referenceOf(c.caseId)).category, first);
      assert.match(skippedOf(res.body)[0]?.reason ?? '', /meanwhile/i);
    });
  });
}
