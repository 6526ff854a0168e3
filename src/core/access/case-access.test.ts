import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  assignmentRefusal,
  CASE_ACTS,
  type CaseScope,
  caseActRefusal,
  mayOwn,
  readsOnlyDepartments,
  requireAssignment,
  requireCaseAct,
  rolesMayOwn,
  rolesMayReassign,
  rolesOwningCases,
  type Staff,
} from './case-access.ts';
import { ROLES, type Role, USER_STATUSES } from './roles.ts';

const scope = fc.record({
  kind: fc.constantFrom('complaint', 'suggestion', 'other') as fc.Arbitrary<CaseScope['kind']>,
  step: fc.constantFrom(1, 2, null) as fc.Arbitrary<CaseScope['step']>,
  department: fc.constantFrom(null, 'Billing', 'Hosting'),
  ownerId: fc.constantFrom(null, 'u1', 'u2'),
});
const staff: fc.Arbitrary<Staff> = fc.record({
  role: fc.constantFrom(...ROLES),
  userId: fc.constantFrom(null, 'u1', 'u2'),
  departments: fc.constantFrom([], ['Billing'], ['billing', 'Hosting']),
});
const account = fc.record({
  role: fc.constantFrom(...ROLES),
  status: fc.constantFrom(...USER_STATUSES),
});
const step2 = (s: CaseScope) => s.kind === 'complaint' && s.step === 2;

describe('who may act on which case', () => {
  it('step 2 is handled by management only, everything else by the complaints team (P5.2)', () => {
    fc.assert(
      fc.property(staff, scope, fc.constantFrom(...CASE_ACTS), (v, s, act) => {
        const r = caseActRefusal(v, act, s);
        if (act === 'read' || act === 'suggestion_acknowledge' || act === 'suggestion_done') return;
        const allowed = r === null;
        const team = v.role === 'agent' || v.role === 'lead';
        // Forwarding a suggestion is the complaints team's act, on whatever case it is tried.
        const expected = act === 'forward' ? team && !step2(s) : step2(s) ? v.role === 'management' : team;
        if (act === 'open' || v.role !== 'department_member') assert.equal(allowed, expected);
        else assert.equal(allowed, false);
      }),
    );
  });

  it('the auditor and the administrator change no case; the auditor reads every case', () => {
    fc.assert(
      fc.property(staff, scope, fc.constantFrom(...CASE_ACTS), (v, s, act) => {
        if (v.role !== 'auditor' && v.role !== 'administrator') return;
        const r = caseActRefusal(v, act, s);
        if (act === 'read') assert.equal(r === null, v.role === 'auditor');
        else assert.notEqual(r, null);
      }),
    );
  });

  it('a department member reads and records progress only on its departments’ suggestions (any case)', () => {
    const v: Staff = { role: 'department_member', userId: 'd1', departments: ['Billing'] };
    const mine: CaseScope = { kind: 'suggestion', step: null, department: 'billing', ownerId: null };
    assert.equal(caseActRefusal(v, 'read', mine), null);
    assert.equal(caseActRefusal(v, 'suggestion_done', mine), null);
    assert.equal(caseActRefusal(v, 'close', mine)?.code, 'forbidden_role');
    assert.equal(caseActRefusal(v, 'read', { ...mine, department: 'Hosting' })?.code, 'hidden');
    assert.equal(caseActRefusal(v, 'read', { ...mine, kind: 'complaint', step: 1 })?.code, 'hidden');
  });

  it('a case is only ever given to an active account that may handle it at its step', () => {
    fc.assert(
      fc.property(staff, scope, fc.option(account, { nil: null }), (v, s, assignee) => {
        const to = assignee ? 'u2' : null;
        if (assignmentRefusal(v, s, to, assignee) !== null || !assignee) return;
        assert.ok(mayOwn(assignee, s));
        assert.equal(assignee.status, 'active');
        assert.equal(caseActRefusal({ ...v, role: assignee.role }, 'note', s), null);
      }),
    );
  });

  it('an agent only takes a free case (or their own) for themselves, or gives their own back', () => {
    const agent: Staff = { role: 'agent', userId: 'u1', departments: [] };
    const active = { role: 'agent' as Role, status: 'active' as const };
    const s: CaseScope = { kind: 'complaint', step: 1, department: null, ownerId: null };
    assert.equal(assignmentRefusal(agent, s, 'u1', active), null);
    assert.equal(assignmentRefusal(agent, { ...s, ownerId: 'u1' }, null, null), null);
    assert.equal(assignmentRefusal(agent, { ...s, ownerId: 'u2' }, 'u1', active)?.code, 'forbidden_role');
    assert.equal(assignmentRefusal(agent, { ...s, ownerId: 'u2' }, null, null)?.code, 'forbidden_role');
    assert.equal(assignmentRefusal(agent, s, 'u2', active)?.code, 'forbidden_role');
    const lead: Staff = { role: 'lead', userId: 'l1', departments: [] };
    assert.equal(assignmentRefusal(lead, { ...s, ownerId: 'u2' }, 'u1', active), null);
    for (const role of ['management', 'department_member', 'administrator', 'auditor'] as const)
      assert.equal(
        assignmentRefusal(lead, s, 'u1', { role, status: 'active' })?.code,
        'assignee_not_allowed',
      );
    assert.equal(
      assignmentRefusal(lead, s, 'u1', { role: 'agent', status: 'disabled' })?.code,
      'assignee_not_allowed',
    );
  });

  it('the system acting by name is not checked; a person is, with a typed refusal', () => {
    const s: CaseScope = { kind: 'complaint', step: 2, department: null, ownerId: null };
    requireCaseAct('system', 'close', s);
    requireAssignment('system', s, 'x', null);
    const agent = { role: 'agent' as const, userId: 'u1', departments: [], actor: 'user:u1' };
    assert.throws(() => requireCaseAct(agent, 'close', s), { code: 'forbidden_role' });
    const auditor = { role: 'department_member' as const, userId: 'd', departments: [], actor: 'user:d' };
    assert.throws(() => requireCaseAct(auditor, 'read', s), { code: 'case_not_found' });
    const lead = { role: 'lead' as const, userId: 'l', departments: [], actor: 'user:l' };
    assert.throws(
      () => requireAssignment(lead, { ...s, step: 1 }, 'x', { role: 'auditor', status: 'active' }),
      { code: 'assignee_not_allowed' },
    );
  });

  it('the role lists the doors read are the rule asked: who hands cases over, who may own which case', () => {
    // A lead and management give a case someone else owns to another; an agent only takes one for themselves.
    assert.deepEqual(rolesMayReassign(), ['lead', 'management']);
    assert.deepEqual(rolesMayOwn({ kind: 'complaint', step: 1 }), ['agent', 'lead']);
    assert.deepEqual(rolesMayOwn({ kind: 'complaint', step: 2 }), ['management']);
    assert.deepEqual(rolesMayOwn({ kind: 'suggestion', step: null }), ['agent', 'lead']);
    assert.deepEqual(rolesOwningCases(), ['agent', 'lead', 'management']);
    fc.assert(
      fc.property(staff, scope, (v, s) => {
        // Whoever is confined to departments reads a case exactly when it is a suggestion of one of them.
        const only = readsOnlyDepartments(v);
        if (only)
          assert.equal(
            caseActRefusal(v, 'read', s) === null,
            s.kind === 'suggestion' && only.some((d) => d.toLowerCase() === s.department?.toLowerCase()),
          );
        else assert.equal(caseActRefusal(v, 'read', s) === null, v.role !== 'administrator');
      }),
    );
  });
});
