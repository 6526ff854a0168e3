import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainPace, domainOf } from './send-pace.ts';

describe('the pace per destination domain', () => {
  it('starts messages to one domain at most `rate` a second, and never makes one domain wait for another', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ domain: fc.constantFrom('a.example', 'b.example', 'c.example'), after: fc.nat(300) }),
          { minLength: 1, maxLength: 200 },
        ),
        fc.integer({ min: 1, max: 50 }),
        (bookings, rate) => {
          const pace = new DomainPace({ perDomainPerSecond: rate, domainRates: { 'c.example': 1000 } });
          const starts = new Map<string, number[]>();
          let now = 0;
          for (const b of bookings) {
            now += b.after;
            const expected = pace.waitMs(b.domain, now);
            const wait = pace.book(b.domain, now);
            assert.equal(wait, expected, 'waitMs says what book() will give');
            assert.ok(wait >= 0);
            // A message waits only for the one before it to the same domain, and no longer than needed.
            const previous = starts.get(b.domain)?.at(-1);
            const interval = 1000 / (b.domain === 'c.example' ? 1000 : rate);
            assert.equal(now + wait, previous === undefined ? now : Math.max(now, previous + interval));
            starts.set(b.domain, [...(starts.get(b.domain) ?? []), now + wait]);
          }
          for (const [domain, list] of starts) {
            const interval = 1000 / (domain === 'c.example' ? 1000 : rate);
            for (let i = 1; i < list.length; i++)
              assert.ok(
                list[i]! - list[i - 1]! >= interval - 1e-9,
                `${domain}: ${list[i - 1]} then ${list[i]}`,
              );
          }
        },
      ),
    );
  });

  it('sends at once to a domain with nothing booked', () => {
    const pace = new DomainPace({ perDomainPerSecond: 1, domainRates: {} });
    assert.equal(pace.book('a.example', 5000), 0);
    assert.equal(pace.book('b.example', 5000), 0);
    assert.equal(pace.book('a.example', 5000), 1000);
    assert.equal(pace.book('a.example', 7000), 0);
  });

  it('reads the domain of an address in lower case', () => {
    assert.equal(domainOf('Jean.Dupont@Exemple.FR'), 'exemple.fr');
    assert.equal(domainOf('"a@b"@c.example'), 'c.example');
  });
});
