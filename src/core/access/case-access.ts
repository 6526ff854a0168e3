// Who may do what on which case, in one place (DESIGN.md "Roles", P5.2). The role table
// (src/adapters/http/access.ts) says which routes a role may call at all; these rules say which cases: management
// handles step-2 complaints only, the complaints team (agents, leads) everything else; a department member reads
// and records progress on the suggestions sent to its departments; the auditor reads everything and changes
// nothing; an administrator configures and handles no case. Who may own a case follows the same rule, so a case
// is never assigned to someone who could not act on it. Every door (web pages, API, bulk actions, hand-overs,
// merges, the inbox) goes through the use cases, and the use cases ask these functions.
import { DomainError } from '../case/refusal.ts';
import { type AccessDetails, AccessError } from './access-error.ts';
import { ROLES, type Role, type UserStatus } from './roles.ts';

/** The person (or API token) acting: a token has no user id and no departments. */
export interface Staff {
  role: Role;
  userId: string | null;
  departments: readonly string[];
}

/** A person acting through a door, with the name written into the history (`user:…`, `token:…`). */
export interface ActingStaff extends Staff {
  actor: string;
}

/**
 * Who is behind a use case: a person or token through a door (checked), or the system itself by its name
 * (mail intake, the sweeper, the command line, tests), which the doors never pass.
 */
export type ActorRef = string | ActingStaff;

export function actorName(by: ActorRef): string {
  return typeof by === 'string' ? by : by.actor;
}

export function staffOf(by: ActorRef): ActingStaff | null {
  return typeof by === 'string' ? null : by;
}

/** The parts of a case the rules look at. */
export interface CaseScope {
  kind: 'complaint' | 'suggestion' | 'other';
  step: 1 | 2 | null;
  department: string | null;
  ownerId: string | null;
}

export const CASE_ACTS = [
  'read',
  'assign',
  'categorise',
  'note',
  'acknowledge',
  'request_information',
  /** Writing a free reply or an interim update to the complainant. */
  'reply',
  'extend',
  'answer',
  'escalate',
  'close',
  'reopen',
  'merge',
  'forward',
  'post_letter',
  'resend_letter',
  /** Filing a piece of mail from the inbox onto the case. */
  'file_correspondence',
  /** Opening a case of this kind and step (from the inbox). */
  'open',
  'suggestion_acknowledge',
  'suggestion_done',
  /** Changing the case's kind (complaint, suggestion, other with a reason: P2.7, P7.4): whoever handles it. */
  'reclassify',
] as const;
export type CaseAct = (typeof CASE_ACTS)[number];

/**
 * Why an act is refused: `hidden` when the case is not even readable (its existence is not disclosed);
 * `designated_contact` when a designated contact handles this complainant (designated-contact.ts). Each carries which
 * refusal of its code it is (`context`, the key of its sentence in each language: ACCESS_CONTEXTS) and its values.
 */
export type CaseAccessRefusal =
  | { code: 'hidden'; message: string; details: { readonly context: 'case' } }
  | { code: 'forbidden_role'; message: string; details: AccessDetails<'forbidden_role'> }
  | { code: 'assignee_not_allowed'; message: string; details: AccessDetails<'assignee_not_allowed'> }
  | { code: 'designated_contact'; message: string; details: AccessDetails<'designated_contact_only'> };

const isStep2 = (s: Pick<CaseScope, 'kind' | 'step'>) => s.kind === 'complaint' && s.step === 2;

const inDepartment = (v: Staff, department: string | null) =>
  !!department && v.departments.some((d) => d.toLowerCase() === department.toLowerCase());

/** Whether the person may see this case at all (a department member only their departments' suggestions). */
export function canRead(v: Staff, s: Pick<CaseScope, 'kind' | 'department'>): boolean {
  if (v.role === 'department_member') return s.kind === 'suggestion' && inDepartment(v, s.department);
  return v.role === 'agent' || v.role === 'lead' || v.role === 'management' || v.role === 'auditor';
}

/**
 * The departments whose suggestions are all this person reads (a department member: `canRead`), or null when the
 * person reads cases of every department: the queues narrow their lists with it.
 */
export function readsOnlyDepartments(v: Staff): readonly string[] | null {
  return v.role === 'department_member' ? v.departments : null;
}

/** Whether the person handles this case: management step-2 complaints only (P5.2), the complaints team the rest. */
export function canHandle(v: Pick<Staff, 'role'>, s: Pick<CaseScope, 'kind' | 'step'>): boolean {
  if (v.role === 'management') return isStep2(s);
  if (v.role === 'agent' || v.role === 'lead') return !isStep2(s);
  return false;
}

/** Whether the person may record what a department did with a suggestion. */
export function canHandleSuggestion(v: Staff, s: Pick<CaseScope, 'kind' | 'department'>): boolean {
  if (s.kind !== 'suggestion') return false;
  if (v.role === 'department_member') return inDepartment(v, s.department);
  return v.role === 'agent' || v.role === 'lead';
}

/** Whether an account may own this case: someone active who may handle it at its step. */
export function mayOwn(
  assignee: { role: Role; status: UserStatus },
  s: Pick<CaseScope, 'kind' | 'step'>,
): boolean {
  return assignee.status === 'active' && canHandle(assignee, s);
}

const forbidden = (message: string, details: AccessDetails<'forbidden_role'>): CaseAccessRefusal => ({
  code: 'forbidden_role',
  message,
  details,
});

/** Why `v` may not do `act` on the case, or null when it may. Assignment also needs `assignmentRefusal`. */
export function caseActRefusal(v: Staff, act: CaseAct, s: CaseScope): CaseAccessRefusal | null {
  if (act !== 'open' && !canRead(v, s))
    return { code: 'hidden', message: 'There is no such case.', details: { context: 'case' } };
  if (act === 'read') return null;
  if (act === 'suggestion_acknowledge' || act === 'suggestion_done')
    return canHandleSuggestion(v, s)
      ? null
      : forbidden('Only the department the suggestion went to records this.', {
          context: 'department_records',
        });
  // Routing a suggestion to a department is the complaints team's work (P9.1), whichever case it is tried on.
  if (act === 'forward' && v.role !== 'agent' && v.role !== 'lead')
    return forbidden('The complaints team forwards suggestions to departments.', {
      context: 'team_forwards',
    });
  if (canHandle(v, s)) return null;
  if (v.role === 'management')
    return forbidden('Management handles step-2 cases only.', { context: 'step2_only' });
  if (v.role === 'agent' || v.role === 'lead')
    return forbidden('Step-2 cases are handled by management.', { context: 'step2_management' });
  return forbidden(`The role ${v.role} does not handle cases.`, { context: 'no_cases', role: v.role });
}

/**
 * Why `v` may not give the case to `to` (null: unassigned), or null when it may. `assignee` is the account of
 * `to` (null when there is no such account). A lead or management reassigns freely within the cases they handle;
 * an agent only takes an unassigned case (or their own) for themselves, or gives back their own.
 */
export function assignmentRefusal(
  v: Staff,
  s: CaseScope,
  to: string | null,
  assignee: { role: Role; status: UserStatus } | null,
): CaseAccessRefusal | null {
  const handle = caseActRefusal(v, 'assign', s);
  if (handle) return handle;
  if (v.role === 'agent') {
    const own = v.userId;
    const mayTake = own !== null && to === own && (s.ownerId === null || s.ownerId === own);
    const mayGiveBack = own !== null && to === null && s.ownerId === own;
    if (!mayTake && !mayGiveBack)
      return forbidden('Only a team lead or management reassigns a case.', { context: 'lead_reassigns' });
  }
  if (to !== null && (!assignee || !mayOwn(assignee, s)))
    return {
      code: 'assignee_not_allowed',
      message: isStep2(s)
        ? 'A step-2 case can only be given to an active member of management.'
        : 'This case can only be given to an active agent or team lead.',
      details: { context: isStep2(s) ? 'step2' : 'step1' },
    };
  return null;
}

const SHAPE_DEPARTMENT = 'department';
/** Every shape of case the rules tell apart (unowned), for asking them about "some case". */
const CASE_SHAPES: readonly CaseScope[] = (['complaint', 'suggestion', 'other'] as const).flatMap((kind) =>
  ([1, 2, null] as const).map((step) => ({ kind, step, department: SHAPE_DEPARTMENT, ownerId: null })),
);

/**
 * The roles that may do `act` on at least one case: what the role table grants the route of an action (a route is
 * open to a role exactly when some case exists it may act on; which case is then checked per request). Found by
 * asking the rule above over every shape of case, so the table cannot say otherwise than the rule.
 */
export function rolesMayAct(act: CaseAct): Role[] {
  return ROLES.filter((role) => {
    const v: Staff = { role, userId: 'someone', departments: [SHAPE_DEPARTMENT] };
    return CASE_SHAPES.some((s) =>
      act === 'assign'
        ? assignmentRefusal(v, s, v.userId, { role, status: 'active' }) === null
        : caseActRefusal(v, act, s) === null,
    );
  });
}

/**
 * The roles that hand cases over: that may give a case someone else owns to a third person, on at least one case
 * (a team lead, management; an agent only takes a case for themselves). The queue's tools that move many cases at
 * once (the bulk action, handing over the cases of someone away) are theirs; each case is still checked alone.
 */
export function rolesMayReassign(): Role[] {
  return ROLES.filter((role) => {
    const v: Staff = { role, userId: 'someone', departments: [SHAPE_DEPARTMENT] };
    return CASE_SHAPES.some(
      (s) => assignmentRefusal(v, { ...s, ownerId: 'owner' }, 'other', { role, status: 'active' }) === null,
    );
  });
}

/** The roles whose active accounts may own a case of this kind and step (`mayOwn`), for the lists to choose from. */
export function rolesMayOwn(s: Pick<CaseScope, 'kind' | 'step'>): Role[] {
  return ROLES.filter((role) => mayOwn({ role, status: 'active' }, s));
}

/** The roles whose accounts may own some case: who handles cases at all. */
export function rolesOwningCases(): Role[] {
  return ROLES.filter((role) => CASE_SHAPES.some((s) => mayOwn({ role, status: 'active' }, s)));
}

/** The refusal as the error the doors map to a status: a hidden case is not found, the rest are 403/422. */
export function accessErrorOf(r: CaseAccessRefusal): AccessError | DomainError {
  if (r.code === 'hidden')
    return new DomainError({ code: 'case_not_found', message: r.message, details: r.details });
  if (r.code === 'assignee_not_allowed')
    return new AccessError('assignee_not_allowed', r.message, { field: 'to', details: r.details });
  if (r.code === 'designated_contact')
    return new AccessError('designated_contact_only', r.message, { details: r.details });
  return new AccessError('forbidden_role', r.message, { details: r.details });
}

/** Throws the refusal of `caseActRefusal`, if any; the system acting by name is not checked. */
export function requireCaseAct(by: ActorRef, act: CaseAct, s: CaseScope): void {
  const v = staffOf(by);
  if (!v) return;
  const r = caseActRefusal(v, act, s);
  if (r) throw accessErrorOf(r);
}

/** Throws the refusal of `assignmentRefusal`, if any; the system acting by name is not checked. */
export function requireAssignment(
  by: ActorRef,
  s: CaseScope,
  to: string | null,
  assignee: { role: Role; status: UserStatus } | null,
): void {
  const v = staffOf(by);
  if (!v) return;
  const r = assignmentRefusal(v, s, to, assignee);
  if (r) throw accessErrorOf(r);
}
