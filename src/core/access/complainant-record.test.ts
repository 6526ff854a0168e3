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
  for (const act of RECORD_ACTS)
    for (const role of ['auditor', 'department_member'] as const)
      assert.equal(
        recordActRefusal({ role }, act, { kind: 'record', mergedInto: null })?.code,
        'forbidden_role',
      );
});

it('a record merged into another takes no restriction and no merge; it is still exported and erased', () => {
  const merged = { kind: 'record', mergedInto: 'kept' } as const;
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
  requireRecordAct(agent, 'export', { kind: 'record', mergedInto: null });
  requireRecordAct(requesterRef({ actor: 'cli' }), 'erase');
  requireRecordAct('cli', 'restrict', { kind: 'record', mergedInto: 'kept' });
});
