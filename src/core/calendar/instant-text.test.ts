// The instants written and read by hand give what Date gives: toISOString for any count of milliseconds, and
// Date.parse for any text, of the plain form or near it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { epochMsOfIso, isoOfEpochMs } from './instant-text.ts';

const MAX_MS = 8.64e15;

test('isoOfEpochMs writes what toISOString writes', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: 0, max: 253_402_300_800_000 + 10 }),
        fc.integer({ min: -MAX_MS, max: MAX_MS }),
        fc.constantFrom(0, -1, 951_782_400_000, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000),
        fc.double({ min: -1e14, max: 1e14, noNaN: true }),
      ),
      (ms) => {
        assert.equal(isoOfEpochMs(ms), new Date(ms).toISOString());
      },
    ),
    { numRuns: 20_000 },
  );
  assert.throws(() => isoOfEpochMs(Number.NaN), RangeError);
  assert.throws(() => isoOfEpochMs(MAX_MS + 1), RangeError);
});

/** Pieces of instants, most of them out of range somewhere. */
const FIELD = (width: number, max: number) =>
  fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, '0').slice(-width));

const nearPlain = fc
  .record({
    year: fc.oneof(FIELD(4, 9999), fc.constantFrom('1969', '1970', '2000', '2100', '2024', '0099', '+2026')),
    month: FIELD(2, 13),
    day: FIELD(2, 32),
    hour: FIELD(2, 25),
    minute: FIELD(2, 60),
    second: FIELD(2, 61),
    milli: fc.oneof(FIELD(3, 999), fc.constantFrom('0', '12', '1234', 'abc')),
    zone: fc.constantFrom('Z', 'Z', 'Z', 'z', '+00:00', '+01:00', ''),
    t: fc.constantFrom('T', 'T', 't', ' '),
  })
  .map((p) => `${p.year}-${p.month}-${p.day}${p.t}${p.hour}:${p.minute}:${p.second}.${p.milli}${p.zone}`);

test('epochMsOfIso reads what Date.parse reads', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        nearPlain,
        fc.string({ maxLength: 40 }),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      (text) => {
        assert.equal(epochMsOfIso(text), Date.parse(text));
      },
    ),
    { numRuns: 20_000 },
  );
});
