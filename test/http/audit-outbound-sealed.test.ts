// The audit log's entries that anchor an outbound item's seal (`outbound_sealed`, written with mail of no case and
// with an item its event named first) read in the staff member's language, and the log can be filtered by them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inviteUser } from '../../src/app/manage-users.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

describe('the audit log names the seals of outgoing mail', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await inviteUser(
      t.ctx,
      { email: 'new.agent@example.org', name: 'New Agent', role: 'agent', departments: [], language: 'en' },
      { actor: 'cli', label: null, address: null },
    );
  });
  after(async () => {
    await t?.close();
  });

  it('labels them in English, French and German, and filters by them', async () => {
    const labels = {
      en: 'Seal of an outgoing e-mail or letter recorded (archive)',
      fr: 'Sceau d’un e-mail ou d’un courrier sortant enregistré (archive)',
      de: 'Siegel einer ausgehenden E-Mail oder eines Briefs festgehalten (Archiv)',
    } as const;
    for (const language of ['en', 'fr', 'de'] as const) {
      const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language }));
      const page = await getPage(t.app, admin, '/audit?action=outbound_sealed');
      assert.equal(page.statusCode, 200);
      const rows = page.body.match(/<tr>\s*<td>/g) ?? [];
      assert.equal(rows.length, 1, `${language}: the invitation's seal alone`);
      assert.ok(page.body.includes(`<td>${labels[language]}</td>`), `${language}: labelled`);
      assert.ok(page.body.includes(`<option value="outbound_sealed" selected`), `${language}: a filter`);
    }
  });
});
