// English texts of the reports page (monitoring, P7). Merged into the shell's texts in index.ts; reports.fr.ts and
// reports.de.ts have exactly the same keys (the type checks it).

export const reportsEn = {
  nav: { reports: 'Reports' },
  reports: {
    title: 'Reports',
    intro:
      'Complaints received in the period (by the local date they arrived) and whether the promises of the procedure were kept. Suggestions and other messages are counted apart, never as complaints.',
    periodLegend: 'Period',
    from: 'From',
    to: 'To',
    show: 'Show',
    presetsLabel: 'Quick periods',
    presets: {
      thisMonth: 'This month',
      lastMonth: 'Last month',
      thisQuarter: 'This quarter',
      lastHalfYear: 'Last half-year',
      thisYear: 'This year',
    },
    showing: 'Figures for {{from}} to {{to}}, compared with {{previousFrom}} to {{previousTo}}.',
    downloadsLabel: 'Download and print',
    csv: 'Figures as CSV',
    json: 'Figures as JSON',
    print: 'Print',
    drillHint:
      'Each number links to the queue with the closest filter. The queue does not filter by date of receipt, so it lists the cases of every period.',
    errors: {
      date: 'Write the date as YYYY-MM-DD or pick it in the calendar.',
      order: 'The period ends before it starts.',
      tooLong: 'Choose a period of at most {{years}} years.',
      shownInstead: 'The figures below are for this month.',
    },
    sections: {
      comparison: 'This period against the previous one',
      compliance: 'Promises kept',
      trend: 'Complaints received by month',
      category: 'Complaints by category',
      channel: 'Complaints by channel',
      step: 'Complaints by step',
      language: 'Complaints by language',
      outcome: 'Outcome of the answered complaints',
      suggestions: 'Suggestions by status',
      other: 'Other messages by reason (not complaints)',
    },
    columns: {
      figure: 'Figure',
      thisPeriod: 'This period',
      previousPeriod: 'Previous period',
      change: 'Change',
      month: 'Month',
      category: 'Category',
      channel: 'Channel',
      step: 'Step',
      language: 'Language',
      outcome: 'Outcome',
      status: 'Status',
      reason: 'Reason',
      count: 'Number',
      share: 'Share',
      together: 'Steps 1 and 2',
    },
    figures: {
      received: 'Received',
      acknowledged: 'Acknowledged',
      acknowledgedInTime: 'Acknowledged in time',
      answered: 'Answered',
      answeredInTime: 'Answered by the due date',
      overdueOpen: 'Open and overdue',
      extended: 'Extended',
      escalated: 'Escalated to step 2',
      meanDaysToAnswer: 'Mean calendar days to answer',
      suggestions: 'Suggestions received',
      other: 'Other messages received',
    },
    stepName: 'Step {{step}}',
    notSet: 'Not set',
    chartAlt: '{{title}}. Chart; the table below gives the same figures.',
    empty: 'None in this period.',
    ofReceived: '{{percent}} of those received',
    series: { thisPeriod: 'This period', previousPeriod: 'Previous period' },
  },
};

/** The shape every language must have: the same keys, any strings. */
export type ReportsMessages = Stringify<typeof reportsEn>;
type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };
