// The words of the procedure as wire values (snake_case string unions, DESIGN.md "Settled").

export const KINDS = ['complaint', 'suggestion', 'other'] as const;
export type Kind = (typeof KINDS)[number];

/** Why something is kind `other` (P7.4): not a complaint, kept out of complaint figures. */
export const OTHER_REASONS = [
  'abuse_report',
  'domain_dispute',
  'data_protection',
  'spam',
  'misdirected',
] as const;
export type OtherReason = (typeof OTHER_REASONS)[number];

export const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STEPS = [1, 2] as const;
export type Step = (typeof STEPS)[number];

export const CHANNELS = ['email', 'letter', 'web', 'api', 'escalation'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LANGUAGES = ['fr', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The required information of P2 that can be missing. */
export const MISSING_FIELDS = ['name', 'contact', 'description', 'expectations', 'marker'] as const;
export type MissingField = (typeof MISSING_FIELDS)[number];

export const RESTRICTION_KINDS = ['written_only', 'designated_contact', 'service_refused'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const CASE_STATUSES = ['received', 'acknowledged', 'answered', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Why an inbound item waits in the triage inbox instead of on a case. */
export const INBOX_REASONS = [
  'automated',
  'unparseable',
  'unclassified',
  'stranger_reference',
  'other_kind',
  'bounce',
] as const;
export type InboxReason = (typeof INBOX_REASONS)[number];

export const INBOX_STATUSES = ['open', 'filed', 'case_opened', 'reclassified', 'dismissed'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/**
 * Who did something: `user:<id>`, `token:<id>` (API), `mailbox:<name>` (a mail door), `system` (a sweep, a rule).
 */
export type Actor = string;

/** The fields of P2 that a complaint carries. */
export interface ComplaintFields {
  ticketRefs: string[];
  domains: string[];
  description: string | null;
  expectations: string | null;
}
