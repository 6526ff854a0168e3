// What the complainant page shows: the record and its history, every case of the person (records
// merged into this one included), restrictions with who decided them, and the names of the people involved.
// A fixed number of queries (no N+1).
import { complainantStream } from '../adapters/db/aggregates.repo.ts';
import {
  type ComplainantCaseRow,
  casesOfComplainants,
  complainantIdByEmail,
  complainantIdOfReference,
  complainantNamed,
  otherRecordsWithAddress,
  type SharedAddressRecord,
  sharedAddressGroups,
} from '../adapters/db/complainants.repo.ts';
import { loadStream, type RecordedEvent, readStream } from '../adapters/db/event-store.ts';
import { recordErased } from '../adapters/db/retention.repo.ts';
import {
  type ComplainantState,
  type MailboxRestriction,
  mailboxRestrictions,
} from '../core/case/complainant.ts';
import { userNames } from './case-page.ts';
import type { AppContext } from './context.ts';
import { sameMailboxRecordsIn } from './designated-contact.ts';

export type { ComplainantCaseRow, SharedAddressRecord } from '../adapters/db/complainants.repo.ts';

export interface ComplainantPage {
  state: ComplainantState;
  history: RecordedEvent[];
  cases: ComplainantCaseRow[];
  names: Map<string, string>;
  /** The record this one was merged into, with its name. */
  mergedInto: { id: string; name: string | null } | null;
  /**
   * Other records, not merged, that hold this record's address however its domain is written: the same person
   * registered twice before addresses were compared that way (nothing merges them but staff).
   */
  sameAddress: { id: string; name: string | null }[];
  /** The record is erased (anonymised, no case kept since): the record rule refuses every act on it. */
  erased: boolean;
  /** Restrictions in force on another record of the same mailbox, which hold for this one too (P8.3). */
  mailboxRestrictions: MailboxRestriction[];
}

export async function loadComplainantPage(ctx: AppContext, id: string): Promise<ComplainantPage | null> {
  const { db } = ctx.database;
  const [loaded, history] = await Promise.all([
    loadStream<ComplainantState>(db, complainantStream(id)),
    readStream(db, complainantStream(id)),
  ]);
  const state = loaded.state;
  if (!state) return null;
  const ids = [id, ...state.mergedFrom];
  const [cases, merged, sameAddress, erased, sameMailbox] = await Promise.all([
    casesOfComplainants(db, ids, 200),
    state.mergedInto ? complainantNamed(db, state.mergedInto) : Promise.resolve(undefined),
    state.mergedInto ? Promise.resolve([]) : otherRecordsWithAddress(db, id, state.details.email),
    recordErased(db, id),
    state.mergedInto ? Promise.resolve([]) : sameMailboxRecordsIn(ctx.database, { ...state, id }),
  ]);
  const onMailbox = mailboxRestrictions({ ...state, id }, sameMailbox);
  const people = new Set<string>();
  for (const e of history) if (e.actor.startsWith('user:')) people.add(e.actor.slice(5));
  for (const r of [...state.restrictions, ...onMailbox.map((m) => m.restriction)]) {
    if (r.designatedContactId) people.add(r.designatedContactId);
    if (r.decidedBy.startsWith('user:')) people.add(r.decidedBy.slice(5));
    if (r.liftedBy?.startsWith('user:')) people.add(r.liftedBy.slice(5));
  }
  return {
    state,
    history,
    cases,
    names: await userNames(ctx, [...people]),
    mergedInto: merged ? { id: merged.id, name: merged.name } : null,
    sameAddress,
    erased,
    mailboxRestrictions: onMailbox,
  };
}

/**
 * Another record of a person, found by its e-mail address, by the reference of one of its cases, or by its own
 * identifier (as the list of records that share an address names it: sharedAddressPage); `except`: other than this
 * record (on a record's page, its own address names the other record that holds it too).
 */
export async function findComplainant(
  ctx: AppContext,
  query: string,
  except?: string,
): Promise<string | null> {
  const q = query.trim();
  const { db } = ctx.database;
  if (q.includes('@')) return complainantIdByEmail(db, q, except);
  return (await complainantIdOfReference(db, q.toUpperCase())) ?? (await complainantNamed(db, q))?.id ?? null;
}

/** Groups of records per page of the list of records that share an address. */
export const SHARED_ADDRESS_PAGE_SIZE = 25;

/**
 * A page (from 1) of the groups of records, not merged into another, that share an address key, each oldest
 * first (the record the others are merged into), with the number of groups in all.
 */
export async function sharedAddressPage(
  ctx: AppContext,
  page: number,
): Promise<{ groups: SharedAddressRecord[][]; total: number }> {
  return sharedAddressGroups(ctx.database.db, {
    offset: (page - 1) * SHARED_ADDRESS_PAGE_SIZE,
    limit: SHARED_ADDRESS_PAGE_SIZE,
  });
}
