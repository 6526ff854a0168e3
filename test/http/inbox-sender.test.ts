// An inbox item's page says who its message verifiably comes from, or that its sender is not verified; for the
// latter, the form that opens a case asks for the complainant's address (optional), and the case is registered
// with the address given, never with one the message names. In the staff's languages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';

describe('triage inbox: who a message comes from', () => {
  let t: TestApp;
  let agent: User;
  let agentFr: User;

  before(async () => {
    t = await createTestApp();
    agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org', name: 'Ana Agent' });
    agentFr = await createUser(t.ctx, 'agent', {
      email: 'agent-fr@example.org',
      name: 'Aline Agent',
      language: 'fr',
    });
  });
  after(async () => {
    await t?.close();
  });

  const complainantOfItem = async (itemId: string) => {
    const db = t.tdb.database.db;
    const item = await db
      .selectFrom('inbox_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    return (
      await db
        .selectFrom('cases')
        .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
        .select('complainants.email')
        .where('cases.id', '=', item.case_id!)
        .executeTakeFirstOrThrow()
    ).email;
  };

  it('names the verified sender, and opens the case for it without asking', async () => {
    const { itemId } = await addInboxItem(t.ctx, { fromName: 'Sam Sender', fromAddress: 'sam@example.net' });
    const s = await sessionFor(t.ctx, agent);
    const page = await getPage(t.app, s, `/inbox/${itemId}`);
    assert.match(page.body, /Comes from<\/dt><dd>sam@example\.net<\/dd>/);
    assert.match(page.body, /The case is opened for sam@example\.net/);
    assert.ok(!page.body.includes('name="complainantEmail"'), 'no address to give');
    const done = await postForm(t.app, s, `/inbox/${itemId}/open-case`, { kind: 'complaint', step: '1' });
    assert.equal(done.statusCode, 303);
    assert.equal(await complainantOfItem(itemId), 'sam@example.net');
  });

  it('says a sender is not verified, asks for the address, and registers the one given', async () => {
    const { itemId } = await addInboxItem(t.ctx, {
      subject: 'Complaint',
      fromAddress: null,
      fromName: null,
      reading: null,
      reason: 'unparseable',
    });
    const s = await sessionFor(t.ctx, agent);
    const page = await getPage(t.app, s, `/inbox/${itemId}`);
    assert.match(page.body, /Sender not verified/);
    assert.match(page.body, /name="complainantEmail"/);
    const wrong = await postForm(t.app, s, `/inbox/${itemId}/open-case`, {
      kind: 'complaint',
      step: '1',
      complainantEmail: 'not an address',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /Write an e-mail address like name@example\.org/);
    const done = await postForm(t.app, s, `/inbox/${itemId}/open-case`, {
      kind: 'complaint',
      step: '1',
      complainantEmail: 'Given@Example.net',
    });
    assert.equal(done.statusCode, 303);
    assert.equal(await complainantOfItem(itemId), 'given@example.net');
  });

  it('says it in French too', async () => {
    const { itemId } = await addInboxItem(t.ctx, { fromAddress: null, fromName: null, reading: null });
    const page = await getPage(t.app, await sessionFor(t.ctx, agentFr), `/inbox/${itemId}`);
    assert.match(page.body, /Expéditeur non vérifié/);
    assert.match(page.body, /Adresse e-mail du réclamant/);
  });
});
