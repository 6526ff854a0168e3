// The public form's promise of an acknowledgement (P3.1) names the unit the organisation configured: 24 calendar
// hours by default, another number of hours, or N working days. It said "within 24 hours" whatever the
// configuration, so an organisation promising one working day told visitors a shorter delay than it keeps (and one
// promising 48 hours a shorter one too), in every language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp } from '../support/http.ts';

async function promiseLine(env: Record<string, string>, lang: string): Promise<string> {
  const t = await createTestApp({ clock: fixedClock('2026-11-23T09:00:00.000Z'), env });
  try {
    const res = await t.app.inject({ method: 'GET', url: '/complain', headers: { 'accept-language': lang } });
    assert.equal(res.statusCode, 200);
    const items = /<ul class="steps-explained">([\s\S]*?)<\/ul>/.exec(res.body)?.[1] ?? '';
    return /<li>([^<]*)<\/li>/.exec(items)?.[1] ?? '';
  } finally {
    await t.close();
  }
}

describe('public form: the acknowledgement promise in the configured unit (P3.1)', () => {
  const cases: { within: string; lang: string; says: RegExp; never?: RegExp }[] = [
    { within: '24h', lang: 'en', says: /within 24 hours/ },
    { within: '24h', lang: 'fr', says: /sous 24 heures/ },
    { within: '24h', lang: 'de', says: /innerhalb von 24 Stunden/ },
    { within: '48h', lang: 'en', says: /within 48 hours/, never: /24/ },
    { within: '1wd', lang: 'en', says: /within one working day/, never: /hour/ },
    { within: '1wd', lang: 'fr', says: /sous un jour ouvré/, never: /heure/ },
    { within: '1wd', lang: 'de', says: /innerhalb eines Werktages/, never: /Stunde/ },
    { within: '2wd', lang: 'en', says: /within 2 working days/, never: /hour/ },
    { within: '2wd', lang: 'fr', says: /sous 2 jours ouvrés/, never: /heure/ },
    { within: '2wd', lang: 'de', says: /innerhalb von 2 Werktagen/, never: /Stunde/ },
  ];
  for (const c of cases)
    it(`${c.within} in ${c.lang}`, async () => {
      const line = await promiseLine({ REDRESS_ACKNOWLEDGE_WITHIN: c.within }, c.lang);
      assert.match(line, c.says);
      if (c.never) assert.doesNotMatch(line, c.never);
    });
});
