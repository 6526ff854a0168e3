// HolidaySource backed by the `date-holidays` package.
// Holiday data: date-holidays (https://github.com/commenthol/date-holidays), data licensed CC BY-SA 3.0;
// credited in the README.
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import type { HolidaySource } from '../../core/ports.ts';

/**
 * date-holidays, loaded when first needed: its data (every country) takes about 9 MiB of heap, which the
 * threads that read mail do without (they get the few years they need as a table: `holidayTable`).
 */
let loaded: typeof HolidaysType | null = null;
function Holidays(): typeof HolidaysType {
  loaded ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
  return loaded;
}

/** Whether this thread has loaded date-holidays already (then asking another thread saves nothing). */
export function holidayLibraryLoaded(): boolean {
  return loaded !== null;
}

/** Splits `DE-BW`, `FR-67` or `DE-BY-A` into the three parts date-holidays takes. */
function parseRegion(region: string): [string, string?, string?] {
  const [country, state, sub] = region.trim().toUpperCase().split('-');
  return [country ?? '', state, sub];
}

/**
 * Tells whether date-holidays knows a region, and if not, which values are allowed, so that
 * configuration can fail with a message that names the fix.
 */
export function checkHolidayRegion(region: string): { ok: true } | { ok: false; allowed: string } {
  const hd = new (Holidays())();
  const [country, state, sub] = parseRegion(region);
  const countries = hd.getCountries() ?? {};
  if (!country || !(country in countries)) {
    return {
      ok: false,
      allowed: 'a country code known to date-holidays, e.g. DE, FR, AT, CH, optionally with a region: DE-BW',
    };
  }
  if (state) {
    const states = hd.getStates(country) ?? {};
    if (!(state in states)) {
      return {
        ok: false,
        allowed: `${country} alone or one of ${Object.keys(states)
          .map((s) => `${country}-${s}`)
          .join(', ')}`,
      };
    }
    if (sub) {
      const regions = hd.getRegions(country, state) ?? {};
      if (!(sub in regions)) {
        const list = Object.keys(regions).map((r) => `${country}-${state}-${r}`);
        return {
          ok: false,
          allowed: `${country}-${state}${list.length ? ` or one of ${list.join(', ')}` : ''}`,
        };
      }
    }
  }
  return { ok: true };
}

/** Public holidays only (`type === 'public'`), as local ISO dates (YYYY-MM-DD), cached per year. */
export function dateHolidaysSource(region: string): HolidaySource {
  const [country, state, sub] = parseRegion(region);
  const H = Holidays();
  const hd = sub ? new H(country, state!, sub) : state ? new H(country, state) : new H(country);
  const cache = new Map<number, readonly string[]>();
  return {
    region: region.toUpperCase(),
    publicHolidays(year: number): readonly string[] {
      let days = cache.get(year);
      if (!days) {
        const found = hd.getHolidays(year) || [];
        days = [...new Set(found.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)))].sort();
        cache.set(year, days);
      }
      return days;
    },
  };
}

/** A region's public holidays for some years, as plain data (sent to the threads that read mail). */
export interface HolidayTable {
  region: string;
  years: Record<number, readonly string[]>;
}

/** The table of `source` for the years `from` to `to`. */
export function holidayTable(source: HolidaySource, from: number, to: number): HolidayTable {
  const years: Record<number, readonly string[]> = {};
  for (let y = from; y <= to; y++) years[y] = source.publicHolidays(y);
  return { region: source.region, years };
}

/** Answers from a table, and a year the table lacks from date-holidays (then loaded). */
export function tabledHolidaySource(table: HolidayTable): HolidaySource {
  let fallback: HolidaySource | null = null;
  return {
    region: table.region,
    publicHolidays(year: number): readonly string[] {
      const days = table.years[year];
      if (days) return days;
      fallback ??= dateHolidaysSource(table.region);
      return fallback.publicHolidays(year);
    },
  };
}
