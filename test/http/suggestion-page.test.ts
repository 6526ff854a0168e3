// A suggestion is not a complaint (P9): the department it went to reads what the person suggested, and is shown
// neither a clock (P9.2: no 10-day clock) nor the checklist of what a complaint must carry (P2); the suggestion
// queue offers only the filters that can select suggestions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

describe('a suggestion as its department sees it', () => {
  let t: TestApp;
  const u: Record<string, User> = {};

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
    u.department = await createUser(t.ctx, 'department_member', {
      name: 'Dora Billing',
      departments: ['Billing'],
    });
    u.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
  });
  after(async () => {
    await t?.close();
  });

  it('shows the text of the suggestion, and no clock or complaint checklist', async () => {
    const text = 'Could the invoices show the domain name next to each line?';
    const c = await openComplaint(t.ctx, {
      kind: 'suggestion',
      daysAgo: 1,
      subject: 'An idea for the invoices',
      description: text,
    });
    await forwardSuggestion(t.ctx, c.caseId, { department: 'Billing', note: null, actor: 'system' });
    // (a complaint without tickets or domains says so: the words looked for below are the right ones)
    const complaint = await openComplaint(t.ctx, { daysAgo: 1 });
    const shown = await getPage(t.app, await sessionFor(t.ctx, u.agent!), `/cases/${complaint.caseId}`);
    assert.ok(shown.body.includes('none given') && /<dt>Category<\/dt>/.test(shown.body));
    for (const who of ['department', 'agent'] as const) {
      const page = await getPage(t.app, await sessionFor(t.ctx, u[who]!), `/cases/${c.caseId}`);
      assert.equal(page.statusCode, 200, who);
      assert.ok(page.body.includes(text), `${who} reads the suggestion`);
      assert.ok(!page.body.includes('id="clock-title"'), `${who}: no clock card`);
      assert.ok(!page.body.includes('id="checklist-title"'), `${who}: no complaint checklist`);
      // nor the P2 fields a suggestion need not carry (tickets, domains) or the complaint categories
      assert.ok(!page.body.includes('none given'), `${who}: no empty P2 fields`);
      assert.ok(!/<dt>Category<\/dt>/.test(page.body), `${who}: no category`);
    }
  });

  // The same rule as the API's: the staff page's forward names a department there is, even from a forged form.
  it('forwards only to a department there is, whatever the form names', async () => {
    const c = await openComplaint(t.ctx, { kind: 'suggestion', daysAgo: 1, subject: 'Another idea' });
    const agent = await sessionFor(t.ctx, u.agent!);
    const res = await postForm(t.app, agent, `/cases/${c.caseId}/forward`, {
      department: 'Biling',
      note: '',
    });
    assert.ok(res.statusCode >= 400, `refused: ${res.statusCode}`);
    assert.match(res.body, /There is no department “Biling”: choose one of Billing\./);
    const events = await t.tdb.database.db
      .selectFrom('events')
      .select('type')
      .where('stream', '=', `case:${c.caseId}`)
      .execute();
    assert.ok(!events.some((e) => e.type === 'suggestion_forwarded'), 'not recorded as forwarded');
    const ok = await postForm(t.app, agent, `/cases/${c.caseId}/forward`, {
      department: 'billing',
      note: '',
    });
    assert.ok(ok.statusCode < 400, `a department there is, in any case: ${ok.statusCode}`);
  });

  it('offers on the suggestion queue only the filters that apply to suggestions', async () => {
    const page = await getPage(t.app, await sessionFor(t.ctx, u.department!), '/queues/suggestions');
    assert.equal(page.statusCode, 200);
    const filters = /<form class="filters"[\s\S]*?<\/form>/.exec(page.body)?.[0] ?? '';
    assert.ok(filters.includes('name="department"'));
    assert.ok(filters.includes('name="channel"'));
    // no clock (nothing is due), no request for information (nothing waits on the complainant), no category,
    // and no "answered" state (a suggestion is done, not answered)
    assert.ok(!filters.includes('name="due"'), 'no "due" filter');
    assert.ok(!filters.includes('name="waiting"'), 'no "waiting on the complainant" filter');
    assert.ok(!filters.includes('name="category"'), 'no category filter');
    assert.ok(!filters.includes('value="answered"'), 'no "answered" status');
  });
});
