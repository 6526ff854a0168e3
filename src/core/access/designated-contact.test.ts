import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  assignmentRefusal,
  CASE_ACTS,
  type CaseScope,
  caseActRefusal,
  mayOwn,
  type Staff,
} from './case-access.ts';
import {
  CONTACT_ROLES,
  CORRESPONDENCE_ACTS,
  complainantActRefusal,
  complainantAssignmentRefusal,
  contactAssignmentRefusal,
  contactChoiceRefusal,
  contactOwnerOf,
  contactRefusal,
  type DesignatedContact,
  requireComplainantAct,
} from './designated-contact.ts';
import { ROLES, USER_STATUSES } from './roles.ts';

const scope = fc.record({
  kind: fc.constantFrom('complaint', 'suggestion', 'other') as fc.Arbitrary<CaseScope['kind']>,
  step: fc.constantFrom(1, 2, null) as fc.Arbitrary<CaseScope['step']>,
  department: fc.constantFrom(null, 'Billing'),
  ownerId: fc.constantFrom(null, 'u1', 'u2'),
});
const staff: fc.Arbitrary<Staff> = fc.record({
  role: fc.constantFrom(...ROLES),
  userId: fc.constantFrom(null, 'u1', 'u2', 'u3'),
  departments: fc.constantFrom([], ['Billing']),
});
const account = fc.record({ role: fc.constantFrom(...ROLES), status: fc.constantFrom(...USER_STATUSES) });
const contact: fc.Arbitrary<DesignatedContact | null> = fc.option(
  fc.record({ id: fc.constantFrom('u1', 'u2'), account: fc.option(account) }),
);

const step1: CaseScope = { kind: 'complaint', step: 1, department: null, ownerId: 'c' };
const step2: CaseScope = { ...step1, step: 2 };
const agentContact: DesignatedContact = { id: 'c', account: { role: 'agent', status: 'active' } };
const agent = (userId: string): Staff => ({ role: 'agent', userId, departments: [] });
const manager: Staff = { role: 'management', userId: 'm', departments: [] };

describe('the designated contact (P8.4, with P5.2)', () => {
  it('writes every letter and e-mail on a case they handle: answer, extension, request, acknowledgement, reply, letters', () => {
    for (const act of [
      'answer',
      'extend',
      'request_information',
      'acknowledge',
      'reply',
      'post_letter',
      'resend_letter',
    ] as const) {
      assert.ok(CORRESPONDENCE_ACTS.has(act), act);
      assert.equal(complainantActRefusal(agent('c'), act, step1, agentContact), null, act);
      const r = complainantActRefusal(agent('other'), act, step1, agentContact);
      assert.equal(r?.code, 'designated_contact', act);
      assert.match(r?.message ?? '', /designated contact/);
    }
    // Acts that write nothing to the complainant stay with whoever handles the case.
    for (const act of ['note', 'categorise', 'close', 'escalate', 'file_correspondence'] as const)
      assert.equal(complainantActRefusal(agent('other'), act, step1, agentContact), null, act);
  });

  it('an agent named as contact does not take a step-2 case: management handles it and writes (P5.2)', () => {
    assert.equal(contactOwnerOf(agentContact, step2), null);
    assert.equal(complainantActRefusal(manager, 'answer', step2, agentContact), null);
    assert.equal(complainantActRefusal(agent('c'), 'answer', step2, agentContact)?.code, 'forbidden_role');
    const managerContact: DesignatedContact = { id: 'm', account: { role: 'management', status: 'active' } };
    assert.equal(contactOwnerOf(managerContact, step2), 'm');
    assert.equal(contactOwnerOf(managerContact, step1), null);
    assert.equal(complainantActRefusal(agent('x'), 'answer', step1, managerContact), null);
  });

  it('a contact whose account is disabled or gone leaves the cases to the usual routing', () => {
    for (const c of [
      { id: 'c', account: { role: 'agent', status: 'disabled' } },
      { id: 'c', account: null },
    ] as DesignatedContact[]) {
      assert.equal(contactOwnerOf(c, step1), null);
      assert.equal(complainantActRefusal(agent('x'), 'answer', step1, c), null);
      assert.equal(contactAssignmentRefusal(step1, 'x', c), null);
    }
  });

  it('keeps the case with the contact: giving it to someone else (or to nobody) is refused', () => {
    assert.equal(contactAssignmentRefusal(step1, 'c', agentContact), null);
    assert.equal(contactAssignmentRefusal(step1, 'x', agentContact)?.code, 'designated_contact');
    assert.equal(contactAssignmentRefusal(step1, null, agentContact)?.code, 'designated_contact');
    assert.equal(contactAssignmentRefusal(step2, 'm', agentContact), null);
  });

  it('the throwing form refuses with the contact’s code, and never checks the system acting by name', () => {
    assert.throws(
      () => requireComplainantAct({ ...agent('x'), actor: 'user:x' }, 'answer', step1, agentContact),
      (e: Error & { code?: string }) => e.code === 'designated_contact_only',
    );
    requireComplainantAct('system', 'answer', step1, agentContact);
  });

  it('may be named only when active and handling complaints, with a message naming what is wrong', () => {
    for (const role of ROLES)
      for (const status of USER_STATUSES) {
        const r = contactChoiceRefusal('u1', { role, status });
        assert.equal(r === null, CONTACT_ROLES.includes(role) && status === 'active', `${role} ${status}`);
        if (r) assert.match(r.message, /choose an active agent, team lead or member of management/);
      }
    assert.match(contactChoiceRefusal('nobody', null)?.message ?? '', /no staff account "nobody"/);
  });

  it('property: never lets anyone do what the case rule refuses', () => {
    fc.assert(
      fc.property(staff, scope, fc.constantFrom(...CASE_ACTS), contact, (v, s, act, c) => {
        if (caseActRefusal(v, act, s)) assert.notEqual(complainantActRefusal(v, act, s, c), null);
      }),
    );
  });

  it('property: where the contact may handle the case, only they write; elsewhere the case rule alone decides', () => {
    fc.assert(
      fc.property(staff, scope, fc.constantFrom(...CORRESPONDENCE_ACTS), contact, (v, s, act, c) => {
        const r = complainantActRefusal(v, act, s, c);
        if (c?.account && mayOwn(c.account, s)) {
          if (v.userId !== c.id) assert.notEqual(r, null);
          else if (v.role === c.account.role) assert.equal(r, null);
        } else assert.deepEqual(r, caseActRefusal(v, act, s));
      }),
    );
  });

  it('property: no case is ever left with nobody allowed to write to the complainant', () => {
    fc.assert(
      fc.property(scope, contact, fc.constantFrom(...CORRESPONDENCE_ACTS), (s, c, act) => {
        // Everyone who could act: each role, as the contact and as someone else.
        const people = ROLES.flatMap((role) =>
          ['u1', 'u2', 'u3'].map((userId): Staff => ({ role, userId, departments: ['Billing'] })),
        );
        const someoneByRule = people.some((v) => caseActRefusal(v, act, s) === null);
        const someoneUnderContact = people.some((v) => {
          if (c?.account && v.userId === c.id && v.role !== c.account.role) return false; // one account, one role
          return complainantActRefusal(v, act, s, c) === null;
        });
        assert.equal(someoneUnderContact, someoneByRule);
      }),
    );
  });

  it('property: a case goes to the contact exactly when they may own it, and any other assignee is then refused', () => {
    fc.assert(
      fc.property(scope, contact, fc.constantFrom(null, 'u1', 'u2', 'u3'), (s, c, to) => {
        const owner = contactOwnerOf(c, s);
        assert.equal(owner !== null, !!c?.account && mayOwn(c.account, s));
        assert.equal(contactAssignmentRefusal(s, to, c) === null, owner === null || owner === to);
        if (owner) assert.equal(contactRefusal({ userId: owner }, 'answer', s, c), null);
      }),
    );
  });

  it('an assignment meets the case rule first, then the designated contact', () => {
    fc.assert(
      fc.property(
        staff,
        scope,
        fc.constantFrom(null, 'u1', 'u2', 'c'),
        fc.option(account),
        contact,
        (v, s, to, a, c) => {
          assert.deepEqual(
            complainantAssignmentRefusal(v, s, to, a, c),
            assignmentRefusal(v, s, to, a) ?? contactAssignmentRefusal(s, to, c),
          );
        },
      ),
    );
    // The lead may give a step-1 case to an agent, but not while the complainant's contact handles it.
    const lead: Staff = { role: 'lead', userId: 'l', departments: [] };
    const other = { role: 'agent' as const, status: 'active' as const };
    assert.equal(complainantAssignmentRefusal(lead, step1, 'x', other, null), null);
    assert.equal(
      complainantAssignmentRefusal(lead, step1, 'x', other, agentContact)?.code,
      'designated_contact',
    );
  });
});
