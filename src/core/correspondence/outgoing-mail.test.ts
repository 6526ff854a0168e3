import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OUTBOX_ALERT_REPEAT_MS, outboxAlert, outboxDelay, retryDelayMs } from './outgoing-mail.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the retry schedule of the outbox', () => {
  it('waits 30 s after the first failure, doubling each time, up to an hour', () => {
    const waits = Array.from({ length: 10 }, (_, i) => retryDelayMs(i + 1));
    assert.deepEqual(waits, [
      30_000,
      MINUTE,
      2 * MINUTE,
      4 * MINUTE,
      8 * MINUTE,
      16 * MINUTE,
      32 * MINUTE,
      HOUR,
      HOUR,
      HOUR,
    ]);
  });

  it('never shrinks and never exceeds an hour, whatever the number of failures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        const here = retryDelayMs(n);
        assert.ok(here >= 30_000 && here <= HOUR);
        assert.ok(retryDelayMs(n + 1) >= here);
      }),
    );
  });

  it('spans about nine hours over the default 15 attempts, so a server down for hours loses nothing', () => {
    let total = 0;
    for (let failed = 1; failed < 15; failed++) total += retryDelayMs(failed);
    assert.ok(total > 8 * HOUR && total < 10 * HOUR, `${total / HOUR} hours`);
  });
});

describe('the outbox alert', () => {
  const start = Date.parse('2026-12-07T08:00:00Z');
  const at = (ms: number) => new Date(start + ms).toISOString();

  it('is late only once the oldest waiting e-mail has waited more than the alert delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 48 * HOUR }),
        fc.integer({ min: 1, max: 10_080 }),
        (waited, minutes) => {
          const d = outboxDelay(at(0), at(waited), minutes);
          assert.equal(d.late, waited > minutes * MINUTE);
          assert.equal(d.waitingMinutes, Math.floor(waited / MINUTE));
        },
      ),
    );
    assert.deepEqual(outboxDelay(null, at(HOUR), 1), { waitingMinutes: 0, late: false });
  });

  it('alerts when the outbox becomes late, again each hour while it stays late, and says once when it recovers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ after: fc.integer({ min: 1, max: 3 * HOUR }), late: fc.boolean() }), {
          maxLength: 60,
        }),
        (looks) => {
          let now = 0;
          let lastAlertMs: number | null = null;
          let wasLate = false;
          for (const look of looks) {
            now += look.after;
            const lastAlertAt = lastAlertMs === null ? null : at(lastAlertMs);
            const said = outboxAlert({ waitingMinutes: 0, late: look.late }, lastAlertAt, at(now));
            if (!look.late) {
              assert.equal(said, wasLate ? 'recovered' : null);
              lastAlertMs = null;
            } else if (!wasLate) {
              assert.equal(said, 'alert', 'the first look that finds it late alerts');
              lastAlertMs = now;
            } else {
              const since: number = now - (lastAlertMs ?? now);
              assert.equal(said, since >= OUTBOX_ALERT_REPEAT_MS ? 'alert' : null);
              if (said === 'alert') lastAlertMs = now;
            }
            wasLate = look.late;
          }
        },
      ),
    );
  });
});
