// The mail door's notices on the inbox page (pages/imap-notices.part.ts), in English: messages of an IMAP mailbox
// that Redress has no bytes of, for a person to deal with on the mail server.
export const imapNoticesEn = {
  imapNotices: {
    title: 'Messages the mail door could not read',
    intro:
      'Redress has none of these messages: they were not received, so they are in no case, no inbox entry and no archive. Each is still on the mail server. Deal with it there, then mark it dealt with here.',
    noticed: 'Noticed',
    where: 'Account and folder',
    message: 'Message',
    why: 'Why',
    whatToDo: 'What to do on the server',
    action: 'Action',
    uid: 'UID {{uid}}',
    uidValidity: 'UIDVALIDITY {{uidValidity}}',
    noUidValidity: 'UIDVALIDITY not given by the server',
    reasons: {
      not_given: 'The server failed each time Redress asked it for the message ({{tries}} tries).',
      too_large: 'Over the size limit: {{size}}, where Redress takes at most {{limit}}. It was not fetched.',
    },
    lastError: 'Last failure: {{error}}',
    place: {
      moved: 'It was moved to the folder {{movedTo}}.',
      flagged: 'It is in the folder {{folder}}, with the keyword {{keyword}}.',
      skipped:
        'It is in the folder {{folder}}, with no mark (the server refused the keyword); Redress skips it.',
      planned:
        'It was to be moved to the folder {{movedTo}} (if the server refused: left in {{folder}}, with the keyword {{keyword}}).',
      plannedFlagged: 'It was to be left in the folder {{folder}}, with the keyword {{keyword}}.',
    },
    todo: {
      not_given:
        'Once its file is repaired on the server, put it back in {{folder}} without the keyword: Redress then fetches it as a new message.',
      too_large:
        'Open it on the server with a mail program and record what it says by hand (for instance by opening a case for its sender).',
    },
    markDone: 'Mark dealt with',
    markDoneNamed: 'Mark dealt with: UID {{uid}} in {{folder}}',
    more: '{{count}} more are waiting; they are shown as these are dealt with.',
    dealtWithTitle: 'Dealt with lately',
    dealtWith: 'Dealt with {{at}} by {{by}}',
  },
  flash: {
    imapNoticeDealtWith: 'The notice is marked dealt with.',
    imapNoticeAlready: 'Someone had already marked this notice dealt with.',
  },
  auditActions: { imap_notice_dealt_with: 'Mail door notice marked dealt with' },
};
