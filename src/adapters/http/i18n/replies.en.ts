// Free replies and interim updates, the snippets for them, and the case page's layout (history filters, the
// complaint's own words, the toolbar), in English.
export const repliesEn = {
  flash: {
    staffReplied: 'Your reply is on its way by e-mail. The clock is unchanged.',
    staffRepliedLetter:
      'Your reply is ready as a letter: print it and mark it posted. The clock is unchanged.',
    staffRepliedUpdate: 'Your update is on its way by e-mail. The clock is unchanged.',
    staffRepliedUpdateLetter:
      'Your update is ready as a letter: print it and mark it posted. The clock is unchanged.',
    snippetSaved: 'The snippet “{{title}}” is saved.',
    snippetRetired: 'The snippet “{{title}}” is retired: it is no longer offered.',
  },
  staff: {
    actions: {
      reply: 'Reply or give an update',
      replySubmit: 'Send',
    },
    events: { replied: 'Reply sent' },
  },
  templates: { kinds: { reply: 'Reply', update: 'Interim update' } },
  auditActions: { snippet_saved: 'Reply snippet saved', snippet_retired: 'Reply snippet retired' },
  admin: {
    sections: { snippets: 'Reply snippets' },
    sectionHints: { snippets: 'Short texts, per language, that staff insert into a free reply.' },
  },
  replies: {
    form: {
      hint: 'Written in {{language}}, the language of the case, between our greeting and signature, in the thread of the complainant’s last message. It is not the definitive answer: the clock does not change.',
      kindLegend: 'What you are writing',
      kinds: {
        reply: 'A reply to what the complainant asked',
        update: 'An update on where the case stands (the promised date is repeated)',
      },
      text: 'Your text',
      textHint: 'Only your own words: the greeting, the signature and the reference are added for you.',
      snippet: 'Snippet',
      snippetHint:
        'Inserted where the cursor is in your text (at its end when the page runs without scripts); you can then change it.',
      snippetNone: 'Choose a snippet…',
      insert: 'Insert the snippet',
      noSnippets: 'No snippet in {{language}} yet: administrators add them under Administration.',
      noSuchSnippet: 'Choose one of the snippets offered.',
      attachments: 'Files to send with your reply',
      attachmentsHint:
        'PDF, PNG or JPEG files, up to {{count}} files of {{size}} each and {{total}} together (they go to the complainant in one e-mail; not for a letter by post).',
      preview: 'Preview',
      previewTitle: 'As the complainant will read it ({{language}})',
      previewEmpty: 'Write your text, then choose Preview.',
      designatedOnly:
        'A designated contact, {{name}}, handles all correspondence with this complainant: only they can write to them.',
    },
    snippets: {
      title: 'Reply snippets',
      intro:
        'Snippets are short texts that staff insert into a free reply and then adapt. Each is written in one language and is offered on cases in that language.',
      add: 'Add a snippet',
      addTitle: 'New reply snippet',
      editTitle: 'Reply snippet',
      empty: 'There is no snippet yet.',
      titleField: 'Title',
      titleHint: 'What staff pick it by, e.g. “Refund on its way”.',
      body: 'Text',
      bodyHint: 'Courteous and complete sentences; no greeting or signature (they are added to every reply).',
      language: 'Language',
      updated: 'Last changed',
      lastChanged: 'Last changed',
      state: 'State',
      inUse: 'In use',
      retired: 'Retired',
      retire: 'Retire',
      save: 'Save the snippet',
      back: 'Back to the snippets',
    },
    page: {
      complaint: 'The complaint',
      suggestion: 'The suggestion',
      description: 'What happened, in the complainant’s words',
      expectations: 'What the complainant expects',
      noDescription: 'No description was read out of the message: see the correspondence below.',
      noExpectations: 'Not said yet.',
      facts: 'Facts',
      toolbar: 'Actions possible now',
      view: 'View',
    },
    history: {
      label: 'Show in the history',
      all: 'Everything',
      correspondence: 'Correspondence',
      events: 'Events',
      notes: 'Notes',
      empty: 'Nothing to show with this filter.',
      newestFirst: 'Newest first.',
    },
  },
};
