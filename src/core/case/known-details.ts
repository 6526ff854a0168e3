// What a complaint still lacks of P2's information, given what is known of its complainant now. The case records
// what was missing when it arrived; the complainant's record may know more (the e-mail address of an earlier case,
// details staff added since). A page or an acknowledgement must not ask for "your name" of someone greeted by it,
// nor say "Missing: contact details" beside the complainant's e-mail address. The record's details are held to
// the rule of every door (missing-fields.ts), so "known" means here what "given" means there.
import { missingFields } from '../intake/missing-fields.ts';
import type { MissingField } from './model.ts';

export interface KnownDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: readonly (string | null)[] | null;
}

export function missingNow(recorded: readonly MissingField[], known: KnownDetails | null): MissingField[] {
  if (!known) return [...recorded];
  const ofRecord = missingFields({
    kind: 'complaint',
    name: known.name,
    contact: { email: known.email, phone: known.phone, postalAddress: known.postalAddress },
    description: null,
    expectations: null,
    marker: null,
  });
  // The record speaks of who the complainant is and how to reach them, never of the complaint itself.
  return recorded.filter((f) => (f !== 'name' && f !== 'contact') || ofRecord.includes(f));
}
