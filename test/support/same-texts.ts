// The check every set of texts in FR, EN and DE passes: the same keys in each language, none empty, and the same
// {{placeholders}} in each translation as in English (a lost placeholder would print a blank to a complainant).
import assert from 'node:assert/strict';

/** Every text of a nested set, by its dotted key. */
export function textsByKey(o: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of textsByKey(v as object, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

export function assertSameTexts(english: object, others: Record<string, object>): void {
  const en = textsByKey(english);
  for (const [name, messages] of Object.entries(others)) {
    const other = textsByKey(messages);
    assert.deepEqual([...other.keys()].sort(), [...en.keys()].sort(), `${name}: the same keys as English`);
    for (const [key, text] of other) {
      assert.ok(text.trim(), `${name}: ${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(en.get(key)!), `${name}: ${key} placeholders`);
    }
  }
}
