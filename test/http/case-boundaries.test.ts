// Step and role boundaries, checked at every door (issue 12, items 6 and 9), on SQLite and PostgreSQL: step 2 is
// handled by management only (P5.2), the complaints team handles the rest, an agent takes or gives back only
// their own case, and a case is assigned only to someone who may handle it at its step. Each leak that was seen
// is tried on the web (valid session and CSRF token, so a 403 means the role) and through the API, and a
// property checks that the web, the API and the bulk actions agree with the one rule in
// src/core/access/case-access.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { accessOf, allows, routeKey } from '../../src/adapters/http/access.ts';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { extendCase } from '../../src/app/extend-case.ts';
import {
  acknowledgeSuggestion,
  completeSuggestion,
  forwardSuggestion,
} from '../../src/app/forward-suggestion.ts';
import { getCase } from '../../src/app/get-case.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { assignmentRefusal, caseActRefusal, type Staff } from '../../src/core/access/case-access.ts';
import { ROLES, type Role } from '../../src/core/access/roles.ts';
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
  describe(`step and role boundaries on ${engine}`, () => {
    let t: TestApp;
    const users: Partial<Record<Role | 'agent2' | 'management2', User>> = {};
    const sessions = new Map<string, TestSession>();
    const tokens = new Map<Role, string>();

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing') });
      for (const role of ROLES) users[role] = await createUser(t.ctx, role);
      users.agent2 = await createUser(t.ctx, 'agent');
      users.management2 = await createUser(t.ctx, 'management');
      for (const [k, u] of Object.entries(users)) sessions.set(k, await sessionFor(t.ctx, u!));
      for (const role of ROLES)
        tokens.set(
          role,
          (
            await createApiToken(
              t.ctx,
              { name: `b-${role}`, role, expiresInDays: null },
              { actor: 'cli', label: null, address: null },
            )
          ).secret,
        );
    });
    after(async () => {
      await t?.close();
    });

    const web = (who: string, url: string, values: Record<string, string | string[]> = {}) =>
      postForm(t.app, sessions.get(who)!, url, values, { accept: 'application/json' });
    const api = (role: Role, url: string, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${tokens.get(role)}`, 'content-type': 'application/json' },
        payload,
      });
    const stateOf = async (id: string) => (await getCase(t.ctx, id)).state;
    const system = 'system';

    it('refuses an agent merging management’s step-2 case into a step-1 case (both cases are checked)', async () => {
      const step1 = await openComplaint(t.ctx, { step: 1 });
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const res = await web('agent', `/cases/${step1.caseId}/merge`, { duplicateReference: step2.reference });
      assert.equal(res.statusCode, 403);
      const s2 = await stateOf(step2.caseId);
      assert.equal(s2.mergedInto, null);
      assert.equal(s2.closedAt, null);
      // Management cannot pull a step-1 case into theirs either.
      const back = await web('management', `/cases/${step2.caseId}/merge`, {
        duplicateReference: step1.reference,
      });
      assert.equal(back.statusCode, 403);
      assert.equal((await stateOf(step1.caseId)).mergedInto, null);
    });

    it('refuses an agent merging complainant records when a step-2 case would move', async () => {
      const a = await openComplaint(t.ctx, { step: 1, email: `keep-${engine}@example.net` });
      const b = await openComplaint(t.ctx, { step: 2, email: `dup-${engine}@example.net` });
      const res = await web('agent', `/complainants/${a.complainantId}/merge`, {
        other: `dup-${engine}@example.net`,
      });
      assert.equal(res.statusCode, 403, res.body.slice(0, 300));
      assert.equal((await stateOf(b.caseId)).complainantId, b.complainantId);
    });

    it('skips step-2 cases in a lead’s bulk assign, bulk categorise and hand-over', async () => {
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const step1 = await openComplaint(t.ctx, { step: 1 });
      await actOnCase(t.ctx, step2.caseId, { type: 'assign', to: users.management!.id }, system);
      await actOnCase(t.ctx, step1.caseId, { type: 'assign', to: users.management!.id }, system);
      const category = t.ctx.config.categories[0];
      assert.ok(category, 'a category is configured');
      await web('lead', '/queues/bulk', {
        action: 'categorise',
        category,
        caseIds: [step2.caseId],
      });
      assert.equal((await stateOf(step2.caseId)).category, null);
      await web('lead', '/queues/bulk', {
        action: 'assign',
        to: users.management2!.id,
        caseIds: [step2.caseId],
      });
      assert.equal((await stateOf(step2.caseId)).ownerId, users.management!.id);
      // Handing over management's cases: the step-2 case stays; the step-1 case (wrongly with management) goes
      // only to someone who may handle step 1.
      await web('lead', '/queues/reassign', { from: users.management!.id, to: users.management2!.id });
      assert.equal((await stateOf(step2.caseId)).ownerId, users.management!.id);
      assert.equal((await stateOf(step1.caseId)).ownerId, users.management!.id);
      // The queue page offers a lead only colleagues who may own the cases a lead handles.
      const queue = (await getPage(t.app, sessions.get('lead')!, '/queues/step1')).body;
      assert.ok(queue.includes(`value="${users.agent!.id}"`));
      assert.ok(!queue.includes(`value="${users.management2!.id}"`), 'management is not offered to a lead');
      await web('lead', '/queues/reassign', { from: users.management!.id, to: users.agent!.id });
      assert.equal((await stateOf(step2.caseId)).ownerId, users.management!.id);
      assert.equal((await stateOf(step1.caseId)).ownerId, users.agent!.id);
    });

    it('refuses an agent reassigning a colleague’s case, on the web as through the API', async () => {
      const c = await openComplaint(t.ctx, { step: 1 });
      await actOnCase(t.ctx, c.caseId, { type: 'assign', to: users.agent2!.id }, system);
      const res = await web('agent', `/cases/${c.caseId}/assign`, { to: users.agent!.id });
      assert.equal(res.statusCode, 403);
      const viaApi = await api('agent', `/api/v1/cases/${c.caseId}/assign`, { to: users.lead!.id });
      assert.equal(viaApi.statusCode, 403);
      assert.equal((await stateOf(c.caseId)).ownerId, users.agent2!.id);
      // The page offers no reassignment of a colleague's case, and on a free case only the agent themselves.
      const page = await getPage(t.app, sessions.get('agent')!, `/cases/${c.caseId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('name="to"'), 'no assign form on a colleague’s case');
      // Taking an unassigned case for oneself and giving it back stay possible.
      const free = await openComplaint(t.ctx, { step: 1 });
      const freePage = (await getPage(t.app, sessions.get('agent')!, `/cases/${free.caseId}`)).body;
      assert.ok(freePage.includes(`value="${users.agent!.id}"`));
      assert.ok(!freePage.includes(`value="${users.agent2!.id}"`), 'a colleague is not offered');
      assert.equal(
        (await web('agent', `/cases/${free.caseId}/assign`, { to: users.agent!.id })).statusCode,
        303,
      );
      assert.equal((await stateOf(free.caseId)).ownerId, users.agent!.id);
      assert.equal((await web('agent', `/cases/${free.caseId}/assign`, { to: '' })).statusCode, 303);
      assert.equal((await stateOf(free.caseId)).ownerId, null);
    });

    it('refuses agents opening a step-2 case from the inbox or filing mail onto one (web and API)', async () => {
      const item = await addInboxItem(t.ctx);
      const open = await web('agent', `/inbox/${item.itemId}/open-case`, { kind: 'complaint', step: '2' });
      assert.equal(open.statusCode, 403);
      const openApi = await api('lead', `/api/v1/inbox/${item.itemId}/open-case`, {
        kind: 'complaint',
        step: 2,
      });
      assert.equal(openApi.statusCode, 403);
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const file = await web('agent', `/inbox/${item.itemId}/file`, { caseReference: step2.reference });
      assert.equal(file.statusCode, 403);
      const fileApi = await api('agent', `/api/v1/inbox/${item.itemId}/file`, {
        caseReference: step2.reference,
      });
      assert.equal(fileApi.statusCode, 403);
      assert.equal((await stateOf(step2.caseId)).correspondenceIds.length, 0);
      // Management may do both on step 2.
      const ok = await web('management', `/inbox/${item.itemId}/file`, { caseReference: step2.reference });
      assert.equal(ok.statusCode, 303);
      assert.equal((await stateOf(step2.caseId)).correspondenceIds.length, 1);
    });

    it('refuses agents registering a step-2 letter or a letter onto a step-2 case (web and API)', async () => {
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const arrived = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const letter = (title: string, extra: Record<string, unknown> = {}) => ({
        arrived,
        title,
        complainant: { name: 'Jean Dupont', postalAddress: ['12 rue des Lilas', '67000 Strasbourg'] },
        language: 'fr',
        description: 'Facture en double.',
        expectations: 'Un remboursement.',
        ...extra,
      });
      const opening = await api('agent', '/api/v1/letters', {
        letter: letter(`Transmission de réclamation - Etape 2 (${engine})`),
      });
      assert.equal(opening.statusCode, 403, opening.body);
      const filing = await api('lead', '/api/v1/letters', {
        letter: letter(`Suite (${engine})`, { caseReference: step2.reference }),
      });
      assert.equal(filing.statusCode, 403, filing.body);
      const onWeb = await web('agent', '/letters', {
        arrived,
        kind: 'complaint',
        step: '2',
        name: 'Jean Dupont',
        postalAddress: '12 rue des Lilas\n67000 Strasbourg',
        language: 'fr',
        title: `Transmission de réclamation - Etape 2 (web ${engine})`,
        description: 'Facture en double.',
        expectations: 'Un remboursement.',
      });
      assert.equal(onWeb.statusCode, 403);
      assert.match(onWeb.body, /Your role does not allow this|Step-2 cases are handled by management/);
      assert.equal((await stateOf(step2.caseId)).correspondenceIds.length, 0);
      const byManagement = await api('management', '/api/v1/letters', {
        letter: letter(`Suite par la direction (${engine})`, { caseReference: step2.reference }),
      });
      assert.equal(byManagement.statusCode, 201, byManagement.body);
      assert.equal(byManagement.json().filing, 'filed_on_case');
    });

    it('assigns a case only to someone who may handle it at its step (API and web)', async () => {
      const c = await openComplaint(t.ctx, { step: 1 });
      for (const who of ['department_member', 'administrator', 'auditor', 'management'] as const) {
        const res = await api('lead', `/api/v1/cases/${c.caseId}/assign`, { to: users[who]!.id });
        assert.equal(res.statusCode, 422, `${who}: ${res.body}`);
        assert.equal(res.json().error.code, 'assignee_not_allowed');
      }
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const toAgent = await api('management', `/api/v1/cases/${step2.caseId}/assign`, {
        to: users.agent!.id,
      });
      assert.equal(toAgent.statusCode, 422);
      const webAdmin = await web('lead', `/cases/${c.caseId}/assign`, { to: users.administrator!.id });
      assert.equal(webAdmin.statusCode, 422);
      assert.equal((await stateOf(c.caseId)).ownerId, null);
      assert.equal((await stateOf(step2.caseId)).ownerId, null);
      const fine = await api('management', `/api/v1/cases/${step2.caseId}/assign`, {
        to: users.management2!.id,
      });
      assert.equal(fine.statusCode, 200);
    });

    it('refuses in the use cases themselves, whatever door calls them (no route guard needed)', async () => {
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const step1 = await openComplaint(t.ctx, { step: 1 });
      const suggestion = await openComplaint(t.ctx, { kind: 'suggestion' });
      const staffOf = (k: 'agent' | 'management' | 'department_member') => ({
        role: users[k]!.role,
        userId: users[k]!.id,
        departments: users[k]!.departments,
        actor: `user:${users[k]!.id}`,
      });
      const agent = staffOf('agent');
      const management = staffOf('management');
      const forbidden = { code: 'forbidden_role' };
      await assert.rejects(actOnCase(t.ctx, step2.caseId, { type: 'close', reason: 'x' }, agent), forbidden);
      await assert.rejects(
        answerCase(t.ctx, step2.caseId, {
          outcome: 'upheld',
          text: 'x',
          remedy: null,
          actor: agent.actor,
          by: agent,
        }),
        forbidden,
      );
      await assert.rejects(
        extendCase(t.ctx, step2.caseId, {
          reason: 'More time',
          windowStart: '2030-01-07',
          windowEnd: '2030-01-08',
          actor: agent.actor,
          by: agent,
        }),
        forbidden,
      );
      await assert.rejects(
        requestInformation(t.ctx, step2.caseId, {
          missing: ['expectations'],
          note: null,
          actor: agent.actor,
          by: agent,
        }),
        forbidden,
      );
      await assert.rejects(acknowledgeCase(t.ctx, step2.caseId, agent), forbidden);
      await assert.rejects(acknowledgeCase(t.ctx, step1.caseId, management), forbidden);
      await assert.rejects(escalateCase(t.ctx, step1.caseId, management), forbidden);
      await assert.rejects(
        forwardSuggestion(t.ctx, suggestion.caseId, {
          department: 'Billing',
          note: null,
          actor: 'x',
          by: management,
        }),
        forbidden,
      );
      await assert.rejects(acknowledgeSuggestion(t.ctx, suggestion.caseId, management), forbidden);
      await assert.rejects(
        completeSuggestion(t.ctx, suggestion.caseId, { note: null, actor: management.actor, by: management }),
        forbidden,
      );
      for (const id of [step1.caseId, step2.caseId, suggestion.caseId])
        assert.equal((await getCase(t.ctx, id)).events.length, 1, 'nothing was recorded');
    });

    it('web, API and bulk agree with the one rule for any role, step, action and assignee', async () => {
      // A colleague (agent2, management2) stands for "someone else of the same role".
      const sample = fc.record({
        actor: fc.constantFrom('agent', 'lead', 'management', 'department_member', 'auditor'),
        shape: fc.constantFrom('step1', 'step2', 'suggestion'),
        owner: fc.constantFrom('none', 'actor', 'agent2', 'management2'),
        action: fc.constantFrom('assign', 'assign', 'categorise', 'note', 'close'),
        assignee: fc.constantFrom(
          'none',
          'actor',
          'agent2',
          'lead',
          'management2',
          'department_member',
          'administrator',
        ),
        door: fc.constantFrom('web', 'api', 'bulk'),
      });
      await fc.assert(
        fc.asyncProperty(sample, async (x) => {
          const opened = await openComplaint(t.ctx, {
            kind: x.shape === 'suggestion' ? 'suggestion' : 'complaint',
            step: x.shape === 'step2' ? 2 : 1,
          });
          const id = opened.caseId;
          const who = (k: string) => users[(k === 'actor' ? x.actor : k) as keyof typeof users]!;
          if (x.owner !== 'none') await actOnCase(t.ctx, id, { type: 'assign', to: who(x.owner).id }, system);
          const before = await stateOf(id);
          const to = x.assignee === 'none' ? null : who(x.assignee).id;
          // Giving a case to its owner is refused by the procedure itself (nothing to change): not this rule.
          if (x.action === 'assign' && to === before.ownerId) return;
          const role: Role = x.actor;
          const user = users[x.actor]!;
          const category = t.ctx.config.categories[0]!;
          // What the one rule says for this door's caller (a token has no user id, so it owns nothing).
          const staff: Staff = {
            role,
            userId: x.door === 'api' ? null : user.id,
            departments: x.door === 'api' ? [] : user.departments,
          };
          const toAccount = x.assignee === 'none' ? null : who(x.assignee);
          const rule =
            x.action === 'assign'
              ? assignmentRefusal(staff, before, to, toAccount)
              : caseActRefusal(staff, x.action, before);
          let route: string;
          let res: { statusCode: number };
          if (x.door === 'bulk') {
            if (x.action !== 'assign' && x.action !== 'categorise') return;
            route = routeKey('POST', '/queues/bulk');
            res = await web(x.actor, '/queues/bulk', {
              action: x.action,
              caseIds: [id],
              ...(x.action === 'assign' ? { to: to ?? '' } : { category }),
            });
          } else if (x.door === 'web') {
            route = routeKey('POST', `/cases/:id/${x.action}`);
            const body: Record<string, string> =
              x.action === 'assign'
                ? { to: to ?? '' }
                : x.action === 'categorise'
                  ? { category }
                  : x.action === 'note'
                    ? { text: 'A note.' }
                    : { reason: 'Done with it.' };
            res = await web(x.actor, `/cases/${id}/${x.action}`, body);
          } else {
            const path = x.action === 'note' ? 'notes' : x.action;
            route = routeKey('POST', `/api/v1/cases/:id/${path}`);
            const body =
              x.action === 'assign'
                ? { to }
                : x.action === 'categorise'
                  ? { category }
                  : x.action === 'note'
                    ? { text: 'A note.' }
                    : { reason: 'Done with it.' };
            res = await api(role, `/api/v1/cases/${id}/${path}`, body);
          }
          const after = await stateOf(id);
          const changed = JSON.stringify(after) !== JSON.stringify(before);
          const tableAllows = allows(accessOf(route)!, role);
          const expected = tableAllows && rule === null;
          // The web page may refuse a choice the form never offers (someone not in the list) with its own 422:
          // that is a refusal too. What matters: allowed exactly when the rule allows, and nothing changed else.
          const ok = res.statusCode < 400;
          const label = `${JSON.stringify(x)} → ${res.statusCode}, rule ${rule?.code ?? 'allows'}, table ${tableAllows}`;
          if (x.door === 'bulk') {
            // A bulk action answers 303 and skips the case it may not change.
            assert.equal(changed, expected, label);
          } else {
            assert.equal(ok, expected, label);
            assert.equal(changed, expected, label);
          }
        }),
        { numRuns: 250 },
      );
    });
  });
}
