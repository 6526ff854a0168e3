// Who reads and who works the triage inbox: the rule the role table reads (inbox-access.ts).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { canHandleInbox, canReadInbox } from './inbox-access.ts';
import { ROLES } from './roles.ts';

it('the complaints team and management read and work the inbox, the auditor reads it, no one else', () => {
  assert.deepEqual(ROLES.filter(canReadInbox), ['agent', 'lead', 'management', 'auditor']);
  assert.deepEqual(ROLES.filter(canHandleInbox), ['agent', 'lead', 'management']);
  assert.equal(canReadInbox('administrator'), false);
  assert.equal(canReadInbox('department_member'), false);
});
