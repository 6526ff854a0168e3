// The mailbox an envelope recipient reaches, whichever form its domain is written in: mailboxes are configured in
// ASCII (the configuration's address check takes no other), and a sender speaking SMTPUTF8 may write the
// organisation's domain in Unicode. The organisation's own domains are listed in both forms for the same reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownDomainsOf } from '../../config-values.ts';
import { isColleague } from './complainant.ts';
import { mailboxOfRecipient, reachesMailbox } from './recipients.ts';

const mailboxes = [
  { name: 'complaints', address: 'complaint@xn--bcher-kva.de' },
  { name: 'suggestions', address: 'info@example.org' },
];

describe('recipients and own domains written in either form', () => {
  it('a recipient with the domain in Unicode reaches the mailbox configured in ASCII, sub-addresses too', () => {
    for (const to of [
      'complaint@bücher.de',
      'Complaint@BÜCHER.de',
      'complaint+web@bücher.de',
      'complaint@xn--bcher-kva.de',
    ])
      assert.equal(mailboxOfRecipient(mailboxes, to)?.name, 'complaints', to);
    assert.ok(reachesMailbox('complaint@bücher.de', 'complaint@xn--bcher-kva.de'));
    assert.equal(mailboxOfRecipient(mailboxes, 'complaint@buecher.de'), null, 'another domain');
    assert.equal(mailboxOfRecipient(mailboxes, 'complaints@bücher.de'), null, 'another local part');
  });

  it('a colleague writing from the domain in Unicode is a colleague', () => {
    const own = ownDomainsOf({ mailboxes: mailboxes as never });
    assert.ok(own.includes('xn--bcher-kva.de') && own.includes('bücher.de') && own.includes('example.org'));
    assert.ok(isColleague({ name: 'Anna', address: 'anna@bücher.de' }, own));
    assert.ok(isColleague({ name: 'Anna', address: 'anna@xn--bcher-kva.de' }, own));
    assert.ok(!isColleague({ name: 'Anna', address: 'anna@buecher.de' }, own));
  });
});
