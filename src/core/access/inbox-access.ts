// Who works the triage inbox (DESIGN.md "Roles"; the procedure's actors): the complaints team and management read
// it and act on it (file an item on a case, open a case, reclassify, dismiss), since each item is mail that may
// become a complaint at either step; the auditor reads it and changes nothing. An administrator configures the
// organisation, calendars, templates and users, and handles no case (case-access.ts), so reads no incoming mail
// either: the inbox holds what strangers wrote, which the procedure shows only to those who must act on it (P6.3).
// A data-subject request by address is the one place an administrator meets such messages, as that request's
// export or erasure (app/export-complainant.ts), not as the inbox. The role table reads these rules.
import type { Role } from './roles.ts';

/** Whether a role may see the triage inbox and its items. */
export function canReadInbox(role: Role): boolean {
  return role === 'agent' || role === 'lead' || role === 'management' || role === 'auditor';
}

/** Whether a role may act on an inbox item. */
export function canHandleInbox(role: Role): boolean {
  return role === 'agent' || role === 'lead' || role === 'management';
}
