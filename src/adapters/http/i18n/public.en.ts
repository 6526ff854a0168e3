// English texts of the public complaint form and of the API's own refusals, merged into the web
// application's texts. public.fr.ts and public.de.ts have exactly the same keys (the type checks it).

export const publicEn = {
  validation: {
    consent: 'Please tick this box so that we may handle your complaint.',
  },
  errors: {
    rate_limited:
      'Too many requests in a short time. Please wait {{retryAfterSeconds}} seconds and try again.',
  },
  publicForm: {
    title: 'Submit a complaint',
    intro:
      'We are sorry that something went wrong. Tell us about it here and {{organisation}} will look into it carefully.',
    // In the unit the organisation configured (P3.1): calendar hours or working days.
    promiseAcknowledgeHours_one:
      'You will receive an acknowledgement by e-mail within one hour, with your reference number.',
    promiseAcknowledgeHours_other:
      'You will receive an acknowledgement by e-mail within {{count}} hours, with your reference number.',
    promiseAcknowledgeWorkingDays_one:
      'You will receive an acknowledgement by e-mail within one working day, with your reference number.',
    promiseAcknowledgeWorkingDays_other:
      'You will receive an acknowledgement by e-mail within {{count}} working days, with your reference number.',
    promiseAnswer:
      'You will receive our answer within {{days}} working days, or a message explaining why we need longer.',
    promiseLanguage: 'You may write in French, English or German; we answer in the language of this page.',
    aboutYou: 'About you',
    aboutComplaint: 'Your complaint',
    name: 'Your name',
    email: 'Your e-mail address',
    emailHint: 'We send the acknowledgement and our answer to this address.',
    postalAddress: 'Your postal address',
    postalAddressHint: 'If you would also like to receive letters from us.',
    ticketRefs: 'Support ticket number',
    ticketRefsHint:
      'If your complaint is about a support request: its number, e.g. 123456. Separate several with commas.',
    domains: 'Domain names concerned',
    domainsHint: 'For example example.com or müller-bau.de. Separate several with commas.',
    description: 'What happened?',
    descriptionHint:
      'Please describe the problem as precisely as you can: what, when, and what you have tried.',
    expectations: 'What would you like us to do?',
    expectationsHint: 'For example a correction, a refund, an explanation.',
    attachments: 'Documents',
    attachmentsHint:
      'An invoice, a screenshot, a letter: PDF, PNG or JPEG, up to {{size}} each, at most {{count}} files, {{total}} in all.',
    attachmentsDocumentsSubject: '[{{reference}}] Documents sent with the complaint',
    attachmentsDocumentsTitle: 'Documents sent with the complaint',
    errors_attachments_tooLarge: 'A document is larger than {{size}}: please send a smaller file.',
    errors_attachments_type:
      'The document “{{name}}” is not a PDF, PNG or JPEG file (its content counts, not its name): please send it in one of these formats.',
    errors_attachments_again:
      'Your documents ({{names}}) could not be kept with the form: please choose them again before sending it.',
    errors_attachments_empty:
      'The document “{{name}}” arrived empty (0 bytes): please choose it again, or another copy of it, and send the form again.',
    errors_attachments_tooMany: 'At most {{count}} documents can be sent with the form.',
    errors_attachments_tooMuch:
      'Your documents together are larger than {{size}}: please send fewer or smaller files (a scan at a lower resolution, for example).',
    errors_attachments_overBudget:
      'What you sent was too large to be received, so your documents were not kept; your text is still here. Please choose them again, at most {{count}} documents of up to {{size}} each and {{total}} in all, and send the form again.',
    step: 'Which step is this?',
    step1: 'A new complaint (step 1)',
    step2:
      'I have received an answer to my complaint and I am not satisfied with it (step 2, handled by management)',
    caseReference: 'Reference of your first complaint',
    caseReferenceHint: 'For step 2: the reference in our answer, e.g. RC-2026-000123.',
    step2ByPost:
      'This form is for a new complaint. If you have already received our answer and are not satisfied with it, you may take your complaint to our management (step 2) by letter to:',
    step2ByPostHow: 'Please mention the reference of your first complaint in your letter.',
    consentLabel: 'Consent',
    consent:
      'I agree that {{organisation}} stores and uses the details I give here to handle my complaint and to reply to me.',
    submit: 'Send my complaint',
    byEmail: 'You can also send your complaint by e-mail to {{email}}.',
    honeypot: 'Leave this field empty',
    notAccepted:
      'We could not accept this form. Please check your entries and send it again, or write to us by e-mail.',
    tooFast: 'That was very quick! Please check your entries once more and send the form again.',
    expired: 'This form had expired. Your entries are kept: please check them and send the form again.',
    notShown:
      'We could not recognise this form (it may have been sent from another browser, or with cookies turned off). Your entries are kept: please check them and send the form again.',
    busy: 'Many documents are arriving at this moment, so yours could not be taken. Your text is still here: please choose your documents again and send the form in a minute.',
    rateLimited:
      'We have received many complaints from your connection in the last hour. Please try again in about {{minutes}} minutes, or write to us by e-mail.',
    errors: {
      ticketRefs:
        'Write the ticket number as our messages give it, e.g. 123456 or INC-2026-AB12; separate several with commas.',
      domains: 'We could not read this as a domain name: {{values}}. Write it like example.com.',
    },
    thanksTitle: 'Thank you, your complaint is received',
    thanksReference: 'Your reference number:',
    thanksAcknowledgement:
      'An acknowledgement is on its way to {{email}}. If it does not arrive, please look in your spam folder.',
    thanksNoEmail: 'We will acknowledge your complaint shortly.',
    thanksAnswerBy:
      'You will receive our answer by {{date}} at the latest, or a message explaining why we need longer.',
    thanksJoinedTitle: 'Thank you, your message is received',
    thanksJoined:
      'You have already asked us to review this matter at step 2, so we have added your message to that complaint:',
    thanksJoinedNoAcknowledgement:
      'No new complaint has been opened, so you will not receive a second acknowledgement; the person handling your complaint will read what you sent.',
    thanksJoinedAnswerBy:
      'Our answer to that complaint remains due by {{date}} at the latest, or a message explaining why we need longer.',
    thanksJoinedAnswered:
      'We have already answered that complaint; your message has been added to it for the team that handled it.',
    thanksKeepReference: 'Please quote your reference number whenever you write to us about this complaint.',
    another: 'Submit another complaint',
  },
};

/** The shape every language must have: the same keys, any strings. */
export type PublicMessages = Stringify<typeof publicEn>;
type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };
