import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { messageOnClosedCase } from './after-close.ts';

describe('a message on a closed case (after-close.ts)', () => {
  it('reopens only a closed complaint or suggestion, not merged, on its complainant’s own inbound words', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('received', 'acknowledged', 'answered', 'closed'),
        fc.constantFrom('complaint', 'suggestion', 'other'),
        fc.option(fc.constant('other-case'), { nil: null }),
        fc.constantFrom('in', 'out'),
        fc.boolean(),
        (status, kind, mergedInto, direction, fromComplainant) => {
          const d = messageOnClosedCase(
            { status, kind, mergedInto } as Parameters<typeof messageOnClosedCase>[0],
            { direction, fromComplainant },
          );
          const reaches =
            status === 'closed' && !mergedInto && direction === 'in' && fromComplainant && kind !== 'other';
          assert.equal(d !== null, reaches);
          if (d) {
            // A complaint is flagged for a person to choose; a suggestion goes back to its department's queue.
            assert.equal(d.flag, kind === 'complaint');
            assert.equal(d.reopen, kind === 'complaint' ? 'wroteAfterClosing' : 'wroteAgain');
          }
        },
      ),
    );
  });
});
