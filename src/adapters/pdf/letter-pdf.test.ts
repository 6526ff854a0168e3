// Whatever a complainant typed, the letter's PDF is made: every class of code point, in the name, the address,
// the subject and the text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type LetterContent, renderLetterPdf } from './letter-pdf.ts';

const base: LetterContent = {
  organisation: 'Example Hosting GmbH',
  senderAddress: ['Beschwerdestelle', 'Hauptstraße 1', '79098 Freiburg'],
  recipient: ['Marie Martin', '12 rue des Lilas', '75011 Paris'],
  labels: { reference: 'Reference', date: 'Date', page: 'Page {{n}} of {{total}}' },
  reference: 'RC-2026-000001',
  date: '4 December 2026',
  subject: 'Your complaint',
  text: 'Dear Ms Martin,\n\nThank you.',
};

/** One sample of each kind of character that has broken or could break a PDF text. */
const SAMPLES: Record<string, string> = {
  'line feed': 'Marie\nMartin',
  'carriage return + line feed': 'Marie\r\nMartin',
  'carriage return': 'Marie\rMartin',
  'vertical tab, form feed': 'Marie\v\fMartin',
  'NUL and other C0 controls': 'Marie\u0000\u0001\u0007\u001B\u001FMartin',
  DEL: 'Marie\u007FMartin',
  'C1 controls (NEL)': 'Marie\u0080\u0085\u009FMartin',
  'line and paragraph separators': 'Marie\u2028\u2029Martin',
  'bidi controls': '\u202Eeiram\u202C \u2066Martin\u2069\u200E\u200F\u061C',
  'zero-width and soft hyphen': 'Ma\u200Brie\u00AD\u2060\uFEFF',
  tab: 'Marie\tMartin',
  'no-break and thin spaces': 'Marie\u00A0\u202F\u2009Martin',
  'combining marks alone': '\u0301\u0308Marie',
  'lone surrogates': 'Marie\uD800\uDC00x\uDFFF',
  'private use': 'Marie\uE000\u{F0000}',
  noncharacters: 'Marie\uFFFE\uFFFF\u{10FFFF}',
  emoji: 'Marie 😀👩‍👩‍👧 Martin',
  'Cyrillic, Greek, Arabic, CJK': 'Мария Μαρία ماري 玛丽',
  'Latin with strokes': 'Łukasz Đorđević ħ ı ŧ',
  'dollar and braces': '$& $1 {{name}} %s',
  'very long word': 'M'.repeat(5000),
};

describe('renderLetterPdf', () => {
  it('makes a PDF for every kind of character, wherever it is typed', async () => {
    for (const [kind, sample] of Object.entries(SAMPLES)) {
      for (const place of ['recipient', 'subject', 'text', 'organisation', 'senderAddress'] as const) {
        const content: LetterContent = {
          ...base,
          [place]: place === 'recipient' || place === 'senderAddress' ? [sample, sample] : sample,
        };
        const pdf = await renderLetterPdf(content).catch((e: Error) => {
          throw new Error(`${kind} in ${place}: ${e.message}`);
        });
        assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-', `${kind} in ${place}`);
      }
    }
  });

  it('whatever the name and address, the letter is made', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 4 }),
        async (name, lines) => {
          const pdf = await renderLetterPdf({ ...base, recipient: [name, ...lines], subject: name });
          assert.ok(pdf.byteLength > 500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
