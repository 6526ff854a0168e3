// What of a complainant a person reading one of their cases is shown. Everyone who may read the case sees the name
// and contact details: acting on it needs them (a department member writes to the person about their suggestion).
// The complainant's record beyond that (the restrictions of P8.2–P8.4 with their reasons and review dates, the
// designated contact, the record's own history) is a staff matter, decided by team leads and management: shown to
// the complaints team, management and the auditor, and to administrators, who answer a person's requests about
// their data; not to a department member, who handles one suggestion. The complainant's other cases follow the case
// rule (canRead): each is named only to whom may read it.
import type { Role } from './roles.ts';

const RECORD_READERS: ReadonlySet<Role> = new Set<Role>([
  'agent',
  'lead',
  'management',
  'auditor',
  'administrator',
]);

/** Whether the role is shown the complainant's restrictions, designated contact and record (its page, its events). */
export function readsComplainantRecord(role: Role): boolean {
  return RECORD_READERS.has(role);
}
