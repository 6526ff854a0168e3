// parseMailDate reads the common form of a mail date by hand; parseMailDateByPattern is the reading by the
// patterns alone, kept as the reference: both must give the same instant (or null) for any value, the common
// form, its near misses and anything else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseMailDate, parseMailDateByPattern } from './mail-date.ts';

/** Pieces that dates are made of, and the near misses of each. */
const PIECES = [
  ' ',
  '  ',
  '\t',
  ',',
  ', ',
  ':',
  '.',
  '-',
  '+',
  '(',
  ')',
  'Mon, ',
  'Tue,',
  'thu, ',
  'x',
  'Mar',
  'mar',
  'MAR',
  'March',
  'Feb',
  'Foo',
  'Jun.',
  '0',
  '1',
  '2',
  '9',
  '12',
  '29',
  '30',
  '31',
  '32',
  '00',
  '2026',
  '1969',
  '99',
  '026',
  '10:15',
  '23:59:60',
  '24:00',
  '9:05',
  ':00',
  ':7',
  '.123',
  '+0100',
  '-0800',
  '+01:00',
  '+2460',
  '+0060',
  '+01000',
  '-00',
  'GMT',
  '(CET)',
  'pst',
  'Z',
];

/** A well-formed date of the common form, with every part drawn at random (some out of range). */
const commonForm = fc
  .record({
    lead: fc.constantFrom('', ' ', '\t ', ' by mx; '),
    dayName: fc.constantFrom('', 'Mon, ', 'Sun,', 'Fri, '),
    day: fc.integer({ min: 0, max: 35 }),
    pad: fc.boolean(),
    month: fc.constantFrom(
      'Jan',
      'feb',
      'MAR',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
      'Xyz',
    ),
    year: fc.integer({ min: 1960, max: 10_001 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.option(fc.integer({ min: 0, max: 61 })),
    sign: fc.constantFrom('+', '-'),
    zh: fc.integer({ min: 0, max: 25 }),
    zm: fc.integer({ min: 0, max: 61 }),
    tail: fc.constantFrom('', ' (CET)', ' (UTC)', '0', 'x'),
  })
  .map((d) => {
    const two = (n: number) => String(n).padStart(2, '0');
    const day = d.pad ? two(d.day) : String(d.day);
    const second = d.second === null ? '' : `:${two(d.second)}`;
    return `${d.lead}${d.dayName}${day} ${d.month} ${d.year} ${two(d.hour)}:${two(d.minute)}${second} ${d.sign}${two(d.zh)}${two(d.zm)}${d.tail}`;
  });

test('the common form read by hand gives what the patterns give', () => {
  fc.assert(
    fc.property(commonForm, (value) => {
      assert.equal(parseMailDate(value), parseMailDateByPattern(value));
    }),
    { numRuns: 20_000 },
  );
});

test('any value made of the pieces of dates gives what the patterns give', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { size: 'max', maxLength: 40 }).map((p) => p.join('')),
      (value) => {
        assert.equal(parseMailDate(value), parseMailDateByPattern(value));
      },
    ),
    { numRuns: 20_000 },
  );
});

test('a common date near the pattern’s 300 characters gives what the patterns give', () => {
  fc.assert(
    fc.property(commonForm, fc.integer({ min: 250, max: 300 }), (value, lead) => {
      const padded = ' '.repeat(lead) + value.trimStart();
      assert.equal(parseMailDate(padded), parseMailDateByPattern(padded));
    }),
    { numRuns: 5000 },
  );
});

test('dates of the common form', () => {
  assert.equal(parseMailDate('Mon, 2 Mar 2026 10:15:00 +0100'), '2026-03-02T09:15:00.000Z');
  assert.equal(parseMailDate(' Tue, 31 Dec 2024 23:59 -0800 (PST)'), '2025-01-01T07:59:00.000Z');
  assert.equal(parseMailDate('30 Feb 2026 10:00:00 +0000'), null);
  assert.equal(parseMailDate('2 Mar 2026 10:15:00 +2400'), null);
});
