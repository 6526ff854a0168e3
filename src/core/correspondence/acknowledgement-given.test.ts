import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acknowledgedInTime, acknowledgementGivenAt, clockFactsAsGiven } from './acknowledgement-given.ts';

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

describe('clock facts as the acknowledgement was given', () => {
  const facts = (id: string, acknowledgedAt: string | null) => ({
    id,
    kind: 'complaint',
    status: acknowledgedAt ? 'acknowledged' : 'received',
    acknowledgeBy: '2026-11-20T10:00:00.000Z',
    acknowledgedAt,
    answerBy: '2026-12-03T22:59:59.999Z',
  });
  const sent = '2026-11-19T10:00:05.000Z';

  it('opens the deadline again while the acknowledgement waits in the outbox or failed', () => {
    const [waiting, failed] = clockFactsAsGiven(
      [facts('waiting', recorded), facts('failed', recorded)],
      new Map([
        ['waiting', [email('pending')]],
        ['failed', [email('failed')]],
      ]),
    );
    assert.deepEqual(waiting, { ...facts('waiting', recorded), acknowledgedAt: null });
    assert.equal(failed?.acknowledgedAt, null);
  });

  it('counts it from when it went out, and keeps every other fact', () => {
    const [f] = clockFactsAsGiven([facts('a', recorded)], new Map([['a', [email('sent', sent)]]]));
    assert.deepEqual(f, { ...facts('a', recorded), acknowledgedAt: sent });
  });

  it('takes a case without items at its record, and leaves one not acknowledged as it is', () => {
    const given = [facts('by hand', recorded), facts('not yet', null)];
    const out = clockFactsAsGiven(given, new Map([['not yet', [letter('to_post', recorded)]]]));
    assert.deepEqual(out, given);
    assert.equal(out[0], given[0], 'unchanged facts are handed back as they came');
  });
});
