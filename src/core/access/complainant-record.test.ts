// Who is shown a complainant's restrictions and record: everyone who handles or audits complaints, and
// administrators (a person's requests about their data); not a department member, who handles one suggestion.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readsComplainantRecord } from './complainant-record.ts';
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
