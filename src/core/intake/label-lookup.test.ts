import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FIELD_LABELS, fieldOfLabel, type LabelledField } from './labels.ts';

const INDEX = new Map<string, LabelledField>();
for (const [field, labels] of Object.entries(FIELD_LABELS) as [LabelledField, readonly string[]][])
  for (const label of labels) INDEX.set(label, field);

/** The lookup said the long way: every cleaning step on every label, then the label without its end mark. */
function cleanedThenLookedUp(folded: string): LabelledField | null {
  const label = folded
    .replace(/^[-*•\s]+/, '')
    .replace(/[*\s]+$/, '')
    .replace(
      /\s*\((optionnel|optional|facultatif|freiwillig|falls vorhanden|if any|le cas echeant|required|obligatoire|pflichtfeld|erforderlich)\)$/,
      '',
    )
    .replace(/[’‘]/g, "'")
    .trim();
  return INDEX.get(label) ?? INDEX.get(label.replace(/\s*[.:?]+$/, '').replace(/[*\s]+$/, '')) ?? null;
}

test('a label is found with or without the decorations forms put around it', () => {
  const known = fc.constantFrom(...INDEX.keys());
  const around = fc.constantFrom(
    '',
    ' ',
    '*',
    ' *',
    '-',
    '• ',
    ':',
    ' :',
    '?',
    ' ?',
    '.',
    ' (optional)',
    '’',
    '\t',
  );
  const label = fc
    .tuple(around, fc.oneof(known, fc.string({ maxLength: 6 })), around, around)
    .map(([a, l, b, c]) => `${a}${l}${b}${c}`);
  fc.assert(
    fc.property(label, (l) => {
      assert.equal(fieldOfLabel(l), cleanedThenLookedUp(l));
    }),
    { numRuns: 20000 },
  );
});
