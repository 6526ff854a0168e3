// What a complaint lacks of the information P2 asks for (P2.7): the one rule that every door uses (the mail
// reading, a registered letter, the public form and the API, and a case opened from the triage inbox). A
// complaint that lacks something is still received, acknowledged and tracked; its acknowledgement names what is
// missing and asks for it. Suggestions and other mail are not complaints: nothing is missing from them.
import type { MissingField } from '../case/model.ts';

export interface ComplaintFacts {
  kind: 'complaint' | 'suggestion' | 'other';
  /** P2.1: the complainant's name. */
  name: string | null | undefined;
  /** P2.1: any way to reach the complainant counts as contact details. */
  contact: {
    email?: string | null;
    phone?: string | null;
    postalAddress?: ReadonlyArray<string | null> | null;
  };
  /** P2.4 */
  description: string | null | undefined;
  /** P2.5 */
  expectations: string | null | undefined;
  /**
   * P2.6: whether the subject or title carries the marker. `null` where a door has no subject line to carry it
   * (the public form and the API ask for the step in a field of their own).
   */
  marker: boolean | null;
}

const present = (s: string | null | undefined): boolean => !!s?.trim();

/** The missing fields, in the order of P2 (name, contact, description, expectations, marker). */
export function missingFields(f: ComplaintFacts): MissingField[] {
  if (f.kind !== 'complaint') return [];
  const c = f.contact;
  const reachable =
    present(c.email) || present(c.phone) || (c.postalAddress ?? []).some((line) => present(line));
  const missing: MissingField[] = [];
  if (!present(f.name)) missing.push('name');
  if (!reachable) missing.push('contact');
  if (!present(f.description)) missing.push('description');
  if (!present(f.expectations)) missing.push('expectations');
  if (f.marker === false) missing.push('marker');
  return missing;
}

/**
 * Whether asking for these fields leaves the case waiting on the complainant (P4.5). Only the information P2.7
 * requires does: a subject line without the marker is asked to be written next time, and nothing waits for that.
 */
export function waitsOnComplainant(asked: readonly MissingField[]): boolean {
  return asked.some((f) => f !== 'marker');
}
