// A step-2 complaint is management's from the moment it is opened (P5.2): an agent's or a team lead's API token may
// not open one through POST /api/v1/complaints, as it may not register a step-2 letter or open a step-2 case from
// the inbox. Management opens it (and not a step-1 complaint); the step-1 case it names is then escalated as usual.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`opening a step-2 complaint through the API, on ${engine}`, () => {
    let t: TestApp;
    const tokens = new Map<Role, string>();

    before(async () => {
      t = await createTestApp({ engine });
      for (const role of ['agent', 'lead', 'management'] as const)
        tokens.set(
          role,
          (
            await createApiToken(
              t.ctx,
              { name: `intake-${role}`, role, expiresInDays: null },
              { actor: 'cli', label: null, address: null },
            )
          ).secret,
        );
    });
    after(async () => {
      await t?.close();
    });

    const submit = (role: Role, caseReference: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: { authorization: `Bearer ${tokens.get(role)}`, 'content-type': 'application/json' },
        payload: {
          step: 2,
          caseReference,
          complainant: { name: 'Jean Dupont', email: 'jean.dupont@example.net' },
          language: 'fr',
          description: 'La réponse ne me satisfait pas.',
          expectations: 'Un remboursement.',
        },
      });
    const stepTwoCases = async () =>
      (
        await t.tdb.database.db
          .selectFrom('cases')
          .select('id')
          .where('kind', '=', 'complaint')
          .where('step', '=', 2)
          .execute()
      ).length;

    it('refuses an agent’s or a lead’s token, opening nothing', async () => {
      const step1 = await openComplaint(t.ctx, { email: 'jean.dupont@example.net' });
      for (const role of ['agent', 'lead'] as const) {
        const res = await submit(role, step1.reference);
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
        assert.equal(res.json().error.code, 'forbidden_role');
      }
      assert.equal(await stepTwoCases(), 0);
    });

    it('lets management’s token open it, and not a step-1 complaint, which is the team’s', async () => {
      const step1 = await openComplaint(t.ctx, { email: 'jean.dupont@example.net' });
      const res = await submit('management', step1.reference);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().step, 2);
      const teamWork = await t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: { authorization: `Bearer ${tokens.get('management')}`, 'content-type': 'application/json' },
        payload: { complainant: { email: 'someone@example.net' }, description: 'd', expectations: 'e' },
      });
      assert.equal(teamWork.statusCode, 403, teamWork.body);
    });
  });
}
