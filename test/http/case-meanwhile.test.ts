// Two people on the same case page at once: A opens it, B acts on it (answers, takes it, re-categorises it), and A
// then sends a form from the page as it was. A's act is refused, naming who did what since, with A's text kept in
// the form; sent again from the page that says so, it goes through. A note is not refused. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { ENGINES } from '../support/databases.ts';
import {
  apiSecret,
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { openComplaint, postMultipart } from '../support/staff.ts';

/** The version of the case the page's forms carry. */
function seenOn(body: string): string {
  const m = /name="seen" value="(\d+)"/.exec(body);
  assert.ok(m, 'the forms carry the version of the case they were made from');
  return m[1]!;
}

for (const engine of ENGINES) {
  describe(`acting on a case a colleague changed after the page was opened on ${engine}`, () => {
    let t: TestApp;
    let anna: User;
    let bert: User;
    let carl: User;
    let a: TestSession;
    let b: TestSession;
    before(async () => {
      t = await createTestApp({ engine });
      anna = await createUser(t.ctx, 'lead', { name: 'Anna Lead', language: 'en' });
      bert = await createUser(t.ctx, 'lead', { name: 'Bert Lead', language: 'en' });
      carl = await createUser(t.ctx, 'agent', { name: 'Carl Agent' });
      a = await sessionFor(t.ctx, anna);
      b = await sessionFor(t.ctx, bert);
    });
    after(async () => {
      await t?.close();
    });

    const row = (id: string) =>
      t.ctx.database.db
        .selectFrom('cases')
        .select(['owner_id', 'category', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const answers = async (id: string) =>
      (
        await t.ctx.database.db
          .selectFrom('events')
          .select('type')
          .where('stream', '=', `case:${id}`)
          .where('type', '=', 'answered')
          .execute()
      ).length;

    it('refuses an assignment from the page as it was after a colleague took the case, naming them', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      const seen = seenOn((await getPage(t.app, a, `/cases/${c.caseId}`)).body);
      const took = await postForm(t.app, b, `/cases/${c.caseId}/assign`, { to: bert.id });
      assert.equal(took.statusCode, 303, took.body.slice(0, 400));
      const res = await postForm(t.app, a, `/cases/${c.caseId}/assign`, { to: carl.id, seen });
      assert.equal(res.statusCode, 409);
      assert.equal((await row(c.caseId)).owner_id, bert.id, "the colleague's act stands");
      assert.match(res.body, /Bert Lead/);
      assert.match(res.body, /after you opened the page/);
      // Sent again from the page that said so, it is done knowingly.
      const again = await postForm(t.app, a, `/cases/${c.caseId}/assign`, {
        to: carl.id,
        seen: seenOn(res.body),
      });
      assert.equal(again.statusCode, 303);
      assert.equal((await row(c.caseId)).owner_id, carl.id);
    });

    it('refuses a second answer from the page as it was, keeping the text typed', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      const seen = seenOn((await getPage(t.app, a, `/cases/${c.caseId}`)).body);
      const first = await postMultipart(t.app, b, `/cases/${c.caseId}/answer`, {
        outcome: 'upheld',
        text: 'We restored your domain.',
      });
      assert.equal(first.statusCode, 303, first.body.slice(0, 400));
      const res = await postMultipart(t.app, a, `/cases/${c.caseId}/answer`, {
        outcome: 'not_upheld',
        text: 'Anna wrote this answer at length.',
        seen,
      });
      assert.equal(res.statusCode, 409);
      assert.equal(await answers(c.caseId), 1, 'one answer only');
      assert.match(res.body, /Bert Lead/);
      assert.match(res.body, /Anna wrote this answer at length\./);
    });

    it('refuses categorising and closing over a colleague’s change, not a note', async () => {
      const [first, second] = t.ctx.config.categories;
      assert.ok(first && second);
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      const opened = (await getPage(t.app, a, `/cases/${c.caseId}`)).body;
      const seen = seenOn(opened);
      // The button that confirms the suggested category is a categorise form too.
      const suggestion = /<dd class="category-suggestion"[\s\S]*?<\/form>/.exec(opened)?.[0] ?? '';
      assert.match(suggestion, new RegExp(`name="seen" value="${seen}"`));
      assert.equal(
        (await postForm(t.app, b, `/cases/${c.caseId}/categorise`, { category: first })).statusCode,
        303,
      );
      const cat = await postForm(t.app, a, `/cases/${c.caseId}/categorise`, { category: second, seen });
      assert.equal(cat.statusCode, 409);
      assert.equal((await row(c.caseId)).category, first);
      assert.equal((await postForm(t.app, b, `/cases/${c.caseId}/assign`, { to: bert.id })).statusCode, 303);
      const close = await postForm(t.app, a, `/cases/${c.caseId}/close`, { reason: 'Anna closes it.', seen });
      assert.equal(close.statusCode, 409);
      assert.match(close.body, /Anna closes it\./);
      assert.notEqual((await row(c.caseId)).status, 'closed');
      // A note adds to the history and undoes nothing: it is kept whatever happened since.
      const note = await postForm(t.app, a, `/cases/${c.caseId}/note`, { text: 'Called them.', seen });
      assert.equal(note.statusCode, 303);
    });

    it('does not refuse what the same person did meanwhile, nor a form without the version', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      const seen = seenOn((await getPage(t.app, a, `/cases/${c.caseId}`)).body);
      assert.equal(
        (await postForm(t.app, a, `/cases/${c.caseId}/assign`, { to: anna.id, seen })).statusCode,
        303,
      );
      const [first] = t.ctx.config.categories;
      const own = await postForm(t.app, a, `/cases/${c.caseId}/categorise`, { category: first!, seen });
      assert.equal(own.statusCode, 303);
      assert.equal((await postForm(t.app, b, `/cases/${c.caseId}/assign`, { to: carl.id })).statusCode, 303);
    });

    it('takes If-Match on the API with the same rule', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 1 });
      const token = await apiSecret(t.ctx, 'lead', `api-meanwhile-${engine}`);
      const api = (path: string, body: Record<string, unknown>, ifMatch?: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${c.caseId}/${path}`,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(ifMatch ? { 'if-match': ifMatch } : {}),
          },
          payload: body,
        });
      const seen = seenOn((await getPage(t.app, a, `/cases/${c.caseId}`)).body);
      assert.equal((await postForm(t.app, b, `/cases/${c.caseId}/assign`, { to: bert.id })).statusCode, 303);
      const res = await api('assign', { to: carl.id }, `"${seen}"`);
      assert.equal(res.statusCode, 409, res.body);
      assert.match(res.body, /Bert Lead/);
      assert.equal((await row(c.caseId)).owner_id, bert.id);
      // Without If-Match, nothing is checked; and the version the API returns is one to send.
      const done = await api('assign', { to: carl.id });
      assert.equal(done.statusCode, 200, done.body);
      const version = (JSON.parse(done.body) as { version: number }).version;
      // A program's act through the API is a colleague's act for the page.
      const [first, second] = t.ctx.config.categories;
      assert.equal((await api('categorise', { category: first! }, String(version))).statusCode, 200);
      const page = await postForm(t.app, a, `/cases/${c.caseId}/categorise`, {
        category: second!,
        seen: String(version),
      });
      assert.equal(page.statusCode, 409);
      assert.match(page.body, /API: Categorised/);
      assert.equal((await row(c.caseId)).category, first);
    });
  });
}
