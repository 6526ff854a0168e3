// Dates written out for a reader (written-date.ts): French writes the first of the month "1er" and every other day
// as a plain number; the other languages keep what Intl writes (German "1. Juni"); numeric dates stay numeric.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { writtenDate } from './written-date.ts';

const STYLES: Intl.DateTimeFormatOptions[] = [
  { dateStyle: 'medium' },
  { dateStyle: 'long' },
  { dateStyle: 'full' },
  { dateStyle: 'medium', timeStyle: 'short' },
  { dateStyle: 'long', timeStyle: 'short' },
  { dateStyle: 'short' },
];

describe('written dates', () => {
  it('property: in French the first is "1er", other days plain numbers; German and English as Intl writes them', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2060-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...STYLES),
        fc.constantFrom('Europe/Berlin', 'Europe/Paris', 'UTC', 'America/Montreal'),
        (date, style, timeZone) => {
          const fr = new Intl.DateTimeFormat('fr', { ...style, timeZone });
          const day = Number(new Intl.DateTimeFormat('en', { day: 'numeric', timeZone }).format(date));
          const text = writtenDate(fr, date);
          if (style.dateStyle === 'short') {
            assert.equal(text, fr.format(date), 'a numeric date stays as it is');
            return;
          }
          assert.doesNotMatch(text, /\b1e\b|\b\d+e\b/, text);
          if (day === 1) assert.match(text, /(^|\s)1er\s/, text);
          else {
            assert.match(text, new RegExp(`(^|\\s)${day}\\s`), text);
            assert.doesNotMatch(text, /\d+er\b/, text);
          }
          for (const lang of ['de', 'en', 'en-GB', 'de-DE']) {
            const f = new Intl.DateTimeFormat(lang, { ...style, timeZone });
            assert.equal(writtenDate(f, date), f.format(date));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('writes 1er juin in French and 1. Juni in German', () => {
    const june = Date.UTC(2026, 5, 1, 12);
    const fr = (o: Intl.DateTimeFormatOptions) =>
      writtenDate(new Intl.DateTimeFormat('fr-FR', { ...o, timeZone: 'UTC' }), june);
    assert.equal(fr({ dateStyle: 'long' }), '1er juin 2026');
    assert.equal(fr({ dateStyle: 'full' }), 'lundi 1er juin 2026');
    assert.equal(fr({ dateStyle: 'medium', timeStyle: 'short' }), '1er juin 2026, 12:00');
    assert.equal(
      writtenDate(new Intl.DateTimeFormat('de', { dateStyle: 'long', timeZone: 'UTC' }), june),
      '1. Juni 2026',
    );
  });
});
