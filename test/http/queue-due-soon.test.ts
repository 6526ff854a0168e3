// The queue's "due within N working days" filter says the N the organisation set (REDRESS_ALERT_DUE_SOON_DAYS), in
// the reader's language, and lists what is due from now to the end of that day: a late case is under "Late", not
// under a filter whose name says it is still due. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** The text of the option of the due filter whose value is `soon`. */
function soonOption(body: string): string {
  return (/<option value="soon"[^>]*>([^<]*)<\/option>/.exec(body)?.[1] ?? '').trim();
}

for (const engine of ENGINES) {
  describe(`the due-soon queue filter on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, env: { REDRESS_ALERT_DUE_SOON_DAYS: '5' } });
    });
    after(async () => {
      await t?.close();
    });

    it('names the configured number of working days in EN, FR and DE', async () => {
      for (const [lang, label] of [
        ['en', /\b5 working days\b/],
        ['fr', /\b5 jours ouvrés\b/],
        ['de', /\b5 Arbeitstagen\b/],
      ] as const) {
        const reader = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: lang }));
        const page = await getPage(t.app, reader, '/queues/step1');
        assert.equal(page.statusCode, 200);
        assert.match(soonOption(page.body), label, `${lang}: ${soonOption(page.body)}`);
      }
    });

    it('lists no late case under "due within", only under "Late"', async () => {
      const late = await openComplaint(t.ctx, { daysAgo: 90 });
      const reader = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: 'en' }));
      const overdue = await getPage(t.app, reader, '/queues/step1?due=overdue');
      assert.match(overdue.body, new RegExp(`href="/cases/${late.caseId}"`), 'the late case is under Late');
      const soon = await getPage(t.app, reader, '/queues/step1?due=soon');
      assert.equal(soon.statusCode, 200);
      assert.doesNotMatch(
        soon.body,
        new RegExp(`href="/cases/${late.caseId}"`),
        'no late case under due within',
      );
    });
  });
}
