// English texts of the administration pages, merged into the web application's texts.
// admin.fr.ts and admin.de.ts have exactly the same keys (the type checks it).

export const adminEn = {
  nav: { admin: 'Administration' },
  flash: {
    settingsSaved: 'The changes are saved and in force on every instance.',
    settingsUnchanged: 'Nothing changed: the values were already in force.',
    deadlinesMoved_one: 'The deadline of {{count}} case has moved; each move is recorded on its case.',
    deadlinesMoved_other: 'The deadlines of {{count}} cases have moved; each move is recorded on its case.',
  },
  admin: {
    title: 'Administration',
    intro:
      'How Redress works for your organisation: who you are, where complaints arrive, which days count, how complaints are sorted and where suggestions go.',
    lastChange: 'Last change:',
    outboxLate_one:
      'E-mail is not going out: {{count}} message has waited {{minutes}} minutes in the outbox (the alert comes after {{alertAfter}} minutes). The outbound mail server is down or refusing it. Redress keeps trying and loses nothing; ask whoever runs the mail server.',
    outboxLate_other:
      'E-mail is not going out: {{count}} messages wait in the outbox, the oldest for {{minutes}} minutes (the alert comes after {{alertAfter}} minutes). The outbound mail server is down or refusing them. Redress keeps trying and loses nothing; ask whoever runs the mail server.',
    outboxHeld_one:
      'E-mail is held: the outbound mail server refuses Redress’s own sending (its user name or password, the sender address or relaying in the outbound settings), not the recipient. {{count}} message waits and goes out as soon as the server accepts again; nothing is lost. Ask whoever runs the mail server to check the outbound settings.',
    outboxHeld_other:
      'E-mail is held: the outbound mail server refuses Redress’s own sending (its user name or password, the sender address or relaying in the outbound settings), not the recipients. {{count}} messages wait and go out, oldest first, as soon as the server accepts again; nothing is lost. Ask whoever runs the mail server to check the outbound settings.',
    outboxLastFailure: 'The mail server’s last answer:',
    backToOverview: 'Back to the administration',
    readOnly: 'You can read these settings; only an administrator can change them.',
    formLegend: 'Settings',
    notSaved: 'Nothing was saved. Please correct what is marked.',
    row: 'row {{n}}',
    countCategories_one: '{{count}} category',
    countCategories_other: '{{count}} categories',
    countDepartments_one: '{{count}} department',
    countDepartments_other: '{{count}} departments',
    sections: {
      organisation: 'Organisation',
      mailboxes: 'Mailboxes',
      calendar: 'Business calendar',
      categories: 'Categories',
      departments: 'Departments and routing',
      templates: 'Texts sent',
      users: 'Users',
      tokens: 'API tokens',
      audit: 'Audit log',
    },
    sectionHints: {
      organisation: 'Name, postal addresses of the complaints team and of management, default language.',
      mailboxes: 'The addresses that receive complaints, suggestions and step-2 mail.',
      calendar: 'Working week, public holidays of your region, closure days, time zone.',
      categories: 'The types of complaint, for sorting and for the figures (P7.1).',
      departments: 'Where suggestions are forwarded, and the keywords that route them (P9).',
      templates: 'The acknowledgements, answers and notices sent, in three languages.',
      users: 'Staff accounts and their roles.',
      tokens: 'Tokens for other systems that use the API.',
      audit: 'Who changed what, and when.',
    },
    errors: {
      duplicate: 'This is used twice; each must be different.',
      mailboxName: 'Use lower-case letters, digits, "-" and "_" (at most 40), e.g. complaints.',
      needComplaintsMailbox: 'Keep at least one mailbox with the role "complaints".',
      timezone: 'Choose a time zone from the list.',
      workingWeek: 'Tick at least one working day.',
      closureDays: 'Write each closure day as YYYY-MM-DD on its own line; not understood: {{days}}.',
      category:
        'Use lower-case letters, digits, "-" and "_" only, one category per line; not accepted: {{values}}.',
      departmentInUse_one:
        '{{department}} still has a member ({{members}}): give them another department on their account first, then remove it. Nothing was saved.',
      departmentInUse_other:
        '{{department}} still has members ({{members}}): give them another department on their accounts first, then remove it. Nothing was saved.',
      departmentHasSuggestions_one:
        '{{department}} still holds an open suggestion: forward it to another department from its case page (the Suggestions queue, filtered by {{department}}, lists it), then remove the department. Nothing was saved.',
      departmentHasSuggestions_other:
        '{{department}} still holds {{count}} open suggestions: forward them to another department from their case pages (the Suggestions queue, filtered by {{department}}, lists them), then remove the department. Nothing was saved.',
      keyword: 'Each keyword needs at least 2 characters.',
    },
    organisation: {
      intro:
        'These details appear in the texts sent to complainants: the acknowledgement, the answer, the step-2 instructions.',
      name: 'Name of the organisation',
      complaintsPostalAddress: 'Postal address of the complaints team',
      managementPostalAddress: 'Postal address of management (step 2)',
      addressHint: 'One line per line of the address, as it should appear on an envelope.',
      managementHint: 'Step-2 complaints are sent here by post (P1.2); the step-1 answer gives this address.',
      defaultLanguage: 'Default language',
      defaultLanguageHint: 'Used when the language of a complainant cannot be told.',
      disputeTitle: 'Dispute resolution after step 2',
      disputeHint:
        'The statement the answer after step 2 gives about external dispute resolution (in Germany §§ 36–37 VSBG). Adapt it to your organisation.',
      dispute: 'Statement in {{language}}',
    },
    mailboxes: {
      title: 'Mailboxes',
      intro:
        'Each address receives one kind of mail: complaints (step 1), suggestions (P9) or management (step 2). Its language is the default for senders whose language cannot be told.',
      liveNote:
        'The built-in SMTP listener accepts a new or changed address at once. IMAP mailboxes are set in the configuration file and keep the role and language they had at start-up until Redress is restarted; so does the listening address of the SMTP listener. A mailbox name is also used by "redress ingest --mailbox": rename with care.',
      name: 'Name',
      address: 'E-mail address',
      role: 'Role',
      language: 'Language',
      rowsHint: 'To add a mailbox, fill in an empty row. To remove one, clear its name and address.',
      roles: {
        complaints: 'Complaints (step 1)',
        suggestions: 'Suggestions',
        management: 'Management (step 2)',
      },
    },
    calendar: {
      intro:
        'Deadlines count working days (P4.2): the working week, minus the public holidays of your region and your closure days, in your time zone.',
      inForce: 'In force: {{calendar}}.',
      summary: '{{region}}; {{days}}; {{timezone}}; {{closures}} closure days',
      country: 'Country',
      state: 'State or region',
      stateHint: 'Public holidays differ between regions, e.g. Baden-Württemberg and Berlin.',
      wholeCountry: 'The whole country (national holidays only)',
      region: 'Local area',
      regionHint: 'Only where the state has local holidays, e.g. the city of Augsburg in Bavaria.',
      wholeState: 'The whole state',
      timezone: 'Time zone',
      timezoneHint: 'Days are counted in this time zone, summer time included.',
      workingWeek: 'Working days',
      days: {
        mon: 'Monday',
        tue: 'Tuesday',
        wed: 'Wednesday',
        thu: 'Thursday',
        fri: 'Friday',
        sat: 'Saturday',
        sun: 'Sunday',
      },
      daysShort: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
      closureDays: 'Closure days',
      closureHint: 'Days the organisation is closed besides public holidays, one per line as YYYY-MM-DD.',
      previewButton: 'Preview the deadlines',
      save: 'Save the calendar',
      changedMeanwhile:
        'Nothing was saved: {{by}} changed the business calendar meanwhile ({{at}}, version {{version}}). The calendar in force now is shown below: make your change on it again, then save.',
      saveHint:
        'Saving changes the deadlines of complaints received from now on. Open cases keep theirs until you move them on the next page, where each move is recorded.',
      previewTitle: 'Deadlines under the proposed calendar: {{region}}',
      previewIntro:
        'For complaints received at these times: the acknowledgement deadline and the answer deadline ({{days}} working days after the day of receipt). A changed date shows the one in force below it.',
      received: 'Received',
      receivedNow: 'Now',
      receivedTomorrow: 'Tomorrow at 10:00',
      receivedFriday: 'Next Friday at 10:00',
      acknowledgeBy: 'Acknowledge by',
      answerBy: 'Answer by',
      changed: 'changed',
      now: 'in force',
      closedTitle: 'Days off from {{from}} to {{to}} (weekends aside)',
      noClosedDays: 'No public holiday or closure day in this period.',
      holiday: 'Public holiday',
      closureDay: 'Closure day',
      added: 'new',
      removed: 'no longer a day off',
      historyTitle: 'History of the calendar',
      historyIntro:
        'Every change of the calendar is kept. The monitoring report measures each complaint on the calendar in force when it was received.',
      historyVersion: 'Version',
      historyFrom: 'In force from',
      historyCalendar: 'Calendar',
      historyBy: 'Changed by',
      historySinceStart: 'the beginning',
      historyByConfiguration: 'the configuration (file or environment)',
      credit: 'Public holidays: date-holidays (data licensed CC BY-SA 3.0).',
    },
    recompute: {
      title: 'Deadlines of open cases',
      backToCalendar: 'Back to the calendar',
      intro:
        'Open complaints keep the deadlines set when they arrived until they are moved here (P4.2). Under the calendar in force ({{calendar}}) these would change. A complaint whose answer date the complainant has been told (acknowledged, answered or extended) keeps it: a later date needs an extension, which tells them.',
      none: 'No open case has a deadline that the calendar in force would change.',
      count_one: '{{count}} open case would get a new deadline.',
      count_other: '{{count}} open cases would get new deadlines.',
      reference: 'Case',
      answerByNow: 'Answer by (now)',
      answerByNew: 'Answer by (new)',
      acknowledgeByNew: 'Acknowledge by (new)',
      unchanged: 'unchanged',
      more: 'The first {{shown}} of {{total}} are shown; all of them are moved.',
      reason: 'Reason',
      reasonHint: 'Recorded on each case with the old and the new deadline.',
      defaultReason: 'Business calendar changed: {{calendar}}',
      apply_one: 'Move the deadline of {{count}} case',
      apply_other: 'Move the deadlines of {{count}} cases',
    },
    categories: {
      intro:
        'Categories sort complaints by type, for the queues and the monitoring figures (P7.1). Removing a category does not change cases that have it.',
      label: 'Categories',
      hint: 'One per line: lower-case letters, digits, "-" and "_", e.g. billing or data_protection.',
    },
    departments: {
      title: 'Departments',
      intro:
        'Suggestions and comments (P9) are forwarded to the department they concern. A suggestion whose subject or text contains a department’s keywords is routed to it automatically (the department with the most matches); staff can forward any suggestion by hand.',
      name: 'Name',
      email: 'E-mail address',
      keywords: 'Keywords',
      rowsHint:
        'Keywords are separated by commas; case and accents do not matter. To add a department, fill in an empty row; to remove one, clear the row. Department members are linked by the name: rename with care.',
      trialTitle: 'Try the routing',
      trialLabel: 'Text of a suggestion',
      trialHint: 'With the departments in force (save first to try changes).',
      trialButton: 'Show the department',
      trialRoutes: 'This suggestion would be forwarded to: {{department}}.',
      trialNone: 'No keyword matches: this suggestion would wait for a person to forward it.',
    },
  },
};

/** The shape every language must have: the same keys, any strings. */
export type AdminMessages = Stringify<typeof adminEn>;
type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };
