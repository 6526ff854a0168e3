// What Redress wrote about a send (its status detail), the note a bounce leaves on a case and the reason Redress
// gives when it closes or reopens a case itself, in English, as staff read them. They are stored in the words of
// src/core/correspondence/status-words.ts, many without a capital or a full stop (as every release has stored
// them, so they stay); shown, each is a full sentence like its French and German translations, with the same
// values. The words of others (the mail server's answer, a bounce report, a subject) stand in quotation marks.
// A sentence added there without its wording here does not type-check.
import type {
  BounceNoteKey,
  CloseReasonKey,
  DeliveryDetailKey,
  ReopenReasonKey,
} from '../../../core/correspondence/status-words.ts';

export interface StaffStatusTexts {
  staffStatus: {
    delivery: Record<DeliveryDetailKey, string>;
    /** {{why}}: the status detail as a sentence of `delivery`, or `otherReason`. */
    bounceNote: Record<BounceNoteKey, string>;
    /** A bounce note's reason that is none of the status details, quoted as stored. */
    otherReason: string;
    /** Who posted a letter when their account is not on record: a neutral word rather than an id. */
    postedByColleague: string;
    closeReason: Record<CloseReasonKey, string>;
    reopenReason: Record<ReopenReasonKey, string>;
  };
}

export const staffStatusEn: StaffStatusTexts = {
  staffStatus: {
    delivery: {
      refused: 'The mail server refused this message, with the answer: “{{reply}}”.',
      gaveUp: 'Sending was given up after {{attempts}} attempts; the last error was: “{{reply}}”.',
      willRetry:
        'Attempt {{attempt}} failed; the message will be sent again later. The error was: “{{reply}}”.',
      notOneAddress:
        'Not sent: the recipient “{{recipient}}” is not exactly one e-mail address, and mail goes to one address only. Please correct the address and write again.',
      heldMissingFile:
        'Held: the attached file “{{filename}}” is missing from the store of originals; an administrator needs to restore it before the mail can go.',
      held: 'Held until the outbound mail settings are fixed: the mail server refused our own sending, not the recipient. Its answer was: “{{reply}}”.',
      bouncedNoDetail:
        'The message bounced: the recipient’s mail server reported that it could not be delivered.',
      bounced: 'The message bounced: the recipient’s mail server reported “{{report}}”.',
      posted: 'Posted by {{actor}}.',
    },
    bounceNote: {
      notOnFile:
        'The e-mail “{{subject}}” to {{to}} could not be delivered. {{why}} That is no longer the complainant’s address on file, so they are not marked unreachable.',
      unreachable:
        'The e-mail “{{subject}}” to {{to}} could not be delivered. {{why}} The complainant is now marked unreachable by e-mail; please send it as a letter instead.',
    },
    otherReason: 'The reason given was: “{{reason}}”.',
    postedByColleague: 'Posted by a colleague.',
    closeReason: {
      quietPeriod:
        'Closed automatically: after the answer, the complainant did not write again within the quiet period.',
      suggestionHandled: 'Closed: the department concerned has handled the suggestion.',
    },
    reopenReason: {
      wroteAgain: 'Reopened: the person wrote again about the suggestion after it was closed.',
      wroteAfterClosing:
        'Reopened: the complainant wrote again after the complaint was closed; read it and choose what follows.',
    },
  },
};
