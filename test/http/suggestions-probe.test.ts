// Suggestions probed as staff, the person writing in and an outsider would (P9): a department is one department
// however its name is typed on the forward form, so the department's members find the suggestion in their queue,
// the reports count it once under the configured name, and a second forward typed differently is no second e-mail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { rawMessage } from '../mail/support/messages.ts';
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
  // P9.2: the person writing again about a suggestion that was done and closed. Their message was filed on the
  // closed case and nobody saw it: no queue lists a closed case, nothing was flagged. It now reopens the suggestion,
  // back with its department, which finds it in its queue (told why in the reader's language).
  it('reopens a closed suggestion when the person writes again', async () => {
    const suggestionsBox = t.ctx.config.mailboxes.find((m) => m.name === 'suggestions')!;
    const first = await receiveEmail(t.ctx, {
      raw: rawMessage({
        from: 'Lena <lena@example.net>',
        to: suggestionsBox.address,
        subject: 'A wish for the invoices',
        body: 'Could the invoices show the domain name?\n',
      }),
      mailbox: suggestionsBox,
      door: 'pipe',
    });
    assert.equal(first.filing, 'case_opened');
    const id = first.caseId!;
    const agent = await sessionFor(t.ctx, u.agent!);
    const member = await sessionFor(t.ctx, u.billing!);
    assert.ok(
      (await postForm(t.app, agent, `/cases/${id}/forward`, { department: 'Billing', note: '' })).statusCode <
        400,
    );
    assert.ok(
      (await postForm(t.app, member, `/cases/${id}/suggestion-done`, { note: 'Done.' })).statusCode < 400,
    );
    const again = await receiveEmail(t.ctx, {
      raw: rawMessage({
        from: 'Lena <lena@example.net>',
        to: suggestionsBox.address,
        subject: `Re: [${first.reference}] Thank you for your suggestion`,
        body: 'And could they show the period too?\n',
      }),
      mailbox: suggestionsBox,
      door: 'pipe',
    });
    assert.equal(again.caseId, id, 'filed on the suggestion');
    const row = await t.tdb.database.db
      .selectFrom('cases')
      .select(['status', 'suggestion_status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'received', suggestion_status: 'department_acknowledged' });
    const queue = await getPage(t.app, member, '/queues/suggestions');
    assert.ok(queue.body.includes(first.reference!), 'back in the department’s queue');
    const page = await getPage(t.app, member, `/cases/${id}`);
    assert.ok(
      page.body.includes('Reopened: the person wrote again about the suggestion after it was closed.'),
      'the history says why it was reopened',
    );
    // Someone else quoting the reference does not reopen it (the inbox holds their message).
    await postForm(t.app, member, `/cases/${id}/suggestion-done`, { note: 'Done again.' });
    const stranger = await receiveEmail(t.ctx, {
      raw: rawMessage({
        from: 'Mallory <mallory@example.com>',
        to: suggestionsBox.address,
        subject: `Re: [${first.reference}] Thank you for your suggestion`,
      }),
      mailbox: suggestionsBox,
      door: 'pipe',
    });
    assert.notEqual(stranger.caseId, id);
    const after = await t.tdb.database.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(after.status, 'closed');
  });
  // A department's address changed while a suggestion was with it (the old address was wrong, or the mailbox
  // moved): forwarding it again to that department sends it to the new address. It was refused as "already with
  // Billing", so the department never got it at the address it reads. With the same address it is still refused.
  it('forwards again to the same department when its address changed, and only then', async () => {
    const c = await openComplaint(t.ctx, { kind: 'suggestion', subject: 'Paper invoices on request' });
    const agent = await sessionFor(t.ctx, u.agent!);
    const forward = () =>
      postForm(t.app, agent, `/cases/${c.caseId}/forward`, { department: 'Billing', note: '' });
    assert.ok((await forward()).statusCode < 400);
    const config = t.ctx.config;
    try {
      t.ctx.refresh({
        ...config,
        departments: config.departments.map((d) =>
          d.name === 'Billing' ? { ...d, email: 'accounts@example.org' } : d,
        ),
      });
      const again = await forward();
      assert.ok(again.statusCode < 400, `to the new address: ${again.statusCode}`);
      assert.deepEqual((await departmentMails(c.reference)).map((m) => m.to).sort(), [
        'accounts@example.org',
        'billing@example.org',
      ]);
      const third = await forward();
      assert.ok(third.statusCode >= 400, `the same address again: ${third.statusCode}`);
      assert.equal((await departmentMails(c.reference)).length, 2);
    } finally {
      t.ctx.refresh(config);
    }
  });
});
