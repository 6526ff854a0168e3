// A message dismissed from the triage inbox by mistake that was a real complaint (or belongs to a case) is not lost:
// a person may still open a case from it or file it onto one. The dismissal stays in the item's history, the
// correction is an event of its own (P6.1), and the case's clock runs from the message's receipt, not from the
// correction (P3, P4.2). Being dismissed again or reclassified stays refused. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';

for (const engine of ENGINES) {
  describe(`a complaint dismissed from the inbox by mistake on ${engine}`, () => {
    let t: TestApp;
    let agent: User;
    before(async () => {
      t = await createTestApp({ engine });
      agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org', name: 'Ana Agent' });
    });
    after(async () => {
      await t?.close();
    });

    it('may still be opened as a case, its clock from receipt; the dismissal stays in its history', async () => {
      const { itemId } = await addInboxItem(t.ctx, {
        subject: 'My domain was taken without notice',
        fromAddress: 'zoe@example.fr',
        at: '2026-11-23T08:00:00.000Z',
      });
      const s = await sessionFor(t.ctx, agent);
      const dismissed = await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'looked like spam' });
      assert.equal(dismissed.statusCode, 303);
      const page = await getPage(t.app, s, `/inbox/${itemId}`);
      assert.match(page.body, new RegExp(`action="/inbox/${itemId}/open-case"`), 'opening a case is offered');
      assert.match(page.body, new RegExp(`action="/inbox/${itemId}/file"`), 'filing onto a case is offered');
      assert.doesNotMatch(page.body, new RegExp(`action="/inbox/${itemId}/dismiss"`));
      const opened = await postForm(t.app, s, `/inbox/${itemId}/open-case`, { kind: 'complaint', step: '1' });
      assert.equal(opened.statusCode, 303, opened.body.slice(0, 500));
      const item = await t.ctx.database.db
        .selectFrom('inbox_items')
        .selectAll()
        .where('id', '=', itemId)
        .executeTakeFirstOrThrow();
      assert.equal(item.status, 'case_opened');
      const kase = await t.ctx.database.db
        .selectFrom('cases')
        .select(['received_at', 'kind'])
        .where('id', '=', item.case_id!)
        .executeTakeFirstOrThrow();
      assert.equal(kase.kind, 'complaint');
      assert.equal(kase.received_at, '2026-11-23T08:00:00.000Z', 'the clock runs from receipt');
      assert.deepEqual(
        (await readStream(t.ctx.database.db, `inbox:${itemId}`)).map((e) => e.type),
        ['inbox_item_received', 'inbox_item_dismissed', 'inbox_item_case_opened'],
      );
      // Once a case holds it, it is handled for good.
      const again = await postForm(t.app, s, `/inbox/${itemId}/open-case`, { kind: 'complaint', step: '1' });
      assert.equal(again.statusCode, 409);
    });

    it('a dismissed item is not dismissed twice nor reclassified', async () => {
      const { itemId } = await addInboxItem(t.ctx, { subject: 'Newsletter' });
      const s = await sessionFor(t.ctx, agent);
      assert.equal(
        (await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'newsletter' })).statusCode,
        303,
      );
      assert.equal(
        (await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'again' })).statusCode,
        409,
      );
      assert.equal(
        (await postForm(t.app, s, `/inbox/${itemId}/reclassify`, { reason: 'spam', note: '' })).statusCode,
        409,
      );
    });

    it('what the system dismissed (its own notices) is not offered as a case', async () => {
      const { itemId } = await addInboxItem(t.ctx, { subject: 'Mail door notice' });
      await handleInboxItem(
        t.ctx,
        itemId,
        { type: 'dismiss', reason: 'a notice of the mail door' },
        'system',
      );
      const s = await sessionFor(t.ctx, agent);
      assert.doesNotMatch(
        (await getPage(t.app, s, `/inbox/${itemId}`)).body,
        new RegExp(`action="/inbox/${itemId}/open-case"`),
      );
      const opened = await postForm(t.app, s, `/inbox/${itemId}/open-case`, { kind: 'complaint', step: '1' });
      assert.equal(opened.statusCode, 409);
    });
  });
}
