// The records a restriction is in force on (P8), for the rule that a designated contact holds for the person's
// mailbox however they write its address (core/case/complainant.ts designatedContactHolding). Restricted records
// are few; the partial index of migration 202612082010 holds only them, so this reads a handful of rows however
// many complainants there are. The condition is written as a literal: a bound parameter would keep SQLite's and
// PostgreSQL's planners from matching it with the index's own condition.
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** The records not merged into another that a restriction is in force on: their id and address. */
export function restrictedRecords(db: Db): Promise<{ id: string; email: string | null }[]> {
  return db
    .selectFrom('complainants')
    .select(['id', 'email'])
    .where(sql<boolean>`"restricted" = 1`)
    .where('merged_into', 'is', null)
    .orderBy('id')
    .execute();
}

/**
 * The records not merged into another whose address is at this domain (its ASCII form, as addresses.ts addressKey
 * writes it), with their address: those the same mailbox may be among, written another way (a sub-address, Gmail's
 * dots). Read when a person restricts a complainant, rarely, so reading the table is acceptable; never on intake.
 */
export function recordsAtDomain(
  db: Db,
  asciiDomain: string,
): Promise<{ id: string; email: string | null }[]> {
  return db
    .selectFrom('complainants')
    .select(['id', 'email'])
    .where('email_key', 'like', `%@${asciiDomain.replace(/[\\%_]/g, '')}`)
    .where('merged_into', 'is', null)
    .orderBy('id')
    .execute();
}
