// Redress's own notes on inbox items, in English, as staff read them. The note is stored in the words of
// src/core/intake/staff-notes.ts, many of them without a capital or a full stop (as every release has stored them,
// so they stay); shown, each is a full sentence like its French and German translations, with the same values.
// A sentence added there without its wording here does not type-check.
import type { StaffNoteKey } from '../../../core/intake/staff-notes.ts';

export const staffNotesEn: { staffNotes: Record<StaffNoteKey, string> } = {
  staffNotes: {
    refersToCase: 'It refers to case {{reference}}.',
    namesOtherCasesUnknownSender:
      'It names {{references}} (in its subject or as the message it replies to), a case of another complainant, and comes from an unknown sender: check who wrote before filing it.',
    namesOtherCases:
      'It names {{references}} (in its subject or as the message it replies to), a case of another complainant, and comes from {{sender}}: check who wrote before filing it.',
    colleagueNamesCaseUnknownSender:
      "A message from an address of the organisation, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it.",
    colleagueNamesCase:
      "A message from {{sender}}, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it.",
    waitStartUnknown:
      'The complainant answered a request for information that told them the answer date stands (made while the clock did not pause for such waits): the date was not moved by the days waited. Extend it if the wait calls for more time.',
    wroteOnClosedCase:
      'The complainant wrote again after this complaint was closed: it was reopened for a person to read what they wrote and choose what follows (a reply, a new complaint, step 2, or closing it again). Nothing was sent to them.',
    wroteAfterAnswer:
      'The complainant wrote again after the answer: the case is flagged for a person to read what they wrote and choose what follows (a reply, step 2, or closing it). Nothing was sent to them.',
    senderFieldNotOneAddress:
      'The sender field of the message is not one address: nothing was answered automatically; check who wrote before answering.',
    // The problem is the mail reader's own words (often beginning in lower case): in brackets, not first.
    suspiciousAddress:
      'An address field of the message is doubtful ({{problem}}): nothing was answered automatically; check who wrote before answering.',
    overLimitToToday:
      'More than {{limit}} automatic mails to {{address}} today: no automatic reply (flood protection); a person decides.',
    overLimitToHour:
      'More than {{limit}} automatic mails to {{address}} this hour: no automatic reply (flood protection); a person decides.',
    overLimitFromToday:
      'More than {{limit}} automatic mails about messages from {{address}} today: no automatic reply (flood protection); a person decides.',
    overLimitFromHour:
      'More than {{limit}} automatic mails about messages from {{address}} this hour: no automatic reply (flood protection); a person decides.',
    invalidRecipient: '"{{recipient}}" is not one valid address: no automatic reply.',
    noAutoMailAddress:
      'There is no address that automatic mail may go to (the sender’s From:, or a web form’s Reply-To): nothing was answered automatically.',
    otherAddressOnFile:
      'The message comes from another address than the one on the complainant’s record (an address merged into it): nothing was answered automatically; check who wrote, then answer at the address on file.',
    openedUnanswered:
      'This case was opened from the triage inbox from automated mail, a message that could not be read or one whose sender is not verified: nothing was answered automatically; check who wrote, then acknowledge by hand.',
    openedFromAutomatedOrUnread:
      'This case was opened from the triage inbox from automated mail or a message that could not be read: nothing was answered automatically; check who wrote, then acknowledge by hand.',
    emptyMessage: 'Not an e-mail message: it is empty (0 bytes).',
    binaryData: 'Not an e-mail message: binary data ({{bytes}} bytes).',
    oneByte: 'Not an e-mail message: only 1 byte.',
    fewBytes: 'Not an e-mail message: only {{bytes}} bytes.',
    noHeaderFields: 'Not an e-mail message: no header fields (From:, To:, Subject:, Date: …) at the start.',
    noHeaderFieldRead: 'No header field could be read: this is not an e-mail message ({{problems}}).',
    // The error is the parser's or the database's own words: in brackets, so that the sentence ends with ours.
    notRead: 'The message could not be read ({{error}}).',
    overBudget:
      'Too complex to read within its budget: the message is stored byte for byte; open the original to see it.',
    setAsideMoved:
      'The message could not be stored after {{tries}} tries ({{error}}); it is stored here unread, and was moved to the IMAP folder {{setAsideFolder}} of {{account}} (or, if the server refused, left in the IMAP folder {{folder}} with the keyword {{keyword}}; it was UID {{uid}} in {{folder}}).',
    setAsideFlagged:
      'The message could not be stored after {{tries}} tries ({{error}}); it is stored here unread, and was left in the IMAP folder {{folder}} of {{account}} with the keyword {{keyword}} (it was UID {{uid}} in {{folder}}).',
    setAsideNotGivenMoved:
      'The IMAP server could not give the message after {{tries}} tries ({{error}}), so nothing of it is stored here: this entry is a notice Redress wrote in its place. The message was moved to the IMAP folder {{setAsideFolder}} of {{account}} (or, if the server refused, left in the IMAP folder {{folder}} with the keyword {{keyword}}; it was UID {{uid}} in {{folder}}). Once it is repaired on the server, put it in {{folder}} again, without the keyword, and it will be fetched anew.',
    setAsideNotGivenFlagged:
      'The IMAP server could not give the message after {{tries}} tries ({{error}}), so nothing of it is stored here: this entry is a notice Redress wrote in its place. The message was left in the IMAP folder {{folder}} of {{account}} with the keyword {{keyword}} (it was UID {{uid}} in {{folder}}). Once it is repaired on the server, put it in {{folder}} again, without the keyword, and it will be fetched anew.',
    tooLargeFlagged:
      'A message of {{bytes}} bytes, over the size limit of {{limit}} bytes, was not fetched, so nothing of it is stored here: this entry is a notice Redress wrote in its place. The message is in the IMAP folder {{folder}} of {{account}} with the keyword {{keyword}} (UID {{uid}} in {{folder}}): read it there with a mail program and register it by hand.',
    tooLargeSkipped:
      'A message of {{bytes}} bytes, over the size limit of {{limit}} bytes, was not fetched, so nothing of it is stored here: this entry is a notice Redress wrote in its place. The message is in the IMAP folder {{folder}} of {{account}} (UID {{uid}} in {{folder}}), where Redress skips it: read it there with a mail program and register it by hand.',
    step2OtherCases:
      'The complainant has other step-2 cases this request may be about ({{references}}). Check which one they mean, and merge this case into it if it is the same matter.',
    oldImapNoticeListed:
      'Not a message anyone sent: an earlier release of Redress wrote this entry in place of message UID {{uid}} of {{account}} (folder {{folder}}), which it could not fetch. It is kept here as it was stored, and the message is now listed among the messages the mail door could not read.',
  },
};
