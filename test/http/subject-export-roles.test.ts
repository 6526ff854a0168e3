// Who may take a copy of everything held on a person (P6.3): the staff who read the complainant's record (agents,
// leads, management) and administrators, who answer the person's requests. A department member, who sees of a
// complainant only what acting on a suggestion needs, and the auditor, who changes nothing (an export writes to the
// audit log), are refused, and nothing is recorded for them. Each role with a valid session and CSRF token, so
// that a 403 means the role was refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openCase } from '../../src/app/open-case.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { complaintAt } from '../support/cases.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';

describe('who may export a person’s data', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
  });
  after(async () => {
    await t?.close();
  });

  it('gives the ZIP to the staff who read the record and to administrators, and to no one else', async () => {
    const opened = await openCase(
      t.ctx,
      complaintAt(new Date().toISOString(), {
        complainant: { name: 'Rolf Rollen', email: 'rolf.rollen@example.net' },
        language: 'en',
      }),
    );
    const expected: [Role, number][] = [
      ['agent', 200],
      ['lead', 200],
      ['management', 200],
      ['administrator', 200],
      ['department_member', 403],
      ['auditor', 403],
    ];
    const db = t.tdb.database.db;
    for (const [role, status] of expected) {
      const session = await sessionFor(t.ctx, await createUser(t.ctx, role));
      const before = await db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'personal_data_exported')
        .execute();
      const r = await postForm(t.app, session, `/complainants/${opened.complainantId}/export`);
      assert.equal(r.statusCode, status, `${role}: ${r.statusCode}`);
      if (status === 200) assert.equal(r.headers['content-type'], 'application/zip');
      else assert.ok(!r.rawPayload.subarray(0, 2).equals(Buffer.from('PK')), `${role} gets no ZIP`);
      const after = await db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'personal_data_exported')
        .execute();
      assert.equal(
        after.length - before.length,
        status === 200 ? 1 : 0,
        `${role}: recorded only when exported`,
      );
    }
  });
});
