// The organisation's business calendar over time (issue: monitoring counted "on the calendar in force at
// receipt"). Each change of the calendar settings is a new version, in force from the instant it was made and
// kept for good: a complaint is measured on the version in force when it was received, so a closure day added
// later does not change how long an earlier complaint took. Pure: the versions come in as data.
import { Temporal } from 'temporal-polyfill';
import { type BusinessCalendar, toUtcIso } from './business-calendar.ts';

/** Before every instant a case can have: the first version is in force from the beginning of time. */
export const BEGINNING_OF_TIME = '0000-01-01T00:00:00.000Z';

export interface CalendarVersionRef {
  /** 1, 2, 3, … in the order the changes were recorded. */
  version: number;
  /** The instant from which it is in force (ISO 8601 UTC with Z, as every stored instant). */
  effectiveAt: string;
}

/**
 * The version in force at `instant`: the last one recorded (highest number) among those in force by then. A later
 * change overrides an earlier one even if, by a clock between instances, its instant is a little earlier; a
 * version added later never changes the choice for an instant before its own, so figures counted on an old version
 * stay as they were. Undefined when none is in force yet (none when the first starts at the beginning of time).
 * Instants are compared as text, which orders the stored form (24 characters ending in Z) by time.
 */
export function versionInForce<V extends CalendarVersionRef>(
  versions: readonly V[],
  instant: string,
): V | undefined {
  let found: V | undefined;
  for (const v of versions)
    if (v.effectiveAt <= instant && (found === undefined || v.version > found.version)) found = v;
  return found;
}

/** The earliest instant from which the choice differs between two lists, one the other with versions added. */
export function firstEffectOf(versions: readonly CalendarVersionRef[], after: number): string | null {
  let first: string | null = null;
  for (const v of versions)
    if (v.version > after && (first === null || v.effectiveAt < first)) first = v.effectiveAt;
  return first;
}

/**
 * Whether a save of the calendar made from a page that showed version `basedOn` must be refused because another
 * version was recorded since (`last`: the last version recorded, undefined when none is: the calendar in force is
 * then version 1). Two administrators who open the calendar and save in turn would otherwise have the second save
 * put back, without a word, what the first one changed: as the admin screens of helpdesks do, the second is told
 * that the calendar changed meanwhile and reloads it. A save that says nothing of its base (a command, the start of
 * the server) is applied after the others, in order.
 */
export function calendarChangedSince(basedOn: number | undefined, last: number | undefined): boolean {
  return basedOn !== undefined && basedOn !== (last ?? 1);
}

/**
 * The instants in force for each version: from its instant until the first instant of a version recorded after it
 * (one recorded later but dated earlier ends it there). Versions in recording order; a version overridden before it
 * took effect gets no span.
 */
export function spansInForce<V extends CalendarVersionRef>(
  versions: readonly V[],
): Array<{ version: V; from: string; until: string | null }> {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const out: Array<{ version: V; from: string; until: string | null }> = [];
  let until: string | null = null;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const v = sorted[i]!;
    if (until !== null && v.effectiveAt >= until) continue;
    out.push({ version: v, from: v.effectiveAt, until });
    until = v.effectiveAt;
  }
  return out.reverse();
}

/** A version with the calendar it describes (built when first asked for: an old region's holidays cost a load). */
export interface CalendarVersionEntry extends CalendarVersionRef {
  calendar(): BusinessCalendar;
}

/** The calendar versions of an organisation, for the questions of the report. */
export class CalendarHistory {
  readonly versions: readonly CalendarVersionEntry[];
  /** False when no version was recorded (a context that never read them): the current calendar stands for all. */
  readonly recorded: boolean;

  constructor(versions: readonly CalendarVersionEntry[], recorded = true) {
    if (versions.length === 0) throw new RangeError('a calendar history has at least one version');
    this.versions = [...versions].sort((a, b) => a.version - b.version);
    this.recorded = recorded;
  }

  /** One calendar for all time, not recorded anywhere. */
  static single(calendar: BusinessCalendar): CalendarHistory {
    return new CalendarHistory(
      [{ version: 1, effectiveAt: BEGINNING_OF_TIME, calendar: () => calendar }],
      false,
    );
  }

  /** The last version recorded: the calendar in force now. */
  get latest(): CalendarVersionEntry {
    return this.versions.at(-1)!;
  }

  /** The version in force at an instant (the first one for an instant before every version). */
  versionAt(instant: string): CalendarVersionEntry {
    return versionInForce(this.versions, instant) ?? this.versions[0]!;
  }

  /** The calendar in force at an instant. */
  at(instant: string): BusinessCalendar {
    return this.versionAt(instant).calendar();
  }

  /**
   * The first instant of a local day (YYYY-MM-DD) as the report counts days: an instant's local day is read in the
   * time zone of the version in force at it, so the day starts on the version whose own start of that day falls
   * while it is in force (the latest such, when a change of time zone makes two of them start it). When the time
   * zone moved west, the hours just before the change belong to a day that starts again after it; a period that
   * starts or ends on that day counts those hours by the later start, an approximation of at most the zones'
   * difference, on that one day.
   */
  startOfDay(day: Temporal.PlainDate | string): string {
    return this.#onVersionInForce((c) => c.startOfDay(day));
  }

  /**
   * The instant of a local date and time (YYYY-MM-DDTHH:MM) as startOfDay reads a day: in the time zone of the
   * version in force at that instant (a letter that arrived before a change of time zone, registered after it).
   */
  instantOf(local: string): string {
    const at = Temporal.PlainDateTime.from(local);
    return this.#onVersionInForce((c) =>
      toUtcIso(at.toZonedDateTime(c.timeZone, { disambiguation: 'compatible' }).toInstant().toString()),
    );
  }

  /** The instant `instantOn` gives on the version in force at it (the latest such), see startOfDay. */
  #onVersionInForce(instantOn: (calendar: BusinessCalendar) => string): string {
    if (this.versions.length === 1) return instantOn(this.latest.calendar());
    const spans = spansInForce(this.versions);
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = spans[i]!;
      const at = instantOn(s.version.calendar());
      if (at >= s.from && (s.until === null || at < s.until)) return at;
    }
    // The local time falls in the hours a change of time zone skipped (the zone moved east): it starts with the change.
    for (const s of spans) {
      const at = instantOn(s.version.calendar());
      if (s.until !== null && at >= s.until) continue;
      if (at < s.from) return s.from;
      return at;
    }
    return instantOn(this.latest.calendar());
  }

  /** The version numbered `version`, if there is one. */
  get(version: number): CalendarVersionEntry | undefined {
    return this.versions.find((v) => v.version === version);
  }
}
