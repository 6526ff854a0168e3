// English sentences of what the settings' check refuses (src/adapters/http/settings-problems.ts): each field's
// name, the fix of the issues only that field can say, and the fixes said from an issue's code. Typed by
// SETTINGS_FIELDS, so a setting added there without its texts here (and in French and German) does not type-check.
import type { SettingsField, SettingsFixes } from '../settings-problems.ts';

export interface SettingsIssueTexts {
  settingsIssues: {
    expected: { string: string; boolean: string; array: string; object: string };
    atLeast_one: string;
    atLeast_other: string;
    atMost_one: string;
    atMost_other: string;
    oneOf: string;
    notEditable: string;
    names: Record<SettingsField, string>;
    fixes: SettingsFixes;
  };
}

export const settingsIssuesEn: SettingsIssueTexts = {
  settingsIssues: {
    expected: {
      string: 'Write a text.',
      boolean: 'Choose yes or no.',
      array: 'Give a list.',
      object: 'Give each of its parts, as the form has them.',
    },
    atLeast_one: 'Give at least one entry.',
    atLeast_other: 'Give at least {{count}} entries.',
    atMost_one: 'Give at most one entry: remove the others.',
    atMost_other: 'Give at most {{count}} entries: remove some.',
    oneOf: 'Choose one of: {{values}}.',
    notEditable: '“{{key}}” is not a setting that can be changed here; these can: {{allowed}}.',
    names: {
      organisation: 'Organisation',
      'organisation/name': 'Name of the organisation',
      'organisation/complaintsPostalAddress': 'Postal address for complaints',
      'organisation/complaintsPostalAddress/*': 'Line {{position}} of the postal address for complaints',
      'organisation/managementPostalAddress': 'Postal address of management',
      'organisation/managementPostalAddress/*': 'Line {{position}} of the postal address of management',
      mailboxes: 'Mailboxes',
      'mailboxes/*': 'Mailbox {{position}}',
      'mailboxes/*/name': 'Name of mailbox {{position}}',
      'mailboxes/*/address': 'Address of mailbox {{position}}',
      'mailboxes/*/role': 'Role of mailbox {{position}}',
      'mailboxes/*/language': 'Language of mailbox {{position}}',
      timezone: 'Time zone',
      holidays: 'Region of the public holidays',
      workingWeek: 'Working days',
      'workingWeek/*': 'Working day {{position}}',
      closureDays: 'Closure days',
      'closureDays/*': 'Closure day on line {{position}}',
      defaultLanguage: 'Default language',
      categories: 'Categories',
      'categories/*': 'Category {{position}}',
      categoryCatalogue: 'Categories',
      'categoryCatalogue/*': 'Category {{position}}',
      'categoryCatalogue/*/key': 'Key of category {{position}}',
      'categoryCatalogue/*/labels': 'Labels of category {{position}}',
      'categoryCatalogue/*/labels/fr': 'French label of category {{position}}',
      'categoryCatalogue/*/labels/en': 'English label of category {{position}}',
      'categoryCatalogue/*/labels/de': 'German label of category {{position}}',
      'categoryCatalogue/*/keywords': 'Keywords of category {{position}}',
      'categoryCatalogue/*/keywords/fr': 'French keywords of category {{position}}',
      'categoryCatalogue/*/keywords/fr/*': 'French keyword {{entry}} of category {{position}}',
      'categoryCatalogue/*/keywords/en': 'English keywords of category {{position}}',
      'categoryCatalogue/*/keywords/en/*': 'English keyword {{entry}} of category {{position}}',
      'categoryCatalogue/*/keywords/de': 'German keywords of category {{position}}',
      'categoryCatalogue/*/keywords/de/*': 'German keyword {{entry}} of category {{position}}',
      'categoryCatalogue/*/retired': 'State of category {{position}}',
      departments: 'Departments',
      'departments/*': 'Department {{position}}',
      'departments/*/name': 'Name of department {{position}}',
      'departments/*/email': 'Address of department {{position}}',
      'departments/*/keywords': 'Keywords of department {{position}}',
      'departments/*/keywords/*': 'Keyword {{entry}} of department {{position}}',
      disputeResolution: 'Statement on dispute resolution',
      'disputeResolution/fr': 'Statement on dispute resolution in French',
      'disputeResolution/en': 'Statement on dispute resolution in English',
      'disputeResolution/de': 'Statement on dispute resolution in German',
      alerts: 'Staff alerts',
      'alerts/dueSoonWorkingDays': 'Working days ahead that the daily digest lists',
      'alerts/acknowledgementAtRiskHours':
        'Hours before an undelivered acknowledgement is late that staff are alerted',
      'alerts/digestHour': 'Hour of the daily digest',
      'alerts/quietFromHour': 'Hour after which only breaches are sent',
      'alerts/sweepSeconds': 'Seconds between two checks of the deadlines',
      'alerts/leads': 'Addresses for the team leads’ alerts',
      'alerts/leads/*': 'Address {{position}} for the team leads’ alerts',
      autoReplyLimitPerDay: 'Automatic e-mails per recipient and day',
      quietPeriodBusinessDays: 'Working days before an answered case closes',
      monthlyReport: 'Monthly report',
      'monthlyReport/enabled': 'Sending of the monthly report',
      'monthlyReport/recipients': 'Recipients of the monthly report',
      'monthlyReport/recipients/*': 'Line {{position}} of the recipients',
    },
    fixes: {
      'mailboxes/*/name': {
        invalid_format:
          'Use lower-case letters, digits, "-" and "_", starting with a letter or digit, e.g. complaints.',
      },
      timezone: { custom: 'Choose a time zone from the list, such as Europe/Berlin or Europe/Paris.' },
      holidays: { custom: 'Choose a country from the list, and its state or region where it has them.' },
      'closureDays/*': { custom: 'Write the day as YYYY-MM-DD, e.g. 2026-12-24.' },
      'categories/*': {
        invalid_format: 'Use lower-case letters, digits, "-" and "_", starting with a letter or digit.',
      },
      'categoryCatalogue/*/key': {
        invalid_format:
          'Use lower-case letters, digits, "-" and "_" (at most 60), starting with a letter or digit.',
      },
      'departments/*/name': {
        custom: '“{{reserved}}” stands for “not forwarded” in the reports: choose another name.',
      },
    },
  },
};
