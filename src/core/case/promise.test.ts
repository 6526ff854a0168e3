// A promise is never in the past: whatever the receipt and the moment of writing, the date a text names is today
// or later; and the smaller rules around it (who can be answered, what is still missing, an empty letter).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { computeDeadlines } from '../calendar/business-calendar.ts';
import { isEmptyLetter } from '../intake/letter-form.ts';
import { missingNow } from './known-details.ts';
import { answerDateAhead, promiseForecast, renewedDeadline } from './promise.ts';
import { hasAddressToAnswer, waitsForAddress } from './reachability.ts';

const instant = (from: string, to: string) =>
  fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());

describe('promises', () => {
  it('property: the date promised at any moment is today or later, and the first date is kept when still ahead', () => {
    fc.assert(
      fc.property(
        instant('2026-01-01T00:00:00Z', '2027-12-01T00:00:00Z'),
        fc.integer({ min: 0, max: 90 * 86_400_000 }),
        (receivedAt, delay) => {
          const now = new Date(Date.parse(receivedAt) + delay).toISOString();
          const first = computeDeadlines(testCalendar, receivedAt, testPolicy);
          const f = promiseForecast(receivedAt, now, testCalendar, testPolicy);
          const today = testCalendar.localDate(now).toString();
          const promised = f.passed ? f.renewedAnswerByDate! : f.answerByDate;
          assert.ok(promised >= today, `${promised} is not before ${today}`);
          assert.equal(f.passed, !answerDateAhead(first, now));
          if (!f.passed) assert.equal(promised, first.answerByDate);
          else {
            const renewed = renewedDeadline(first, now, testCalendar, testPolicy);
            assert.equal(renewed.acknowledgeBy, first.acknowledgeBy, 'the acknowledgement deadline stays');
            assert.ok(answerDateAhead(renewed, now));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a date is ahead until the end of its local day', () => {
    const d = computeDeadlines(testCalendar, '2026-11-02T09:00:00.000Z', testPolicy);
    assert.equal(d.answerByDate, '2026-11-16');
    assert.equal(answerDateAhead(d, '2026-11-16T22:59:59.999Z'), true);
    assert.equal(answerDateAhead(d, '2026-11-16T23:00:00.000Z'), false);
  });
});

describe('who can be answered, what is still missing, an empty letter', () => {
  const none = { email: null, unreachableByEmail: false, postalAddress: null };
  it('an address is one usable e-mail address or a postal address with a line', () => {
    assert.equal(hasAddressToAnswer(none), false);
    assert.equal(hasAddressToAnswer({ ...none, email: 'a@example.org' }), true);
    assert.equal(hasAddressToAnswer({ ...none, email: 'a@example.org', unreachableByEmail: true }), false);
    assert.equal(hasAddressToAnswer({ ...none, email: 'a@x.org, b@y.org' }), false, 'never a list');
    assert.equal(hasAddressToAnswer({ ...none, postalAddress: ['', '  '] }), false);
    assert.equal(hasAddressToAnswer({ ...none, postalAddress: ['12 rue Haute'] }), true);
  });

  it('only an open, unacknowledged complaint with nothing to post waits "to address"', () => {
    const c = { kind: 'complaint', status: 'received', acknowledgedAt: null, lettersToPost: 0 };
    assert.equal(waitsForAddress(c, none), true);
    assert.equal(waitsForAddress({ ...c, kind: 'suggestion' }, none), false);
    assert.equal(waitsForAddress({ ...c, lettersToPost: 1 }, none), false);
    assert.equal(waitsForAddress({ ...c, status: 'closed' }, none), false);
    assert.equal(waitsForAddress(c, { ...none, postalAddress: ['1 Main Street'] }), false);
  });

  it('what the complainant’s record knows is not missing', () => {
    const known = { name: 'Jeanne Roux', email: 'j@example.fr', phone: null, postalAddress: null };
    assert.deepEqual(missingNow(['name', 'contact', 'expectations'], known), ['expectations']);
    assert.deepEqual(missingNow(['contact'], { ...known, email: null }), ['contact']);
    assert.deepEqual(missingNow(['contact'], null), ['contact']);
  });

  it('a letter with no scan, no name and no text is empty; any one of them is enough', () => {
    const empty = { hasScan: false, name: null, title: null, description: '  ', expectations: null };
    assert.equal(isEmptyLetter(empty), true);
    assert.equal(isEmptyLetter({ ...empty, hasScan: true }), false);
    assert.equal(isEmptyLetter({ ...empty, name: 'Luc' }), false);
    assert.equal(isEmptyLetter({ ...empty, description: 'Rien ne marche.' }), false);
  });
});
