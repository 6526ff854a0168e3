// HolidaySource backed by the `date-holidays` package.
// Holiday data: date-holidays (https://github.com/commenthol/date-holidays), data licensed CC BY-SA 3.0;
// credited in the README.
import Holidays from 'date-holidays';
import type { HolidaySource } from '../../core/ports.ts';

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
  const hd = new Holidays();
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
  const hd = sub
    ? new Holidays(country, state!, sub)
    : state
      ? new Holidays(country, state)
      : new Holidays(country);
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
