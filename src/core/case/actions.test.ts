import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolesMayAct } from '../access/case-access.ts';
import {
  actOfCommand,
  apiRouteKey,
  CASE_ACTION_NAMES,
  CASE_ACTIONS,
  offeredActions,
  webRouteKey,
} from './actions.ts';

describe('the case-action registry', () => {
  it('gives every command of an action the act of that action, and no command to two actions', () => {
    const seen = new Map<string, string>();
    for (const name of CASE_ACTION_NAMES)
      for (const command of CASE_ACTIONS[name].commands) {
        assert.equal(seen.get(command), undefined, `${command} belongs to ${seen.get(command)} and ${name}`);
        seen.set(command, name);
        assert.equal(actOfCommand(command), CASE_ACTIONS[name].act);
      }
    assert.equal(actOfCommand('mark_letter_posted'), 'post_letter');
    assert.equal(actOfCommand('file_correspondence'), 'file_correspondence');
  });

  it('names each action once on each door', () => {
    assert.equal(new Set(CASE_ACTION_NAMES.map(webRouteKey)).size, CASE_ACTION_NAMES.length);
    assert.equal(new Set(CASE_ACTION_NAMES.map(apiRouteKey)).size, CASE_ACTION_NAMES.length);
  });

  it('lets the complaints team and management handle cases, the team forward, a department its suggestions', () => {
    assert.deepEqual(rolesMayAct('note'), ['agent', 'lead', 'management']);
    assert.deepEqual(rolesMayAct('forward'), ['agent', 'lead']);
    assert.deepEqual(rolesMayAct('suggestion_done'), ['agent', 'lead', 'department_member']);
    assert.deepEqual(rolesMayAct('assign'), ['agent', 'lead', 'management']);
    // Whoever handles the case changes its kind (management its step-2 complaints); never an auditor or a department.
    assert.deepEqual(rolesMayAct('reclassify'), ['agent', 'lead', 'management']);
  });

  it('offers what the core accepts, nothing on a merged case, and nothing written without an address', () => {
    const all = {
      merged: false,
      accepts: () => true,
      extensible: true,
      reachable: true,
      lettersToPost: false,
    };
    assert.deepEqual([...offeredActions(all)].sort(), [...CASE_ACTION_NAMES].sort());
    assert.equal(offeredActions({ ...all, merged: true }).size, 0);
    const unreachable = offeredActions({ ...all, reachable: false });
    for (const name of CASE_ACTION_NAMES)
      assert.equal(unreachable.has(name), !CASE_ACTIONS[name].writesToComplainant, name);
    assert.equal(offeredActions({ ...all, lettersToPost: true }).has('acknowledge'), false);
    assert.equal(offeredActions({ ...all, extensible: false }).has('extend'), false);
    const none = offeredActions({ ...all, accepts: () => false, extensible: false });
    assert.deepEqual([...none], ['merge']);
  });
});
