// Suggestions probed as staff, the person writing in and an outsider would (P9): a department is one department
// however its name is typed on the forward form, so the department's members find the suggestion in their queue,
// the reports count it once under the configured name, and a second forward typed differently is no second e-mail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
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

describe('suggestions probed', () => {
  let t: TestApp;
  const u: Record<string, User> = {};

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing', 'Legal') });
    u.billing = await createUser(t.ctx, 'department_member', {
      name: 'Bea Billing',
      departments: ['Billing'],
    });
    u.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
  });
  after(async () => {
    await t?.close();
  });

  const eventsOf = (caseId: string) =>
    t.tdb.database.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('stream', '=', `case:${caseId}`)
      .orderBy('seq')
      .execute();
  const departmentMails = (reference: string) =>
    t.tdb.database.db
      .selectFrom('outbound_items as o')
      .innerJoin('correspondence as c', 'c.id', 'o.correspondence_id')
      .select('c.to_address as to')
      .where('o.purpose', '=', 'department_forward')
      .where('c.subject', 'like', `%${reference}%`)
      .execute();

  it('records the department under its own name however the form types it', async () => {
    const c = await openComplaint(t.ctx, { kind: 'suggestion', subject: 'Invoices by e-mail, please' });
    const agent = await sessionFor(t.ctx, u.agent!);
    const first = await postForm(t.app, agent, `/cases/${c.caseId}/forward`, {
      department: ' billing ',
      note: '',
    });
    assert.ok(first.statusCode < 400, `forwarded: ${first.statusCode}`);
    const forwarded = (await eventsOf(c.caseId)).filter((e) => e.type === 'suggestion_forwarded');
    assert.equal(forwarded.length, 1);
    assert.equal(JSON.parse(forwarded[0]!.payload).department, 'Billing', 'the configured name is recorded');
    // The department's member finds it in the suggestions queue (which lists by the department's name).
    const queue = await getPage(t.app, await sessionFor(t.ctx, u.billing!), '/queues/suggestions');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes(c.reference), 'listed in the department member’s queue');
    // Forwarding it again to the same department, typed otherwise, is refused: the department is told once.
    const again = await postForm(t.app, agent, `/cases/${c.caseId}/forward`, {
      department: 'BILLING',
      note: '',
    });
    assert.ok(
      again.statusCode >= 400,
      `a second forward to the same department is refused: ${again.statusCode}`,
    );
    assert.equal((await eventsOf(c.caseId)).filter((e) => e.type === 'suggestion_forwarded').length, 1);
    assert.deepEqual(
      (await departmentMails(c.reference)).map((m) => m.to),
      ['billing@example.org'],
      'one e-mail to the department',
    );
  });
  // P9.2: a suggestion reopened after its department marked it done (the person wrote again) is back with that
  // department, which records its handling again; it was left open with its status "done", which nobody could
  // change: the department could neither acknowledge nor mark it done, nor could it be forwarded to that department.
  it('goes back to its department when reopened after it was done', async () => {
    const c = await openComplaint(t.ctx, { kind: 'suggestion', subject: 'Dark mode for the portal' });
    const agent = await sessionFor(t.ctx, u.agent!);
    const member = await sessionFor(t.ctx, u.billing!);
    const step = async (who: typeof agent, path: string, body: Record<string, string>) => {
      const res = await postForm(t.app, who, `/cases/${c.caseId}/${path}`, body);
      assert.ok(res.statusCode < 400, `${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    await step(agent, 'forward', { department: 'Billing', note: '' });
    await step(member, 'suggestion-acknowledge', {});
    await step(member, 'suggestion-done', { note: 'Planned for spring.' });
    await step(agent, 'reopen', { reason: 'The person wrote again with more ideas.' });
    const state = () =>
      t.tdb.database.db
        .selectFrom('cases')
        .select(['status', 'suggestion_status', 'department'])
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
    assert.deepEqual(await state(), {
      status: 'received',
      suggestion_status: 'department_acknowledged',
      department: 'Billing',
    });
    // Nothing is mailed again: the department has it already.
    assert.equal((await departmentMails(c.reference)).length, 1);
    await step(member, 'suggestion-done', { note: 'The new ideas too.' });
    assert.deepEqual(await state(), { status: 'closed', suggestion_status: 'done', department: 'Billing' });
    // Done once is refused a second time, as before.
    const twice = await postForm(t.app, member, `/cases/${c.caseId}/suggestion-done`, { note: '' });
    assert.ok(twice.statusCode >= 400, `done twice: ${twice.statusCode}`);
  });
  // A member of two departments reads the suggestions of both (canRead); the suggestions queue listed only those
  // of the first department named on their account unless they picked the other in the filter.
  it('lists to a member of two departments the suggestions of both, and of no other', async () => {
    const both = await createUser(t.ctx, 'department_member', {
      name: 'Bo Both',
      departments: ['Billing', 'Legal'],
    });
    const agentSession = await sessionFor(t.ctx, u.agent!);
    const opened: Record<string, string> = {};
    for (const d of ['Billing', 'Legal'] as const) {
      const c = await openComplaint(t.ctx, { kind: 'suggestion', subject: `For ${d}` });
      const res = await postForm(t.app, agentSession, `/cases/${c.caseId}/forward`, {
        department: d,
        note: '',
      });
      assert.ok(res.statusCode < 400);
      opened[d] = c.reference;
    }
    const elsewhere = await openComplaint(t.ctx, { kind: 'suggestion', subject: 'Not forwarded yet' });
    const session = await sessionFor(t.ctx, both);
    const queue = await getPage(t.app, session, '/queues/suggestions');
    assert.equal(queue.statusCode, 200);
    assert.ok(queue.body.includes(opened.Billing!), 'Billing’s suggestion listed');
    assert.ok(queue.body.includes(opened.Legal!), 'Legal’s suggestion listed');
    assert.ok(!queue.body.includes(elsewhere.reference), 'a suggestion with no department is not');
    // Narrowed to one of their departments, or to one that is not theirs (which shows only theirs).
    const legal = await getPage(t.app, session, '/queues/suggestions?department=Legal');
    assert.ok(legal.body.includes(opened.Legal!) && !legal.body.includes(opened.Billing!));
    const billingOnly = await getPage(
      t.app,
      await sessionFor(t.ctx, u.billing!),
      '/queues/suggestions?department=Legal',
    );
    assert.ok(!billingOnly.body.includes(opened.Legal!), 'another department’s suggestion is never listed');
  });
});
