import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  accountProblem,
  departmentsStillInUse,
  keepsTokensCreated,
  knownDepartments,
  normaliseDepartments,
  passwordProblem,
} from './account.ts';
import { ROLES } from './roles.ts';

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

describe('departments still in use', () => {
  it('names each department left out that someone is in, with its members, whatever the case', () => {
    const members = [
      { name: 'Dora', departments: ['domains'] },
      { name: 'Bea', departments: ['Billing', 'Domains'] },
      { name: 'Hugo', departments: ['Hosting'] },
    ];
    assert.deepEqual(
      departmentsStillInUse(['Billing', 'Domains', 'Hosting'], ['billing', 'Hosting'], members),
      [{ department: 'Domains', members: ['Dora', 'Bea'] }],
    );
    assert.deepEqual(departmentsStillInUse(['Legal'], [], members), [], 'nobody in it: it may go');
  });

  it('never lets a department go while someone is in it, and never stops one nobody is in', () => {
    const name = fc.constantFrom('Billing', 'billing', 'Domains', 'Hosting', 'Legal');
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { selector: (d) => d.toLowerCase() }),
        fc.array(name),
        fc.array(fc.record({ name: fc.string(), departments: fc.array(name, { maxLength: 3 }) })),
        (before, after, members) => {
          const found = departmentsStillInUse(before, after, members);
          const key = (d: string) => d.toLowerCase();
          for (const d of before) {
            const removed = !after.some((a) => key(a) === key(d));
            const inIt = members.filter((m) => m.departments.some((x) => key(x) === key(d)));
            const named = found.find((f) => f.department === d);
            if (removed && inIt.length)
              assert.deepEqual(
                named?.members,
                inIt.map((m) => m.name),
              );
            else assert.equal(named, undefined);
          }
        },
      ),
    );
  });
});

describe('API tokens and their creator', () => {
  it('keeps a creator’s tokens only while the account may still make tokens', () => {
    assert.equal(keepsTokensCreated({ role: 'administrator', status: 'active' }), true);
    assert.equal(keepsTokensCreated({ role: 'administrator', status: 'invited' }), true);
    assert.equal(keepsTokensCreated({ role: 'administrator', status: 'disabled' }), false);
    for (const role of ROLES.filter((r) => r !== 'administrator'))
      assert.equal(keepsTokensCreated({ role, status: 'active' }), false, role);
  });
});
