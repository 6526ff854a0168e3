// English texts of the pages to work in: the search box of the top bar, the queue's counts and sorting, and the
// template editor; and on an inbox item, who its message verifiably comes from. Merged into the shell's texts in index.ts; work.fr.ts and work.de.ts have the same keys.

export const workEn = {
  work: {
    search: {
      label: 'Search the cases',
      placeholder: 'Reference, name, e-mail, words',
      submit: 'Search',
    },
    bulk: {
      changed_one: '{{count}} case changed',
      changed_other: '{{count}} cases changed',
      skipped_one: '{{count}} left as it was',
      skipped_other: '{{count}} left as they were',
      skippedIntro: 'These cases were left as they were:',
      unseenCase: 'A case you cannot see, or that does not exist',
      reassigned_one: '{{count}} open case of {{from}} now belongs to {{to}}.',
      reassigned_other: '{{count}} open cases of {{from}} now belong to {{to}}.',
    },
    queue: {
      openCases_one: 'open case',
      openCases_other: 'open cases',
      sortedBy: 'sorted by {{column}}',
      asc: 'ascending',
      desc: 'descending',
      sort_asc: 'sort ascending',
      sort_desc: 'sort descending',
    },
    editor: {
      variablesTitle: 'Variables',
      variablesHint:
        'Choose a variable to put it where the cursor is in the text (or in the subject, if you were typing there).',
      insert: 'Insert {{name}}',
      previewTitle: 'Preview',
      previewHint:
        'The draft as a complainant would read it, with the data of a real case (the one you name below, else the latest complaint). It follows your typing.',
      previewNoCase:
        'There is no case yet to show the draft with: the preview appears once a complaint has come in.',
      checksTitle: 'Parts the procedure requires',
      allPresent: 'Every part the procedure requires is there.',
      updatePreview: 'Update the preview',
    },
  },
  // The triage inbox: who a message verifiably comes from (handle-inbox-item.ts `verifiedSender`).
  inbox: {
    sender: 'Comes from',
    senderNotVerified: 'Sender not verified',
    senderNotVerifiedHint:
      'Redress could not verify who sent this message: its From: is not one readable address, only its Reply-To or its text names someone, or it is automated mail. A case opened from it has no e-mail address unless you give one below, and nothing is sent to that address automatically. Filed onto a case, it does not count as the complainant’s reply.',
    openFor: 'The case is opened for {{address}}, the address this message comes from.',
    complainantEmail: 'Complainant’s e-mail address',
    complainantEmailHint:
      'Check the original first: give the address only if you know it is the complainant’s. Left empty, the case is opened without an address.',
  },
};

export type WorkMessages = typeof workEn;
