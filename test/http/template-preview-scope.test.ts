// The template editor's preview and test send render a draft with a case only for a role the case rule lets read
// it (src/core/access/template-preview.ts). An administrator, who reads no case, previews on the made-up sample
// case: a real reference named in the form, or the latest complaint taken by default, shows nothing of that case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { previewTemplate } from '../../src/app/manage-templates.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`the template preview shows a case only to whom the case rule lets read it, on ${engine}`, () => {
    let t: TestApp;
    let admin: User;
    let agent: User;
    let reference: string;
    let caseId: string;
    const name = 'Winifred Quarrington';
    const subject = 'Invoice dispute about the Quarrington account';
    const url = '/admin/templates/acknowledgement/en';
    const draft = (caseReference: string) => ({
      subject: '[{{reference}}] Received',
      body: '{{greeting}}\n\nAbout: {{caseSubject}}. Answer by {{answerByDate}}.\n\n{{team}}',
      caseReference,
    });

    before(async () => {
      t = await createTestApp({ engine });
      admin = await createUser(t.ctx, 'administrator', { email: 'admin@example.org', language: 'en' });
      agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org', language: 'en' });
      const opened = await openComplaint(t.ctx, { name, subject, email: 'wq@example.net' });
      reference = opened.reference;
      caseId = opened.caseId;
    });
    after(async () => {
      await t?.close();
    });

    const showsNothingOfTheCase = (body: string) => {
      assert.ok(!body.includes(name), 'the complainant is not named');
      assert.ok(!body.includes(subject), 'the subject of the case is not shown');
      assert.ok(!body.includes(`[${reference}]`), 'the text is not rendered with the case reference');
    };

    it('renders an administrator’s preview with a real reference on the sample case, and says so', async () => {
      const s = await sessionFor(t.ctx, admin);
      const preview = await postForm(t.app, s, `${url}/preview`, draft(reference));
      assert.equal(preview.statusCode, 200);
      showsNothingOfTheCase(preview.body);
      assert.match(preview.body, /made-up example case/);
      assert.match(preview.body, /Dear Alex Example,/);
      // The editor opens with the preview on the latest complaint by default: the sample too.
      const editor = await getPage(t.app, s, url);
      assert.equal(editor.statusCode, 200);
      assert.ok(!editor.body.includes(name));
      assert.match(editor.body, /made-up example case/);
    });

    it('sends an administrator’s test on the sample case', async () => {
      const s = await sessionFor(t.ctx, admin);
      const sent = await postForm(t.app, s, `${url}/test`, draft(reference));
      assert.equal(sent.statusCode, 200);
      const queued = await t.ctx.database.db
        .selectFrom('correspondence')
        .select(['subject', 'text_body'])
        .where('to_address', '=', 'admin@example.org')
        .execute();
      assert.equal(queued.length, 1);
      const text = `${queued[0]!.subject}\n${queued[0]!.text_body}`;
      showsNothingOfTheCase(text);
      assert.match(text, /Alex Example/);
    });

    it('renders an agent’s preview on the case the agent may read', async () => {
      const p = await previewTemplate(t.ctx, {
        kind: 'acknowledgement',
        language: 'en',
        caseId,
        draft: { subject: '[{{reference}}] Received', body: '{{greeting}}\n\nAbout: {{caseSubject}}.' },
        viewer: { role: 'agent', userId: agent.id, departments: [] },
      });
      assert.equal(p.sample, false);
      assert.match(p.subject, new RegExp(`\\[${reference}\\]`));
      assert.match(p.text, new RegExp(name));
      assert.match(p.text, new RegExp(subject));
    });
  });
}
