// What Redress writes about a send, the note a bounce leaves on a case and the reasons Redress closes a case with
// are stored in English and read back into their sentences, so that a page can write them in the reader's
// language: every sentence comes back with the values it was written with, the words stored by earlier releases
// (written out by hand here) are read alike, and anything else is left as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { QUIET_PERIOD_REASON } from '../case/quiet-period.ts';
import { heldDetail } from './outgoing-mail.ts';
import {
  BOUNCE_NOTES,
  type BounceNoteKey,
  bounceNote,
  CLOSE_REASONS,
  DELIVERY_DETAILS,
  type DeliveryDetailKey,
  deliveryDetail,
  missingOriginalWords,
  readCaseNote,
  readCloseReason,
  readDeliveryDetail,
} from './status-words.ts';

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 });
const count = fc.integer({ min: 0, max: 100 }).map(String);
const address = fc.oneof(fc.emailAddress(), fc.constant('?'));

/** Arbitrary values for each sentence's names: counts as digits, an address without spaces, the rest any text. */
const VALUE: Record<string, fc.Arbitrary<string>> = {
  attempts: count,
  attempt: count,
  to: address,
  recipient: fc.string({ unit: 'grapheme', maxLength: 200 }),
  subject: fc.string({ unit: 'grapheme', maxLength: 120 }),
  reply: fc.string({ unit: 'grapheme', maxLength: 200 }),
};
const namesOf = (template: string) => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
const valuesFor = (template: string) =>
  fc.record(Object.fromEntries(namesOf(template).map((name) => [name, VALUE[name] ?? text])));

describe('what Redress writes about a send', () => {
  it('keeps the words it has always stored', () => {
    // Written out by hand: a rewording here would leave every row stored before unread.
    assert.equal(deliveryDetail('refused', { reply: '550 x' }), 'refused by the mail server: 550 x');
    assert.equal(
      deliveryDetail('gaveUp', { attempts: 15, reply: 'timeout' }),
      'gave up after 15 attempts: timeout',
    );
    assert.equal(
      deliveryDetail('willRetry', { attempt: 2, reply: '421 later' }),
      'attempt 2 failed, will retry: 421 later',
    );
    assert.equal(
      deliveryDetail('notOneAddress', { recipient: 'a@x.test, b@y.test' }),
      'not sent: the recipient "a@x.test, b@y.test" is not exactly one e-mail address (mail goes to one address only); correct the address and write again',
    );
    assert.equal(deliveryDetail('bounced', { report: '5.1.1 550 gone' }), 'bounced: 5.1.1 550 gone');
    assert.equal(deliveryDetail('bouncedNoDetail'), 'bounced: delivery failed');
    assert.equal(deliveryDetail('posted', { actor: 'ann@example.org' }), 'posted by ann@example.org');
    assert.equal(
      heldDetail('535 no'),
      'held until the outbound mail settings are fixed (the mail server refused our own sending, not the recipient): 535 no',
    );
    assert.equal(missingOriginalWords('a.pdf'), 'attachment a.pdf is missing from the originals store');
    assert.equal(
      bounceNote('unreachable', { subject: 'Hi', to: 'a@b.test', reason: 'bounced: 5.1.1' }),
      'The e-mail "Hi" to a@b.test could not be delivered (bounced: 5.1.1). The complainant is marked unreachable by e-mail; send it as a letter instead.',
    );
    assert.equal(
      bounceNote('notOnFile', { subject: 'Hi', to: 'a@b.test', reason: 'bounced: 5.1.1' }),
      'The e-mail "Hi" to a@b.test could not be delivered (bounced: 5.1.1). That is no longer the complainant\'s address on file, so they are not marked unreachable.',
    );
    assert.equal(CLOSE_REASONS.quietPeriod, 'quiet_period');
    assert.equal(CLOSE_REASONS.suggestionHandled, 'suggestion handled by the department');
  });

  it('reads every status detail back with the values it was written with', () => {
    for (const key of Object.keys(DELIVERY_DETAILS) as DeliveryDetailKey[])
      fc.assert(
        fc.property(valuesFor(DELIVERY_DETAILS[key]), (values) => {
          // The same words with a value filled in are another sentence, read as that one (as the writers mean).
          fc.pre(!(key === 'bounced' && values.report === 'delivery failed'));
          fc.pre(
            !(
              key === 'held' && /^attachment [\s\S]+ is missing from the originals store$/.test(values.reply!)
            ),
          );
          assert.deepEqual(readDeliveryDetail(deliveryDetail(key, values)), { key, values: { ...values } });
        }),
        { numRuns: 200 },
      );
  });

  it('reads back what the outbox writes for a refusal of our own sending', () => {
    fc.assert(
      fc.property(VALUE.reply!, text, (reply, filename) => {
        fc.pre(!/^attachment [\s\S]+ is missing from the originals store$/.test(reply));
        assert.deepEqual(readDeliveryDetail(heldDetail(reply)), { key: 'held', values: { reply } });
        assert.deepEqual(readDeliveryDetail(heldDetail(missingOriginalWords(filename))), {
          key: 'heldMissingFile',
          values: { filename },
        });
      }),
    );
  });

  it('reads a detail cut at 500 characters when stored, and leaves a server’s own answer as it is', () => {
    const long = deliveryDetail('refused', { reply: `550 ${'x'.repeat(600)}` }).slice(0, 500);
    assert.equal(readDeliveryDetail(long)?.key, 'refused');
    assert.equal(readDeliveryDetail('250 2.0.0 Ok: queued as 4F1A2'), null);
    assert.equal(readDeliveryDetail('Refused by the mail server: 550'), null, 'not our words');
  });

  it('reads every bounce note back, its reason read as a status detail when it is one', () => {
    const reasons = fc.oneof(
      text,
      VALUE.reply!.map((reply) => deliveryDetail('refused', { reply })),
      text.map((report) => deliveryDetail('bounced', { report })),
      fc.constant(deliveryDetail('bouncedNoDetail')),
    );
    for (const key of Object.keys(BOUNCE_NOTES) as BounceNoteKey[])
      fc.assert(
        fc.property(VALUE.subject!, address, reasons, (subject, to, reason) => {
          const values = { subject, to, reason };
          assert.deepEqual(readCaseNote(bounceNote(key, values)), {
            key,
            values,
            reason: readDeliveryDetail(reason),
          });
        }),
        { numRuns: 200 },
      );
    assert.equal(readCaseNote('The e-mail bounced, called her instead.'), null);
  });

  it('reads Redress’s own close reasons back, and a person’s reason as none of them', () => {
    assert.equal(readCloseReason(QUIET_PERIOD_REASON), 'quietPeriod');
    assert.equal(readCloseReason('suggestion handled by the department'), 'suggestionHandled');
    fc.assert(
      fc.property(text, (reason) => {
        fc.pre(!Object.values(CLOSE_REASONS).includes(reason as never));
        assert.equal(readCloseReason(reason), null);
      }),
    );
  });
});
