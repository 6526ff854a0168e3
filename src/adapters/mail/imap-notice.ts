// What the IMAP door files for staff in place of a message it leaves on the server without ever having its bytes:
// one the server could not give (its file unreadable, its size wrong in the maildir file name), set aside after a
// few tries, and one over the size limit, never fetched. Nothing of such a message is stored, so no case and no
// inbox item would exist, and nobody would learn of it but from the log. Staff learn of set-aside messages in the
// triage inbox (set-aside-email.ts): this short e-mail, written by Redress, takes the message's place there, filed
// unread with the note that says where the message is and what to do (staff-notes.ts). Its Message-ID and text
// are the same whenever it is written for the same message, so a notice filed twice is stored once, by the
// duplicate rule.
import { createHash } from 'node:crypto';
import type { ImapMailbox } from '../../config.ts';
import { composeMime } from './compose-mime.ts';

/** Why the door writes a notice: the server could not give the message, or it is over the size limit. */
export type ImapNoticeKind = 'not_given' | 'too_large';

/** The notice for message `uid` of `box`'s folder under `uidValidity`, as an e-mail; `at` is its Date. */
export function imapNotice(
  kind: ImapNoticeKind,
  box: Pick<ImapMailbox, 'user' | 'host' | 'port' | 'folder'>,
  uidValidity: string,
  uid: number,
  at: string,
): Promise<Buffer> {
  const account = `${box.user}@${box.host}`;
  // The account and folder named in a Message-ID only as a digest: they may hold characters a Message-ID may not.
  const where = createHash('sha256')
    .update(`${account}:${box.port}/${box.folder}`)
    .digest('hex')
    .slice(0, 16);
  const message = `message UID ${uid} of the folder ${box.folder} (UIDVALIDITY ${uidValidity || 'not given'})`;
  const text =
    kind === 'not_given'
      ? [
          `The IMAP server of ${account} failed each time Redress asked it for ${message}.`,
          'Nothing of the message is stored in Redress. The note of this inbox entry says where it was put on the server.',
          `Once it is repaired on the server (its file readable again), put it in ${box.folder} anew, without the keyword, and Redress fetches it as any new message.`,
        ]
      : [
          `The ${message} of ${account} is larger than Redress takes, so it was not fetched.`,
          'Nothing of the message is stored in Redress. It is still on the server, where the note of this inbox entry says.',
          'Read it there with a mail program, and register what it says by hand.',
        ];
  return composeMime({
    messageId: `<imap-${kind.replace('_', '-')}.${uidValidity || 'none'}.${uid}.${where}@redress.invalid>`,
    fromAddress: 'imap-door@redress.invalid',
    fromName: 'Redress',
    toAddress: box.user.includes('@') ? box.user : 'imap-door@redress.invalid',
    subject:
      kind === 'not_given'
        ? `A message of ${account}, folder ${box.folder}, could not be fetched (UID ${uid})`
        : `A message of ${account}, folder ${box.folder}, is over the size limit (UID ${uid})`,
    text: [
      'This is not a message someone sent: Redress wrote it in the place of one it did not fetch.',
      '',
      ...text,
      '',
    ].join('\r\n'),
    inReplyTo: null,
    references: [],
    autoSubmitted: 'auto-generated',
    at,
    attachments: [],
  });
}
