// Whether a complainant can be answered at all (P3.1: "by e-mail where an address is known, else as a printable
// letter"): one usable e-mail address, or a postal address with at least one line. A complaint from someone with
// neither is not acknowledged into the void (no letter with an empty address block): it waits, shown to staff as
// "to address", until someone adds an address. Pure: the complainant's details come in.
import { isOneAddress } from '../intake/addresses.ts';
import type { ClockFacts } from './clock.ts';

export interface AddressFacts {
  email: string | null;
  /** The e-mail address bounced: it no longer counts (a person marked it, or a bounce did). */
  unreachableByEmail: boolean;
  postalAddress: readonly (string | null)[] | null;
}

export function answerableByEmail(c: AddressFacts): boolean {
  return isOneAddress(c.email?.trim()) && !c.unreachableByEmail;
}

export function answerableByPost(c: AddressFacts): boolean {
  return (c.postalAddress ?? []).some((l) => !!l?.trim());
}

/** The complainant can be written to by e-mail or by post. */
export function hasAddressToAnswer(c: AddressFacts): boolean {
  return answerableByEmail(c) || answerableByPost(c);
}

/**
 * An open complaint waits "to address" while it is not acknowledged, no acknowledgement letter waits to be
 * posted, and its complainant has no address to answer.
 */
export function waitsForAddress(
  c: Pick<ClockFacts, 'kind' | 'status' | 'acknowledgedAt'> & { lettersToPost: number },
  complainant: AddressFacts,
): boolean {
  return (
    c.kind === 'complaint' &&
    c.status === 'received' &&
    !c.acknowledgedAt &&
    c.lettersToPost === 0 &&
    !hasAddressToAnswer(complainant)
  );
}
