import assert from 'node:assert/strict';
import { it } from 'node:test';
import { newRecordId } from './ids.ts';

it('record ids are version-7 UUIDs, unique, and ordered by the millisecond they were made in', async () => {
  const first = Array.from({ length: 3000 }, () => newRecordId());
  await new Promise((r) => setTimeout(r, 5));
  const later = newRecordId();
  assert.equal(new Set(first).size, first.length);
  for (const id of first)
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // The first 12 hex digits are the millisecond: never decreasing, and a later id sorts after all of them.
  const ms = first.map((id) => id.replace('-', '').slice(0, 12));
  for (let i = 1; i < ms.length; i++) assert.ok(ms[i]! >= ms[i - 1]!);
  assert.ok(first.every((id) => id < later));
});
