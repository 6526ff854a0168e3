// The staff pages' dates (staff-components.ts localDayText, components.ts when/whenText) as French and German write
// the first of the month: "1er juin", "1. Juni"; the other days plain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { whenText } from './components.ts';
import { localDayText } from './staff-components.ts';

describe('staff pages’ dates', () => {
  it('write the first of the month in French as 1er, the other days plain, and German as 1.', () => {
    assert.equal(localDayText('fr', '2026-06-01'), '1er juin 2026');
    assert.equal(localDayText('fr', '2026-06-01', true), 'lundi 1er juin 2026');
    assert.equal(localDayText('fr', '2026-06-02', true), 'mardi 2 juin 2026');
    assert.equal(localDayText('de', '2026-06-01', true), 'Montag, 1. Juni 2026');
    // 22:30 UTC on 31 May is the first of June in Paris.
    assert.equal(whenText('fr', 'Europe/Paris', '2026-05-31T22:30:00.000Z'), '1er juin 2026, 00:30');
    assert.equal(whenText('fr', 'Europe/Paris', '2026-06-11T08:00:00.000Z'), '11 juin 2026, 10:00');
  });
});
