// English texts of the pages to work in: the search box of the top bar, the queue's counts and sorting, and the
// template editor. Merged into the shell's texts in index.ts; work.fr.ts and work.de.ts have the same keys.

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
};

export type WorkMessages = typeof workEn;
