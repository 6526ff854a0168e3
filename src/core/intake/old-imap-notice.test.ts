// Recognising the entries earlier releases filed in place of an IMAP message they had no bytes of: both the
// Message-ID they gave them and the note they filed them with, naming the same message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oldImapNotice } from './old-imap-notice.ts';
import { staffNote } from './staff-notes.ts';

const id = (kind: string, uid: number) => `<imap-${kind}.1700000000.${uid}.0123456789abcdef@redress.invalid>`;
const notGiven = (uid: number) =>
  staffNote('setAsideNotGivenMoved', {
    tries: 3,
    error: 'read error',
    setAsideFolder: 'Redress/Unprocessable',
    folder: 'INBOX',
    keyword: '$RedressUnprocessable',
    account: 'door@mail.example.org',
    uid,
  });

describe('entries of earlier releases in place of an unread IMAP message', () => {
  it('reads the notice from an entry with both marks', () => {
    assert.deepEqual(oldImapNotice(id('not-given', 7), notGiven(7)), {
      reason: 'not_given',
      uidValidity: '1700000000',
      uid: 7,
      account: 'door@mail.example.org',
      folder: 'INBOX',
      mailboxDigest: '0123456789abcdef',
      place: null,
      planned: { movedTo: 'Redress/Unprocessable', keyword: '$RedressUnprocessable' },
      tries: 3,
      error: 'read error',
    });
  });

  it('is no such entry without both marks, or when they disagree', () => {
    assert.equal(oldImapNotice(id('not-given', 7), null), null);
    assert.equal(oldImapNotice('<someone@example.org>', notGiven(7)), null);
    assert.equal(oldImapNotice(id('not-given', 8), notGiven(7)), null, 'another UID');
    assert.equal(oldImapNotice(id('too-large', 7), notGiven(7)), null, 'another reason');
    assert.equal(
      oldImapNotice(id('not-given', 7), `${notGiven(7)} Called them.`),
      null,
      'a person wrote more',
    );
    assert.equal(
      oldImapNotice(id('not-given', 7), staffNote('notRead', { error: 'bad header' })),
      null,
      'a message that could not be read',
    );
  });
});
