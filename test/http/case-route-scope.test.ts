// Every route that names a case, tried by someone the case rule (src/core/access/case-access.ts) keeps off that
// case: a department member on a complaint or on another department's suggestion, an agent on a step-2 case,
// management on a step-1 case or a suggestion. Each is tried by direct URL with a valid session (or API token)
// and CSRF token and a body the route would accept, so that a refusal means the rule: nothing is shown, nothing
// changes. The route list is the application's own, so a route added later is tried too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { ROUTE_ACCESS } from '../../src/adapters/http/access.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  form,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { openComplaint } from '../support/staff.ts';

interface Target {
  caseId: string;
  reference: string;
  cid: string;
}

for (const engine of ENGINES) {
  describe(`every route that names a case keeps out whom the case rule keeps out, on ${engine}`, () => {
    let t: TestApp;
    const users: Record<string, User> = {};
    const sessions = new Map<string, TestSession>();
    const tokens = new Map<Role, string>();
    const cases: Record<string, Target> = {};

    const withMail = async (caseId: string, reference: string): Promise<Target> => {
      const item = await addInboxItem(t.ctx, {
        attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', content: '%PDF-1.4\n%%EOF\n' }],
      });
      await handleInboxItem(
        t.ctx,
        item.itemId,
        { type: 'file_onto_case', caseReference: reference },
        'system',
      );
      return { caseId, reference, cid: item.correspondenceId };
    };

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing', 'Sales') });
      users.agent = await createUser(t.ctx, 'agent');
      users.lead = await createUser(t.ctx, 'lead');
      users.management = await createUser(t.ctx, 'management');
      users.department_member = await createUser(t.ctx, 'department_member', { departments: ['Billing'] });
      for (const [k, u] of Object.entries(users)) sessions.set(k, await sessionFor(t.ctx, u));
      for (const role of ['agent', 'management', 'department_member'] as const)
        tokens.set(
          role,
          (
            await createApiToken(
              t.ctx,
              { name: `scope-${role}`, role, expiresInDays: null },
              { actor: 'cli', label: null, address: null },
            )
          ).secret,
        );
      const step1 = await openComplaint(t.ctx, { step: 1 });
      const step2 = await openComplaint(t.ctx, { step: 2 });
      const sales = await openComplaint(t.ctx, { kind: 'suggestion' });
      const billing = await openComplaint(t.ctx, { kind: 'suggestion' });
      await forwardSuggestion(t.ctx, sales.caseId, { department: 'Sales', note: null, actor: 'system' });
      await forwardSuggestion(t.ctx, billing.caseId, { department: 'Billing', note: null, actor: 'system' });
      cases.step1 = await withMail(step1.caseId, step1.reference);
      cases.step2 = await withMail(step2.caseId, step2.reference);
      cases.sales = await withMail(sales.caseId, sales.reference);
      cases.billing = await withMail(billing.caseId, billing.reference);
      const spare = await openComplaint(t.ctx, { step: 1 });
      cases.spare = { caseId: spare.caseId, reference: spare.reference, cid: '' };
    });
    after(async () => {
      await t?.close();
    });

    const CASE_ROUTES = Object.keys(ROUTE_ACCESS).filter((k) =>
      /^(GET|POST) (\/api\/v1)?\/cases\/:id/.test(k),
    );

    /** A body each route would take from someone allowed, so that a refusal is the rule's, not the form's. */
    const bodyOf = (key: string, who: string): Record<string, unknown> => {
      const today = new Date().toISOString().slice(0, 10);
      const action = key.replace(/^(GET|POST) (\/api\/v1)?\/cases\/:id\/?/, '');
      const bodies: Record<string, Record<string, unknown>> = {
        assign: { to: users[who]?.id ?? '' },
        categorise: { category: t.ctx.config.categories[0] ?? '' },
        note: { text: 'An insider note.' },
        notes: { text: 'An insider note.' },
        'request-information': { missing: ['expectations'], note: 'Please tell us more.' },
        extend: { reason: 'Waiting for the registry.', windowStart: today, windowEnd: today },
        answer: { outcome: 'upheld', text: 'Our answer.' },
        'answer/preview': { outcome: 'upheld', text: 'Our answer.' },
        reply: { text: 'A reply.' },
        'reply/preview': { text: 'A reply.' },
        close: { reason: 'Closed by an insider.' },
        reopen: { reason: 'Reopened by an insider.' },
        merge: { duplicateReference: cases.spare!.reference },
        forward: { department: 'Billing' },
        'suggestion-done': { note: 'Done.' },
        reclassify: { kind: 'other', reason: 'spam' },
        language: { language: 'fr', reason: 'Asked by phone.' },
        address: { email: 'new@example.net', postalAddress: '' },
      };
      return bodies[action] ?? {};
    };

    async function call(key: string, who: string, target: Target, via: 'web' | 'api') {
      const method = key.slice(0, key.indexOf(' ')) as 'GET' | 'POST';
      const url = key
        .slice(key.indexOf(' ') + 1)
        .replace(':id', target.caseId)
        .replace(/:cid|:letterId/, target.cid)
        .replace(':index', '0');
      const body = bodyOf(key, who);
      if (via === 'api')
        return t.app.inject({
          method,
          url,
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${tokens.get(who as Role)}`,
            ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          },
          ...(method === 'POST' ? { payload: body } : {}),
        });
      const s = sessions.get(who)!;
      return t.app.inject({
        method,
        url,
        headers: {
          accept: 'application/json',
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST'
          ? { payload: form({ _csrf: s.csrf, ...(body as Record<string, string | string[]>) }) }
          : {}),
      });
    }

    /** What a change would touch: the history, the cases, mail waiting to go, the complainants' links. */
    const fingerprint = async () => {
      const db = t.tdb.database.db;
      const tables = ['events', 'cases', 'outbound_items', 'complainant_links'] as const;
      const rows = await Promise.all(tables.map((name) => db.selectFrom(name).selectAll().execute()));
      return JSON.stringify(rows.map((r) => r.map((x) => JSON.stringify(x)).sort()));
    };

    /** The routes of `keys` that answer `who` on `target` with anything but a refusal (or change something). */
    async function leaks(who: string, target: string, keys: string[]) {
      const out: string[] = [];
      for (const key of keys) {
        const via = key.includes(' /api/') ? 'api' : 'web';
        if (via === 'api' && !tokens.has(who as Role)) continue;
        const before = await fingerprint();
        const res = await call(key, who, cases[target]!, via);
        const changed = (await fingerprint()) !== before;
        if (res.statusCode < 400 || changed)
          out.push(
            `${key} as ${who} on ${target}: ${res.statusCode}${changed ? ' (changed the store)' : ''}`,
          );
      }
      return out;
    }

    it('shows a department member nothing of a complaint or of another department’s suggestion', async () => {
      const found = [
        ...(await leaks('department_member', 'step1', CASE_ROUTES)),
        ...(await leaks('department_member', 'step2', CASE_ROUTES)),
        ...(await leaks('department_member', 'sales', CASE_ROUTES)),
      ];
      assert.deepEqual(found, []);
    });

    it('lets no agent act on a step-2 case and no management on a step-1 case or a suggestion', async () => {
      const posts = CASE_ROUTES.filter((k) => k.startsWith('POST '));
      const found = [
        ...(await leaks('agent', 'step2', posts)),
        ...(await leaks('lead', 'step2', posts)),
        ...(await leaks('management', 'step1', posts)),
        ...(await leaks('management', 'billing', posts)),
      ];
      assert.deepEqual(found, []);
    });

    it('serves no case’s mail, scan or letter through another case’s address', async () => {
      const found: string[] = [];
      const reads = CASE_ROUTES.filter((k) => /:cid|:letterId/.test(k) && k.startsWith('GET '));
      for (const key of reads) {
        // The department member may read the Billing suggestion: the mail id is the complaint's.
        const borrowed = { ...cases.billing!, cid: cases.step1!.cid };
        const res = await call(key, 'department_member', borrowed, 'web');
        if (res.statusCode < 400) found.push(`${key}: ${res.statusCode}`);
        const agent = await call(key, 'agent', { ...cases.step1!, cid: cases.sales!.cid }, 'web');
        if (agent.statusCode < 400) found.push(`${key} as agent: ${agent.statusCode}`);
      }
      assert.deepEqual(found, []);
    });

    it('names on a suggestion’s page none of the complainant’s cases the department member may not read', async () => {
      // One person: a complaint at each step, a suggestion sent to Sales, and the suggestion Billing reads.
      const email = 'same.person@example.net';
      const complaint = await openComplaint(t.ctx, { email, step: 1 });
      const step2 = await openComplaint(t.ctx, { email, step: 2 });
      const elsewhere = await openComplaint(t.ctx, { email, kind: 'suggestion' });
      await forwardSuggestion(t.ctx, elsewhere.caseId, { department: 'Sales', note: null, actor: 'system' });
      const other = await openComplaint(t.ctx, { email, kind: 'suggestion' });
      await forwardSuggestion(t.ctx, other.caseId, { department: 'Billing', note: null, actor: 'system' });
      const mine = await openComplaint(t.ctx, { email, kind: 'suggestion' });
      await forwardSuggestion(t.ctx, mine.caseId, { department: 'Billing', note: null, actor: 'system' });
      const page = await t.app.inject({
        method: 'GET',
        url: `/cases/${mine.caseId}`,
        headers: { cookie: sessions.get('department_member')!.cookie },
      });
      assert.equal(page.statusCode, 200);
      for (const hidden of [complaint, step2, elsewhere]) {
        assert.ok(!page.body.includes(hidden.reference), `${hidden.reference} is not named`);
        assert.ok(!page.body.includes(hidden.caseId), `${hidden.reference} is not linked`);
      }
      assert.ok(page.body.includes(other.reference), 'the other suggestion Billing reads is still listed');
      // The complaints team still sees all of them.
      const agentPage = await t.app.inject({
        method: 'GET',
        url: `/cases/${mine.caseId}`,
        headers: { cookie: sessions.get('agent')!.cookie },
      });
      for (const c of [complaint, step2, elsewhere, other]) assert.ok(agentPage.body.includes(c.reference));
    });

    it('lets the allowed do what the others were refused (the bodies above are good ones)', async () => {
      const ok = async (who: string, target: string, key: string) =>
        (await call(key, who, cases[target]!, key.includes(' /api/') ? 'api' : 'web')).statusCode;
      assert.ok((await ok('department_member', 'billing', 'GET /cases/:id')) === 200);
      assert.ok((await ok('department_member', 'billing', 'GET /cases/:id/correspondence/:cid')) === 200);
      assert.ok((await ok('management', 'step2', 'POST /cases/:id/note')) < 400);
      assert.ok((await ok('agent', 'step1', 'POST /cases/:id/note')) < 400);
      assert.ok((await ok('agent', 'step1', 'POST /cases/:id/language')) < 400);
      assert.ok((await ok('agent', 'step1', 'POST /api/v1/cases/:id/notes')) < 400);
    });
  });
}
