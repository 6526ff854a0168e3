// The small reads and writes the doors and the outbound mail need besides the aggregates: who a case's
// complainant writes from, the cases behind quoted references, the inbound e-mails a reply threads on, the
// correspondence of an inbox item, a department's members. The use cases in src/app ask these and apply the
// rules of src/core; no query is written there. Each runs in the caller's transaction.
import { sql } from 'kysely';
import type { Kind, Step } from '../../core/case/model.ts';
import { caseForRecordMatters } from '../../core/case/record-case.ts';
import type { InboundMessage } from '../../core/correspondence/threading.ts';
import type { Db } from './database.ts';

/** The complainant's e-mail address, lower case, or null. */
export async function complainantEmail(db: Db, complainantId: string): Promise<string | null> {
  const row = await db
    .selectFrom('complainants')
    .select('email')
    .where('id', '=', complainantId)
    .executeTakeFirst();
  return row?.email?.toLowerCase() ?? null;
}

/** A case as the mail door's filing rule reads it, with whose it is: its complainant record and their address. */
export interface CaseOfComplainant {
  id: string;
  reference: string;
  kind: Kind;
  step: Step | null;
  complainantId: string;
  /** The complainant's e-mail address, lower case, or null. */
  email: string | null;
}

function casesOf(db: Db) {
  return db
    .selectFrom('cases')
    .leftJoin('complainants', 'complainants.id', 'cases.complainant_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.kind',
      'cases.step',
      'cases.complainant_id',
      'complainants.email',
    ]);
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof casesOf>['execute']>>[number];

function caseOfComplainant(row: CaseRow): CaseOfComplainant {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind as Kind,
    step: row.step === 1 || row.step === 2 ? row.step : null,
    complainantId: row.complainant_id,
    email: row.email?.toLowerCase() ?? null,
  };
}

/** The cases behind references, in the order given (unknown ones left out), each with its complainant. */
export async function casesByReference(db: Db, refs: readonly string[]): Promise<CaseOfComplainant[]> {
  if (refs.length === 0) return [];
  const rows = await casesOf(db)
    .where('cases.reference', 'in', [...refs])
    .execute();
  return refs.flatMap((ref) => {
    const row = rows.find((x) => x.reference === ref);
    return row ? [caseOfComplainant(row)] : [];
  });
}

/** The cases with these ids, in the order given (unknown ones left out), each with its complainant. */
export async function casesByIds(db: Db, ids: readonly string[]): Promise<CaseOfComplainant[]> {
  if (ids.length === 0) return [];
  const rows = await casesOf(db)
    .where('cases.id', 'in', [...new Set(ids)])
    .execute();
  return ids.flatMap((id) => {
    const row = rows.find((x) => x.id === id);
    return row ? [caseOfComplainant(row)] : [];
  });
}

/** The reference of a case, or null. */
export async function referenceOf(db: Db, caseId: string): Promise<string | null> {
  const row = await db.selectFrom('cases').select('reference').where('id', '=', caseId).executeTakeFirst();
  return row?.reference ?? null;
}

/** The newest inbound e-mails of a case the thread is chosen among (the complainant's latest is among them). */
const THREAD_CANDIDATES = 20;

/** A case's inbound e-mails, newest stored first, as the threading rule reads them. */
export async function inboundEmailsOf(db: Db, caseId: string): Promise<InboundMessage[]> {
  const rows = await db
    .selectFrom('correspondence')
    .select(['message_id', 'in_reply_to', 'from_address', 'created_at', 'at'])
    .where('case_id', '=', caseId)
    .where('direction', '=', 'in')
    .where('channel', '=', 'email')
    .where('message_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('at', 'desc')
    .limit(THREAD_CANDIDATES)
    .execute();
  return rows.map((r) => ({
    messageId: r.message_id!,
    inReplyTo: r.in_reply_to,
    fromAddress: r.from_address?.toLowerCase() ?? null,
    storedAt: r.created_at,
    at: r.at,
  }));
}

/** Whether any correspondence holds this key (an idempotency key of the form or the API). */
export async function correspondenceKeyUsed(db: Db, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('correspondence')
    .select('id')
    .where('message_id', '=', key)
    .executeTakeFirst();
  return !!row;
}

/** The stored correspondence of an inbox item: what opening or filing it needs. */
export async function inboxCorrespondence(db: Db, id: string) {
  return db
    .selectFrom('correspondence')
    .select([
      'id',
      'channel',
      'mailbox',
      'subject',
      'from_address',
      'from_name',
      'sender_address',
      'original_sha256',
      'door',
      'at',
      'language',
      'reading',
      'text_body',
      'message_id',
      'in_reply_to',
      'auto_reply',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Puts correspondence on a case (an inbox item filed or opened). */
export async function setCorrespondenceCase(db: Db, correspondenceId: string, caseId: string): Promise<void> {
  await db
    .updateTable('correspondence')
    .set({ case_id: caseId })
    .where('id', '=', correspondenceId)
    .execute();
}

/**
 * The case that carries matters of the complainant's record (a restriction notice, a review reminder): the rule
 * is core/case/record-case.ts; this reads the latest case of each kind for it.
 */
export async function recordCaseOf(
  db: Db,
  complainantId: string,
): Promise<{ id: string; reference: string } | null> {
  const latestOf = (kind: 'complaint' | 'suggestion') =>
    db
      .selectFrom('cases')
      .select(['id', 'reference', 'kind', 'received_at as receivedAt'])
      .where('complainant_id', '=', complainantId)
      .where('kind', '=', kind)
      .orderBy('received_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  // One after the other: inside a transaction both go through the same connection anyway.
  const latest = [await latestOf('complaint'), await latestOf('suggestion')];
  const chosen = caseForRecordMatters(
    latest.flatMap((c) =>
      c ? [{ id: c.id, reference: c.reference, kind: c.kind as Kind, receivedAt: c.receivedAt }] : [],
    ),
  );
  return chosen ? { id: chosen.id, reference: chosen.reference } : null;
}

/** A staff member's name, or null. */
export async function userName(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? null;
}

/** The addresses of the active department members of a department (names compared without case). */
export async function departmentMemberEmails(db: Db, department: string): Promise<string[]> {
  const users = await db
    .selectFrom('users')
    .select(['email', 'departments'])
    .where('role', '=', 'department_member')
    .where('status', '=', 'active')
    .execute();
  const wanted = department.toLowerCase();
  return users
    .filter((u) => (JSON.parse(u.departments) as string[]).some((d) => d.toLowerCase() === wanted))
    .map((u) => u.email);
}

/**
 * Runs `fn` in a savepoint: on success it is released; on failure it is rolled back and released, and the error
 * thrown again for the caller to judge. `onRollback` runs after the rollback (to forget cached state).
 */
export async function inSavepoint<T>(
  db: Db,
  name: 'intake_follow_up' | 'intake_message',
  fn: () => Promise<T>,
  onRollback: () => void,
): Promise<T> {
  await sql`savepoint ${sql.raw(name)}`.execute(db);
  try {
    const result = await fn();
    await sql`release savepoint ${sql.raw(name)}`.execute(db);
    return result;
  } catch (e) {
    try {
      await sql`rollback to savepoint ${sql.raw(name)}`.execute(db);
      await sql`release savepoint ${sql.raw(name)}`.execute(db);
    } catch {
      // The whole transaction is gone, the savepoint with it (SQLite rolls back by itself on a full disk or an I/O
      // error): the error that ended it is the one the caller must judge, not "no such savepoint".
    }
    onRollback();
    throw e;
  }
}
