// The list of correspondence rows written before outbound seals were anchored in a chain (table
// `correspondence_before_anchor`) accounts for rows that no chain names. It is evidence only if it cannot grow
// unseen: a forger who adds a row and its id in the list would otherwise pass. So the list is recorded once, when the
// upgrade has filled it, in an entry of the audit chain (`anchor_list_recorded`), and verify reads the list again
// and compares it with that record.
//
// The record holds two things, both of a size that does not grow with the list:
// - a digest (SHA-256) of every entry (its id and the seal its row carried) in the list's order (`seq`): any entry
//   added, removed, changed or moved is found, as surely as a changed event is;
// - a small table of sums over the entries (an invertible Bloom lookup table), from which the entries that differ
//   between the record and the list can be taken out again, as long as they are few (up to about a hundred): each
//   one is then named. Its sums are exclusive-ors, so a determined forger could build entries that cancel out in
//   it; the digest still finds those, and verify says the list changed where its record cannot name the entries.
import { createHash } from 'node:crypto';

/** One entry of the list: a row's id and the seal (`content_sha256`) its row carried when the list was filled. */
export interface AnchorListEntry {
  id: string;
  seal: string | null;
}

/** The audit action that records the list (its target type is `correspondence_before_anchor`). */
export const ANCHOR_LIST_RECORDED_ACTION = 'anchor_list_recorded';
export const ANCHOR_LIST_TARGET = 'correspondence_before_anchor';

const FORMAT = 'anchor-list/1';
/** The table's cells: three parts of this many cells each; every entry is summed into one cell of each part. */
const PART = 64;
const PARTS = 3;
const KEY = 32;
const CHECK = 8;
const CELL = 4 + KEY + CHECK;

/** What the audit entry's particulars hold. */
export interface AnchorListRecord {
  format: typeof FORMAT;
  count: number;
  /** SHA-256 of the entries in the list's order. */
  sha256: string;
  /** The table of sums, base64. */
  cells: string;
}

/** The fixed-size key of an entry: SHA-256 of its id and seal. */
export function anchorEntryKey(e: AnchorListEntry): Buffer {
  return createHash('sha256')
    .update(JSON.stringify([e.id, e.seal]))
    .digest();
}

function checkOf(key: Uint8Array): Buffer {
  return createHash('sha256').update('check').update(key).digest().subarray(0, CHECK);
}

function cellsOf(key: Uint8Array): number[] {
  const view = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const out: number[] = [];
  for (let p = 0; p < PARTS; p++) out.push(p * PART + (view.readUInt32BE(p * 4) % PART));
  return out;
}

/** Adds (sign 1) or takes away (sign -1) a key in a table of cells. */
function toggle(table: Buffer, key: Uint8Array, sign: 1 | -1): void {
  const check = checkOf(key);
  for (const c of cellsOf(key)) {
    const at = c * CELL;
    table.writeInt32LE(table.readInt32LE(at) + sign, at);
    for (let i = 0; i < KEY; i++) table[at + 4 + i]! ^= key[i]!;
    for (let i = 0; i < CHECK; i++) table[at + 4 + KEY + i]! ^= check[i]!;
  }
}

/** Takes the entries in the list's order, one at a time; holds the digest and the table, nothing of the entries. */
export function anchorListRecorder() {
  const digest = createHash('sha256').update(FORMAT);
  const table = Buffer.alloc(PART * PARTS * CELL);
  let count = 0;
  return {
    add(e: AnchorListEntry): void {
      digest.update(`\n${JSON.stringify([e.id, e.seal])}`);
      toggle(table, anchorEntryKey(e), 1);
      count++;
    },
    finish(): AnchorListRecord {
      return { format: FORMAT, count, sha256: digest.digest('hex'), cells: table.toString('base64') };
    },
  };
}

/** A record as read back from the audit entry's particulars, or null when they are not one. */
export function parseAnchorListRecord(detail: Record<string, unknown> | null): AnchorListRecord | null {
  if (!detail || detail.format !== FORMAT) return null;
  const { count, sha256, cells } = detail;
  if (typeof count !== 'number' || typeof sha256 !== 'string' || typeof cells !== 'string') return null;
  if (Buffer.from(cells, 'base64').length !== PART * PARTS * CELL) return null;
  return { format: FORMAT, count, sha256, cells };
}

/**
 * How the list read now differs from its record: `same`; or the keys of the entries it holds that the record did
 * not (`added`) and those the record held that it no longer holds (`removed`), with `complete` false where the
 * difference is too large (or built to cancel out) to be taken out whole.
 */
export type AnchorListDifference =
  | { same: true }
  | { same: false; added: Buffer[]; removed: Buffer[]; complete: boolean };

export function anchorListDifference(
  recorded: AnchorListRecord,
  now: AnchorListRecord,
): AnchorListDifference {
  if (recorded.count === now.count && recorded.sha256 === now.sha256) return { same: true };
  const table = Buffer.from(recorded.cells, 'base64');
  const current = Buffer.from(now.cells, 'base64');
  // Recorded minus now: a cell of count 1 holds an entry only the record has; of count -1, one only the list has.
  for (let c = 0; c < PART * PARTS; c++) {
    const at = c * CELL;
    table.writeInt32LE(table.readInt32LE(at) - current.readInt32LE(at), at);
    for (let i = 4; i < CELL; i++) table[at + i]! ^= current[at + i]!;
  }
  const added: Buffer[] = [];
  const removed: Buffer[] = [];
  const pure = (c: number): 1 | -1 | 0 => {
    const at = c * CELL;
    const count = table.readInt32LE(at);
    if (count !== 1 && count !== -1) return 0;
    const key = table.subarray(at + 4, at + 4 + KEY);
    return checkOf(key).equals(table.subarray(at + 4 + KEY, at + CELL)) ? count : 0;
  };
  // Peeling: take out an entry from a cell that holds only it, which may leave another cell holding only one.
  for (let progress = true, rounds = 0; progress && rounds < PART * PARTS * 4; rounds++) {
    progress = false;
    for (let c = 0; c < PART * PARTS; c++) {
      const sign = pure(c);
      if (sign === 0) continue;
      const key = Buffer.from(table.subarray(c * CELL + 4, c * CELL + 4 + KEY));
      (sign === 1 ? removed : added).push(key);
      toggle(table, key, sign === 1 ? -1 : 1);
      progress = true;
    }
  }
  const empty = table.every((b) => b === 0);
  return { same: false, added, removed, complete: empty && added.length + removed.length > 0 };
}
