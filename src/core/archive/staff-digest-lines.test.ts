import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  holdsLinesAbout,
  linesAbout,
  linesDigest,
  redactedItem,
  redactLinesAbout,
  withoutLinesAbout,
} from './staff-digest-lines.ts';

const ADA = 'RC-2017-000001';
const BERT = 'RC-2017-000002';
const digest = [
  'Good morning,',
  '',
  'These cases need attention:',
  '',
  `- ${ADA} "Quirin-9931 invoice": answer overdue`,
  '  https://redress.example/cases/0b5e0c4e-1111-4111-8111-000000000001',
  `- ${BERT} "Wendling-5517 parcel": answer overdue`,
  '  https://redress.example/cases/0b5e0c4e-2222-4222-8222-000000000002',
  `- ${ADA} "Adalgisa Quirin": restriction to review`,
  '  https://redress.example/cases/0b5e0c4e-1111-4111-8111-000000000001',
  '',
  'Redress, Example',
].join('\n');

describe('a digest losing one case’s items', () => {
  it('replaces each of her items by its marker and keeps his', () => {
    const text = redactLinesAbout(digest, ADA);
    assert.ok(!text.includes('Quirin'));
    assert.equal(text.split('\n').filter((l) => l === redactedItem(ADA)).length, 2);
    assert.ok(text.includes(`- ${BERT} "Wendling-5517 parcel": answer overdue`));
    assert.ok(text.includes('cases/0b5e0c4e-2222-4222-8222-000000000002'), 'his link stays');
    assert.ok(!text.includes('cases/0b5e0c4e-1111'), 'hers goes');
    assert.equal(redactLinesAbout(text, ADA), text, 'applying it again changes nothing');
    assert.ok(holdsLinesAbout(digest, ADA));
    assert.ok(!holdsLinesAbout(text, ADA));
    assert.ok(holdsLinesAbout(text, BERT));
  });

  it('finds an item an administrator’s template indented or put words before', () => {
    const edited = digest.replace(`- ${ADA} "Quirin`, `Cases: - ${ADA} "Quirin`);
    assert.ok(!redactLinesAbout(edited, ADA).includes('Quirin'));
    const indented = digest.replace(`- ${ADA} "Quirin`, `    - ${ADA} "Quirin`);
    assert.ok(!redactLinesAbout(indented, ADA).includes('Quirin'));
  });

  it('keeps what is around the items and his items’ digest the same when hers go', () => {
    const text = redactLinesAbout(digest, ADA);
    assert.equal(withoutLinesAbout(text, [ADA, BERT]), withoutLinesAbout(digest, [ADA, BERT]));
    assert.equal(linesDigest(linesAbout(text, BERT)), linesDigest(linesAbout(digest, BERT)));
    assert.notEqual(linesDigest(linesAbout(text, ADA)), linesDigest(linesAbout(digest, ADA)));
    assert.match(linesDigest('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
