// Administrators edit the outbound texts in the web application: versions kept, a preview (on the made-up sample
// case: an administrator reads no case, template-preview-scope.test.ts), a test send; a text that lost its reference or names an unknown variable is refused with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { activeTemplate, saveTemplateVersion } from '../../src/app/manage-templates.ts';
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

  it('previews a draft on the sample case, refuses a broken one, saves versions and sends a test', async () => {
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
    assert.match(preview.body, /\[RC-0000-000000\] Eingang bestätigt/);
    assert.match(preview.body, /Guten Tag Erika Mustermann,/);
    assert.match(preview.body, /Antwort bis 30\. März 2026\./);
    assert.ok(!preview.body.includes('Jürgen Weiß'));
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
        subject: '[TEST] [RC-0000-000000] Eingang bestätigt',
        status: 'pending',
      },
    ]);
  });

  it('lets an auditor read but not save, and offers the auditor nothing that would be refused', async () => {
    const s = await sessionFor(t.ctx, auditor);
    const page = await getPage(t.app, s, '/admin/templates/answer/fr');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nous avons terminé l’examen|examen/);
    // no field to type in, no Preview (which ends in 403), no test send, no save
    assert.ok(
      !/<textarea|<input(?![^>]*type="hidden")[^>]*name="(subject|body|note|caseReference)"/.test(page.body),
    );
    assert.ok(!page.body.includes('/preview'), 'no Preview for a read-only role');
    assert.ok(!page.body.includes('/test"'), 'no test send for a read-only role');
    const refused = await postForm(t.app, s, '/admin/templates/answer/fr', {
      subject: '[{{reference}}] x',
      body: 'y',
    });
    assert.equal(refused.statusCode, 403);
  });

  it('refuses an answer text without the outcome, the answer or the next step (P4.4)', async () => {
    const s = await sessionFor(t.ctx, admin);
    const url = '/admin/templates/answer/en';
    const full = (await activeTemplate(t.ctx.database.db, 'answer', 'en')).template;
    const without = {
      outcome: full.body.replace(/\{\{#(upheld|partlyUpheld|notUpheld)\}\}.*?\{\{\/\1\}\}/g, ''),
      text: full.body.replace('{{text}}', ''),
      nextStep: full.body.replace(/\{\{#afterStep1\}\}[\s\S]*?\{\{\/afterStep1\}\}/, ''),
      dispute: full.body.replace('{{disputeResolution}}', ''),
    };
    for (const [what, body] of Object.entries(without)) {
      assert.notEqual(body, full.body, what);
      const refused = await postForm(t.app, s, url, { subject: full.subject, body });
      assert.equal(refused.statusCode, 422, what);
      assert.match(refused.body, /P4\.4/, what);
    }
    assert.equal(
      (await activeTemplate(t.ctx.database.db, 'answer', 'en')).version,
      null,
      'nothing was saved',
    );
    // said in the administrator's language, naming what to write
    const fr = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: 'fr' }));
    const inFrench = await postForm(t.app, fr, url, { subject: full.subject, body: without.text });
    assert.equal(inFrench.statusCode, 422);
    assert.match(
      inFrench.body,
      /Le texte doit contenir la réponse rédigée pour le dossier \(P4\.4\) : placez \{\{text\}\}/,
    );
    // the same check holds whatever door saves a version
    await assert.rejects(
      saveTemplateVersion(t.ctx, {
        kind: 'answer',
        language: 'en',
        template: { subject: full.subject, body: without.text },
        note: null,
        acting: { actor: `user:${admin.id}`, label: admin.email, address: null },
      }),
      /P4\.4/,
    );
  });

  it('names who saved each version, and records every save in the audit log', async () => {
    const s = await sessionFor(t.ctx, admin);
    const url = '/admin/templates/answer/de';
    const full = (await activeTemplate(t.ctx.database.db, 'answer', 'de')).template;
    const saved = await postForm(t.app, s, url, { ...full, note: 'unverändert gespeichert' });
    assert.equal(saved.statusCode, 303);
    const page = await getPage(t.app, s, url);
    assert.match(page.body, /<td>Ada Admin<\/td>/);
    assert.ok(!page.body.includes(`user:${admin.id}`), 'no raw user id');
    const audit = await getPage(t.app, s, '/audit?action=template_saved');
    assert.equal(audit.statusCode, 200);
    assert.match(audit.body, /answer \(de\)/);
    assert.match(audit.body, /New version of an outbound text/);
  });
});
