// The e-mails earlier releases wrote in place of an IMAP message they had no bytes of (the server never gave it, or
// it was over the size limit): a short message of Redress's own, filed in the triage inbox as if it had been
// received, with a note saying where the message was. Such an entry is no received mail; today's releases tell
// staff of such a message by a notice of the mail door (imap_notices) instead. This rule recognises one of those
// entries, and reads from it what the notice says. Pure.
//
// Both marks must be there: the Message-ID those releases gave it (`<imap-not-given.…@redress.invalid>` or
// `<imap-too-large.…>`, with the UIDVALIDITY, the UID and a digest of the account, port and folder) and the note
// they filed it with (one of the four sentences kept for them in staff-notes.ts), naming the same UID. A message
// someone sent with such a Message-ID is read as any other mail, and has no such note.
import { readStaffNote, type StaffNoteKey } from './staff-notes.ts';

export interface OldImapNotice {
  reason: 'not_given' | 'too_large';
  uidValidity: string;
  uid: number;
  account: string;
  folder: string;
  /** The digest of `user@host:port/folder` the Message-ID carries: which configured mailbox it was. */
  mailboxDigest: string;
  /** Where the message is, when the note says it for certain; else where it was to go (`planned`). */
  place: { movedTo: string | null; keyword: string | null } | null;
  planned: { movedTo: string | null; keyword: string | null };
  bytes?: number;
  limit?: number;
  tries?: number;
  error?: string;
}

const MESSAGE_ID = /^<imap-(not-given|too-large)\.([^.<>\s]+)\.(\d{1,10})\.([0-9a-f]{16})@redress\.invalid>$/;

const NOTES: Record<string, 'not_given' | 'too_large'> = {
  setAsideNotGivenMoved: 'not_given',
  setAsideNotGivenFlagged: 'not_given',
  tooLargeFlagged: 'too_large',
  tooLargeSkipped: 'too_large',
} satisfies Partial<Record<StaffNoteKey, 'not_given' | 'too_large'>>;

/** The notice an entry of an earlier release stands for, or null when the entry is not one of them. */
export function oldImapNotice(messageId: string | null, note: string | null): OldImapNotice | null {
  const id = messageId ? MESSAGE_ID.exec(messageId) : null;
  if (!id || !note) return null;
  const reason = id[1] === 'not-given' ? 'not_given' : 'too_large';
  const parts = readStaffNote(note);
  const first = parts[0];
  if (parts.length !== 1 || !first || !('key' in first) || NOTES[first.key] !== reason) return null;
  const v = first.values;
  const uid = Number(id[3]);
  if (v.uid !== String(uid) || !v.account || !v.folder) return null;
  const keyword = v.keyword ?? null;
  const common = {
    reason,
    uidValidity: id[2] === 'none' ? '' : id[2]!,
    uid,
    account: v.account,
    folder: v.folder,
    mailboxDigest: id[4]!,
  } as const;
  switch (first.key) {
    case 'setAsideNotGivenMoved':
      // Moved, or left flagged where the server refused the move: the note does not say which.
      return {
        ...common,
        place: null,
        planned: { movedTo: v.setAsideFolder ?? null, keyword },
        tries: Number(v.tries),
        error: v.error ?? '',
      };
    case 'setAsideNotGivenFlagged':
      return {
        ...common,
        place: { movedTo: null, keyword },
        planned: { movedTo: null, keyword },
        tries: Number(v.tries),
        error: v.error ?? '',
      };
    default: {
      const place = { movedTo: null, keyword: first.key === 'tooLargeFlagged' ? keyword : null };
      return { ...common, place, planned: place, bytes: Number(v.bytes), limit: Number(v.limit) };
    }
  }
}
