// The staff pages tried as each role would, and as a curious colleague would: by address, with what the page of
// another role links to. What a person is shown of a case follows the one rule (src/core/access/case-access.ts):
// an administrator reads no case, so is not told a person's cases on that person's record; and a change to an
// account (its role, its departments, disabling it) holds from the very next request of a session already open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import type { OpenedCase } from '../../src/app/open-case.ts';
import { linkTokenOf, submitWithDocuments } from '../support/complainant-documents.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`staff pages tried by each role, on ${engine}`, () => {
    let t: TestApp;
    let admin: TestSession;
    const person: Record<'step1' | 'step2' | 'suggestion', OpenedCase> = {} as never;

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing', 'Sales') });
      admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator'));
      const email = 'one.person@example.net';
      person.step1 = await openComplaint(t.ctx, { email, step: 1, subject: 'Invoice charged twice' });
      person.step2 = await openComplaint(t.ctx, { email, step: 2, subject: 'Still charged twice, step two' });
      person.suggestion = await openComplaint(t.ctx, {
        email,
        kind: 'suggestion',
        subject: 'Open on Saturdays',
      });
      await forwardSuggestion(t.ctx, person.suggestion.caseId, {
        department: 'Billing',
        note: null,
        actor: 'system',
      });
    });
    after(async () => {
      await t?.close();
    });

    it('shows an administrator a person’s record without naming any of their cases (it reads no case)', async () => {
      const url = `/complainants/${person.step1.complainantId}`;
      const page = await getPage(t.app, admin, url);
      assert.equal(page.statusCode, 200);
      for (const c of Object.values(person)) {
        assert.ok(!page.body.includes(c.reference), `${c.reference} is not named`);
        assert.ok(!page.body.includes(`/cases/${c.caseId}`), `${c.reference} is not linked`);
      }
      for (const subject of ['Invoice charged twice', 'Still charged twice', 'Open on Saturdays'])
        assert.ok(!page.body.includes(subject), `the subject "${subject}" is not shown`);
      // Nor is the administrator told the person has none: it is told their cases are not listed for its role.
      assert.ok(!page.body.includes('No cases.'));
      assert.match(page.body, /3 cases of this person are not listed/);
      // The complaints team and the auditor still see every one.
      for (const role of ['agent', 'auditor'] as const) {
        const s = await sessionFor(t.ctx, await createUser(t.ctx, role));
        const seen = await getPage(t.app, s, url);
        for (const c of Object.values(person)) assert.ok(seen.body.includes(c.reference), `${role} sees it`);
        assert.ok(!seen.body.includes('not listed'));
      }
    });

    it('shows no reader of a case the private link its acknowledgement gave the complainant', async () => {
      // Whoever holds the link writes on the case as the complainant: an auditor, who changes nothing, or a
      // colleague reading what was sent could add "the complainant's" information with it.
      const sent = await submitWithDocuments(t.ctx, 'Jeanne Martin', null);
      const token = await linkTokenOf(t.ctx, sent.caseId);
      const ack = await t.tdb.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', sent.caseId)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
      for (const role of ['agent', 'lead', 'management', 'auditor'] as const) {
        const s = await sessionFor(t.ctx, await createUser(t.ctx, role));
        const page = await getPage(t.app, s, `/cases/${sent.caseId}/correspondence/${ack.id}`);
        assert.equal(page.statusCode, 200);
        assert.ok(!page.body.includes(token), `${role} is not shown the link`);
        // The rest of what was sent is shown, and the reader is told why the link is not.
        assert.match(page.body, /\/c\/…/);
        assert.match(page.body, /private link is not shown/);
        const casePage = await getPage(t.app, s, `/cases/${sent.caseId}`);
        assert.ok(!casePage.body.includes(token));
      }
      // A reply quoting the acknowledgement, waiting in the inbox, is shown without it too.
      const quoting = await addInboxItem(t.ctx, {
        text: `Thank you.\n\n> Your page: http://localhost:3000/c/${token}\n`,
      });
      const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
      const item = await getPage(t.app, auditor, `/inbox/${quoting.itemId}`);
      assert.equal(item.statusCode, 200);
      assert.ok(!item.body.includes(token));
      assert.match(item.body, /Thank you\./);
      assert.match(item.body, /private link is not shown/);
      // The link itself still works for the complainant.
      assert.equal((await getPage(t.app, null, `/c/${token}`)).statusCode, 200);
    });

    it('follows a role changed, departments changed or an account disabled from the next request', async () => {
      const agent = await createUser(t.ctx, 'agent');
      const s = await sessionFor(t.ctx, agent);
      const caseUrl = `/cases/${person.step1.caseId}`;
      assert.equal((await getPage(t.app, s, caseUrl)).statusCode, 200);
      const change = (u: User, values: Record<string, string>) =>
        postForm(t.app, admin, `/admin/users/${u.id}`, {
          name: u.name,
          language: u.language,
          departments: u.departments.join(', '),
          ...values,
        });
      // Made an auditor while signed in: reads the case, may no longer write on it.
      assert.equal((await change(agent, { role: 'auditor' })).statusCode, 303);
      assert.equal((await getPage(t.app, s, caseUrl)).statusCode, 200);
      const note = await postForm(t.app, s, `${caseUrl}/note`, { text: 'Written after the change.' });
      assert.equal(note.statusCode, 403);
      // Made an administrator: reads no case any more.
      assert.equal((await change(agent, { role: 'administrator' })).statusCode, 303);
      assert.equal((await getPage(t.app, s, caseUrl)).statusCode, 403);
      // A department member moved from Billing to Sales no longer reads Billing's suggestion, as for an unknown id.
      const member = await createUser(t.ctx, 'department_member', { departments: ['Billing'] });
      const m = await sessionFor(t.ctx, member);
      const suggestionUrl = `/cases/${person.suggestion.caseId}`;
      assert.equal((await getPage(t.app, m, suggestionUrl)).statusCode, 200);
      assert.equal(
        (await change(member, { role: 'department_member', departments: 'Sales' })).statusCode,
        303,
      );
      assert.equal((await getPage(t.app, m, suggestionUrl)).statusCode, 404);
      // Disabled: the open session ends at once, on a page as on a form post.
      const lead = await createUser(t.ctx, 'lead');
      const l = await sessionFor(t.ctx, lead);
      assert.equal((await getPage(t.app, l, caseUrl)).statusCode, 200);
      assert.equal((await postForm(t.app, admin, `/admin/users/${lead.id}/disable`)).statusCode, 303);
      const after = await postForm(t.app, l, `${caseUrl}/note`, { text: 'Written after being disabled.' });
      assert.equal(after.statusCode, 303);
      assert.match(String(after.headers.location), /^\/sign-in/);
      const reader = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
      const history = (await getPage(t.app, reader, caseUrl)).body;
      assert.ok(!history.includes('Written after being disabled.'), 'the note was not recorded');
      assert.ok(!history.includes('Written after the change.'));
      const page = await getPage(t.app, l, caseUrl, { accept: 'application/json' });
      assert.equal(page.statusCode, 401);
    });
  });
}
