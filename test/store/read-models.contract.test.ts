// The read models the staff pages list from (the triage inbox, the complainant's page and the search for
// another record of a person), on both engines: the web tests drive them on SQLite only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findComplainant, loadComplainantPage } from '../../src/app/complainant-page.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { getInboxItem, getInboxOriginal, listInbox } from '../../src/app/list-inbox.ts';
import { openCase } from '../../src/app/open-case.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { addInboxItem } from '../support/inbox-items.ts';

for (const engine of ENGINES) {
  describe(`read models on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database, {
        clock: fixedClock('2026-11-24T09:00:00.000Z'),
      });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('lists the inbox by status and reason, oldest open first, a page at a time, and shows one item whole', async () => {
      const first = await addInboxItem(ctx, {
        subject: 'First',
        reason: 'unclassified',
        at: '2026-11-23T08:00:00.000Z',
        reading: { language: 'fr', missing: [] },
      });
      const second = await addInboxItem(ctx, {
        subject: 'Second',
        reason: 'automated',
        at: '2026-11-23T09:00:00.000Z',
      });
      const third = await addInboxItem(ctx, {
        subject: 'Third',
        reason: 'unclassified',
        at: '2026-11-23T10:00:00.000Z',
      });
      await handleInboxItem(ctx, second.itemId, { type: 'dismiss', reason: 'spam' }, 'user:agent');

      const open = await listInbox(ctx, { filter: 'open', reason: null, page: 1, pageSize: 10 });
      assert.equal(open.total, 2);
      assert.deepEqual(
        open.rows.map((r) => r.subject),
        ['First', 'Third'],
      );
      assert.equal(open.rows[0]!.correspondenceId, first.correspondenceId);
      assert.equal(open.rows[0]!.caseReference, null);
      const handled = await listInbox(ctx, { filter: 'handled', reason: null, page: 1, pageSize: 10 });
      assert.deepEqual(
        handled.rows.map((r) => [r.subject, r.status]),
        [['Second', 'dismissed']],
      );
      const all = await listInbox(ctx, { filter: 'all', reason: null, page: 2, pageSize: 2 });
      assert.equal(all.total, 3);
      assert.deepEqual(
        all.rows.map((r) => r.subject),
        ['First'],
        'all items newest first, the second page',
      );
      const unclassified = await listInbox(ctx, {
        filter: 'all',
        reason: 'unclassified',
        page: 1,
        pageSize: 10,
      });
      assert.deepEqual(
        unclassified.rows.map((r) => r.subject),
        ['Third', 'First'],
      );
      assert.equal(unclassified.total, 2);

      const view = await getInboxItem(ctx, first.itemId);
      assert.ok(view);
      assert.equal(view.correspondence.subject, 'First');
      assert.equal(view.correspondence.originalType, 'message/rfc822');
      assert.deepEqual(view.correspondence.reading, { language: 'fr', missing: [] });
      assert.equal(view.handledByLabel, null);
      const dismissed = await getInboxItem(ctx, second.itemId);
      assert.equal(
        dismissed?.handledByLabel,
        'user:agent',
        'an actor without an account is shown as recorded',
      );
      const original = await getInboxOriginal(ctx, third.itemId);
      assert.ok(original);
      assert.equal(original.contentType, 'message/rfc822');
      assert.equal(
        original.content.length,
        (await getInboxItem(ctx, third.itemId))?.correspondence.originalSize,
      );
      assert.match(original.content.toString('utf8'), /^From: .*\r\n[\s\S]*Subject: Third\r\n/);
      assert.equal(await getInboxItem(ctx, 'no-such-item'), null);
    });

    it("shows a complainant's cases newest first and finds a record by e-mail or by a case's reference", async () => {
      const older = await openCase(
        ctx,
        complaintAt('2026-11-20T09:00:00.000Z', {
          complainant: { name: 'Rita Reader', email: 'rita@example.net' },
        }),
      );
      const newer = await openCase(
        ctx,
        complaintAt('2026-11-21T09:00:00.000Z', {
          complainant: { name: 'Rita Reader', email: 'rita@example.net' },
        }),
      );
      assert.equal(older.complainantId, newer.complainantId);
      const page = await loadComplainantPage(ctx, older.complainantId);
      assert.ok(page);
      assert.deepEqual(
        page.cases.map((c) => c.id),
        [newer.caseId, older.caseId],
      );
      assert.equal(page.mergedInto, null);
      assert.equal(await findComplainant(ctx, ' RITA@example.net '), older.complainantId);
      assert.equal(await findComplainant(ctx, newer.reference.toLowerCase()), older.complainantId);
      assert.equal(await findComplainant(ctx, 'nobody@example.net'), null);
      assert.equal(await loadComplainantPage(ctx, 'no-such-record'), null);
    });
  });
}
