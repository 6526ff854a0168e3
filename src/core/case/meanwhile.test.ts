// The rule that says whether what happened to a case since a page was made conflicts with the act sent from it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CASE_ACTION_NAMES } from './actions.ts';
import { checksMeanwhile, conflictsMeanwhile } from './meanwhile.ts';

const TYPES = [
  'assigned',
  'categorised',
  'note_added',
  'answered',
  'replied',
  'extended',
  'closed',
  'flagged',
];
const ACTORS = [
  'user:me',
  'user:colleague',
  'token:integration',
  'system',
  'mailbox:complaints',
  'complainant:x',
];
const event = fc.record({ type: fc.constantFrom(...TYPES), actor: fc.constantFrom(...ACTORS) });

describe('acts meanwhile', () => {
  it('never refuses for what the person did themselves, the system or the complainant, nor for a note', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_ACTION_NAMES), fc.array(event), (act, since) => {
        for (const e of conflictsMeanwhile(act, since, 'user:me')) {
          assert.ok(e.actor === 'user:colleague' || e.actor === 'token:integration');
          assert.notEqual(e.type, 'note_added');
          assert.notEqual(e.type, 'flagged');
        }
        if (act === 'note') assert.deepEqual(conflictsMeanwhile(act, since, 'user:me'), []);
      }),
    );
  });

  it('refuses the acts that undo or repeat a colleague’s act', () => {
    const by = (type: string) => [{ type, actor: 'user:colleague' }];
    assert.equal(conflictsMeanwhile('assign', by('assigned'), 'user:me').length, 1);
    assert.equal(conflictsMeanwhile('categorise', by('categorised'), 'user:me').length, 1);
    for (const act of ['answer', 'extend', 'close', 'request_information', 'escalate', 'reply'] as const)
      assert.equal(conflictsMeanwhile(act, by('answered'), 'user:me').length, 1, act);
    assert.equal(conflictsMeanwhile('assign', by('categorised'), 'user:me').length, 0);
    assert.equal(checksMeanwhile('note'), false);
  });
});
