// The complainant's private links (migration 202612050140): issued with an acknowledgement, found by the SHA-256
// of their token, revoked by staff. The token itself is never stored.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { insertRow } from './write-buffer.ts';

export interface ComplainantLinkRow {
  id: string;
  caseId: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

const links = (db: Kysely<DB>) => db;

const COLUMNS = [
  'id',
  'case_id as caseId',
  'created_at as createdAt',
  'created_by as createdBy',
  'revoked_at as revokedAt',
  'revoked_by as revokedBy',
] as const;

export async function insertComplainantLink(
  db: Kysely<DB>,
  link: { id: string; caseId: string; tokenSha256: string; createdAt: string; createdBy: string },
): Promise<void> {
  // Through the write buffer: an acknowledgement filed in a batch of the mail intake has its link written with
  // the batch's other rows, in one statement per table, rather than one statement per message.
  await insertRow(db, 'complainant_links', {
    id: link.id,
    case_id: link.caseId,
    token_sha256: link.tokenSha256,
    created_at: link.createdAt,
    created_by: link.createdBy,
    revoked_at: null,
    revoked_by: null,
  });
}

/** The link whose token has this SHA-256, if any. */
export async function complainantLinkByHash(
  db: Kysely<DB>,
  tokenSha256: string,
): Promise<ComplainantLinkRow | null> {
  const row = await links(db)
    .selectFrom('complainant_links')
    .select(COLUMNS)
    .where('token_sha256', '=', tokenSha256)
    .executeTakeFirst();
  return row ?? null;
}

/** The links of a case, newest first. */
export function complainantLinksOfCase(db: Kysely<DB>, caseId: string): Promise<ComplainantLinkRow[]> {
  return links(db)
    .selectFrom('complainant_links')
    .select(COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes the links of a case still in force; returns how many. */
export async function revokeComplainantLinks(
  db: Kysely<DB>,
  caseId: string,
  at: string,
  by: string,
): Promise<number> {
  const r = await links(db)
    .updateTable('complainant_links')
    .set({ revoked_at: at, revoked_by: by })
    .where('case_id', '=', caseId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** What the complainant added on their page to a case (inbound web messages filed on it), newest first. */
export function linkAdditionsOfCase(db: Kysely<DB>, caseId: string): Promise<Array<{ at: string }>> {
  return db
    .selectFrom('correspondence')
    .select('at')
    .where('case_id', '=', caseId)
    .where('direction', '=', 'in')
    .where('door', '=', 'web')
    .where('filing', '=', 'filed_on_case')
    .orderBy('at', 'desc')
    .limit(50)
    .execute();
}
