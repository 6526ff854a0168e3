import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountProblem, knownDepartments, normaliseDepartments, passwordProblem } from './account.ts';

describe('passwords', () => {
  it('asks for length, not for symbols: a long passphrase is fine, a short one is not', () => {
    assert.equal(passwordProblem('correct horse battery', 'ana@example.org'), null);
    assert.equal(passwordProblem('Sh0rt!pw', 'ana@example.org'), 'password_too_short');
    assert.equal(passwordProblem('x'.repeat(201), 'ana@example.org'), 'password_too_long');
  });
  it('counts characters, not bytes (12 accented letters are enough)', () => {
    assert.equal(passwordProblem('éèêëàâäôöûüç', 'ana@example.org'), null);
  });
  it('refuses the e-mail address or its local part as the password', () => {
    assert.equal(
      passwordProblem('Ana.Lefebvre@example.org', 'ana.lefebvre@example.org'),
      'password_is_email',
    );
    assert.equal(passwordProblem('ana.lefebvre1', 'ana.lefebvre1@example.org'), 'password_is_email');
  });
});

describe('departments', () => {
  it('splits on commas, trims, drops blanks and duplicates in any case, keeps order', () => {
    assert.deepEqual(normaliseDepartments(['Billing,  domains ', 'billing', ' ', 'Hosting']), [
      'Billing',
      'domains',
      'Hosting',
    ]);
  });
});

describe('account shapes', () => {
  const admin = { role: 'administrator' as const, status: 'active' as const, departments: [] };
  it('a department member needs a department', () => {
    assert.equal(
      accountProblem(null, { role: 'department_member', status: 'invited', departments: [] }, 1),
      'departments_required',
    );
  });
  it('the last active administrator can be neither demoted nor disabled', () => {
    assert.equal(accountProblem(admin, { ...admin, role: 'agent' }, 0), 'last_administrator');
    assert.equal(accountProblem(admin, { ...admin, status: 'disabled' }, 0), 'last_administrator');
    assert.equal(accountProblem(admin, { ...admin, role: 'agent' }, 1), null);
    assert.equal(accountProblem(admin, { ...admin, departments: ['x'] }, 0), null);
  });
});

describe("a department member's departments", () => {
  const known = ['Billing', 'Hosting'];
  it('keeps the configured spelling, whatever the case typed, once each', () => {
    assert.deepEqual(knownDepartments(['billing', 'HOSTING', 'Billing'], known), {
      ok: true,
      departments: ['Billing', 'Hosting'],
    });
  });
  it('names the first department that does not exist, and refuses every one when none is configured', () => {
    assert.deepEqual(knownDepartments(['Billing', 'Biling', 'Legal'], known), {
      ok: false,
      unknown: 'Biling',
    });
    assert.deepEqual(knownDepartments(['Billing'], []), { ok: false, unknown: 'Billing' });
  });
});
