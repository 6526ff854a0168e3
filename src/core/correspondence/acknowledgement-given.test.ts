import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acknowledgedInTime, acknowledgementGivenAt } from './acknowledgement-given.ts';

const recorded = '2026-11-19T10:00:00.000Z';
const email = (status: string, at = recorded) => ({ channel: 'email', status, at });
const letter = (status: string, at: string) => ({ channel: 'letter', status, at });

describe('when an acknowledgement counts as given', () => {
  it('is not given before it is recorded', () => {
    assert.equal(
      acknowledgementGivenAt({ acknowledgedAt: null, items: [letter('to_post', recorded)] }),
      null,
    );
  });

  it('is given when the mail server took the e-mail, not when it was written to the outbox', () => {
    for (const status of ['pending', 'sending', 'failed'])
      assert.equal(
        acknowledgementGivenAt({ acknowledgedAt: recorded, items: [email(status)] }),
        null,
        status,
      );
    const sent = '2026-11-23T09:00:00.000Z';
    assert.equal(acknowledgementGivenAt({ acknowledgedAt: recorded, items: [email('sent', sent)] }), sent);
  });

  it('is given by a letter posted after the e-mail failed, and by the first that went out', () => {
    const posted = '2026-11-20T15:00:00.000Z';
    assert.equal(
      acknowledgementGivenAt({
        acknowledgedAt: recorded,
        items: [email('failed'), letter('posted', posted)],
      }),
      posted,
    );
    assert.equal(
      acknowledgementGivenAt({
        acknowledgedAt: recorded,
        items: [letter('posted', posted), email('sent', '2026-11-19T10:00:05.000Z')],
      }),
      '2026-11-19T10:00:05.000Z',
    );
  });

  it('takes a record with nothing written at its word', () => {
    assert.equal(acknowledgementGivenAt({ acknowledgedAt: recorded, items: [] }), recorded);
  });

  it('is in time when given by the deadline', () => {
    assert.equal(acknowledgedInTime('2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'), true);
    assert.equal(acknowledgedInTime('2026-11-20T10:00:01.000Z', '2026-11-20T10:00:00.000Z'), false);
    assert.equal(acknowledgedInTime(null, '2026-11-20T10:00:00.000Z'), false);
  });
});
