// A suggestion forwarded to a department with no address of its own reaches the department's members (P9.1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { addUser } from '../../src/app/manage-users.ts';
import { openCase } from '../../src/app/open-case.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`forwarding a suggestion on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    it('notifies the active members of the department when it has no configured address', async () => {
      // Members are placed in departments that exist, and a configured department has an address: a department
      // has none when an administrator removed it after its members were placed in it.
      const config = loadConfig({
        env: {
          REDRESS_DEPARTMENTS: JSON.stringify([
            { name: 'Billing', email: 'billing@example.org' },
            { name: 'Hosting', email: 'hosting@example.org' },
          ]),
        },
      });
      const ctx = createAppContext(config, tdb.database);
      const acting = { actor: 'cli', label: null, address: null };
      const user = (email: string, role: 'department_member' | 'agent', departments: string[]) =>
        addUser(
          ctx,
          { email, name: email, role, departments, language: 'en', password: 'a long enough password' },
          acting,
        );
      await user('billing.one@example.org', 'department_member', ['Billing']);
      await user('hosting@example.org', 'department_member', ['Hosting']);
      await user('agent@example.org', 'agent', []);
      ctx.refresh({ ...config, departments: [] });
      const s = await openCase(ctx, {
        kind: 'suggestion',
        step: null,
        channel: 'email',
        receivedAt: '2026-11-20T09:00:00.000Z',
        language: 'en',
        subject: 'An idea about invoices',
        complainant: { name: 'Ann', email: 'ann@example.co.uk' },
        fields: { ticketRefs: [], domains: [], description: 'Send invoices as PDF', expectations: null },
        missing: [],
        correspondenceId: null,
        actor: 'test',
      });
      const { notified } = await forwardSuggestion(ctx, s.caseId, {
        department: 'billing',
        note: null,
        actor: 'user:agent',
      });
      assert.deepEqual(notified, ['billing.one@example.org']);
    });
  });
}
