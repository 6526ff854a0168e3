// The notes Redress itself writes for staff on an inbox item: why a message waits there (it could not be read,
// it names another complainant's case, it was set aside by the IMAP door) and why nothing was answered
// automatically (the limits on automatic mail); the same sentences flag a case (a colleague's message filed on it,
// the limits). Each is one sentence of STAFF_NOTES, filled with its values.
//
// A note is stored in English, as every release has stored it (the inbox item's event, which the hash chain seals,
// and the exports give it as it is), and shown to staff in their own language: the inbox page and the API
// (GET /api/v1/inbox/:id, which adds each sentence's key as a code) read the stored note back into its sentences
// (`readStaffNote`) and write each through the translations (`staffNotes.<key>`), its values as they were. That works for the notes stored before too, since the sentences are worded as they were
// then; a note that is not one of them (a person's, or an older wording) is shown as stored. So a sentence here is
// never reworded without keeping the old wording as a sentence of its own: many begin in lower case and end
// without a full stop, as they always have been stored, and English readers see them as full sentences through
// their own translation (src/adapters/http/i18n/staff-notes.en.ts), as French and German readers do.
// A value that is itself a text from elsewhere (an error of the parser or of the database, a problem of an address
// field) stays as it was written.

import { fillSentence, type SentencePattern, sentencePattern, valuesOf } from '../text/stored-sentence.ts';

/** The sentences as stored, in English, with their values as i18next writes them ({{name}}). */
export const STAFF_NOTES = {
  // Where the message goes (filing.ts).
  refersToCase: 'It refers to case {{reference}}.',
  namesOtherCasesUnknownSender:
    'It names {{references}} (in its subject or as the message it replies to), a case of another complainant, and comes from an unknown sender: check who wrote before filing it.',
  namesOtherCases:
    'It names {{references}} (in its subject or as the message it replies to), a case of another complainant, and comes from {{sender}}: check who wrote before filing it.',
  // A colleague's message filed on a case it names (filing.ts), as the case's flag.
  colleagueNamesCaseUnknownSender:
    "A message from an address of the organisation, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it.",
  colleagueNamesCase:
    "A message from {{sender}}, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it.",
  // A complainant's message on a complaint that was closed, which reopens it (after-close.ts), as the case's flag.
  wroteOnClosedCase:
    'The complainant wrote again after this complaint was closed: it was reopened for a person to read what they wrote and choose what follows (a reply, a new complaint, step 2, or closing it again). Nothing was sent to them.',
  // A complainant's message on an answered complaint before it closed (after-close.ts), as the case's flag.
  wroteAfterAnswer:
    'The complainant wrote again after the answer: the case is flagged for a person to read what they wrote and choose what follows (a reply, step 2, or closing it). Nothing was sent to them.',
  // Why nothing was answered automatically (auto-reply.ts, auto-reply-limits.ts, rate-limit.ts; the flags of a
  // case opened from the triage inbox, handle-inbox-item.ts; the mail door's, receive-email.ts).
  // A sender field the mail door found doubtful, as the triage inbox flags the case it opens: the words of
  // suspiciousAddress with its problem written in, so it comes before it (read as this sentence, not as that one
  // with a problem in English).
  senderFieldNotOneAddress:
    'The sender field of the message is not one address: nothing was answered automatically; check who wrote before answering.',
  suspiciousAddress: '{{problem}}: nothing was answered automatically; check who wrote before answering.',
  overLimitToToday:
    'more than {{limit}} automatic mails to {{address}} today: no automatic reply (flood protection); a person decides',
  overLimitToHour:
    'more than {{limit}} automatic mails to {{address}} this hour: no automatic reply (flood protection); a person decides',
  overLimitFromToday:
    'more than {{limit}} automatic mails about messages from {{address}} today: no automatic reply (flood protection); a person decides',
  overLimitFromHour:
    'more than {{limit}} automatic mails about messages from {{address}} this hour: no automatic reply (flood protection); a person decides',
  invalidRecipient: '"{{recipient}}" is not one valid address: no automatic reply',
  noAutoMailAddress:
    'No address that automatic mail may go to (the sender’s From:, or a web form’s Reply-To): nothing was answered automatically.',
  otherAddressOnFile:
    'The message comes from another address than the one on the complainant’s record (an address merged into it): nothing was answered automatically; check who wrote, then answer at the address on file.',
  openedUnanswered:
    'Opened from the triage inbox from automated mail, a message that could not be read or one whose sender is not verified: nothing was answered automatically; check who wrote, then acknowledge by hand.',
  // The same flag as worded before the triage inbox asked who a message verifiably comes from; no longer written.
  openedFromAutomatedOrUnread:
    'Opened from the triage inbox from automated mail or a message that could not be read: nothing was answered automatically; check who wrote, then acknowledge by hand.',
  // Why a message could not be read (raw-message.ts, prepare-email.ts, read-pool.ts).
  emptyMessage: 'not an e-mail message: it is empty (0 bytes)',
  binaryData: 'not an e-mail message: binary data ({{bytes}} bytes)',
  oneByte: 'not an e-mail message: only 1 byte',
  fewBytes: 'not an e-mail message: only {{bytes}} bytes',
  noHeaderFields: 'not an e-mail message: no header fields (From:, To:, Subject:, Date: …) at the start',
  noHeaderFieldRead: 'no header field could be read: this is not an e-mail message ({{problems}})',
  notRead: 'the message could not be read: {{error}}',
  overBudget:
    'too complex to read within its budget: the message is stored byte for byte; open the original to see it',
  // A message the IMAP door set aside after failing to store it several times (imap-poller.ts).
  setAsideMoved:
    'the message could not be stored after {{tries}} tries ({{error}}); it is stored here unread, and was moved to the IMAP folder {{setAsideFolder}} (or, if refused, left in the IMAP folder {{folder}}, with the keyword {{keyword}}) of {{account}} (it was UID {{uid}} in {{folder}})',
  setAsideFlagged:
    'the message could not be stored after {{tries}} tries ({{error}}); it is stored here unread, and was left in the IMAP folder {{folder}}, with the keyword {{keyword}} of {{account}} (it was UID {{uid}} in {{folder}})',
  // The same, for a message the IMAP server never gave (its file unreadable on the server), and below for one over
  // the size limit: earlier releases filed an e-mail of Redress's own in the inbox in its place, with these notes.
  // No longer written (that e-mail was no received mail, yet it stood in the archive as an original): staff are told
  // by a notice of the mail door on the inbox page instead (imap-poller.ts, imap_notices). Kept so that the
  // entries those releases filed still read in each language.
  setAsideNotGivenMoved:
    'the IMAP server could not give the message after {{tries}} tries ({{error}}), so none of it is stored here: this entry is a notice written by Redress in its place; the message was moved to the IMAP folder {{setAsideFolder}} (or, if refused, left in the IMAP folder {{folder}}, with the keyword {{keyword}}) of {{account}} (it was UID {{uid}} in {{folder}}); once it is repaired on the server, put it in {{folder}} anew, without the keyword, to have it fetched again',
  setAsideNotGivenFlagged:
    'the IMAP server could not give the message after {{tries}} tries ({{error}}), so none of it is stored here: this entry is a notice written by Redress in its place; the message was left in the IMAP folder {{folder}}, with the keyword {{keyword}} of {{account}} (it was UID {{uid}} in {{folder}}); once it is repaired on the server, put it in {{folder}} anew, without the keyword, to have it fetched again',
  // A message over the size limit, which the IMAP door never fetches (no longer written either, as above).
  tooLargeFlagged:
    'a message of {{bytes}} bytes, over the size limit of {{limit}} bytes, was not fetched, so none of it is stored here: this entry is a notice written by Redress in its place; the message is in the IMAP folder {{folder}}, with the keyword {{keyword}} of {{account}} (UID {{uid}} in {{folder}}); read it there with a mail program and register it by hand',
  tooLargeSkipped:
    'a message of {{bytes}} bytes, over the size limit of {{limit}} bytes, was not fetched, so none of it is stored here: this entry is a notice written by Redress in its place; the message is in the IMAP folder {{folder}} of {{account}} (UID {{uid}} in {{folder}}), where Redress skips it; read it there with a mail program and register it by hand',
  // Why an entry such a release filed was taken out of the inbox: it is listed among the mail door's notices now
  // (old-imap-notice.ts, imap-notices.ts `adoptOldImapNotices`).
  // A step-2 request that may be about several step-2 cases of its writer, or about one a person opened another
  // case beside (step2-of-request.ts): the case opened for it is flagged for a person to choose.
  // The complainant answered a request that told them their answer date stands (the clock did not pause then, or it
  // was stored before), where the clock now pauses while a case waits on them (P4.5, case.ts movedByWait).
  waitStartUnknown:
    'The complainant answered a request for information that told them the answer date stands (made while the clock did not pause for such waits): the date was not moved by the days waited. Extend it if the wait calls for more time.',
  step2OtherCases:
    'The complainant has other step-2 cases this request may be about ({{references}}): check which one they mean, and merge this case into it if it is the same matter.',
  oldImapNoticeListed:
    'not a message anyone sent: an earlier release of Redress wrote this entry in place of message UID {{uid}} of {{account}} (folder {{folder}}), which it could not fetch; it is kept here as it was stored, and the message is now listed among the messages the mail door could not read',
} as const;

export type StaffNoteKey = keyof typeof STAFF_NOTES;

/** The values a sentence takes. */
export type StaffNoteValues = Record<string, string | number>;

/** One sentence of a stored note, read back; or a text that is none of them, shown as it is. */
export type StaffNotePart = { key: StaffNoteKey; values: Record<string, string> } | { text: string };

/** The sentence `key` with its values, in English: the note as stored. */
export function staffNote(key: StaffNoteKey, values: StaffNoteValues = {}): string {
  return fillSentence(STAFF_NOTES[key], `staff note ${key}`, values);
}

interface Pattern extends SentencePattern {
  key: StaffNoteKey;
}

/**
 * What a value may be, where it is narrower than any text: counts are digits, references and addresses have no
 * spaces (so that "It refers to case RC-2026-000009. Call Jo." is a sentence and a person's words after it).
 */
const VALUE_PATTERNS: Record<string, string> = {
  limit: '\\d+',
  bytes: '\\d+',
  tries: '\\d+',
  uid: '\\d+',
  reference: '\\S+?',
  references: '\\S+?(?:, \\S+?)*',
  address: '\\S+?',
  sender: '\\S+?',
  account: '\\S+?',
  keyword: '\\S+?',
};

/**
 * Longer notes are shown as stored, unread: a note is a sentence or two with short values, and reading a very long
 * one (a value holding the words of a sentence many times over) could take long.
 */
const LONGEST_READ = 4000;

// In the order of STAFF_NOTES: a sentence whose words are another's with a value filled in (an unknown sender)
// comes before it.
const PATTERNS: Pattern[] = (Object.keys(STAFF_NOTES) as StaffNoteKey[]).map((key) => ({
  key,
  ...sentencePattern(STAFF_NOTES[key], VALUE_PATTERNS),
}));

const WHOLE = PATTERNS.map((p) => ({ ...p, re: new RegExp(`^${p.source}$`) }));
// A sentence followed by more (a note of the filing and one of the limits on automatic mail, joined by a space).
const FIRST = PATTERNS.filter((p) => p.closed).map((p) => ({
  ...p,
  re: new RegExp(`^${p.source} ([\\s\\S]+)$`),
}));

function wholeSentence(text: string): StaffNotePart | null {
  for (const p of WHOLE) {
    const m = p.re.exec(text);
    if (m) return { key: p.key, values: valuesOf(p, m) };
  }
  return null;
}

/** The note as sentences only, or null when some of it is none. */
function sentences(note: string): StaffNotePart[] | null {
  // Split first: a sentence that begins with a value (suspiciousAddress) would otherwise take the whole note in.
  for (const p of FIRST) {
    const m = p.re.exec(note);
    if (!m) continue;
    const rest = sentences(m[p.names.length + 1]!);
    if (rest) return [{ key: p.key, values: valuesOf(p, m) }, ...rest];
  }
  const whole = wholeSentence(note);
  return whole ? [whole] : null;
}

/**
 * A stored note read back into the sentences of STAFF_NOTES it is made of (one, or one followed by others, joined
 * by a space). A note that is not made of them is one text part; one that begins with a sentence and goes on with
 * something else, that sentence and the rest as text.
 */
export function readStaffNote(note: string): StaffNotePart[] {
  if (note.length > LONGEST_READ) return [{ text: note }];
  const all = sentences(note);
  if (all) return all;
  for (const p of FIRST) {
    const m = p.re.exec(note);
    if (m) return [{ key: p.key, values: valuesOf(p, m) }, { text: m[p.names.length + 1]! }];
  }
  return [{ text: note }];
}
