// The public complaint form at /complain (issue 7, item 8) on SQLite: a complaint in German becomes a case on the
// `web` channel with its acknowledgement in the outbox; the same form sent twice is one complaint; and the flood
// protections: the honeypot, too fast (the signed time the form was shown), a forged or stale token, the limit per
// client address (counted in the database), the anonymous CSRF token, and size limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp, form, setCookies, type TestApp } from '../support/http.ts';

interface Visitor {
  cookie: string;
  csrf: string;
  token: string;
}

const good = {
  name: 'Erika Mustermann',
  email: 'erika@example.de',
  postalAddress: 'Hauptstraße 5\n10115 Berlin',
  ticketRefs: '#482913, 482914',
  domains: 'müller-bau.de, https://www.beispiel.de/impressum',
  description: 'Seit dem Umzug am 12. November ist meine Domain nicht erreichbar.',
  expectations: 'Bitte stellen Sie die Erreichbarkeit wieder her.',
  consent: 'yes',
};

async function visit(t: TestApp, lang = 'de', cookie = ''): Promise<Visitor> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/complain',
    headers: { 'accept-language': lang, ...(cookie ? { cookie } : {}) },
  });
  assert.equal(res.statusCode, 200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  const token = /name="formToken" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  const set = setCookies(res).get('redress_csrf');
  const jar = set ? set.slice(0, set.indexOf(';')) : cookie;
  return { cookie: jar, csrf, token };
}

function send(t: TestApp, v: Visitor, values: Record<string, string>, lang = 'de') {
  return t.app.inject({
    method: 'POST',
    url: '/complain',
    headers: {
      cookie: v.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': lang,
    },
    payload: form({ _csrf: v.csrf, formToken: v.token, homepage: '', ...values }),
  });
}

async function cases(t: TestApp) {
  return t.tdb.database.db.selectFrom('cases').select(['id', 'reference', 'channel', 'language']).execute();
}

describe('public complaint form', () => {
  let t: TestApp;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');

  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => {
    await t?.close();
  });

  it('shows the fields of P2 in the visitor’s language, with step 2 by post explained, no sign-in needed', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/complain',
      headers: { 'accept-language': 'de-DE,de;q=0.9' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="de">/);
    assert.match(res.body, /<h1>Beschwerde einreichen<\/h1>/);
    for (const name of [
      'name',
      'email',
      'postalAddress',
      'ticketRefs',
      'domains',
      'description',
      'expectations',
      'consent',
    ])
      assert.match(res.body, new RegExp(`name="${name}"`), name);
    assert.match(res.body, /id="step2-by-post"/);
    assert.match(res.body, /Geschäftsleitung/);
    assert.match(
      res.body,
      /<input id="complaint-homepage" name="homepage" type="text" value="" tabindex="-1" autocomplete="off">/,
    );
    assert.doesNotMatch(res.body, /<nav aria-label/, 'no staff navigation');
    const fr = await t.app.inject({ method: 'GET', url: '/complain', headers: { 'accept-language': 'fr' } });
    assert.match(fr.body, /<h1>Déposer une réclamation<\/h1>/);
  });

  it('refuses a post sooner than a person can fill the form, then takes it; the thank-you page gives the reference', async () => {
    const v = await visit(t);
    const quick = await send(t, v, good);
    assert.equal(quick.statusCode, 422);
    assert.match(quick.body, /Das ging sehr schnell!/);
    assert.match(quick.body, /value="Erika Mustermann"/, 'what was typed is kept');
    assert.equal((await cases(t)).length, 0);
    const fresh = /name="formToken" value="([^"]+)"/.exec(quick.body)![1]!;
    clock.advance(20_000);
    const ok = await send(t, { ...v, token: fresh }, good);
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(ok.headers.location, '/complain/thanks');
    const thanksCookie = setCookies(ok).get('redress_complaint')!;
    const thanks = await t.app.inject({
      method: 'GET',
      url: '/complain/thanks',
      headers: { cookie: thanksCookie.slice(0, thanksCookie.indexOf(';')), 'accept-language': 'de' },
    });
    const all = await cases(t);
    assert.equal(all.length, 1);
    assert.equal(all[0]!.channel, 'web');
    assert.equal(all[0]!.language, 'de');
    assert.match(thanks.body, new RegExp(`<strong id="complaint-reference">${all[0]!.reference}</strong>`));
    assert.match(thanks.body, /Eine Eingangsbestätigung ist unterwegs an erika@example.de/);
    assert.match(thanks.body, /spätestens am Montag, 7\. Dezember 2026/);

    const row = await t.tdb.database.db
      .selectFrom('cases')
      .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
      .select(['cases.status', 'complainants.email'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'acknowledged', email: 'erika@example.de' });
    const out = await t.tdb.database.db
      .selectFrom('correspondence')
      .select(['direction', 'channel', 'to_address', 'language', 'subject'])
      .where('case_id', '=', all[0]!.id)
      .orderBy('created_at')
      .execute();
    assert.equal(out.length, 2);
    assert.deepEqual(
      out.map((o) => [o.direction, o.channel, o.to_address]),
      [
        ['in', 'web', null],
        ['out', 'email', 'erika@example.de'],
      ],
    );
    assert.equal(out[1]!.language, 'de');
    const state = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(state.statusCode, 200);

    // The same form sent again (a double click): the same complaint, nothing new.
    const again = await send(t, { ...v, token: fresh }, good);
    assert.equal(again.statusCode, 303);
    assert.equal((await cases(t)).length, 1);
  });

  it('keeps the original submission, the ticket numbers and the domains checked', async () => {
    const c = await t.tdb.database.db
      .selectFrom('correspondence')
      .select(['reading', 'original_sha256', 'door'])
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    assert.equal(c.door, 'web');
    assert.ok(c.original_sha256);
    const reading = JSON.parse(c.reading!);
    assert.deepEqual(reading.ticketRefs, ['482913', '482914']);
    assert.deepEqual(reading.domains, ['müller-bau.de', 'www.beispiel.de']);
    assert.deepEqual(reading.complainant.postalAddress, ['Hauptstraße 5', '10115 Berlin']);
    assert.equal(reading.consent.given, true);
    assert.match(reading.consent.text, /Ich bin damit einverstanden/);
  });

  it('refuses the honeypot filled in, without a case', async () => {
    const v = await visit(t);
    clock.advance(10_000);
    const res = await send(t, v, { ...good, homepage: 'http://spam.example' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Wir konnten dieses Formular nicht annehmen/);
    assert.equal((await cases(t)).length, 1);
    assert.ok(t.logs.some((l) => l.includes('"reason":"honeypot"')));
    assert.ok(!t.logs.some((l) => l.includes('erika@example.de')), 'no personal data in the logs');
  });

  it('refuses a forged, another visitor’s or a stale form token', async () => {
    const v = await visit(t);
    clock.advance(10_000);
    const forged = await send(t, { ...v, token: `${v.token.slice(0, -3)}abc` }, good);
    assert.equal(forged.statusCode, 422);
    // Not a form we showed this visitor: said so, not that it was open too long.
    assert.match(forged.body, /Dieses Formular konnte nicht zugeordnet werden/);
    assert.doesNotMatch(forged.body, /abgelaufen/);
    const other = await visit(t);
    clock.advance(10_000);
    const swapped = await send(t, { ...v, token: other.token }, good);
    assert.equal(swapped.statusCode, 422, 'bound to the visitor’s CSRF cookie');
    assert.match(swapped.body, /konnte nicht zugeordnet werden/);
    const old = await visit(t);
    clock.advance(13 * 3600_000);
    const stale = await send(t, old, good);
    assert.equal(stale.statusCode, 422);
    assert.match(stale.body, /abgelaufen/);
    assert.equal((await cases(t)).length, 1);
  });

  it('needs the anonymous CSRF token', async () => {
    const v = await visit(t);
    clock.advance(10_000);
    const res = await send(t, { ...v, csrf: 'x'.repeat(43) }, good);
    assert.equal(res.statusCode, 403);
  });

  it('says at each field what is wrong, in German', async () => {
    const v = await visit(t);
    clock.advance(10_000);
    const res = await send(t, v, {
      ...good,
      email: 'kein-e-mail',
      consent: '',
      description: '',
      ticketRefs: 'abc',
      domains: 'kein domain',
    });
    assert.equal(res.statusCode, 422);
    assert.match(
      res.body,
      /id="complaint-email-error">Schreiben Sie eine E-Mail-Adresse wie name@beispiel.de./,
    );
    assert.match(res.body, /id="complaint-consent-error">Bitte kreuzen Sie dieses Feld an/);
    assert.match(res.body, /id="complaint-description-error">/);
    const v2 = await visit(t);
    clock.advance(10_000);
    const res2 = await send(t, v2, { ...good, ticketRefs: 'abc', domains: 'kein, example.com' });
    assert.equal(res2.statusCode, 422);
    assert.match(
      res2.body,
      /id="complaint-ticketRefs-error">Schreiben Sie die Ticketnummer so, wie sie in unseren Nachrichten steht/,
    );
    assert.match(
      res2.body,
      /id="complaint-domains-error">Das konnten wir nicht als Domainnamen lesen: kein\./,
    );
    const huge = await send(t, v2, { ...good, description: 'x'.repeat(70_000) });
    assert.equal(huge.statusCode, 413, 'over the size limit of the form');
  });
});

describe('public complaint form: limit per address', () => {
  let t: TestApp;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  before(async () => {
    t = await createTestApp({ clock, env: { REDRESS_PUBLIC_FORM_PER_HOUR: '2' } });
  });
  after(async () => {
    await t?.close();
  });

  it('takes two complaints from one address in an hour, refuses the third (429, Retry-After), and takes it later', async () => {
    for (let i = 0; i < 2; i++) {
      const v = await visit(t, 'en');
      clock.advance(10_000);
      const ok = await send(t, v, { ...good, email: `person${i}@example.org` }, 'en');
      assert.equal(ok.statusCode, 303);
    }
    const v = await visit(t, 'en');
    clock.advance(10_000);
    const third = await send(t, v, { ...good, email: 'third@example.org' }, 'en');
    assert.equal(third.statusCode, 429);
    assert.ok(Number(third.headers['retry-after']) > 0);
    assert.match(third.body, /We have received many complaints from your connection/);
    assert.equal((await cases(t)).length, 2);
    const counters = await t.tdb.database.db.selectFrom('rate_limits').select('bucket').execute();
    assert.ok(
      counters.every((c) => !c.bucket.includes('127.0.0.1')),
      'the address is not stored',
    );
    clock.advance(3600_000);
    const later = await visit(t, 'en');
    clock.advance(10_000);
    assert.equal((await send(t, later, { ...good, email: 'third@example.org' }, 'en')).statusCode, 303);
  });
});

describe('public complaint form: limit per address behind a trusted proxy', () => {
  let t: TestApp;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  before(async () => {
    t = await createTestApp({
      clock,
      env: { REDRESS_PUBLIC_FORM_PER_HOUR: '2', REDRESS_TRUST_PROXY: '10.0.0.1' },
    });
  });
  after(async () => {
    await t?.close();
  });

  it('a forged X-Forwarded-For from a peer that is not the proxy does not earn more complaints', async () => {
    const from = (forwarded: string) => ({
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': forwarded },
    });
    const sendFrom = async (i: number) => {
      const o = from(`198.51.100.${i}`);
      const page = await t.app.inject({ method: 'GET', url: '/complain', ...o });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const set = setCookies(page).get('redress_csrf')!;
      clock.advance(10_000);
      return t.app.inject({
        method: 'POST',
        url: '/complain',
        remoteAddress: o.remoteAddress,
        headers: {
          ...o.headers,
          cookie: set.slice(0, set.indexOf(';')),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: form({ _csrf: csrf, formToken: token, homepage: '', ...good, email: `p${i}@example.org` }),
      });
    };
    assert.equal((await sendFrom(1)).statusCode, 303);
    assert.equal((await sendFrom(2)).statusCode, 303);
    assert.equal((await sendFrom(3)).statusCode, 429, 'the third from the same peer is refused');
    assert.equal((await cases(t)).length, 2);
  });
});

describe('public complaint form: switched off', () => {
  it('is not there when publicForm.enabled is false', async () => {
    const t = await createTestApp({ env: { REDRESS_PUBLIC_FORM_ENABLED: 'false' } });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/complain' });
      assert.equal(res.statusCode, 404);
    } finally {
      await t.close();
    }
  });
});

/** A server of its own for a describe block (its own limits per client address), on a clock the tests move. */
function freshApp(): { app: () => TestApp; clock: ReturnType<typeof fixedClock> } {
  let t: TestApp | undefined;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => {
    await t?.close();
  });
  return { app: () => t!, clock };
}

describe('public complaint form sent again after going back', () => {
  const { app, clock } = freshApp();

  it('an edited form sent again with the same token is the new complaint meant; the same one twice is one', async () => {
    const v = await visit(app(), 'de');
    clock.advance(20_000);
    const first = await send(app(), v, good);
    assert.equal(first.statusCode, 303, first.body);
    // Back in the browser, the description changed, sent again: the page's token is the same.
    const edited = { ...good, description: 'Seit dem 12. November ist auch mein Postfach nicht erreichbar.' };
    const second = await send(app(), v, edited);
    assert.equal(second.statusCode, 303, second.body);
    assert.equal((await cases(app())).length, 2);
    // A double click on the edited form: still two complaints.
    const again = await send(app(), v, edited);
    assert.equal(again.statusCode, 303, again.body);
    assert.equal((await cases(app())).length, 2);
  });
});

describe('public complaint form, a stranger’s address', () => {
  const { app, clock } = freshApp();

  it('acknowledges without the "name" when it carries a link, so nobody can have us mail their link to someone else', async () => {
    const v = await visit(app(), 'en');
    clock.advance(20_000);
    const res = await send(
      app(),
      v,
      { ...good, name: 'Your refund: www.evil.test/claim', email: 'someone.else@example.org' },
      'en',
    );
    assert.equal(res.statusCode, 303, res.body);
    const ack = await app()
      .tdb.database.db.selectFrom('correspondence')
      .select(['to_address', 'text_body'])
      .where('direction', '=', 'out')
      .executeTakeFirstOrThrow();
    assert.equal(ack.to_address, 'someone.else@example.org');
    assert.ok(ack.text_body!.startsWith('Dear Sir or Madam,'), ack.text_body!);
    assert.ok(!ack.text_body!.includes('evil'), ack.text_body!);
    // The name stays on the case as it was given: staff see what was typed.
    const complainant = await app()
      .tdb.database.db.selectFrom('complainants')
      .select('name')
      .executeTakeFirstOrThrow();
    assert.equal(complainant.name, 'Your refund: www.evil.test/claim');
  });
});
