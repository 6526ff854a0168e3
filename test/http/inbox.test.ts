// The triage inbox through the web application and the API: list, filters, pagination (htmx partial), the four
// actions recorded as events, inline errors that name the field and the fix, three languages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { VIEW_BUDGET } from '../../src/adapters/http/original-view.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { openCase } from '../../src/app/open-case.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';

describe('triage inbox', () => {
  let t: TestApp;
  let agent: User;
  let caseRef: string;
  let caseId: string;

  before(async () => {
    t = await createTestApp();
    agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org', name: 'Ana Agent' });
    const opened = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: '2026-11-20T10:00:00.000Z',
      language: 'en',
      subject: 'Complaint escalation - Step 1',
      complainant: { name: 'Sam Sender', email: 'sender@example.net' },
      fields: { ticketRefs: [], domains: [], description: 'Down', expectations: 'Refund' },
      missing: [],
      correspondenceId: null,
      actor: 'mailbox:complaints',
    });
    caseRef = opened.reference;
    caseId = opened.caseId;
  });
  after(async () => {
    await t?.close();
  });

  it('shows an empty state, then items oldest first with their reason, paginated by 25 with an htmx partial', async () => {
    const s = await sessionFor(t.ctx, agent);
    const empty = await getPage(t.app, s, '/inbox');
    assert.match(empty.body, /The inbox is empty/);
    for (let i = 0; i < 30; i++)
      await addInboxItem(t.ctx, {
        subject: `Message ${String(i).padStart(2, '0')}`,
        reason: i % 2 ? 'automated' : 'unclassified',
      });
    const first = await getPage(t.app, s, '/inbox');
    assert.match(first.body, /1–25 of 30/);
    assert.match(first.body, /Page 1 of 2/);
    assert.ok(first.body.indexOf('Message 00') < first.body.indexOf('Message 01'), 'oldest first');
    assert.ok(!first.body.includes('Message 29'));
    assert.match(
      first.body,
      /href="\/inbox\?page=2" rel="next" hx-get="\/inbox\?page=2" hx-target="#inbox-list" hx-push-url="true"/,
    );
    const partial = await getPage(t.app, s, '/inbox?page=2', {
      'hx-request': 'true',
      'hx-target': 'inbox-list',
    });
    assert.ok(!partial.body.includes('<html'), 'only the list');
    assert.match(partial.body, /Message 29/);
    assert.match(partial.body, /26–30 of 30/);
    const restore = await getPage(t.app, s, '/inbox?page=2', {
      'hx-request': 'true',
      'hx-target': 'inbox-list',
      'hx-history-restore-request': 'true',
    });
    assert.match(restore.body, /^<!doctype html>/, 'history restore gets the whole page');
    const automated = await getPage(t.app, s, '/inbox?reason=automated');
    assert.match(automated.body, /1–15 of 15/);
    const none = await getPage(t.app, s, '/inbox?status=handled');
    assert.match(none.body, /No item matches this filter/);
  });

  it('dismisses with a reason; a missing reason is shown next to the field with the fix', async () => {
    const { itemId } = await addInboxItem(t.ctx, { subject: 'Newsletter' });
    const s = await sessionFor(t.ctx, agent);
    const blank = await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: ' ' });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /<p class="error-text" id="dismiss-reason-error">Fill this in.<\/p>/);
    const bad = await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'no' });
    assert.equal(bad.statusCode, 422);
    assert.match(
      bad.body,
      /<p class="error-text" id="dismiss-reason-error">Write at least 3 characters.<\/p>/,
    );
    assert.match(bad.body, /<a href="#dismiss-reason">Reason: Write at least 3 characters.<\/a>/);
    assert.match(bad.body, /aria-invalid="true"/);
    assert.match(bad.body, />no<\/textarea>/, 'what was typed is kept');
    const ok = await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'A newsletter, not for us' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/inbox');
    const after = await getPage(t.app, s, '/inbox', {
      cookie: `${s.cookie}; ${String(ok.headers['set-cookie']).split(';')[0]}`,
    });
    assert.match(after.body, /The item is dismissed/);
    const events = await readStream(t.tdb.database.db, `inbox:${itemId}`);
    assert.deepEqual(
      events.map((e) => [e.type, e.actor]),
      [
        ['inbox_item_received', 'mailbox:complaints'],
        ['inbox_item_dismissed', `user:${agent.id}`],
      ],
    );
    const again = await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'twice is once too many' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This item was already dismissed\./);
  });

  it('files an item onto a case (correspondence_filed on the case), naming the field when the reference is unknown', async () => {
    const { itemId, correspondenceId } = await addInboxItem(t.ctx, {
      subject: 'Re: my complaint',
      fromAddress: 'sender@example.net',
    });
    const s = await sessionFor(t.ctx, agent);
    const format = await postForm(t.app, s, `/inbox/${itemId}/file`, { caseReference: 'my case' });
    assert.equal(format.statusCode, 422);
    assert.match(format.body, /Write a case reference like RC-2026-000123/);
    const unknown = await postForm(t.app, s, `/inbox/${itemId}/file`, { caseReference: 'RC-2026-999999' });
    assert.equal(unknown.statusCode, 404);
    assert.match(
      unknown.body,
      /id="file-caseReference-error">There is no case RC-2026-999999: check the reference\./,
    );
    assert.match(unknown.body, /value="RC-2026-999999"/, 'what was typed is kept');
    const ok = await postForm(t.app, s, `/inbox/${itemId}/file`, { caseReference: caseRef.toLowerCase() });
    assert.equal(ok.statusCode, 303);
    const caseEvents = await readStream(t.tdb.database.db, `case:${caseId}`);
    const filed = caseEvents.find((e) => e.type === 'correspondence_filed');
    assert.deepEqual(filed?.payload, { correspondenceId, direction: 'in', channel: 'email' });
    const corr = await t.tdb.database.db
      .selectFrom('correspondence')
      .select('case_id')
      .where('id', '=', correspondenceId)
      .executeTakeFirstOrThrow();
    assert.equal(corr.case_id, caseId);
  });

  it('opens a case from an item with what was read; reclassifies another as `other` with a reason', async () => {
    const { itemId } = await addInboxItem(t.ctx, {
      subject: 'Problem with my domain',
      fromName: 'Zoé Martin',
      fromAddress: 'zoe@example.fr',
      reading: {
        language: 'fr',
        complainant: { name: 'Zoé Martin', email: 'zoe@example.fr' },
        ticketRefs: ['123456'],
        domains: ['exemple.fr'],
        caseRefs: [],
        description: 'Mon domaine ne répond plus',
        expectations: null,
        missing: ['expectations', 'marker'],
        receivedAt: '2026-11-23T08:00:00.000Z',
      },
    });
    const s = await sessionFor(t.ctx, agent);
    const ok = await postForm(t.app, s, `/inbox/${itemId}/open-case`, { kind: 'complaint', step: '1' });
    assert.equal(ok.statusCode, 303);
    const item = await t.tdb.database.db
      .selectFrom('inbox_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.equal(item.status, 'case_opened');
    const kase = await t.tdb.database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', item.case_id!)
      .executeTakeFirstOrThrow();
    assert.equal(kase.language, 'fr');
    assert.equal(kase.received_at, '2026-11-23T08:00:00.000Z');
    assert.match(kase.reference, /^RC-2026-\d{6}$/);
    const received = (await readStream(t.tdb.database.db, `case:${kase.id}`))[0]!;
    assert.equal(received.actor, `user:${agent.id}`);
    const p = received.payload as { fields: { domains: string[] }; missing: string[] };
    assert.deepEqual(p.fields.domains, ['exemple.fr']);
    assert.deepEqual(p.missing, ['expectations', 'marker']);

    const spam = (await addInboxItem(t.ctx, { subject: 'WIN A PRIZE' })).itemId;
    const bad = await postForm(t.app, s, `/inbox/${spam}/reclassify`, { reason: 'rubbish' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="reclassify-reason-error">Choose one of the options./);
    const re = await postForm(t.app, s, `/inbox/${spam}/reclassify`, { reason: 'spam', note: '' });
    assert.equal(re.statusCode, 303);
    const ev = (await readStream(t.tdb.database.db, `inbox:${spam}`)).at(-1)!;
    assert.equal(ev.type, 'inbox_item_reclassified');
    assert.deepEqual(ev.payload, { reason: 'spam', note: null });
  });

  it('reads the item page in French and German, dates and numbers in the reader’s language', async () => {
    const fr = await createUser(t.ctx, 'lead', { language: 'fr' });
    const de = await createUser(t.ctx, 'management', { language: 'de' });
    const item = (await addInboxItem(t.ctx, { subject: 'Bonjour', at: '2026-11-23T15:30:00.000Z' })).itemId;
    const frPage = await getPage(t.app, await sessionFor(t.ctx, fr), `/inbox/${item}`);
    assert.match(frPage.body, /<html lang="fr">/);
    assert.match(frPage.body, /Écarter l’élément/);
    assert.match(frPage.body, /23 nov\. 2026, 16:30/);
    const deSession = await sessionFor(t.ctx, de);
    const deList = await getPage(t.app, deSession, '/inbox');
    assert.match(deList.body, /Eingangskorb/);
    assert.match(deList.body, /1–25 von \d+/);
    const dePage = await getPage(t.app, deSession, `/inbox/${item}`);
    assert.match(dePage.body, /23\.11\.2026, 16:30/);
    assert.match(dePage.body, /Eingang verwerfen/);
  });

  it('says when the HTML of a message is too complex to show, and still shows its text', async () => {
    const item = (
      await addInboxItem(t.ctx, {
        subject: 'Formatted',
        text: 'The text part of the message.',
        // Half a megabyte of short bold words: far more than a few milliseconds to parse and sanitise.
        html: `<p>${'<b>x</b> '.repeat(60_000)}</p>`,
      })
    ).itemId;
    const budget = VIEW_BUDGET.ms;
    VIEW_BUDGET.ms = 20;
    try {
      const page = await getPage(t.app, await sessionFor(t.ctx, agent), `/inbox/${item}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /The text part of the message\./);
      assert.match(page.body, /too complex to show here: read its text above, or download the original/);
      assert.doesNotMatch(page.body, /<iframe class="mail-html"/);
    } finally {
      VIEW_BUDGET.ms = budget;
    }
  });

  it('offers to open only the cases the person may handle: agents step 1 and suggestions, management step 2', async () => {
    const item = (await addInboxItem(t.ctx, { subject: 'Which step?' })).itemId;
    const options = (body: string, name: string) => {
      const select =
        new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(body)?.[1] ?? '';
      return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    };
    const agentPage = await getPage(t.app, await sessionFor(t.ctx, agent), `/inbox/${item}`);
    assert.deepEqual(options(agentPage.body, 'step'), ['1']);
    assert.deepEqual(options(agentPage.body, 'kind'), ['complaint', 'suggestion']);
    const manager = await createUser(t.ctx, 'management');
    const managerPage = await getPage(t.app, await sessionFor(t.ctx, manager), `/inbox/${item}`);
    assert.deepEqual(options(managerPage.body, 'step'), ['2']);
    assert.deepEqual(options(managerPage.body, 'kind'), ['complaint']);
  });

  it('switches the language of a signed-in person (kept on the account) and of a visitor (a cookie)', async () => {
    const person = await createUser(t.ctx, 'agent', { language: 'en' });
    const s = await sessionFor(t.ctx, person);
    const res = await postForm(t.app, s, '/language', { lang: 'de', next: '/account' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/account');
    const page = await getPage(t.app, s, '/account');
    assert.match(page.body, /Mein Konto/);
    const anonymous = await t.app.inject({
      method: 'GET',
      url: '/sign-in',
      headers: { 'accept-language': 'fr-CH,fr;q=0.9' },
    });
    assert.match(anonymous.body, /Connectez-vous/);
  });

  describe('API', () => {
    it('lists, reads and dismisses through /api/v1 with a token, with the same rules and JSON errors', async () => {
      const { secret } = await createApiToken(
        t.ctx,
        { name: 'integration', role: 'agent', expiresInDays: null },
        {
          actor: 'cli',
          label: null,
          address: null,
        },
      );
      const auth = { authorization: `Bearer ${secret}` };
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/inbox?pageSize=5', headers: auth });
      assert.equal(list.statusCode, 200);
      const body = list.json();
      assert.equal(body.items.length, 5);
      assert.ok(body.total > 5);
      const id = body.items[0].id;
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/inbox/${id}`, headers: auth });
      assert.equal(one.json().status, 'open');
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inbox/${id}/dismiss`,
        headers: auth,
        payload: { reason: '' },
      });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().error.code, 'validation_failed');
      assert.equal(bad.json().error.fields[0].field, 'reason');
      const ok = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inbox/${id}/dismiss`,
        headers: auth,
        payload: { reason: 'handled by phone' },
      });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { id, status: 'dismissed', caseId: null, caseReference: null });
      const twice = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inbox/${id}/dismiss`,
        headers: auth,
        payload: { reason: 'again' },
      });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'inbox_item_handled');
      const fr = await t.app.inject({
        method: 'POST',
        url: `/api/v1/inbox/${id}/dismiss`,
        headers: { ...auth, 'accept-language': 'fr' },
        payload: { reason: 'encore' },
      });
      assert.equal(fr.json().error.message, 'Cet élément a déjà été écarté.');
      const missing = await t.app.inject({ method: 'GET', url: '/api/v1/inbox/nope', headers: auth });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'not_found');
    });

    it('publishes the OpenAPI document generated from the schemas, and a reference page', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, '3.1.0');
      // The inbox's paths are there (other features add theirs).
      const paths = Object.keys(doc.paths);
      for (const path of [
        '/api/v1/audit',
        '/api/v1/inbox',
        '/api/v1/inbox/{id}',
        '/api/v1/inbox/{id}/dismiss',
        '/api/v1/inbox/{id}/file',
        '/api/v1/inbox/{id}/open-case',
        '/api/v1/inbox/{id}/reclassify',
        '/api/v1/me',
      ])
        assert.ok(paths.includes(path), path);
      const dismiss = doc.paths['/api/v1/inbox/{id}/dismiss'].post;
      assert.equal(dismiss.requestBody.content['application/json'].schema.properties.reason.minLength, 3);
      assert.ok(dismiss.responses['200'] && dismiss.responses['4XX']);
      assert.deepEqual(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' });
      const page = await t.app.inject({ method: 'GET', url: '/api/v1/docs' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<code>POST<\/code><\/td><td><code>\/api\/v1\/inbox\/\{id\}\/dismiss<\/code>/);
      assert.match(page.body, /Dismiss an inbox item/);
      assert.match(page.body, /Agent, Team lead, Management<\/td>/);
    });
  });
  it('refuses an administrator the inbox on the page and in the API alike, saying who reads it (FR/EN/DE)', async () => {
    const { itemId } = await addInboxItem(t.ctx, { subject: 'For the administrator?' });
    const admin = await createUser(t.ctx, 'administrator', {
      email: 'admin.inbox@example.org',
      name: 'Ada Admin',
    });
    const s = await sessionFor(t.ctx, admin);
    for (const path of ['/inbox', `/inbox/${itemId}`, `/inbox/${itemId}/original`]) {
      const page = await getPage(t.app, s, path);
      assert.equal(page.statusCode, 403, path);
      assert.match(
        page.body,
        /The triage inbox is read by the complaints team, management and the auditor/,
        path,
      );
      assert.doesNotMatch(page.body, /For the administrator\?/, 'nothing of the item is shown');
    }
    const dismiss = await postForm(t.app, s, `/inbox/${itemId}/dismiss`, { reason: 'spam' });
    assert.equal(dismiss.statusCode, 403);
    assert.match(
      dismiss.body,
      /An administrator&#39;s account configures Redress|An administrator's account configures Redress/,
    );
    const { secret } = await createApiToken(
      t.ctx,
      { name: 'admin-token', role: 'administrator', expiresInDays: null },
      { actor: 'cli', label: null, address: null },
    );
    for (const [lang, words] of [
      ['en', /complaints team, management and the auditor/],
      ['fr', /La boîte de tri est lue par l'équipe des réclamations/],
      ['de', /Der Eingangskorb wird vom Beschwerdeteam/],
    ] as const) {
      const one = await t.app.inject({
        method: 'GET',
        url: `/api/v1/inbox/${itemId}`,
        headers: { authorization: `Bearer ${secret}`, 'accept-language': lang },
      });
      assert.equal(one.statusCode, 403);
      assert.equal(one.json().error.code, 'forbidden_role');
      assert.match(one.json().error.message, words, lang);
    }
    // Elsewhere the role table's refusal stays the general one.
    const queues = await getPage(t.app, s, '/queues');
    assert.equal(queues.statusCode, 403);
    assert.match(queues.body, /Your role \(Administrator\) does not allow this page or action\./);
    // The item is untouched: an agent still finds it waiting.
    const ana = await sessionFor(t.ctx, agent);
    assert.equal((await getPage(t.app, ana, `/inbox/${itemId}`)).statusCode, 200);
  });
});
