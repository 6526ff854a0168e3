import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PrintFacts, printAsLetterRefusal } from './print-as-letter.ts';

describe('printing an undelivered e-mail as a letter', () => {
  const email: PrintFacts = {
    direction: 'out',
    channel: 'email',
    status: 'failed',
    audience: 'complainant',
    purpose: 'answer',
    subject: '[RC-2026-000001] Our answer',
    at: '2026-11-24T10:00:00.000Z',
  };
  const letter = { ...email, channel: 'letter', status: 'to_post', at: '2026-11-25T09:00:00.000Z' };
  it('only an undelivered e-mail to the complainant', () => {
    assert.equal(printAsLetterRefusal(email, []), null);
    assert.equal(printAsLetterRefusal({ ...email, status: 'sent' }, []), 'not_undelivered');
    assert.equal(printAsLetterRefusal(letter, []), 'not_undelivered');
    assert.equal(printAsLetterRefusal({ ...email, audience: 'staff' }, []), 'not_undelivered');
  });
  it('once: a letter of the same text written since counts as printed', () => {
    assert.equal(printAsLetterRefusal(email, [email, letter]), 'printed_already');
    assert.equal(printAsLetterRefusal(email, [{ ...letter, status: 'posted' }]), 'printed_already');
    // Another text, or a letter written before the e-mail, is not its print.
    assert.equal(printAsLetterRefusal(email, [{ ...letter, subject: 'Another' }]), null);
    assert.equal(printAsLetterRefusal(email, [{ ...letter, at: '2026-11-20T09:00:00.000Z' }]), null);
    // An acknowledgement letter is the case's acknowledgement, whatever its subject line.
    const ack = { ...email, purpose: 'acknowledgement', subject: 'Re: ma facture' };
    assert.equal(printAsLetterRefusal(ack, [{ ...letter, purpose: 'acknowledgement' }]), 'printed_already');
  });
});
