// The sentence of each access refusal (who may do what: sessions, accounts, tokens, cases by role and step), in
// English: errors.<code>_<context>, one for every refusal ACCESS_CONTEXTS (src/core/access/access-error.ts) names,
// with the values it carries. A refusal added there without its sentence here (and in French and German) does not
// type-check.
import type { AccessRefusalKey } from '../../../core/access/access-error.ts';

export const accessRefusalsEn: { errors: Record<AccessRefusalKey, string> } = {
  errors: {
    unauthenticated_sign_in: 'Please sign in first.',
    session_expired_ended: 'Your session has ended. Please sign in again; what you sent was not saved.',
    forbidden_role_route: 'Your role ($t(roles.{{role}})) does not allow this page or action.',
    forbidden_role_inbox:
      "The triage inbox is read by the complaints team, management and the auditor, and worked by the complaints team and management. An administrator's account configures Redress and does not read incoming mail.",
    forbidden_role_department_records: 'Only the department the suggestion went to records this.',
    forbidden_role_team_forwards: 'The complaints team forwards suggestions to departments.',
    forbidden_role_step2_only: 'Management handles step-2 cases only.',
    forbidden_role_step2_management: 'Step-2 cases are handled by management.',
    forbidden_role_no_cases: 'Your role ($t(roles.{{role}})) does not handle cases.',
    forbidden_role_lead_reassigns: 'Only a team lead or management reassigns a case.',
    forbidden_role_restriction_deciders:
      'Team leads and management decide restrictions on a complainant (P8.3).',
    forbidden_role_record_mergers: 'The complaints team and management merge the records of a complainant.',
    forbidden_role_record_exporters:
      'The complaints team, management and administrators export what is held on a complainant.',
    forbidden_role_record_writers: 'The auditor reads the record and changes nothing on it.',
    forbidden_role_subject_requests: 'Administrators answer this request of a person about their data.',
    assignee_not_allowed_step1: 'This case can only be given to an active agent or team lead.',
    assignee_not_allowed_step2: 'A step-2 case can only be given to an active member of management.',
    designated_contact_only_correspondence:
      'A designated contact handles all correspondence with this complainant (P8.4): only they write to them on this case. Ask the designated contact named on the case page, or change the restriction on the complainant’s page.',
    designated_contact_only_assignment:
      'This complainant’s cases go to their designated contact (P8.4): to give this case to someone else, change the restriction on the complainant’s page first.',
    csrf_invalid_expired: 'The form had expired. Reload the page and try again.',
    token_invalid_bearer:
      'The API token is missing, unknown, revoked or expired: send a valid token as "Authorization: Bearer …".',
    sign_in_failed_credentials: 'The e-mail address or the password is not right.',
    sign_in_throttled_failures: 'Too many failed sign-ins. Try again in {{minutes}} minutes.',
    reset_throttled_requests: 'Too many requests for a new password. Try again in {{minutes}} minutes.',
    email_taken_account: 'There is already an account for {{email}}: open it from the list instead.',
    user_not_found_account: 'There is no such account.',
    user_not_found_email: 'There is no account for {{email}}: check the address.',
    token_not_found_token: 'There is no such API token.',
    departments_required_department_member: 'A department member needs at least one department.',
    unknown_department_existing:
      'There is no department “{{department}}”. Choose among {{existing}}, or add it first under $t(nav.admin) › $t(admin.sections.departments).',
    unknown_department_none:
      'There is no department “{{department}}”, and no department exists yet: add it first under $t(nav.admin) › $t(admin.sections.departments).',
    last_administrator_active: 'This is the last active administrator; appoint another one first.',
    password_too_short_length: 'Choose a password of at least {{min}} characters.',
    password_too_long_length: 'Choose a password of at most {{max}} characters.',
    password_is_email_email: 'Choose a password that is not your e-mail address.',
    password_wrong_current: 'The current password is not right.',
    passwords_differ_confirm: 'The two passwords are not the same; type the same one twice.',
    invitation_invalid_expired: 'This link is not valid any more; ask an administrator for a new one.',
    invitation_invalid_used:
      'This link has been used already: sign in with the password chosen then, or ask an administrator for a new link.',
    already_in_state_account:
      'Nothing changed: the account’s status is already “$t(userStatuses.{{status}})”.',
    already_in_state_token_revoked: 'Nothing changed: this API token is already revoked.',
    already_in_state_record_erased:
      'This record was erased: nothing is left on it to export, restrict, merge, change or erase again.',
    already_in_state_record_merged:
      'This record was merged into another: restrictions and merges are recorded on the record it was merged into.',
  },
};
