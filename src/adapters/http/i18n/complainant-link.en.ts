// The complainant's own page (reached by the private link in the acknowledgement), in English.
export const complainantLinkEn = {
  complainantLink: {
    title: 'Your complaint {{reference}}',
    titleStep2: 'Your request to our management {{reference}}',
    intro:
      'This page shows where your complaint stands and the dates we have promised you. Only you have this link.',
    statusLabel: 'Where it stands',
    status: {
      received: 'Received: our team has registered it.',
      acknowledged: 'Being examined by our team.',
      waiting_on_you: 'We are waiting for information from you (see below).',
      extended: 'Being examined; we need more time and have told you when to expect our answer.',
      answered: 'Answered: our definitive answer has been sent to you.',
      closed: 'Closed.',
    },
    datesHeading: 'Dates',
    received: 'Received on',
    acknowledged: 'Acknowledged on',
    notYetAcknowledged: 'Not yet acknowledged',
    answerBy: 'Our definitive answer by',
    firstAnswerBy: 'First promised for',
    extension: 'Extended on {{date}}: answer expected between {{start}} and {{end}}',
    answered: 'Answered on',
    closed: 'Closed on',
    missingHeading: 'What we still need',
    missingIntro: 'To examine your complaint fully, we still need:',
    missingAnswered:
      'Thank you: we received what you sent on {{date}}. Should anything still be missing after reading it, we will write to you.',
    nothingMissing: 'Nothing is missing: we have everything we need to examine your complaint.',
    additionsHeading: 'What you have sent us here',
    addedOn: 'Sent on {{date}}',
    addHeading: 'Send us information or documents',
    addIntro:
      'Write what you would like to add, and attach documents if you wish (PDF, PNG or JPEG, up to {{size}} each, at most {{count}} files). Our team will see it on your case.',
    text: 'Your message',
    files: 'Documents',
    send: 'Send',
    sent: 'Thank you: we have received what you sent and added it to your case.',
    closedNoAdd:
      'This case is no longer open for additions here. If you wish to write to us about it, please reply to our last message, quoting the reference {{reference}}.',
    notAdded:
      'What you have just sent has not been added to your case. Your message is below: please copy it into your reply so that nothing is lost, and attach your documents to it again.',
    textNotSent: 'Your message (not sent)',
    expires: 'This page remains available until {{date}}.',
    subject: '[{{reference}}] Information added by the complainant',
    errors: {
      empty: 'Write a message or attach a document, then send again.',
      tooLarge:
        'A document is larger than {{size}}: send a smaller file (a scan at a lower resolution, for example).',
      tooMany: 'At most {{count}} documents can be sent at once: send the others in a second message.',
      tooMuch:
        'Your documents together are larger than {{size}}: send some of them in a second message, or smaller files.',
      overBudget:
        'What you sent was too large to be received, so your documents were not kept; your message is still here. Please choose them again, at most {{count}} documents of up to {{size}} each and {{total}} in all, and send again.',
      chooseAgain:
        'Your documents ({{names}}) could not be kept with your message: please choose them again before sending it.',
      emptyFile:
        'The document “{{name}}” arrived empty (0 bytes): please choose it again, or another copy of it, and send again.',
      fileType:
        'The document "{{name}}" is not a PDF, PNG or JPEG file: please send it in one of these formats.',
      tooLong: 'Your message is longer than {{max}} characters: please shorten it or attach it as a PDF.',
      expired: 'This form was open for too long. Please send it again.',
      notShown:
        'We could not recognise this form (it may have been sent from another browser, or with cookies turned off). Please send it again from this page.',
      busy: 'Many documents are arriving at this moment, so yours could not be taken. Your message is still here: please choose your documents again and send it in a minute.',
      tooFast: 'Please take a moment to check your message, then send it again.',
      rateLimited: 'Too many messages have been sent from here. Please try again in {{minutes}} minutes.',
    },
    staff: {
      title: 'Complainant’s page links of {{reference}}',
      caseLink: 'Complainant’s page link',
      intro:
        'The acknowledgement gives the complainant a private link to a page showing the reference, the dates promised, what is missing and the status, where they can send information and documents. A link works until it is revoked, and at most until {{days}} days after the case is closed.',
      issued: 'Issued',
      by: 'Issued by',
      state: 'State',
      active: 'In force',
      revokedOn: 'Revoked on {{date}}',
      expired: 'Expired',
      none: 'No link has been issued for this case (one is sent with the acknowledgement).',
      revoke: 'Revoke the links',
      revokeHelp:
        'The complainant then sees “this link is not valid”. A new acknowledgement would issue a new link.',
      revoked: '{{count}} link(s) revoked.',
      nothingToRevoke: 'No link in force to revoke.',
      back: 'Back to the case',
    },
    invalidTitle: 'This link is not valid',
    invalidText:
      'This link does not open a case, or no longer does. If you have a question about your complaint, please reply to the e-mail we sent you, quoting your reference.',
  },
  flash: {
    complainantLinksRevoked: '{{count}} link(s) to the complainant’s page revoked.',
    complainantLinksNone: 'No link in force to revoke.',
  },
};
