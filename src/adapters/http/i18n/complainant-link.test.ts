// The complainant's page speaks FR, EN and DE: the same keys in each, with the same placeholders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complainantLinkDe } from './complainant-link.de.ts';
import { complainantLinkEn } from './complainant-link.en.ts';
import { complainantLinkFr } from './complainant-link.fr.ts';

function flat(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of flat(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('complainant page texts', () => {
  it('have the same keys and placeholders in FR, EN and DE', () => {
    const en = flat(complainantLinkEn);
    for (const other of [flat(complainantLinkFr), flat(complainantLinkDe)]) {
      assert.deepEqual([...other.keys()].sort(), [...en.keys()].sort());
      for (const [key, text] of en) assert.deepEqual(placeholders(other.get(key)!), placeholders(text), key);
    }
  });
});
