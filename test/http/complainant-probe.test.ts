// The complainant's pages tried as a confused person and as an attacker would: the public form and the page behind
// the private link. Each test is a defect found by probing: what a person typed must never be lost to an error
// page, and no character a person can type may stop a complaint from being received. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { linkTokenOf } from '../support/complainant-documents.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, form, setCookies, type TestApp } from '../support/http.ts';
import { PDF, postMultipart } from '../support/staff.ts';

interface Visitor {
  cookie: string;
  csrf: string;
  formToken: string;
}

/** Opens a page as a visitor (a new one, or the one whose cookie is given): its CSRF cookie and form token. */
async function visit(t: TestApp, url: string, lang: string, cookie = ''): Promise<Visitor> {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: { 'accept-language': lang, ...(cookie ? { cookie } : {}) },
  });
  assert.equal(res.statusCode, 200, url);
  const set = setCookies(res).get('redress_csrf');
  return {
    cookie: set ? set.slice(0, set.indexOf(';')) : cookie,
    csrf: /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '',
    formToken: /name="formToken" value="([^"]+)"/.exec(res.body)?.[1] ?? '',
  };
}

const complaint = {
  name: 'Jeanne Martin',
  email: 'jeanne.martin@example.fr',
  postalAddress: '',
  ticketRefs: '',
  domains: '',
  description: 'Mon domaine ne répond plus depuis lundi.',
  expectations: 'Qu’il réponde de nouveau.',
  consent: 'yes',
};

let addresses = 0;
/** Each post from an address of its own, so that no test meets the limit per address of another. */
const nextAddress = () => `10.20.${Math.floor(++addresses / 250)}.${addresses % 250}`;

/** The texts added to a case from outside it (its page, a form, mail) and filed on it, oldest first. */
const additionsOf = (t: TestApp, caseId: string) =>
  t.tdb.database.db
    .selectFrom('correspondence')
    .select(['id', 'text_body', 'subject', 'language'])
    .where('case_id', '=', caseId)
    .where('direction', '=', 'in')
    .where('filing', '=', 'filed_on_case')
    .orderBy('created_at')
    .execute();

for (const engine of ENGINES) {
  describe(`the complainant's pages, probed, on ${engine}`, () => {
    let t: TestApp;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');

    before(async () => {
      t = await createTestApp({ engine, clock });
    });
    after(async () => {
      await t?.close();
    });

    const sendForm = async (values: Record<string, string>, lang = 'fr') => {
      const v = await visit(t, '/complain', lang);
      clock.advance(20_000);
      return t.app.inject({
        method: 'POST',
        url: '/complain',
        remoteAddress: nextAddress(),
        headers: {
          cookie: v.cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'accept-language': lang,
        },
        payload: form({ _csrf: v.csrf, formToken: v.formToken, homepage: '', ...values }),
      });
    };

    /** A complaint in `language` with its private link. */
    const withLink = async (name: string, language: 'fr' | 'en' | 'de') => {
      const s = await submitComplaint(
        t.ctx,
        {
          complainant: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.net` },
          language,
          description: 'Mon domaine ne répond plus depuis lundi.',
          expectations: 'Qu’il réponde de nouveau.',
        },
        { channel: 'web', actor: 'web:test' },
      );
      return { ...s, token: await linkTokenOf(t.ctx, s.caseId) };
    };

    const addOnPage = (token: string, v: Visitor, text: string) =>
      postMultipart(
        t.app,
        { cookie: v.cookie, csrf: v.csrf, token: '' },
        `/c/${token}`,
        { formToken: v.formToken, text },
        [],
        { 'x-forwarded-for': nextAddress() },
      );

    it('receives a complaint whose description or expectations hold a NUL character (shown as �), never a server error', async () => {
      for (const field of ['description', 'expectations'] as const) {
        const res = await sendForm({ ...complaint, [field]: `Avant\u0000après ${field}` });
        assert.equal(res.statusCode, 303, `${field}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      const kept = await t.tdb.database.db
        .selectFrom('correspondence')
        .select('text_body')
        .where('direction', '=', 'in')
        .where('text_body', 'like', '%Avant%')
        .execute();
      assert.equal(kept.length, 2);
      for (const k of kept) assert.match(k.text_body ?? '', /Avant\uFFFDaprès/);
    });

    it('receives what is added on the page with a NUL character in it (shown as �), never a server error', async () => {
      const { token, caseId } = await withLink('Nul Ajout', 'fr');
      const v = await visit(t, `/c/${token}`, 'fr');
      clock.advance(20_000);
      const res = await addOnPage(token, v, 'Voici\u0000la suite.');
      assert.equal(res.statusCode, 303, `${res.statusCode} ${res.body.slice(0, 300)}`);
      const kept = await additionsOf(t, caseId);
      assert.deepEqual(
        kept.map((k) => k.text_body),
        ['Voici\uFFFDla suite.'],
      );
    });

    it('gives the form back with what was typed (403) to a browser that kept no cookie, saying why, in its language', async () => {
      const v = await visit(t, '/complain', 'fr');
      clock.advance(20_000);
      const before = await t.tdb.database.db.selectFrom('cases').select('id').execute();
      // Cookies turned off: the browser sends the form as it is, without the cookie its token is bound to.
      const res = await postMultipart(
        t.app,
        { cookie: '', csrf: v.csrf, token: '' },
        `/complain?_csrf=${encodeURIComponent(v.csrf)}`,
        { ...complaint, description: 'Une longue description <écrite> avec soin.', formToken: v.formToken },
        [{ field: 'attachments', filename: 'facture.pdf', type: 'application/pdf', content: PDF }],
        { 'accept-language': 'fr', accept: 'text/html', 'x-forwarded-for': nextAddress() },
      );
      assert.equal(res.statusCode, 403);
      assert.match(
        res.body,
        /id="complaint-attachments-error"[^>]*>[^<]*facture\.pdf[^<]*choisir à nouveau/,
        'the document not kept is asked for again',
      );
      assert.match(res.body, /<html lang="fr">/);
      assert.match(res.body, /Nous n’avons pas pu reconnaître ce formulaire/);
      assert.match(res.body, /id="complaint-form"/, 'the form, not an error page');
      assert.ok(
        res.body.includes('Une longue description &lt;écrite&gt; avec soin.'),
        'the description is kept',
      );
      assert.match(res.body, /value="Jeanne Martin"/, 'the name is kept');
      const after = await t.tdb.database.db.selectFrom('cases').select('id').execute();
      assert.equal(after.length, before.length, 'no complaint without the token');
    });

    it('gives the page back with what was typed (403) when what is added comes from a browser that kept no cookie', async () => {
      const { token, caseId } = await withLink('Sans Cookie', 'de');
      const v = await visit(t, `/c/${token}`, 'fr');
      clock.advance(20_000);
      const res = await postMultipart(
        t.app,
        { cookie: '', csrf: v.csrf, token: '' },
        `/c/${token}?_csrf=${encodeURIComponent(v.csrf)}`,
        { formToken: v.formToken, text: 'Meine Ergänzung <wichtig>.' },
        [{ field: 'files', filename: 'beleg.pdf', type: 'application/pdf', content: PDF }],
        { accept: 'text/html', 'x-forwarded-for': nextAddress() },
      );
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /<html lang="de">/, 'the case’s language');
      assert.match(res.body, /Dieses Formular konnte nicht zugeordnet werden/);
      assert.match(res.body, /id="complainant-add"/, 'the page with its form');
      assert.ok(res.body.includes('Meine Ergänzung &lt;wichtig&gt;.'), 'the text is kept');
      assert.match(res.body, /id="complainant-files-error"[^>]*>[^<]*beleg\.pdf[^<]*erneut aus/);
      const added = await additionsOf(t, caseId);
      assert.equal(added.length, 0);
      // A link that opens nothing is answered as any such link, whatever the token.
      const unknown = await postMultipart(
        t.app,
        { cookie: '', csrf: v.csrf, token: '' },
        `/c/${'x'.repeat(43)}`,
        { formToken: v.formToken, text: 'x' },
        [],
        { accept: 'text/html', 'x-forwarded-for': nextAddress() },
      );
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /id="complainant-invalid"/);
    });

    it('names a document that arrived empty (0 bytes) on the form and on the page, in their language, keeping what was typed; nothing is received', async () => {
      const before = await t.tdb.database.db.selectFrom('cases').select('id').execute();
      const v = await visit(t, '/complain', 'de');
      clock.advance(20_000);
      const res = await postMultipart(
        t.app,
        { cookie: v.cookie, csrf: v.csrf, token: '' },
        '/complain',
        { ...complaint, formToken: v.formToken, homepage: '' },
        [
          {
            field: 'attachments',
            filename: 'rechnung.pdf',
            type: 'application/pdf',
            content: Buffer.alloc(0),
          },
        ],
        { 'accept-language': 'de', 'x-forwarded-for': nextAddress() },
      );
      assert.equal(res.statusCode, 422, 'not received without the document the person chose');
      assert.match(
        res.body,
        /id="complaint-attachments-error"[^>]*>[^<]*„rechnung\.pdf“ ist leer angekommen/,
      );
      assert.ok(res.body.includes('Mon domaine ne répond plus depuis lundi.'), 'the description is kept');
      const after = await t.tdb.database.db.selectFrom('cases').select('id').execute();
      assert.equal(after.length, before.length);
      // A file input left empty is no document, and no refusal: browsers send it as a file part named "".
      const blank = await visit(t, '/complain', 'de');
      clock.advance(20_000);
      const parts = Object.entries({ ...complaint, formToken: blank.formToken, homepage: '' }).map(
        ([k, v]) => `--b\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      );
      const noFile = await t.app.inject({
        method: 'POST',
        url: '/complain',
        remoteAddress: nextAddress(),
        headers: {
          cookie: blank.cookie,
          'x-csrf-token': blank.csrf,
          'content-type': 'multipart/form-data; boundary=b',
          'accept-language': 'de',
        },
        payload: `${parts.join('')}--b\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n`,
      });
      assert.equal(noFile.statusCode, 303, noFile.body.slice(0, 300));

      const { token, caseId } = await withLink('Leere Datei', 'en');
      const page = await visit(t, `/c/${token}`, 'de');
      clock.advance(20_000);
      const added = await postMultipart(
        t.app,
        { cookie: page.cookie, csrf: page.csrf, token: '' },
        `/c/${token}`,
        { formToken: page.formToken, text: 'Here is my invoice.' },
        [{ field: 'files', filename: 'invoice.pdf', type: 'application/pdf', content: Buffer.alloc(0) }],
        { 'x-forwarded-for': nextAddress() },
      );
      assert.equal(added.statusCode, 422, 'not “thank you, received” without the document');
      assert.match(added.body, /id="complainant-files-error"[^>]*>[^<]*“invoice\.pdf” arrived empty/);
      assert.ok(added.body.includes('Here is my invoice.'), 'the text is kept');
      const kept = await additionsOf(t, caseId);
      assert.equal(kept.length, 0);
    });

    it('keeps what is sent on each case whose page it is sent to, even under a form token first used on another case', async () => {
      const a = await withLink('Erste Akte', 'de');
      const b = await withLink('Zweite Akte', 'de');
      // One visitor holds both links (the same person with two complaints), and sends the form of A's page to B,
      // then the same text from A's page: each case keeps it; A is never thanked for what only B received.
      const v = await visit(t, `/c/${a.token}`, 'de');
      clock.advance(20_000);
      assert.equal((await addOnPage(b.token, v, 'Dieselbe Nachricht.')).statusCode, 303);
      assert.equal((await addOnPage(a.token, v, 'Dieselbe Nachricht.')).statusCode, 303);
      for (const c of [a, b]) {
        const kept = await additionsOf(t, c.caseId);
        assert.deepEqual(
          kept.map((k) => k.text_body),
          ['Dieselbe Nachricht.'],
          c.reference,
        );
      }
    });

    it('speaks the language the visitor chose with the page’s language buttons, else the case’s, whatever the browser asks for', async () => {
      const { token, caseId, reference } = await withLink('Choix Langue', 'fr');
      const page = await t.app.inject({
        method: 'GET',
        url: `/c/${token}`,
        headers: { 'accept-language': 'de' },
      });
      assert.match(page.body, /<html lang="fr">/, 'the case’s language, not the browser’s');
      const switched = await t.app.inject({
        method: 'POST',
        url: '/language',
        headers: {
          cookie: setCookies(page).get('redress_csrf')!.split(';')[0]!,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: form({
          _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
          lang: 'en',
          next: `/c/${token}`,
        }),
      });
      assert.equal(switched.headers.location, `/c/${token}`);
      const cookie = [page, switched]
        .map((r) => [...setCookies(r).values()].map((c) => c.split(';')[0]).join('; '))
        .join('; ');
      const v = await visit(t, `/c/${token}`, 'de', cookie);
      const again = await t.app.inject({ method: 'GET', url: `/c/${token}`, headers: { cookie } });
      assert.match(again.body, /<html lang="en">/, 'the button the person pressed is heard');
      assert.match(again.body, /aria-pressed="true">English/);
      // What they send is still kept under the case's language, as staff read it.
      clock.advance(20_000);
      const sent = await addOnPage(token, { ...v, cookie }, 'Here is more.');
      assert.equal(sent.statusCode, 303);
      const [kept] = await additionsOf(t, caseId);
      assert.deepEqual(
        { subject: kept?.subject, language: kept?.language },
        {
          subject: `[${reference}] Informations ajoutées par le réclamant`,
          language: 'fr',
        },
      );
    });

    it('asks for the documents again, by name, when a form that carried them is given back for another reason', async () => {
      // The public form, refused for a field left empty: the browser cannot fill the file field again by itself.
      const v = await visit(t, '/complain', 'en');
      clock.advance(20_000);
      const res = await postMultipart(
        t.app,
        { cookie: v.cookie, csrf: v.csrf, token: '' },
        '/complain',
        { ...complaint, name: '', formToken: v.formToken, homepage: '' },
        [{ field: 'attachments', filename: 'invoice.pdf', type: 'application/pdf', content: PDF }],
        { 'accept-language': 'en', 'x-forwarded-for': nextAddress() },
      );
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /id="complaint-name-error"/);
      assert.match(
        res.body,
        /id="complaint-attachments-error"[^>]*>[^<]*invoice\.pdf[^<]*choose them again/,
        'the documents field says they must be chosen again',
      );
      // The complainant's page, refused as sent too soon after it was shown.
      const { token } = await withLink('Zu Schnell', 'de');
      const page = await visit(t, `/c/${token}`, 'de');
      const soon = await postMultipart(
        t.app,
        { cookie: page.cookie, csrf: page.csrf, token: '' },
        `/c/${token}`,
        { formToken: page.formToken, text: 'Anbei die Rechnung.' },
        [{ field: 'files', filename: 'rechnung.pdf', type: 'application/pdf', content: PDF }],
        { 'x-forwarded-for': nextAddress() },
      );
      assert.equal(soon.statusCode, 422);
      assert.match(soon.body, /id="complainant-files-error"[^>]*>[^<]*rechnung\.pdf[^<]*erneut aus/);
      assert.ok(soon.body.includes('Anbei die Rechnung.'));
    });

    it('does not refuse a complaint for a step-2 case reference that the step chosen does not use', async () => {
      // Step 2 goes by post here, so the form shows no reference field: what a stale form or a script sends in it
      // is not the person's to correct. With step 2 offered, a reference typed and then step 1 chosen is the same.
      const res = await sendForm({ ...complaint, step: '1', caseReference: 'mon dossier de mars' }, 'en');
      assert.equal(
        res.statusCode,
        303,
        res.body
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(-400),
      );
    });

    for (const [how, language, said] of [
      ['answered', 'en', /has not been added to your case/],
      ['closed', 'fr', /n’a pas été ajouté à votre dossier/],
    ] as const)
      it(`gives back what was typed on a page left open while its case was ${how}, saying it was not added and where to write`, async () => {
        const { token, caseId, reference } = await withLink(`Page Ouverte ${how}`, language);
        const v = await visit(t, `/c/${token}`, language);
        if (how === 'answered')
          await actOnCase(
            t.ctx,
            caseId,
            { type: 'answer', outcome: 'upheld', text: 'Done.', remedy: null, correspondenceId: null },
            'system',
          );
        else await actOnCase(t.ctx, caseId, { type: 'close', reason: 'Settled.' }, 'system');
        clock.advance(20_000);
        const typed = 'A long message the person took <twenty> minutes to write.';
        const res = await addOnPage(token, v, typed);
        assert.equal(res.statusCode, 409, 'not a success: nothing was added');
        assert.match(res.body, new RegExp(`<html lang="${language}">`));
        assert.match(res.body, said);
        assert.ok(res.body.includes(reference), 'the reference to quote');
        assert.ok(
          res.body.includes('A long message the person took &lt;twenty&gt; minutes to write.'),
          'what was typed is given back, escaped',
        );
        assert.doesNotMatch(res.body, /id="complainant-add"/, 'no form to send it again on this page');
        const added = await additionsOf(t, caseId);
        assert.equal(added.length, 0, 'nothing was added to the case');
      });
  });
}
