// The template preview's rule: a real case for whom may read it, the sample for the others, and a reference the
// person may not read answered as one that names no case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templatePreviewSource } from './template-preview.ts';

const complaint = { kind: 'complaint', department: null } as const;
const billing = { kind: 'suggestion', department: 'Billing' } as const;

describe('which case a template preview is rendered with', () => {
  it('renders on the case for whom may read it, on the sample for an administrator whatever is named', () => {
    const agent = { role: 'agent', userId: 'a', departments: [] } as const;
    const admin = { role: 'administrator', userId: 'b', departments: [] } as const;
    assert.equal(templatePreviewSource(agent, complaint, true), 'case');
    assert.equal(templatePreviewSource(agent, complaint, false), 'case');
    assert.equal(templatePreviewSource(admin, complaint, true), 'sample');
    assert.equal(templatePreviewSource(admin, complaint, false), 'sample');
    assert.equal(templatePreviewSource(admin, null, true), 'sample', 'no hint which references exist');
    assert.equal(templatePreviewSource(agent, null, true), 'not_found');
    assert.equal(templatePreviewSource(agent, null, false), 'sample');
  });

  it('answers a department member naming a complaint as it answers a reference that names nothing', () => {
    const member = { role: 'department_member', userId: 'm', departments: ['Billing'] } as const;
    assert.equal(templatePreviewSource(member, billing, true), 'case');
    assert.equal(templatePreviewSource(member, complaint, true), 'not_found');
    assert.equal(templatePreviewSource(member, null, true), 'not_found');
    assert.equal(templatePreviewSource(member, complaint, false), 'sample');
  });
});
