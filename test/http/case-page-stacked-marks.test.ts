// A complaint whose words stack thousands of combining marks on one letter ("Zalgo" text) would be drawn over the
// case page around it, its buttons included: every page shows at most MAX_COMBINING_RUN marks on one letter, and the
// rest of the words as written. The stored complaint keeps what was sent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_COMBINING_RUN } from '../../src/core/text/clean-text.ts';
import { apiSecret, createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

describe('stacked marks on the case page (sqlite)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t?.close();
  });

  it('shows at most the limit of marks on a letter, and the words around them', async () => {
    const agent = await apiSecret(t.ctx, 'agent');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { authorization: `Bearer ${agent}` },
      payload: {
        complainant: { name: 'Erika Mustermann', email: 'erika@example.org' },
        description: `The site H${'\u0336\u0301\u0308'.repeat(3000)}E is down since Monday.`,
        expectations: 'Bring it back.',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead'));
    const page = await getPage(t.app, lead, `/cases/${res.json().caseId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1}}`, 'u').test(page.body), 'no longer run of marks');
    assert.match(page.body, /E is down since Monday\./);
  });
});
