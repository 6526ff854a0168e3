// The sender rule and Redress's own addresses: mail from a mailbox Redress receives at, or from the address it
// sends from, is nobody's (never registered, never answered), whether it comes from there directly, through a
// relay of our own domains naming it in Reply-To, or as a colleague's message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageSender } from './complainant.ts';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';

const message = (fields: Partial<ParsedMessage>): ParsedMessage => ({ ...emptyMessage(), ...fields });
const context = {
  relaySenders: ['noreply@*'],
  ownDomains: ['example.org'],
  ownAddresses: ['complaint@example.org', 'Management@Example.org'],
};
const NOBODY = { address: null, answer: { address: null, reason: 'no_address' } };

describe('mail from Redress’s own addresses', () => {
  it('is nobody’s, in any case of the address', () => {
    for (const from of [
      'complaint@example.org',
      'COMPLAINT@example.org',
      'management@example.org',
      'complaint+web@example.org',
    ]) {
      const s = messageSender(message({ from: { address: from, name: null } }), from.toLowerCase(), context);
      assert.deepEqual({ address: s.address, answer: s.answer }, NOBODY, from);
    }
  });

  it('is nobody’s when a relay of our own domains names one of them in Reply-To', () => {
    const m = message({
      from: { address: 'noreply@example.org', name: null },
      replyTo: [{ address: 'complaint@example.org', name: null }],
    });
    const s = messageSender(m, 'complaint@example.org', context);
    assert.deepEqual({ address: s.address, answer: s.answer }, NOBODY);
  });

  it('leaves a colleague’s forward of a customer’s mail to the customer, and a colleague to themselves', () => {
    const forward = messageSender(
      message({ from: { address: 'complaint@example.org', name: null } }),
      'anna@client.example',
      context,
    );
    assert.equal(forward.answer.address, 'anna@client.example');
    const own = messageSender(
      message({ from: { address: 'paul@example.org', name: null } }),
      'paul@example.org',
      context,
    );
    assert.equal(own.answer.address, 'paul@example.org');
  });
});
