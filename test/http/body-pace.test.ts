// The pace of a form's body over its last seconds (uploads.ts BodyPace), which cuts a body that drips in: a body
// that keeps above the minimum rate is never too slow, however it varies; one that stops for a whole window while
// Redress reads it always is; and the time Redress did not read it is never held against it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BodyPace } from '../../src/adapters/http/uploads.ts';

const WINDOW = 10_000;
const LATE = 3_000;
const MIN = 1024;

/** Looks at a body: the milliseconds since the previous look, the bytes it brought meanwhile, whether it was read. */
const look = fc.record({
  dt: fc.integer({ min: 1, max: LATE }),
  extra: fc.nat({ max: 50_000 }),
  reading: fc.boolean(),
});

describe('the pace of a body', () => {
  it('never finds too slow a body that brings at least the minimum rate between any two looks', () => {
    fc.assert(
      fc.property(fc.array(look, { maxLength: 200 }), (looks) => {
        const pace = new BodyPace({ minRate: MIN, windowMs: WINDOW, lateMs: LATE, at: 0, read: 0 });
        let at = 0;
        let read = 0;
        for (const l of looks) {
          at += l.dt;
          read += Math.ceil((MIN * l.dt) / 1000) + l.extra;
          assert.equal(pace.tooSlow(at, read, l.reading), false);
        }
      }),
    );
  });

  it('finds too slow a body that, read and looked at on time, brings nothing for a whole window', () => {
    fc.assert(
      fc.property(
        fc.array(look, { maxLength: 50 }),
        fc.array(fc.integer({ min: 1, max: LATE }), { minLength: 1, maxLength: 100 }),
        (before, stall) => {
          const pace = new BodyPace({ minRate: MIN, windowMs: WINDOW, lateMs: LATE, at: 0, read: 0 });
          let at = 0;
          let read = 0;
          for (const l of before) {
            at += l.dt;
            read += l.extra;
            pace.tooSlow(at, read, l.reading);
          }
          // The stall begins with a look while the body is read; nothing arrives from then on.
          at += 1;
          let cut = pace.tooSlow(at, read, true);
          const from = at;
          for (const dt of stall) {
            at += dt;
            cut ||= pace.tooSlow(at, read, true);
          }
          if (at - from >= WINDOW) assert.ok(cut, 'cut within the stall');
        },
      ),
    );
  });

  it('does not hold against a body the time it was not read, nor a look that came late', () => {
    fc.assert(
      fc.property(fc.array(look, { maxLength: 100 }), fc.boolean(), (looks, late) => {
        const pace = new BodyPace({ minRate: MIN, windowMs: WINDOW, lateMs: LATE, at: 0, read: 0 });
        let at = 0;
        for (const l of looks) {
          at += l.dt;
          pace.tooSlow(at, 0, l.reading);
        }
        // Nothing arrived at all; yet a look while it is not read, or after this thread was busy, cuts nothing.
        at += late ? LATE + 1 : 1;
        assert.equal(pace.tooSlow(at, 0, late), false);
      }),
    );
  });

  it('cuts nothing when there is no minimum', () => {
    const pace = new BodyPace({ minRate: 0, windowMs: WINDOW, lateMs: LATE, at: 0, read: 0 });
    for (let at = 1000; at <= 60_000; at += 1000) assert.equal(pace.tooSlow(at, 0, true), false);
  });
});
