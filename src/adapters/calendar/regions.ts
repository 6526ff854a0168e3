// What date-holidays knows, for the administration of the calendar: its countries, their states and regions
// (names in the reader's language where it has them), and the public holidays of a region with their names.
// Holiday data: date-holidays, CC BY-SA 3.0 (credited in the README).
// date-holidays is loaded when an administrator first opens these pages, not with the web app: its data takes
// tens of megabytes of the server's memory (the server's calendar is built without it: holiday-thread.ts).
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';

let loaded: typeof HolidaysType | null = null;
function library(): typeof HolidaysType {
  loaded ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
  return loaded;
}

export interface Named {
  code: string;
  name: string;
}

const listCache = new Map<string, Named[]>();

function sorted(entries: Record<string, string> | undefined, lang: string): Named[] {
  return Object.entries(entries ?? {})
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
}

function cached(key: string, make: () => Named[]): Named[] {
  let v = listCache.get(key);
  if (!v) {
    v = make();
    listCache.set(key, v);
  }
  return v;
}

/** Countries named in the reader's language (Intl), else as date-holidays names them. */
export function holidayCountries(lang: string): Named[] {
  return cached(`c|${lang}`, () => {
    const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    const known = new (library())().getCountries(lang) ?? {};
    const local: Record<string, string> = {};
    for (const [code, name] of Object.entries(known)) {
      let shown: string | undefined;
      try {
        shown = names.of(code);
      } catch {
        shown = undefined;
      }
      local[code] = shown ?? name;
    }
    return sorted(local, lang);
  });
}

export function holidayStates(country: string, lang: string): Named[] {
  return cached(`s|${country}|${lang}`, () => sorted(new (library())().getStates(country, lang), lang));
}

export function holidayRegions(country: string, state: string, lang: string): Named[] {
  return cached(`r|${country}|${state}|${lang}`, () =>
    sorted(new (library())().getRegions(country, state, lang), lang),
  );
}

/** `DE-BW-X` as its parts (upper case); missing parts are empty strings. */
export function regionParts(region: string): { country: string; state: string; region: string } {
  const [country = '', state = '', sub = ''] = region.trim().toUpperCase().split('-');
  return { country, state, region: sub };
}

/** The public holidays of a region between two local dates (inclusive), with their names in `lang`. */
export function publicHolidaysBetween(
  region: string,
  from: string,
  to: string,
  lang: string,
): Array<{ date: string; name: string }> {
  const p = regionParts(region);
  const Holidays = library();
  const hd = p.region
    ? new Holidays(p.country, p.state, p.region)
    : p.state
      ? new Holidays(p.country, p.state)
      : new Holidays(p.country);
  const out: Array<{ date: string; name: string }> = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
    for (const h of hd.getHolidays(year, lang) || []) {
      const date = h.date.slice(0, 10);
      if (h.type === 'public' && date >= from && date <= to && !out.some((x) => x.date === date))
        out.push({ date, name: h.name });
    }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
