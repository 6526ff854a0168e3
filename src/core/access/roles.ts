// Who works in Redress (DESIGN.md "Settled"): the roles a staff account or an API token holds.
// What each role may do is the HTTP role table (src/adapters/http/access.ts); this file holds only the words.

export const ROLES = [
  'agent',
  'lead',
  'management',
  'department_member',
  'administrator',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
