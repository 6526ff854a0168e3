// One order for rows that happened at an instant: oldest first, and at the same instant by id, so that two rows
// written in the same millisecond always come in the same order (archives, erasure plans and look-ups agree). By
// code units, as the database compares the ISO instants and ids stored as text. Pure.

/** Compares two strings by code units: -1, 0 or 1. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders `{ at, id }` by instant, then by id; `at` picks the instant when the field has another name. */
export function byInstantThenId<T extends { id: string }>(at: (row: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(at(a), at(b)) || compareText(a.id, b.id);
}
