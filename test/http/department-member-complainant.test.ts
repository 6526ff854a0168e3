// A department member handles the suggestion sent to their department, and is shown of the complainant what acting
// on it needs: name and contact details. The complainant's restrictions (their kind, reason and review date), the
// designated contact and the record's history are staff matters (src/core/access/complainant-view.ts): not on the
// suggestion's page, nor in the dossier the member downloads. The complaints team still sees them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`a department member sees no restriction of the complainant, on ${engine}`, () => {
    let t: TestApp;
    let member: TestSession;
    let agent: TestSession;
    let caseId: string;
    const reason = 'Shouted at the reception desk twice';
    const contactName = 'Marguerite Designata';

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing') });
      const users: Record<string, User> = {
        member: await createUser(t.ctx, 'department_member', { departments: ['Billing'] }),
        agent: await createUser(t.ctx, 'agent'),
        lead: await createUser(t.ctx, 'lead'),
        // In management: a suggestion is not routed to them, so the case's owner does not name them.
        contact: await createUser(t.ctx, 'management', { name: contactName }),
      };
      member = await sessionFor(t.ctx, users.member!);
      agent = await sessionFor(t.ctx, users.agent!);
      const opened = await openComplaint(t.ctx, {
        kind: 'suggestion',
        name: 'Petronella Suggests',
        email: 'petronella@example.net',
      });
      caseId = opened.caseId;
      await forwardSuggestion(t.ctx, caseId, { department: 'Billing', note: null, actor: 'system' });
      await actOnComplainant(
        t.ctx,
        opened.complainantId,
        {
          type: 'restrict',
          restrictionId: `r-${engine}`,
          kind: 'designated_contact',
          reason,
          reviewBy: '2099-01-01',
          designatedContactId: users.contact!.id,
        },
        `user:${users.lead!.id}`,
      );
    });
    after(async () => {
      await t?.close();
    });

    const get = (s: TestSession, url: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

    it('shows the member the name and address, and neither the restriction, its reason nor the contact', async () => {
      const page = await get(member, `/cases/${caseId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Petronella Suggests'));
      assert.ok(page.body.includes('petronella@example.net'));
      assert.ok(!page.body.includes(reason), 'no reason');
      assert.ok(!page.body.includes(contactName), 'no designated contact');
      assert.ok(!/class="restrictions"/.test(page.body), 'no list of restrictions');
      // Nor said to have none, which would not be true.
      assert.ok(!/No restriction/i.test(page.body));
      // The same page as an htmx request (a fragment of the page).
      const fragment = await t.app.inject({
        method: 'GET',
        url: `/cases/${caseId}`,
        headers: { cookie: member.cookie, 'hx-request': 'true', 'hx-boosted': 'true' },
      });
      assert.equal(fragment.statusCode, 200);
      assert.ok(!fragment.body.includes(reason));
      assert.ok(!fragment.body.includes(contactName));
    });

    it('leaves the complainant’s record out of the dossier the member downloads', async () => {
      const zip = await get(member, `/cases/${caseId}/dossier`);
      assert.equal(zip.statusCode, 200);
      const files = unzipSync(new Uint8Array(zip.rawPayload));
      assert.ok(!('complainant-events.json' in files), 'no complainant events');
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
      assert.equal(manifest.complainantChain, undefined);
      for (const [path, bytes] of Object.entries(files))
        assert.ok(!Buffer.from(bytes).toString('latin1').includes(reason), `${path} holds no reason`);
    });

    it('still shows the complaints team the restriction, its reason and the contact, on the page and in the dossier', async () => {
      const page = await get(agent, `/cases/${caseId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(reason));
      assert.ok(page.body.includes(contactName));
      const zip = await get(agent, `/cases/${caseId}/dossier`);
      assert.equal(zip.statusCode, 200);
      const files = unzipSync(new Uint8Array(zip.rawPayload));
      assert.ok(new TextDecoder().decode(files['complainant-events.json']).includes(reason));
    });
  });
}
