import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AnchorListEntry,
  anchorEntryKey,
  anchorListDifference,
  anchorListRecorder,
  parseAnchorListRecord,
} from './anchor-list.ts';

const entries = (n: number, prefix = 'row'): AnchorListEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(6, '0')}`,
    seal: i % 3 ? `${i}`.padStart(64, 'a') : null,
  }));

function record(list: readonly AnchorListEntry[]) {
  const r = anchorListRecorder();
  for (const e of list) r.add(e);
  return r.finish();
}

const hex = (keys: readonly Buffer[]) => keys.map((k) => k.toString('hex')).sort();

describe('the record of the list of rows written before the anchor', () => {
  it('is the same for the same list, and its particulars read back', () => {
    const list = entries(1000);
    const a = record(list);
    assert.deepEqual(record(list), a);
    assert.deepEqual(anchorListDifference(a, record(list)), { same: true });
    assert.deepEqual(parseAnchorListRecord(JSON.parse(JSON.stringify(a)) as Record<string, unknown>), a);
    assert.equal(parseAnchorListRecord({ format: 'other' }), null);
  });

  it('names the entries added, removed or changed', () => {
    const list = entries(5000);
    const recorded = record(list);
    const forged = { id: 'forged-row', seal: 'f'.repeat(64) };
    const changed = { id: list[10]!.id, seal: 'c'.repeat(64) };
    const now = [...list.slice(0, 10), changed, ...list.slice(11, 20), ...list.slice(21), forged];
    const d = anchorListDifference(recorded, record(now));
    assert.equal(d.same, false);
    if (d.same) return;
    assert.equal(d.complete, true);
    assert.deepEqual(hex(d.added), hex([anchorEntryKey(forged), anchorEntryKey(changed)]));
    assert.deepEqual(hex(d.removed), hex([anchorEntryKey(list[10]!), anchorEntryKey(list[20]!)]));
  });

  it('names up to a hundred entries, and says when it cannot name them all', () => {
    const list = entries(2000);
    const recorded = record(list);
    const added = entries(100, 'added');
    const d = anchorListDifference(recorded, record([...list, ...added]));
    assert.ok(!d.same && d.complete);
    assert.deepEqual(hex(d.added), hex(added.map(anchorEntryKey)));
    const many = anchorListDifference(recorded, record([...list, ...entries(1000, 'many')]));
    assert.ok(!many.same && !many.complete);
  });

  it('finds entries moved in the list, which its sums alone do not show', () => {
    const list = entries(50);
    const moved = [list[1]!, list[0]!, ...list.slice(2)];
    const d = anchorListDifference(record(list), record(moved));
    assert.deepEqual(d, { same: false, added: [], removed: [], complete: false });
  });
});
