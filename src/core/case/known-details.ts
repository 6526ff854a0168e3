// What a complaint still lacks of P2's information, given what is known of its complainant now. The case records
// what was missing when it arrived (what the acknowledgement asked for, P2.7); the complainant's record may know
// more (the e-mail address of an earlier case, details staff added since). A page must not say "Missing: contact
// details" beside the complainant's e-mail address.
import type { MissingField } from './model.ts';

export interface KnownDetails {
  name: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: readonly (string | null)[] | null;
}

const present = (s: string | null | undefined) => !!s?.trim();

export function missingNow(recorded: readonly MissingField[], known: KnownDetails | null): MissingField[] {
  if (!known) return [...recorded];
  const reachable =
    present(known.email) || present(known.phone) || (known.postalAddress ?? []).some((l) => present(l));
  return recorded.filter((f) => !(f === 'name' && present(known.name)) && !(f === 'contact' && reachable));
}
