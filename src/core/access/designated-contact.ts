// Who writes to a complainant, and who gets their cases, under a designated-contact restriction: one rule that
// every door asks (the use cases, the case page's list of actions, the API and the bulk actions go through them).
//
// P8.4 says one named staff member handles every case of the complainant and all correspondence goes through them.
// P5.2 says step 2 is handled by management only, and the complaints team handles everything else, so no one person
// can handle both steps of a complaint. Resolved so that neither promise is broken and no case is ever left with
// nobody allowed to answer it:
// - the contact must be an active member of staff who handles complaints (agent, team lead or management);
// - where the contact may handle the case (`mayOwn`: active, and their role handles the case's step), the case goes
//   to them, only they write to the complainant on it, and it is not given to anyone else;
// - where they may not (a step-2 case when the contact is in the complaints team, a step-1 case or a suggestion when
//   the contact is in management, or any case once the contact's account is no longer active), the case follows the
//   usual routing and whoever handles it writes; the case page still names the contact.
// Automatic mail (acknowledgement, thanks) follows the same split: `afterCaseOpened` (src/app/acknowledge-case.ts)
// sends nothing unasked where `contactOwnerOf` names the contact, and as usual elsewhere.
import { CASE_ACTION_NAMES, CASE_ACTIONS, type CaseActionSpec } from '../case/actions.ts';
import type { RefusalDetails } from '../case/refusal.ts';
import type { AutoReply } from '../correspondence/auto-reply.ts';
import {
  type ActorRef,
  accessErrorOf,
  assignmentRefusal,
  type CaseAccessRefusal,
  type CaseAct,
  type CaseScope,
  caseActRefusal,
  mayOwn,
  type Staff,
  staffOf,
} from './case-access.ts';
import type { Role, UserStatus } from './roles.ts';

/** What the rule needs to know of a staff account. */
export interface StaffAccount {
  role: Role;
  status: UserStatus;
}

/** The designated contact in force for a complainant: the account id named, and that account (null: none such). */
export interface DesignatedContact {
  id: string;
  account: StaffAccount | null;
}

/** The roles that handle complaints, and so may be named designated contact. */
export const CONTACT_ROLES: readonly Role[] = ['agent', 'lead', 'management'];

/**
 * The acts that write to the complainant: the case actions the registry marks so (src/core/case/actions.ts), and the
 * letters (posting one that waits, printing a bounced e-mail as a letter).
 */
export const CORRESPONDENCE_ACTS: ReadonlySet<CaseAct> = new Set<CaseAct>([
  ...CASE_ACTION_NAMES.filter((n) => (CASE_ACTIONS[n] as CaseActionSpec).writesToComplainant).map(
    (n) => CASE_ACTIONS[n].act,
  ),
  'post_letter',
  'resend_letter',
]);

export function writesToComplainant(act: CaseAct): boolean {
  return CORRESPONDENCE_ACTS.has(act);
}

/**
 * Why this account cannot be named designated contact, or null when it can: it must exist, be active, and handle
 * complaints. The sentence names what is wrong and what to choose instead.
 */
export function contactChoiceRefusal(
  id: string,
  account: StaffAccount | null,
): { message: string; details: RefusalDetails<'designated_contact_not_allowed'> } | null {
  const choose = 'choose an active agent, team lead or member of management from the list.';
  if (!account)
    return {
      message: `There is no staff account "${id.slice(0, 100)}" to name as designated contact: ${choose}`,
      details: { context: 'no_account' },
    };
  if (!CONTACT_ROLES.includes(account.role))
    return {
      message: `A designated contact handles the complainant's cases, and the account named has the role ${account.role}, which handles no case: ${choose}`,
      details: { context: 'role', role: account.role },
    };
  if (account.status !== 'active')
    return {
      message: `The account named as designated contact is ${account.status === 'invited' ? 'invited but not yet active' : 'disabled'}: ${choose}`,
      details: { context: account.status === 'invited' ? 'invited' : 'disabled' },
    };
  return null;
}

/** The account a case goes to under the restriction (P8.4), or null when it follows the usual routing. */
export function contactOwnerOf(
  contact: DesignatedContact | null,
  s: Pick<CaseScope, 'kind' | 'step'>,
): string | null {
  return contact?.account && mayOwn(contact.account, s) ? contact.id : null;
}

/**
 * The door's verdict on writing automatically (auto-reply.ts), with the designated contact applied to the case as
 * it stands: nothing automatic where the contact handles the case, since all correspondence then goes through them;
 * where they may not handle it (the other step, their account disabled), the usual verdict, since a door that said
 * `restricted_channel` only because a contact exists would leave the person untold with nobody asked to tell them.
 * Every automatic text asks this (the acknowledgement, the thanks, the by-post instruction of P1.2).
 */
export function automaticMailVerdict(
  door: AutoReply,
  contact: DesignatedContact | null,
  s: Pick<CaseScope, 'kind' | 'step'>,
): AutoReply {
  if (door !== 'allowed' && door !== 'restricted_channel') return door;
  return contactOwnerOf(contact, s) ? 'restricted_channel' : 'allowed';
}

/**
 * Why `v` may not do `act` on the case because of the designated contact, or null when the restriction does not
 * stand in the way (no contact, an act that writes nothing to the complainant, a case the contact may not handle,
 * or `v` is the contact). Ask `caseActRefusal` first, or use `complainantActRefusal`, which does both.
 */
export function contactRefusal(
  v: Pick<Staff, 'userId'>,
  act: CaseAct,
  s: Pick<CaseScope, 'kind' | 'step'>,
  contact: DesignatedContact | null,
): CaseAccessRefusal | null {
  if (!writesToComplainant(act)) return null;
  const owner = contactOwnerOf(contact, s);
  if (!owner || owner === v.userId) return null;
  return {
    code: 'designated_contact',
    message:
      "A designated contact handles all correspondence with this complainant (P8.4): only they may write to them on this case. Ask the designated contact named on the case page, or change the restriction on the complainant's page.",
    details: { context: 'correspondence' },
  };
}

/**
 * Why the case may not be given to `to` because of the designated contact, or null: where the contact may handle
 * the case, it stays with them (P8.4); to give it to someone else, change the restriction first.
 */
export function contactAssignmentRefusal(
  s: Pick<CaseScope, 'kind' | 'step'>,
  to: string | null,
  contact: DesignatedContact | null,
): CaseAccessRefusal | null {
  const owner = contactOwnerOf(contact, s);
  if (!owner || owner === to) return null;
  return {
    code: 'designated_contact',
    message:
      "This complainant's cases go to their designated contact (P8.4): to give this case to someone else, change the restriction on the complainant's page first.",
    details: { context: 'assignment' },
  };
}

/** The case rule and the designated contact together: why `v` may not do `act` on this complainant's case. */
export function complainantActRefusal(
  v: Staff,
  act: CaseAct,
  s: CaseScope,
  contact: DesignatedContact | null,
): CaseAccessRefusal | null {
  return caseActRefusal(v, act, s) ?? contactRefusal(v, act, s, contact);
}

/**
 * The assignment rule and the designated contact together: why `v` may not give this complainant's case to `to`
 * (null: nobody), whose account is `assignee`. What the case page offers and what every door accepts.
 */
export function complainantAssignmentRefusal(
  v: Staff,
  s: CaseScope,
  to: string | null,
  assignee: StaffAccount | null,
  contact: DesignatedContact | null,
): CaseAccessRefusal | null {
  return assignmentRefusal(v, s, to, assignee) ?? contactAssignmentRefusal(s, to, contact);
}

/** Throws the refusal of `complainantActRefusal`, if any; the system acting by name is not checked. */
export function requireComplainantAct(
  by: ActorRef,
  act: CaseAct,
  s: CaseScope,
  contact: DesignatedContact | null,
): void {
  const v = staffOf(by);
  if (!v) return;
  const r = complainantActRefusal(v, act, s, contact);
  if (r) throw accessErrorOf(r);
}
