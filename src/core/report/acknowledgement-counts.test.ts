// The acknowledgements a report on several dimensions counts from its complaints: given ones only, in time by the
// rule of acknowledgement-given.ts, by the step the report keys them under.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AcknowledgementTally } from './acknowledgement-counts.ts';

describe('AcknowledgementTally', () => {
  it('counts the acknowledgements given, those by their deadline in time, by step (none: step 1)', () => {
    const tally = new AcknowledgementTally();
    const by = '2026-11-20T10:00:00.000Z';
    tally.add({ step: 1, acknowledgedAt: '2026-11-19T10:05:00.000Z', acknowledgeBy: by });
    tally.add({ step: null, acknowledgedAt: by, acknowledgeBy: by });
    tally.add({ step: 1, acknowledgedAt: '2026-11-23T09:00:00.000Z', acknowledgeBy: by });
    // Not given (held in the outbox): not counted.
    tally.add({ step: 1, acknowledgedAt: null, acknowledgeBy: by });
    tally.add({ step: 2, acknowledgedAt: '2026-11-19T11:00:00.000Z', acknowledgeBy: null });
    assert.deepEqual(
      [...tally.byStep],
      [
        ['1', { acknowledged: 3, acknowledgedInTime: 2 }],
        ['2', { acknowledged: 1, acknowledgedInTime: 0 }],
      ],
    );
  });
});
