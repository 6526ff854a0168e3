// English texts of data-subject requests (P6.3): the export and erasure buttons of the complainant's page, and the
// answer to the person after an erasure request, which staff send as it is. Merged into the shell's texts in
// index.ts; subject.fr.ts and subject.de.ts have exactly the same keys (the type checks it).

export const subjectEn = {
  auditActions: {
    erasure_requested: 'Erasure request',
    inbox_item_anonymised: 'Personal data of a message on no case anonymised',
    complainant_anonymised: 'Personal data of a complainant’s record anonymised',
  },
  admin: {
    sections: { subjectRequests: 'Requests by e-mail address' },
    sectionHints: {
      subjectRequests:
        'A person who asks for their data or its erasure but has no complainant record: their messages on no case, found by the address they wrote from.',
    },
  },
  flash: {
    subjectErased:
      'Erasure done: {{erased}} case(s) erased, {{kept}} kept. The answer to the person is below.',
  },
  subject: {
    export: {
      button: 'Export everything held (ZIP)',
      hint: 'For a request of the person: every case, every message and document as received and as sent, with their SHA-256 sums. The export is recorded in the audit log.',
    },
    erasure: {
      title: 'Erasure request',
      intro:
        'What may be erased today, and why the rest is kept. Cases are erased as the retention rule allows: open cases, cases within their retention period and cases under a legal hold are kept.',
      reference: 'Case',
      decision: 'Decision',
      until: 'Kept until',
      unknown: 'not known yet',
      erase: 'erased now',
      already: 'already anonymised',
      why: {
        open: 'open: needed to answer',
        retention_period: 'closed on {{closed}}: retention period',
        legal_hold: 'legal hold: {{reason}} ({{by}}, {{at}})',
        linked_case_kept: 'kept with {{with}}',
        awaiting_triage: 'still awaiting triage',
      },
      noRecord: 'No complainant record holds this address: only the messages above, which are on no case.',
      recordErased: 'The person’s record (name, addresses) is erased too.',
      recordKept: 'The person’s record (name, addresses) is kept while a case is kept.',
      reasonLabel: 'Reason (whose request, when, how it came)',
      confirmLabel: 'I have checked the person’s identity and confirm the erasure. It cannot be undone.',
      button: 'Erase what is no longer needed',
      answerTitle: 'Answer to the person (copy and send)',
      inboxTitle: 'Messages on no case',
      inboxIntro:
        'Messages from the person’s addresses that are on no case (automated mail, messages dismissed or reclassified). Those handled are erased now; one still awaiting triage is kept until someone deals with it.',
      received: 'Received',
      othersCasesOne:
        'One message from the person is filed on another person’s case. It is part of that complaint’s record and stays with it: this request does not erase it (it goes with that case). The answer below tells the person so, without naming anyone.',
      othersCasesMany:
        '{{count}} messages from the person are filed on other people’s cases. They are part of those complaints’ records and stay with them: this request does not erase them (they go with those cases). The answer below tells the person so, without naming anyone.',
      open: 'Erasure request…',
    },
    byAddress: {
      title: 'Requests by e-mail address',
      intro:
        "For a person who asks about their data but has no complainant record (their messages only reached the triage inbox). An address that a record holds leads to that person's erasure page.",
      label: 'E-mail address',
      button: 'Show what is held',
      nothing: 'Nothing is held under this address: no complainant record and no message.',
      done: 'Erasure done: {{erased}} message(s) erased, {{kept}} kept. The answer to the person is below.',
    },
    answer: {
      title: 'Your request to erase your personal data',
      greeting: 'Dear Sir or Madam,',
      intro:
        'We have received your request to erase the personal data we hold about you, and we have dealt with it on {{date}}. Here is what we have done.',
      erasedHeading: 'Erased',
      erased:
        'Case {{reference}}: your name, your addresses, your messages and the documents you sent us have been erased. Only anonymous figures remain.',
      noneErased:
        'No case could be erased yet: each case we hold about you must still be kept, for the reasons below.',
      keptHeading: 'Kept for now, and why',
      kept: {
        open: 'Case {{reference}} is still open: we need your data to answer you. Once it is closed, it is kept for the legal retention period and then erased.',
        retention_period:
          'Case {{reference}} was closed on {{closed}}. The law requires us to keep the records of a complaint for a set period: it will be erased from {{until}}, without you having to ask again.',
        legal_hold:
          'Case {{reference}} must be kept because of a legal obligation (for example proceedings in progress). It will be erased once that obligation ends.',
        linked_case_kept:
          'Case {{reference}} belongs to the same matter as case {{with}}, which is still kept: the two are erased together, from {{until}}.',
        linked_case_kept_open:
          'Case {{reference}} belongs to the same matter as case {{with}}, which is still kept: the two are erased together, once that case may go.',
        awaiting_triage:
          'Your message of {{date}} has not yet been dealt with by our staff, so we cannot erase it yet. Once it has been dealt with, you may ask again; otherwise it is erased when the legal retention period that follows has passed.',
        inbox_legal_hold:
          'Your message of {{date}}, which is not part of a case, must be kept because of a legal obligation. It will be erased once that obligation ends.',
      },
      recordErased: 'Your name and contact details are erased as well.',
      recordKept:
        'We keep your name and contact details only as long as a case above is kept, and use them only for that case.',
      noRecord:
        'We hold no file on you as a complainant: only the messages listed above, which never became a case.',
      nothing: 'We hold no case about you.',
      inboxErasedOne: 'Your message of {{date}}, which was not part of a case, has been erased.',
      inboxErasedMany:
        'Your {{count}} messages received between {{first}} and {{last}}, which were not part of a case, have been erased.',
      othersCasesOne:
        'One message you sent us was filed with another person’s complaint, because it concerned that complaint. It is part of that complaint’s record, so it stays there: it is kept and erased together with that record, not with your own data. We cannot tell you more about that complaint, as it concerns someone else.',
      othersCasesMany:
        '{{count}} messages you sent us were filed with other people’s complaints, because they concerned those complaints. They are part of those complaints’ records, so they stay there: they are kept and erased together with those records, not with your own data. We cannot tell you more about those complaints, as they concern other people.',
      closing:
        'If you have a question about this answer, please reply to this message. You also have the right to lodge a complaint with a data protection supervisory authority.',
      signature: 'Kind regards,',
    },
  },
};
