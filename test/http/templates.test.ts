// Administrators edit the outbound texts in the web application: versions kept, a preview with a real case, a
// test send; a text that lost its reference or names an unknown variable is refused with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { activeTemplate } from '../../src/app/manage-templates.ts';
import { openCase } from '../../src/app/open-case.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';

describe('outbound texts in the web application', () => {
  let t: TestApp;
  let admin: User;
  let auditor: User;
  let reference: string;

  before(async () => {
    t = await createTestApp();
    admin = await createUser(t.ctx, 'administrator', { email: 'admin@example.org', name: 'Ada Admin' });
    auditor = await createUser(t.ctx, 'auditor', { email: 'audit@example.org', name: 'Otto Auditor' });
    reference = (
      await openCase(t.ctx, {
        kind: 'complaint',
        step: 1,
        channel: 'email',
        receivedAt: '2026-11-20T10:00:00.000Z',
        language: 'de',
        subject: 'Beschwerdeweiterleitung - Stufe 1',
        complainant: { name: 'Jürgen Weiß', email: 'jw@example.net' },
        fields: { ticketRefs: [], domains: [], description: 'Down', expectations: 'Refund' },
        missing: [],
        correspondenceId: null,
        actor: 'mailbox:complaints',
      })
    ).reference;
  });
  after(async () => {
    await t?.close();
  });

  it('lists every text in every language', async () => {
    const s = await sessionFor(t.ctx, admin);
    const page = await getPage(t.app, s, '/admin/templates');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/admin\/templates\/acknowledgement\/de"/);
    assert.match(page.body, /href="\/admin\/templates\/staff_digest\/fr"/);
  });

  it('previews a draft with a real case, refuses a broken one, saves versions and sends a test', async () => {
    const s = await sessionFor(t.ctx, admin);
    const url = '/admin/templates/acknowledgement/de';
    const editor = await getPage(t.app, s, url);
    assert.match(editor.body, /Ihre Beschwerde ist bei uns eingegangen/);
    const draft = {
      subject: '[{{reference}}] Eingang bestätigt',
      body: '{{greeting}}\n\nDanke. Antwort bis {{answerByDate}}.\n\n{{team}}',
      note: 'kürzer',
      caseReference: reference,
    };
    const preview = await postForm(t.app, s, `${url}/preview`, draft);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, new RegExp(`\\[${reference}\\] Eingang bestätigt`));
    assert.match(preview.body, /Guten Tag Jürgen Weiß,/);
    assert.match(preview.body, /Antwort bis 4\. Dezember 2026\./);
    const broken = await postForm(t.app, s, url, { ...draft, subject: 'Eingang {{foo}}' });
    assert.equal(broken.statusCode, 422);
    assert.match(broken.body, /\{\{foo\}\} is not a variable/);
    assert.match(broken.body, /must carry the case reference/);
    const saved = await postForm(t.app, s, url, draft);
    assert.equal(saved.statusCode, 303);
    const second = await postForm(t.app, s, url, { ...draft, body: `${draft.body}\nP.S.`, note: 'Nachsatz' });
    assert.equal(second.statusCode, 303);
    const active = await activeTemplate(t.ctx.database.db, 'acknowledgement', 'de');
    assert.equal(active.version, 2);
    const history = await getPage(t.app, s, url);
    assert.match(history.body, /Version 2 ist in Gebrauch|Version 2 is in use/);
    assert.match(history.body, /kürzer/);
    const test = await postForm(t.app, s, `${url}/test`, draft);
    assert.equal(test.statusCode, 200);
    const queued = await t.ctx.database.db
      .selectFrom('correspondence')
      .select(['to_address', 'subject', 'status'])
      .where('direction', '=', 'out')
      .execute();
    assert.deepEqual(queued, [
      {
        to_address: 'admin@example.org',
        subject: `[TEST] [${reference}] Eingang bestätigt`,
        status: 'pending',
      },
    ]);
  });

  it('lets an auditor read but not save', async () => {
    const s = await sessionFor(t.ctx, auditor);
    assert.equal((await getPage(t.app, s, '/admin/templates/answer/fr')).statusCode, 200);
    const refused = await postForm(t.app, s, '/admin/templates/answer/fr', {
      subject: '[{{reference}}] x',
      body: 'y',
    });
    assert.equal(refused.statusCode, 403);
  });
});
