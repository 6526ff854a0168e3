// What of a complainant a person reading one of their cases is shown, and who may act on the complainant's record.
// Everyone who may read the case sees the name and contact details: acting on it needs them (a department member
// writes to the person about their suggestion). The complainant's record beyond that (the restrictions of P8.2–P8.4
// with their reasons and review dates, the designated contact, the record's own history) is a staff matter, decided
// by team leads and management: shown to the complaints team, management and the auditor, and to administrators, who
// answer a person's requests about their data; not to a department member, who handles one suggestion. The
// complainant's other cases follow the case rule (canRead): each is named only to whom may read it.
//
// Acting on the record is one rule too (`recordActRefusal`), asked by the role table (which routes a role may call)
// and by the use cases (restrict-complainant.ts, notify-restriction.ts, merge-complainants.ts, export-complainant.ts,
// erase-complainant.ts, case-contact.ts), so a door that forgets its route list is still refused. A record once erased
// takes no act at all, whoever asks (the command line too): there is nothing left on it, and a write would undo it. The procedure's own refusals (a
// restriction already lifted, a review date in the past, a contact who may not be one, what a legal hold keeps from
// an erasure) stay with the procedure (core/case/complainant.ts, core/archive/erasure.ts), which every door meets too.
import { type AccessDetails, AccessError } from './access-error.ts';
import { type ActingStaff, type ActorRef, type Staff, staffOf } from './case-access.ts';
import { ROLES, type Role } from './roles.ts';

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

export const RECORD_ACTS = [
  /** Recording a restriction (P8.2–P8.4). */
  'restrict',
  'lift_restriction',
  /** Telling the complainant about a restriction in force. */
  'notify_restriction',
  /** Merging another record of the same person into this one (and listing the records that share an address). */
  'merge',
  /** A person's request for everything held on them (P6.3). */
  'export',
  /** A person's request to erase what is no longer needed (P6.3). */
  'erase',
  /**
   * Changing what the record says from one of the person's cases (an address they lacked, their language): who may
   * is the case rule's; this act is here so that an erased record refuses it as it refuses the others.
   */
  'write',
] as const;
export type RecordAct = (typeof RECORD_ACTS)[number];

/**
 * Whom an act is about: a complainant's record (and whether it was merged into another), or an address that no
 * record holds (the messages on no case sent from it).
 */
export type RecordSubject =
  | {
      kind: 'record';
      mergedInto: string | null;
      /**
       * The record was anonymised (an erasure request, or the retention run once its last case went) and no case
       * of it has been reopened since: there is nothing left on it to act on, and whatever were written to it would
       * be personal data on a record the person was told is erased.
       */
      erased: boolean;
    }
  | { kind: 'address' };

export type RecordAccessRefusal =
  | { code: 'forbidden_role'; message: string; details: AccessDetails<'forbidden_role'> }
  | { code: 'already_in_state'; message: string; details: AccessDetails<'already_in_state'> };

type ForbiddenContext =
  | 'restriction_deciders'
  | 'record_mergers'
  | 'record_exporters'
  | 'subject_requests'
  | 'record_writers';

/**
 * Who may do each act, and what the others are told. Restrictions are decisions of team leads and management (P8.3).
 * Merging moves cases, so it is for those who handle cases (each case that moves is checked by the case rule). A
 * person's export is for the staff who read the record and for administrators, who answer the person's requests; not
 * the auditor, who changes nothing (an export is written to the audit log). Erasure, and any request about an address
 * no record holds (its messages are the inbox's, which staff read only to triage), are the administrators'.
 */
const WHO: Record<
  RecordAct,
  Record<RecordSubject['kind'], { roles: readonly Role[]; context: ForbiddenContext; message: string }>
> = (() => {
  const deciders = {
    roles: ['lead', 'management'] as const,
    context: 'restriction_deciders' as const,
    message: 'Team leads and management decide restrictions on a complainant (P8.3).',
  };
  const mergers = {
    roles: ['agent', 'lead', 'management'] as const,
    context: 'record_mergers' as const,
    message: 'The complaints team and management merge the records of a complainant.',
  };
  const administrators = {
    roles: ['administrator'] as const,
    context: 'subject_requests' as const,
    message: 'Administrators answer this request of a person about their data.',
  };
  const exporters = {
    roles: ['agent', 'lead', 'management', 'administrator'] as const,
    context: 'record_exporters' as const,
    message: 'The complaints team, management and administrators export what is held on a complainant.',
  };
  // Whoever may write to a case may give its record what it lacked; the case rule says who that is.
  const writers = {
    roles: ROLES.filter((r) => r !== 'auditor'),
    context: 'record_writers' as const,
    message: 'The auditor reads the record and changes nothing on it.',
  };
  const onRecord = <T>(x: T) => ({ record: x, address: x });
  return {
    restrict: onRecord(deciders),
    lift_restriction: onRecord(deciders),
    notify_restriction: onRecord(deciders),
    merge: onRecord(mergers),
    export: { record: exporters, address: administrators },
    erase: onRecord(administrators),
    write: onRecord(writers),
  };
})();

/** The acts that change the record itself, which a record merged into another no longer takes. */
const ON_KEPT_RECORD: ReadonlySet<RecordAct> = new Set<RecordAct>([
  'restrict',
  'lift_restriction',
  'notify_restriction',
  'merge',
]);

/**
 * Why no one, whoever they are, may do `act` on this record: it was erased. Asked of the system acting by name too
 * (the command line), whose role is not checked: asking to erase, export, restrict or write to an erased record is
 * a mistake at every door, and writing to it would put personal data back on it.
 */
export function erasedRecordRefusal(act: RecordAct, subject: RecordSubject): RecordAccessRefusal | null {
  if (subject.kind !== 'record' || !subject.erased) return null;
  return {
    code: 'already_in_state',
    message: `This complainant's record was erased (anonymised): there is nothing left on it to ${ACT_WORDS[act]}.`,
    details: { context: 'record_erased' },
  };
}

const ACT_WORDS: Record<RecordAct, string> = {
  restrict: 'restrict',
  lift_restriction: 'lift',
  notify_restriction: 'notify',
  merge: 'merge',
  export: 'export',
  erase: 'erase again',
  write: 'change',
};

/**
 * Why `v` may not do `act` about `subject`, or null when it may. An erased record takes no act at all. A record
 * merged into another takes no restriction and no merge: its cases and restrictions went to the record kept, where
 * they are decided.
 */
export function recordActRefusal(
  v: Pick<Staff, 'role'>,
  act: RecordAct,
  subject: RecordSubject,
): RecordAccessRefusal | null {
  const who = WHO[act][subject.kind];
  if (!who.roles.includes(v.role))
    return { code: 'forbidden_role', message: who.message, details: { context: who.context } };
  const erased = erasedRecordRefusal(act, subject);
  if (erased) return erased;
  if (subject.kind === 'record' && subject.mergedInto !== null && ON_KEPT_RECORD.has(act))
    return {
      code: 'already_in_state',
      message:
        'This record was merged into another: restrictions and merges are recorded on the record it was merged into.',
      details: { context: 'record_merged' },
    };
  return null;
}

/**
 * The roles that may do `act` on some subject of this kind: what the role table grants the act's routes (which record
 * is then checked per request). Asked of the rule, so the table cannot say otherwise.
 */
export function rolesMayActOnRecord(act: RecordAct, kind: RecordSubject['kind'] = 'record'): Role[] {
  const subject: RecordSubject = kind === 'record' ? { kind, mergedInto: null, erased: false } : { kind };
  return ROLES.filter((role) => recordActRefusal({ role }, act, subject) === null);
}

export function recordAccessError(r: RecordAccessRefusal): AccessError {
  return r.code === 'forbidden_role'
    ? new AccessError('forbidden_role', r.message, { details: r.details })
    : new AccessError('already_in_state', r.message, { details: r.details });
}

/**
 * Throws the refusal of `recordActRefusal`, if any. Without `subject` (not found yet), the role must be one that may
 * do the act on some subject. The system acting by name is not checked for its role: the command line is run by
 * the operator, who holds the database itself (`redress subject export|erase` are recorded as `cli`); an erased
 * record is refused to it all the same.
 */
export function requireRecordAct(by: ActorRef, act: RecordAct, subject?: RecordSubject): void {
  const v = staffOf(by);
  if (!v) {
    const erased = subject ? erasedRecordRefusal(act, subject) : null;
    if (erased) throw recordAccessError(erased);
    return;
  }
  const subjects: RecordSubject[] = subject
    ? [subject]
    : [{ kind: 'record', mergedInto: null, erased: false }, { kind: 'address' }];
  const refusals = subjects.map((s) => recordActRefusal(v, act, s));
  const r = refusals.every((x) => x !== null) ? refusals[0] : null;
  if (r) throw recordAccessError(r);
}

/**
 * Who asks for a person's export or erasure: the name the audit log records, and for a person or token through a
 * door, who they are (checked by the rule above). Without `staff` it is the system by its name, as `ActorRef` has it:
 * the command line (`cli`), whose operator holds the database itself.
 */
export interface Requester {
  actor: string;
  staff?: ActingStaff | null;
}

export function requesterRef(r: Requester): ActorRef {
  return r.staff ?? r.actor;
}
