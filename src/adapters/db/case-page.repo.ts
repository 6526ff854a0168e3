// What the staff's case page reads beyond the case's own state (src/app/case-page.ts): the text and purpose of
// each piece of correspondence and the kind of its original, people's names, the staff who may own cases, the
// departments of department members, one piece of correspondence of a case, and a case by its reference. Each a
// fixed number of queries whatever the length of the history.
import type { Db } from './database.ts';

/**
 * Outbound purpose and audience, and the original's type and size of a case's correspondence. By case rather than
 * by the ids of the summaries, so that it can be asked at the same time as them. Not the texts: each may hold the
 * 200,000 characters the reading keeps, and a case hundreds of messages, while the page shows one (firstInboundText).
 */
export function correspondenceExtras(db: Db, caseId: string, limit: number) {
  return (
    db
      .selectFrom('correspondence as c')
      .leftJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .leftJoin('originals as g', 'g.sha256', 'c.original_sha256')
      .select(['c.id', 'o.purpose', 'o.audience', 'g.content_type as originalType', 'g.size as originalSize'])
      .where('c.case_id', '=', caseId)
      // The same pieces as correspondenceSummaries (case-view.repo.ts), in the same order and number.
      .orderBy('c.at')
      .orderBy('c.id')
      .limit(limit)
      .execute()
  );
}

/** The text of the first message a case received (in the order the case lists its correspondence), or null. */
export async function firstInboundText(db: Db, caseId: string): Promise<string | null> {
  const row = await db
    .selectFrom('correspondence')
    .select('text_body')
    .where('case_id', '=', caseId)
    .where('direction', '=', 'in')
    .orderBy('at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.text_body ?? null;
}

/** Names of accounts by id, in one query. */
export async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active accounts of these roles, by name. */
export function activeStaffIn(db: Db, roles: readonly string[]) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('status', '=', 'active')
    .where('role', 'in', [...roles])
    .orderBy('name')
    .execute();
}

/** Accounts by id with their role and status (whether active or not). */
export function staffByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'status'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/**
 * Who a report can be narrowed to: the active accounts of these roles, and every account that owns a case, whatever
 * its role and status (a colleague who has left still answers for the cases they owned), by name.
 */
export function reportOwnersIn(db: Db, roles: readonly string[]) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'status'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'active'), eb('role', 'in', [...roles])]),
        eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.owner_id', '=', 'users.id')),
      ]),
    )
    .orderBy('name')
    .execute();
}

/** Whether any case was sent to this department (named exactly as stored). */
export async function caseInDepartmentExists(db: Db, department: string): Promise<boolean> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('department', '=', department)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The accounts that own open cases, whatever their status (a disabled colleague's cases still need a new owner). */
export function openCaseOwnersIn(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'status'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('cases')
          .select('cases.id')
          .whereRef('cases.owner_id', '=', 'users.id')
          .where('cases.is_open', '=', 1),
      ),
    )
    .orderBy('name')
    .execute();
}

/** The departments (JSON lists) of active department members. */
export function departmentMembersDepartments(db: Db) {
  return db
    .selectFrom('users')
    .select('departments')
    .where('role', '=', 'department_member')
    .where('status', '=', 'active')
    .execute();
}

/** One piece of correspondence, if it belongs to this case. */
export function correspondenceOfCase(db: Db, caseId: string, correspondenceId: string) {
  return db
    .selectFrom('correspondence as c')
    .leftJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .leftJoin('originals as g', 'g.sha256', 'c.original_sha256')
    .select([
      'c.id',
      'c.direction',
      'c.channel',
      'c.subject',
      'c.from_address as fromAddress',
      'c.from_name as fromName',
      'c.to_address as toAddress',
      'c.at',
      'c.status',
      'c.status_detail as statusDetail',
      'c.original_sha256 as originalSha256',
      'c.text_body as textBody',
      'o.purpose',
      'o.audience',
      'o.attachments',
      'g.content_type as originalType',
      'g.size as originalSize',
    ])
    .where('c.id', '=', correspondenceId)
    .where('c.case_id', '=', caseId)
    .executeTakeFirst();
}

/** A case's id by its reference (exactly as stored). */
export function caseIdOfReference(db: Db, reference: string) {
  return db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirst();
}

/** The ids of a complainant's open cases (received or acknowledged), oldest first. */
export async function openCaseIdsOf(db: Db, complainantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('complainant_id', '=', complainantId)
    .where('is_open', '=', 1)
    .orderBy('received_at')
    .execute();
  return rows.map((r) => r.id);
}
