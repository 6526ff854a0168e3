// Interfaces the core and the application need from the outside world.
// The core never imports an adapter; adapters implement these.
import type { DetectedType } from './files/attachment-policy.ts';

/** Public holidays of one region, as local ISO dates (YYYY-MM-DD). Data in, no I/O in the core. */
export interface HolidaySource {
  readonly region: string;
  publicHolidays(year: number): readonly string[];
}

/** The current instant, as an ISO 8601 UTC string with `Z`. Tests pass a fixed clock. */
export interface Clock {
  now(): string;
}

/**
 * What a file is, read from its content (null: no known type, e.g. text or a web page). The rule of src/core/files
 * decides on this, never on the type a caller states.
 */
export type DetectType = (content: Uint8Array) => Promise<DetectedType | null>;

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let current = new Date(iso).getTime();
  return {
    now: () => new Date(current).toISOString(),
    set(next: string) {
      current = new Date(next).getTime();
    },
    advance(ms: number) {
      current += ms;
    },
  };
}
