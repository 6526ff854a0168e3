// The administration of the monthly report: an administrator switches it on with its addresses (one per line),
// the setting is in force and audited; a line that is not one address is named by its number and nothing is
// saved; an auditor reads the page but cannot change it, management cannot open it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

for (const engine of ENGINES)
  describe(`monthly report setting in the administration (${engine})`, () => {
    let t: TestApp;
    let admin: TestSession;
    let auditor: TestSession;
    let management: TestSession;
    before(async () => {
      t = await createTestApp({ engine });
      admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator'));
      auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
      management = await sessionFor(t.ctx, await createUser(t.ctx, 'management'));
    });
    after(async () => {
      await t?.close();
    });

    it('is switched on with its addresses by an administrator, audited', async () => {
      // Reached from the administration's index like every other setting.
      const index = await getPage(t.app, admin, '/admin');
      assert.match(index.body, /<a href="\/admin\/monthly-report">Monthly report to management<\/a>/);
      const page = await getPage(t.app, admin, '/admin/monthly-report');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Monthly report to management/);
      const res = await postForm(t.app, admin, '/admin/monthly-report', {
        enabled: 'yes',
        recipients: 'direction@example.org\r\n\r\n board@example.org ',
      });
      assert.equal(res.statusCode, 303);
      assert.deepEqual(t.ctx.config.monthlyReport, {
        enabled: true,
        recipients: ['direction@example.org', 'board@example.org'],
      });
      const audit = await t.ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'config_changed')
        .execute();
      assert.ok(audit.some((a) => JSON.stringify(a).includes('monthlyReport')));
    });

    it('names a line that is not one address and saves nothing', async () => {
      const res = await postForm(t.app, admin, '/admin/monthly-report', {
        enabled: 'yes',
        recipients: 'direction@example.org\na@example.org, b@example.org',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Line 2 of the recipients: Write an e-mail address like name@example.org\./);
      assert.deepEqual(t.ctx.config.monthlyReport.recipients, ['direction@example.org', 'board@example.org']);
    });

    it('is read by the auditor without a control to change it, refused to management', async () => {
      const page = await getPage(t.app, auditor, '/admin/monthly-report');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<button type="submit">Save<\/button>/);
      assert.equal(
        (await postForm(t.app, auditor, '/admin/monthly-report', { recipients: '' })).statusCode,
        403,
      );
      assert.equal((await getPage(t.app, management, '/admin/monthly-report')).statusCode, 403);
    });
  });
