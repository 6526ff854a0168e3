// The outbound texts Redress writes, and the variables each may use. Every text exists in FR, EN and DE
// (src/core/correspondence/texts/*.ts); administrators may store their own versions of any of them.
import type { MissingField } from '../case/model.ts';

export const TEMPLATE_KINDS = [
  // To the complainant.
  'acknowledgement',
  'information_request',
  'extension_notice',
  'answer_date_moved',
  'answer',
  'step2_by_post',
  'suggestion_thanks',
  'restriction_notice',
  // To a department (P9).
  'department_forward',
  // To staff (alerts, P7.3).
  'staff_digest',
  'staff_breach',
  'staff_at_risk',
  'staff_new_reply',
  'staff_assigned',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The texts sent to the complainant (and printable as letters). */
export const COMPLAINANT_KINDS: ReadonlySet<TemplateKind> = new Set([
  'acknowledgement',
  'information_request',
  'extension_notice',
  'answer_date_moved',
  'answer',
  'step2_by_post',
  'suggestion_thanks',
  'restriction_notice',
]);

export interface TemplateText {
  subject: string;
  body: string;
}

const COMMON = [
  'organisation',
  'reference',
  'greeting',
  'name',
  'team',
  'caseSubject',
  'receivedDate',
  'answerByDate',
  'complaintsAddress',
  'managementAddress',
  'byEmail',
] as const;

/** The variables a template of each kind may use (checked when an administrator saves a version). */
export const TEMPLATE_VARIABLES: Readonly<Record<TemplateKind, readonly string[]>> = {
  // caseLink: the complainant's private page (src/core/case/complainant-link.ts), absent when none is issued.
  // clockPaused: the days waited on the complainant are added to the answer date (P4.5, configuration).
  acknowledgement: [...COMMON, 'missing', 'step2', 'step1Reference', 'caseLink', 'clockPaused'],
  information_request: [...COMMON, 'missing', 'note', 'clockPaused'],
  extension_notice: [...COMMON, 'reason', 'windowStart', 'windowEnd', 'previousAnswerByDate'],
  // P4.5, where the clock pauses while a case waits on the complainant: the answer date moved by the days waited.
  // oneDayWaited: one day waited, which the texts write in the singular.
  answer_date_moved: [...COMMON, 'daysWaited', 'oneDayWaited', 'previousAnswerByDate'],
  answer: [
    ...COMMON,
    'upheld',
    'partlyUpheld',
    'notUpheld',
    'text',
    'remedy',
    'afterStep1',
    'afterStep2',
    'step2Marker',
    'step2ByEmail',
    'managementEmail',
    'disputeResolution',
  ],
  step2_by_post: [...COMMON, 'step2Marker', 'messageDate', 'firstComplaint'],
  suggestion_thanks: [...COMMON],
  restriction_notice: [
    ...COMMON,
    'writtenOnly',
    'designatedContact',
    'contactName',
    'serviceRefused',
    'reviewDate',
  ],
  department_forward: ['organisation', 'reference', 'department', 'receivedDate', 'text', 'note', 'caseUrl'],
  staff_digest: ['organisation', 'date', 'count', 'items'],
  staff_breach: [
    'organisation',
    'reference',
    'caseSubject',
    'acknowledgementLate',
    'answerLate',
    'due',
    'caseUrl',
  ],
  // notSent: written but not taken by the mail server (or refused); waitsForPerson: never sent automatically.
  staff_at_risk: ['organisation', 'reference', 'caseSubject', 'due', 'notSent', 'waitsForPerson', 'caseUrl'],
  staff_new_reply: ['organisation', 'reference', 'caseSubject', 'from', 'caseUrl'],
  staff_assigned: ['organisation', 'reference', 'caseSubject', 'answerByDate', 'caseUrl'],
};

/** Kinds whose subject must carry the case reference (every text about one case). */
export function needsReference(kind: TemplateKind): boolean {
  return kind !== 'staff_digest';
}

/** Short labels a locale gives to the building blocks of the texts. */
export interface TextLabels {
  /** `{{name}}` is replaced by the name. */
  greetingNamed: string;
  greetingAnonymous: string;
  team: { complaints: string; management: string; suggestions: string };
  /** What is missing (P2.7), as list items; `{{marker}}` is the step-1 subject marker. */
  missing: Record<MissingField, string>;
  digest: {
    acknowledgeDue: string;
    acknowledgeOverdue: string;
    answerDueSoon: string;
    answerOverdue: string;
    extensionLastDay: string;
    lettersToPost: string;
    restrictionReview: string;
    /** In place of a case's subject or a person's name, to someone whose role reads no case. */
    hidden: string;
  };
  /** Labels of a printed letter's information block. */
  letter: { reference: string; date: string; page: string };
}

export interface LocaleTexts {
  labels: TextLabels;
  templates: Record<TemplateKind, TemplateText>;
}

/**
 * What the procedure requires a text to say, whatever case it is filled for. An administrator's version that
 * would leave one out cannot be saved (template-check.ts). Each text is tried in every combination that a real
 * one can take: one flag of each `oneOf` group set (the outcome; the step answered), each `optional` variable
 * set or not.
 */
export interface RequiredParts {
  oneOf: readonly (readonly string[])[];
  optional: readonly string[];
  parts: readonly RequiredPart[];
}

export type RequiredPart =
  /** The value of `shows` appears in the text (in every combination where the flag `when` is set). */
  | { rule: string; what: string; shows: string; when?: string }
  /** Each flag of the group gives a different text: the text says which one holds. */
  | { rule: string; what: string; tellsApart: readonly string[] };

const OUTCOME_FLAGS = ['upheld', 'partlyUpheld', 'notUpheld'] as const;

export const REQUIRED_PARTS: Partial<Record<TemplateKind, RequiredParts>> = {
  // P4.4: the definitive answer states the outcome and the next step open to the complainant.
  answer: {
    oneOf: [OUTCOME_FLAGS, ['afterStep1', 'afterStep2']],
    optional: ['remedy', 'step2ByEmail', 'byEmail'],
    parts: [
      { rule: 'P4.4', what: 'outcome', tellsApart: OUTCOME_FLAGS },
      { rule: 'P4.4', what: 'text', shows: 'text' },
      { rule: 'P4.4', what: 'step2Address', shows: 'managementAddress', when: 'afterStep1' },
      { rule: 'P4.4', what: 'step2Marker', shows: 'step2Marker', when: 'afterStep1' },
      { rule: 'P4.4', what: 'disputeResolution', shows: 'disputeResolution', when: 'afterStep2' },
    ],
  },
};
