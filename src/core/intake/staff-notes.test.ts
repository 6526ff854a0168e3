// Redress's own notes on inbox items are stored in English and read back into their sentences, so that a page can
// write them in the reader's language: every sentence comes back with its values, two sentences joined by a space
// come back as two, notes stored before (the same words, written out by hand here) are read alike, and anything
// else is kept as it is. The core writers' notes are sentences of STAFF_NOTES.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { autoReplyVerdict } from '../correspondence/auto-reply.ts';
import { autoReplyCounters, overAutoReplyLimit } from '../correspondence/auto-reply-limits.ts';
import { type FilingFacts, fileMessage } from './filing.ts';
import { readStaffNote, STAFF_NOTES, type StaffNoteKey, staffNote } from './staff-notes.ts';

/** Values for every sentence: counts as digits, the rest with spaces, parentheses and colons in them. */
const VALUES: Record<string, string> = {
  reference: 'RC-2026-000042',
  references: 'RC-2026-000001, RC-2026-000002',
  sender: 'eve@evil.example',
  problem: 'From: holds 2 addresses (a list)',
  limit: '3',
  address: 'victim@example.org',
  bytes: '12',
  problems: 'no From: field; no Date: field',
  error: 'value too long for type character varying(998): (see the log)',
  tries: '3',
  setAsideFolder: 'Redress/Unprocessable',
  folder: 'INBOX',
  keyword: '$RedressUnprocessable',
  account: 'complaints@imap.example.org',
  uid: '17',
  recipient: 'a@e.test, b@v.test',
};

const keys = Object.keys(STAFF_NOTES) as StaffNoteKey[];
const valuesOf = (key: StaffNoteKey) =>
  Object.fromEntries([...STAFF_NOTES[key].matchAll(/\{\{(\w+)\}\}/g)].map((m) => [m[1]!, VALUES[m[1]!]!]));

describe('staff notes', () => {
  it('read every sentence back with its values', () => {
    for (const key of keys) {
      const values = valuesOf(key);
      assert.deepEqual(readStaffNote(staffNote(key, values)), [{ key, values }], key);
    }
  });

  it('read two sentences joined by a space as two, the second beginning with a value or not', () => {
    const first = staffNote('namesOtherCases', valuesOf('namesOtherCases'));
    for (const second of ['suspiciousAddress', 'overLimitFromHour', 'invalidRecipient'] as const) {
      const note = `${first} ${staffNote(second, valuesOf(second))}`;
      assert.deepEqual(
        readStaffNote(note).map((p) => ('key' in p ? p.key : p.text)),
        ['namesOtherCases', second],
      );
    }
    // A sentence followed by words of nobody's: the sentence, then the words as they are.
    assert.deepEqual(
      readStaffNote(`${staffNote('refersToCase', { reference: 'RC-2026-000009' })} Call Jo.`),
      [{ key: 'refersToCase', values: { reference: 'RC-2026-000009' } }, { text: 'Call Jo.' }],
    );
  });

  it('read notes stored before as they were worded then', () => {
    assert.deepEqual(
      readStaffNote(
        'It names RC-2026-000003 (in its subject or as the message it replies to), a case of another complainant, and comes from an unknown sender: check who wrote before filing it. more than 5 automatic mails about messages from robot@forms.example today: no automatic reply (flood protection); a person decides',
      ),
      [
        { key: 'namesOtherCasesUnknownSender', values: { references: 'RC-2026-000003' } },
        { key: 'overLimitFromToday', values: { limit: '5', address: 'robot@forms.example' } },
      ],
    );
    assert.deepEqual(
      readStaffNote(
        'the message could not be stored after 3 tries (boom); it is stored here unread, and was moved to the IMAP folder Redress/Unprocessable (or, if refused, left in the IMAP folder INBOX, with the keyword $RedressUnprocessable) of jo@imap.example.org (it was UID 4 in INBOX)',
      ),
      [
        {
          key: 'setAsideMoved',
          values: {
            tries: '3',
            error: 'boom',
            setAsideFolder: 'Redress/Unprocessable',
            folder: 'INBOX',
            keyword: '$RedressUnprocessable',
            account: 'jo@imap.example.org',
            uid: '4',
          },
        },
      ],
    );
    assert.deepEqual(readStaffNote('not an e-mail message: only 3 bytes'), [
      { key: 'fewBytes', values: { bytes: '3' } },
    ]);
    // A case's flag for a colleague's message, as the filing rule wrote it before it was a sentence of its own.
    assert.deepEqual(
      readStaffNote(
        "A message from jo@example.org, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it. more than 3 automatic mails to jo@example.org this hour: no automatic reply (flood protection); a person decides",
      ),
      [
        { key: 'colleagueNamesCase', values: { sender: 'jo@example.org' } },
        { key: 'overLimitToHour', values: { limit: '3', address: 'jo@example.org' } },
      ],
    );
    assert.deepEqual(
      readStaffNote(
        "A message from an address of the organisation, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it.",
      ),
      [{ key: 'colleagueNamesCaseUnknownSender', values: {} }],
    );
  });

  it('read the flags Redress put on cases in their stored words, which every release has written', () => {
    // Written out by hand, as stored: the flags of the doors and of the triage inbox, not only the notes.
    const stored: Array<[string, StaffNoteKey]> = [
      [
        'No address that automatic mail may go to (the sender’s From:, or a web form’s Reply-To): nothing was answered automatically.',
        'noAutoMailAddress',
      ],
      [
        'The message comes from another address than the one on the complainant’s record (an address merged into it): nothing was answered automatically; check who wrote, then answer at the address on file.',
        'otherAddressOnFile',
      ],
      [
        'Opened from the triage inbox from automated mail, a message that could not be read or one whose sender is not verified: nothing was answered automatically; check who wrote, then acknowledge by hand.',
        'openedUnanswered',
      ],
      // The same flag as it was worded before the triage inbox asked who a message verifiably comes from.
      [
        'Opened from the triage inbox from automated mail or a message that could not be read: nothing was answered automatically; check who wrote, then acknowledge by hand.',
        'openedFromAutomatedOrUnread',
      ],
      // The triage inbox's own problem for a sender field the mail door found doubtful: a sentence of its own,
      // not a problem in English inside another sentence.
      [
        'The sender field of the message is not one address: nothing was answered automatically; check who wrote before answering.',
        'senderFieldNotOneAddress',
      ],
    ];
    for (const [note, key] of stored) assert.deepEqual(readStaffNote(note), [{ key, values: {} }], note);
    // Written as the words they were written in before, each.
    for (const [note, key] of stored) assert.equal(staffNote(key), note);
    assert.equal(
      staffNote('senderFieldNotOneAddress'),
      staffNote('suspiciousAddress', { problem: 'The sender field of the message is not one address' }),
    );
    // After a sentence of the limits on automatic mail too (a case's flag joins them with a space).
    const [first] = stored[0]!;
    const over = staffNote('overLimitToHour', { limit: 3, address: 'jo@example.org' });
    assert.deepEqual(
      readStaffNote(`${over} ${first}`).map((p) => ('key' in p ? p.key : p.text)),
      ['overLimitToHour', 'noAutoMailAddress'],
    );
  });

  it('keep any other note as it is (a person’s, an older wording), however long', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parts = readStaffNote(text);
        if (parts.length === 1 && 'text' in parts[0]!) assert.equal(parts[0].text, text);
      }),
    );
    assert.deepEqual(readStaffNote('Spam, reported to the host.'), [{ text: 'Spam, reported to the host.' }]);
    const long = `the message could not be read: ${'x'.repeat(5000)}`;
    assert.deepEqual(readStaffNote(long), [{ text: long }]);
  });

  it('are what the filing rule and the limits on automatic mail write', () => {
    const facts: FilingFacts = {
      reading: { kind: 'complaint', step: 1, automated: false, bounce: false },
      problem: null,
      sender: null,
      from: { address: null, complainantId: null, colleague: false },
      threaded: [],
      quoted: [
        {
          id: 'c1',
          reference: 'RC-2026-000001',
          kind: 'complaint',
          step: 1,
          complainantId: 'p1',
          complainantEmail: 'anna@client.example',
          inSubject: true,
        },
      ],
      policy: 'accept',
    } as FilingFacts;
    const filed = fileMessage(facts, null);
    assert.equal(filed.to, 'inbox');
    const note = (filed as { note: string }).note;
    assert.deepEqual(readStaffNote(note), [
      { key: 'namesOtherCasesUnknownSender', values: { references: 'RC-2026-000001' } },
    ]);
    const flag = autoReplyVerdict({
      readable: true,
      automated: false,
      suspiciousAddress: 'From: holds 2 addresses',
      answerable: true,
      designatedContact: false,
      overLimit: null,
    }).flag!;
    assert.deepEqual(readStaffNote(flag), [
      { key: 'suspiciousAddress', values: { problem: 'From: holds 2 addresses' } },
    ]);
    const noAddress = autoReplyVerdict({
      readable: true,
      automated: false,
      suspiciousAddress: null,
      answerable: false,
      designatedContact: false,
      overLimit: null,
    }).flag!;
    assert.deepEqual(readStaffNote(noAddress), [{ key: 'noAutoMailAddress', values: {} }]);
    const limits = {
      perRecipientPerDay: 5,
      perRecipientPerHour: 3,
      perSenderPerHour: 10,
      perSenderPerDay: 20,
    };
    const counters = autoReplyCounters('a@example.org', 'robot@forms.example.org', 9, limits)!;
    for (const over of counters) {
      const said = overAutoReplyLimit(
        counters.map((counter) => ({ counter, count: counter === over ? counter.limit + 1 : 0 })),
      )!;
      const [part] = readStaffNote(said);
      assert.ok(part && 'key' in part && part.key === over.label, said);
    }
  });
});
