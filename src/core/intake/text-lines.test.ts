// The shared lines of a text (text-lines.ts) and the rules that now read them instead of splitting and folding
// the text themselves: each gives what its former reading gave, kept here as the reference, for random texts
// made of the lines that mail is made of (greetings, closings, names, form footers, accents, odd spaces).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalAddress, isOneAddress, storedAddress } from './addresses.ts';
import { fold } from './fold.ts';
import { FORM_FOOTER, withoutFormFooter } from './form-relay.ts';
import { bareLabel, labelLine } from './labelled-fields.ts';
import { fieldOfLabel } from './labels.ts';
import {
  afterGreeting,
  isClosing,
  isFoldedGreeting,
  looksLikeName,
  readLetter,
  signOffBlock,
  toProse,
  withoutTrailingPunctuation,
} from './letter.ts';
import { joinedLines, linesOf } from './text-lines.ts';

/** Lines as mail has them: letters' courtesies, names, footers, labels, odd spacing and characters. */
const LINE_PARTS = [
  '',
  ' ',
  'Bonjour,',
  'Bonjour Madame, je vous écris au sujet de ma facture',
  'Madame, Monsieur,',
  'Sehr geehrte Damen und Herren,',
  'Dear Sir or Madam,',
  'Hello team, please refund the invoice now',
  'Cordialement,',
  'Mit freundlichen Grüßen',
  'Kind regards, Jean Dupont',
  'Merci d’avance pour votre aide.',
  'Jean Dupont',
  'Marie-Claire Müller',
  'Anne',
  'Tél. 01 23 45 67 89',
  'jean@example.fr',
  'www.dupont-bois.fr',
  'Le site ne répond plus depuis hier.',
  'Ich möchte eine Erstattung.',
  'Nom : Dupont',
  '| Message |',
  '--- Name ---',
  'Cet e-mail a été envoyé via le formulaire de contact de Exemple',
  '(Sent via WPForms)',
  'Powered by Typeform',
  '-- ',
  '> quoted',
  '\u00A0indented\u00A0',
  'soft\u00ADhyphen',
  'tab\there',
  'trailing spaces   ',
  'ΟΔΟΣ Σ',
  'e\u0301te\u0301',
  '\u202Fn°\u202F123456',
  'Ticket–Nr.: 654321!!',
  '  ,.! ',
];

const line = fc.oneof(
  fc.constantFrom(...LINE_PARTS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const lines = fc.array(line, { maxLength: 14 });

test('the folding of a text made from its folded lines is fold() of the text', () => {
  fc.assert(
    fc.property(lines, (ls) => {
      const text = ls.join('\n');
      assert.equal(linesOf(text).foldedText(), fold(text));
      // The same when the lines come folded from a rule before.
      const handed = joinedLines(
        ls,
        ls.map((l) => fold(l)),
      );
      assert.equal(handed.foldedText(), fold(text));
      assert.equal(handed.text, text);
      assert.deepEqual(handed.raw, text.split('\n'));
    }),
    { numRuns: 2000 },
  );
});

test('trimmed and blank lines are those of the text split on line breaks', () => {
  fc.assert(
    fc.property(lines, (ls) => {
      const text = ls.join('\n');
      const model = linesOf(text);
      const raw = text.split('\n');
      assert.deepEqual(model.raw, raw);
      for (let i = 0; i <= raw.length; i++) {
        assert.equal(model.trimmed(i), (raw[i] ?? '').trim());
        assert.equal(model.blank(i), !/\S/.test(raw[i] ?? ''));
        assert.equal(model.folded(i), fold(raw[i] ?? ''));
      }
    }),
    { numRuns: 1000 },
  );
});

test('the end of a line is trimmed of spaces and punctuation as the pattern did', () => {
  const tail = fc.constantFrom(' ', ',', '.', '!', '\t', '\u00A0', '\u2003', '?', 'a', 'é');
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), fc.array(tail, { maxLength: 8 }), (head, tails) => {
      const text = head + tails.join('');
      assert.equal(withoutTrailingPunctuation(text), text.replace(/[\s,.!]+$/, ''));
    }),
    { numRuns: 3000 },
  );
});

/** The form footer as it was read: each line split and folded again, its quotes made plain again. */
function formerWithoutFormFooter(text: string): string {
  if (
    !/(form|formul|powered|propuls|gener|bereitgestellt|erstellt|submitted|envoy|sent|gesendet)/i.test(text)
  )
    return text;
  const ls = text.split('\n');
  const kept = ls.filter((l) => l.length > 300 || !FORM_FOOTER.test(fold(l).replace(/[’‘]/g, "'")));
  return kept.length === ls.length ? text : kept.join('\n');
}

test('a form footer is removed as before', () => {
  fc.assert(
    fc.property(lines, (ls) => {
      const text = ls.join('\n');
      assert.equal(withoutFormFooter(text), formerWithoutFormFooter(text));
    }),
    { numRuns: 2000 },
  );
});

/** readLetter as it was: the text split again, each line folded again, the greeting line spliced out. */
function formerReadLetter(text: string): { content: string; signedName: string | null } {
  const ls = text.split('\n');
  let seen = 0;
  for (let i = 0; i < ls.length && seen < 3; i++) {
    if (!(ls[i] ?? '').trim()) continue;
    seen++;
    const rest = afterGreeting(ls[i] ?? '');
    if (rest) {
      ls[i] = rest;
      break;
    }
    if (isFoldedGreeting(fold(ls[i] ?? ''))) {
      ls.splice(i, 1);
      break;
    }
  }
  let start = 0;
  while (start < ls.length && (ls[start] ?? '').trim() === '') start++;
  const nonEmptyAfter = new Array<number>(ls.length).fill(0);
  for (let i = ls.length - 2; i >= 0; i--)
    nonEmptyAfter[i] = (nonEmptyAfter[i + 1] ?? 0) + ((ls[i + 1] ?? '').trim() ? 1 : 0);
  let end = ls.length;
  let signedName: string | null = null;
  for (let i = start; i < ls.length; i++) {
    const l = ls[i] ?? '';
    if (!l.trim() || (nonEmptyAfter[i] ?? 0) > 8) continue;
    const sameLine = /^([^,]{2,40}),\s*(.+)$/.exec(l.trim());
    if (isClosing(l) || (sameLine && isClosing(sameLine[1] ?? '') && looksLikeName(sameLine[2] ?? ''))) {
      end = i;
      if (sameLine && looksLikeName(sameLine[2] ?? '')) signedName = (sameLine[2] ?? '').trim();
      else {
        const next = ls.slice(i + 1).find((x) => x.trim());
        if (next && looksLikeName(next)) signedName = next.trim().replace(/[,.]$/, '');
      }
      break;
    }
  }
  if (end === ls.length) {
    const block = signOffBlock(ls, start);
    if (block) {
      end = block.at;
      signedName = block.name;
    }
  }
  return { content: ls.slice(start, end).join('\n').trim(), signedName };
}

test('a letter is read as before, whether or not another rule split its text first', () => {
  fc.assert(
    fc.property(lines, fc.boolean(), (ls, splitBefore) => {
      const text = ls.join('\n');
      if (splitBefore) linesOf(text).foldedText();
      assert.deepEqual(readLetter(text), formerReadLetter(text));
    }),
    { numRuns: 3000 },
  );
});

test('prose is made as before from the shared lines', () => {
  fc.assert(
    fc.property(lines, (ls) => {
      const text = ls.join('\n');
      const former: string[] = [];
      let current: string[] = [];
      for (const raw of text.split('\n')) {
        const l = raw.replace(/\s+/g, ' ').trim();
        if (!l) {
          if (current.length) former.push(current.join('\n'));
          current = [];
        } else if (current.length && !/^\s*([-*•–]|\d+[.)])\s+/.test(l))
          current[current.length - 1] += ` ${l}`;
        else current.push(l);
      }
      if (current.length) former.push(current.join('\n'));
      assert.equal(toProse(text), former.join('\n\n'));
    }),
    { numRuns: 1000 },
  );
});

/** A labelled line read as before: the bar pattern and the separator search run on every line. */
function formerLabelLine(line: string): { field: string; value: string } | null {
  const trimmed = line.trim().replace(/^\|\s*/, '');
  const at = trimmed.search(/[|:：\t]/);
  if (at <= 0 || at > 200) return null;
  let start = at;
  while (start > 0 && /\s/.test(trimmed[start - 1] ?? '')) start--;
  if (start === 0 || start > 45) return null;
  let end = at + 1;
  while (end < trimmed.length && /\s/.test(trimmed[end] ?? '')) end++;
  const field = fieldOfLabel(fold(trimmed.slice(0, start)));
  if (!field) return null;
  const rest = trimmed.slice(end).trimEnd();
  const value = rest.endsWith('|') ? rest.slice(0, -1).trimEnd() : rest;
  return { field, value: value.trim() };
}

/** A bare label read as before: both patterns run on every line. */
function formerBareLabel(line: string): string | null {
  if (line.length > 100) return null;
  const trimmed = line
    .trim()
    .replace(/^\|\s*|\s*\|$/g, '')
    .replace(/^-{2,}\s*|\s*-{2,}$/g, '')
    .trim();
  if (!trimmed || !/^[^.,;:!<>@/=]{1,70}\??$/.test(trimmed) || trimmed.split(' ').length > 10) return null;
  const field = fieldOfLabel(fold(trimmed));
  return field === 'other' || field === 'meta' ? null : field;
}

test('labelled lines and bare labels are read as before', () => {
  const label = fc.constantFrom(
    'Nom',
    'Name',
    'E-mail',
    'Ticket-Nr.',
    'Domaine',
    'Message',
    'Your Message',
    'x',
  );
  const edge = fc.constantFrom('', ' ', '|', '| ', ' |', '--', '--- ', ' ---', '-', '\t');
  const sep = fc.constantFrom(':', ' : ', '|', ' | ', '\t', '：', '', ' ');
  const labelled = fc
    .tuple(edge, label, sep, fc.oneof(line, fc.string({ maxLength: 300 })), edge)
    .map((parts) => parts.join(''));
  fc.assert(
    fc.property(fc.oneof(labelled, line), (l) => {
      assert.deepEqual(labelLine(l), formerLabelLine(l));
      assert.equal(bareLabel(l), formerBareLabel(l));
    }),
    { numRuns: 5000 },
  );
});

test('a stored address is the same whether it was asked before or not', () => {
  const address = fc.oneof(
    fc.constantFrom(
      'Jean@Example.FR',
      ' jean@example.fr ',
      'a@b',
      'x@xn--caf-dma.fr',
      '',
      'no address',
      'é@exämple.de',
      '"J..Doe"@Client.example',
    ),
    fc.emailAddress(),
    fc.string({ maxLength: 30 }),
  );
  fc.assert(
    fc.property(fc.array(address, { maxLength: 12 }), (asked) => {
      for (const value of asked) {
        const trimmed = value.trim().normalize('NFC').toLowerCase();
        assert.equal(storedAddress(value), canonicalAddress(trimmed));
        assert.equal(storedAddress(value) !== null, isOneAddress(trimmed));
      }
    }),
    { numRuns: 2000 },
  );
});
