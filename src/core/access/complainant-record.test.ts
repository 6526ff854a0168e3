// Who is shown a complainant's restrictions and record: everyone who handles or audits complaints, and
// administrators (a person's requests about their data); not a department member, who handles one suggestion. And
// who may act on the record: restrict, merge, export, erase.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AccessError } from './access-error.ts';
import {
  RECORD_ACTS,
  readsComplainantRecord,
  recordActRefusal,
  requesterRef,
  requireRecordAct,
  rolesMayActOnRecord,
} from './complainant-record.ts';
import { ROLES } from './roles.ts';

it('shows the complainant’s record to every role but the department member', () => {
  assert.deepEqual(ROLES.filter(readsComplainantRecord), [
    'agent',
    'lead',
    'management',
    'administrator',
    'auditor',
  ]);
});

it('restrictions are decided by team leads and management, merges by whom handles cases', () => {
  assert.deepEqual(rolesMayActOnRecord('restrict'), ['lead', 'management']);
  assert.deepEqual(rolesMayActOnRecord('lift_restriction'), ['lead', 'management']);
  assert.deepEqual(rolesMayActOnRecord('notify_restriction'), ['lead', 'management']);
  assert.deepEqual(rolesMayActOnRecord('merge'), ['agent', 'lead', 'management']);
});

it('a record is exported by staff and administrators; an address no record holds, and erasure, by administrators', () => {
  assert.deepEqual(rolesMayActOnRecord('export'), ['agent', 'lead', 'management', 'administrator']);
  assert.deepEqual(rolesMayActOnRecord('export', 'address'), ['administrator']);
  assert.deepEqual(rolesMayActOnRecord('erase'), ['administrator']);
  assert.deepEqual(rolesMayActOnRecord('erase', 'address'), ['administrator']);
  // The auditor changes nothing, and a department member does not read the record.
  // (Writing to the record from a case is the case rule's to decide: a department member may, on a suggestion.)
  for (const act of RECORD_ACTS)
    for (const role of act === 'write' ? (['auditor'] as const) : (['auditor', 'department_member'] as const))
      assert.equal(
        recordActRefusal({ role }, act, { kind: 'record', mergedInto: null, erased: false })?.code,
        'forbidden_role',
      );
});

it('a record merged into another takes no restriction and no merge; it is still exported and erased', () => {
  const merged = { kind: 'record', mergedInto: 'kept', erased: false } as const;
  for (const act of ['restrict', 'lift_restriction', 'notify_restriction', 'merge'] as const)
    assert.deepEqual(recordActRefusal({ role: 'lead' }, act, merged)?.details, { context: 'record_merged' });
  assert.equal(recordActRefusal({ role: 'lead' }, 'export', merged), null);
  assert.equal(recordActRefusal({ role: 'administrator' }, 'erase', merged), null);
  // Who may not act is told so first, whatever the record.
  assert.equal(recordActRefusal({ role: 'agent' }, 'restrict', merged)?.code, 'forbidden_role');
});

it('checks a person or a token through a door, and lets the system acting by name (the command line) through', () => {
  const agent = { role: 'agent', userId: 'u1', departments: [], actor: 'user:u1' } as const;
  assert.throws(
    () => requireRecordAct(agent, 'erase'),
    (e: AccessError) => e.code === 'forbidden_role',
  );
  assert.throws(
    () => requireRecordAct(requesterRef({ actor: 'user:u1', staff: agent }), 'export', { kind: 'address' }),
    (e: AccessError) => e.code === 'forbidden_role',
  );
  requireRecordAct(agent, 'export', { kind: 'record', mergedInto: null, erased: false });
  requireRecordAct(requesterRef({ actor: 'cli' }), 'erase');
  requireRecordAct('cli', 'restrict', { kind: 'record', mergedInto: 'kept', erased: false });
});

it('an erased record takes no act at all, whoever asks, the command line too, with the reason said', () => {
  const erased = { kind: 'record', mergedInto: null, erased: true } as const;
  const erasedAndMerged = { kind: 'record', mergedInto: 'kept', erased: true } as const;
  for (const act of RECORD_ACTS) {
    // Every role the act is otherwise open to is told the record was erased.
    const roles = rolesMayActOnRecord(act);
    assert.ok(roles.length > 0, `${act} is open to some role`);
    for (const role of roles)
      for (const subject of [erased, erasedAndMerged])
        assert.deepEqual(
          recordActRefusal({ role }, act, subject)?.details,
          { context: 'record_erased' },
          act,
        );
    // The command line is run by the operator, whose role is not checked: an erased record is refused to it too.
    assert.throws(
      () => requireRecordAct('cli', act, erased),
      (e: AccessError) => e.code === 'already_in_state' && e.details?.context === 'record_erased',
      act,
    );
    // A record not erased is open to them as before.
    for (const role of roles)
      assert.equal(
        recordActRefusal({ role }, act, { kind: 'record', mergedInto: null, erased: false }),
        null,
      );
  }
  // Who may not act at all is told that first.
  assert.equal(recordActRefusal({ role: 'auditor' }, 'export', erased)?.code, 'forbidden_role');
});

it('writing to the record (its contact details, its language) is an act of the rule too', () => {
  assert.ok(RECORD_ACTS.includes('write'));
  assert.equal(
    recordActRefusal({ role: 'auditor' }, 'write', { kind: 'record', mergedInto: null, erased: false })?.code,
    'forbidden_role',
  );
});
