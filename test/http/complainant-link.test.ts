// The complainant's own page: the private link in the acknowledgement (FR, EN, DE), the page with the promised
// dates and what is missing, an addition stored as inbound correspondence that the agent sees (and that ends the
// wait on the complainant, as a reply by mail does), and every link that must not open a case (tampered,
// unknown, revoked, expired, another case's) answered with the same neutral page. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_ATTACHMENT_BYTES, MAX_FILES, multipartBudget } from '../../src/adapters/http/uploads.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { acknowledgementText, linkTokenOf } from '../support/complainant-documents.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  setCookies,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { PDF, postMultipart } from '../support/staff.ts';

interface Visitor {
  cookie: string;
  csrf: string;
  formToken: string;
}

async function submit(t: TestApp, language: 'fr' | 'en' | 'de', name: string) {
  return submitComplaint(
    t.ctx,
    {
      complainant: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.net` },
      language,
      description: 'Meine Domain ist seit Montag nicht erreichbar.',
      // What they expect is left out: the acknowledgement and the page name it as missing (P2.7).
      expectations: null,
    },
    { channel: 'web', actor: 'web:test' },
  );
}

const acknowledgementOf = (t: TestApp, caseId: string) => acknowledgementText(t.ctx, caseId);

async function open(t: TestApp, token: string, cookie = '') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/c/${token}`,
    headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) },
  });
  const set = setCookies(res).get('redress_csrf');
  return {
    res,
    visitor: {
      cookie: set ? set.slice(0, set.indexOf(';')) : cookie,
      csrf: /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '',
      formToken: /name="formToken" value="([^"]+)"/.exec(res.body)?.[1] ?? '',
    } satisfies Visitor,
  };
}

function add(
  t: TestApp,
  token: string,
  v: Visitor,
  text: string,
  files: { filename: string; type: string; content: Buffer }[] = [],
) {
  return postMultipart(
    t.app,
    { cookie: v.cookie, csrf: v.csrf, token: '' },
    `/c/${token}`,
    { formToken: v.formToken, text },
    files.map((f) => ({ field: 'files', ...f })),
  );
}

for (const engine of ENGINES) {
  describe(`the complainant's own page on ${engine}`, () => {
    let t: TestApp;
    let agent: TestSession;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    const tokens: Record<string, { token: string; caseId: string; reference: string }> = {};

    before(async () => {
      t = await createTestApp({ engine, clock });
      const user = await createUser(t.ctx, 'agent', { name: 'Agnes Agent' });
      agent = await sessionFor(t.ctx, user);
      for (const [lang, name] of [
        ['de', 'Erika Mustermann'],
        ['fr', 'Jeanne Martin'],
        ['en', 'John Smith'],
      ] as const) {
        const s = await submit(t, lang, name);
        tokens[lang] = {
          token: await linkTokenOf(t.ctx, s.caseId),
          caseId: s.caseId,
          reference: s.reference,
        };
      }
    });
    after(async () => {
      await t?.close();
    });

    it('puts a private link in the acknowledgement, in FR, EN and DE, stored only as its hash', async () => {
      const de = await acknowledgementOf(t, tokens.de!.caseId);
      assert.match(de, /persönlichen Seite/);
      assert.match(await acknowledgementOf(t, tokens.fr!.caseId), /page personnelle/);
      assert.match(await acknowledgementOf(t, tokens.en!.caseId), /your own page/);
      const rows = await t.tdb.database.db
        .selectFrom('complainant_links' as never)
        .selectAll()
        .execute();
      assert.equal(rows.length, 3);
      const dump = JSON.stringify(rows);
      for (const { token } of Object.values(tokens))
        assert.ok(!dump.includes(token), 'the token is not stored');
    });

    it('shows the reference, the promised dates and what is missing, in the case’s language, nothing internal', async () => {
      const { token, caseId, reference } = tokens.de!;
      await actOnCase(t.ctx, caseId, { type: 'add_note', text: 'INTERNAL-NOTE-XYZ' }, 'system');
      const { res } = await open(t, token);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="de">/);
      assert.ok(res.body.includes(reference));
      assert.match(res.body, /Unsere abschließende Antwort spätestens am/);
      assert.match(res.body, /id="complainant-answer-by"><strong>[^<]*2026/);
      assert.match(res.body, /Eingang bestätigt am/);
      assert.match(res.body, /id="complainant-missing"/);
      assert.match(res.body, /<ul id="complainant-missing"><li>was wir aus Ihrer Sicht tun sollen/);
      assert.ok(!res.body.includes('INTERNAL-NOTE-XYZ'), 'no internal note');
      assert.ok(!res.body.includes('Agnes Agent'), 'no staff name');
      assert.equal(res.headers['referrer-policy'], 'same-origin', 'the address never goes to another site');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(!t.logs.join('\n').includes(token), 'the token is not logged');
    });

    it('shows an extension with its window', async () => {
      const { token, caseId } = tokens.en!;
      const before = await open(t, token);
      const answerBy = /id="complainant-answer-by"><strong>([^<]+)</.exec(before.res.body)![1]!;
      const state = (await t.ctx.database.db
        .selectFrom('cases')
        .select('answer_by_date')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow()) as { answer_by_date: string };
      const end = new Date(Date.parse(`${state.answer_by_date}T12:00:00Z`) + 14 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const start = new Date(Date.parse(`${state.answer_by_date}T12:00:00Z`) + 7 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await actOnCase(
        t.ctx,
        caseId,
        {
          type: 'extend',
          reason: 'We are waiting on our registry.',
          windowStart: start,
          windowEnd: end,
          correspondenceId: null,
        },
        'system',
      );
      const { res } = await open(t, token);
      assert.match(res.body, /id="complainant-extensions"/);
      assert.match(res.body, /Extended on [^:]+: answer expected between/);
      assert.match(res.body, new RegExp(`First promised for</dt><dd>${answerBy}`));
    });

    it('stores an addition as inbound correspondence on the case; the wait on the complainant ends; the agent sees it', async () => {
      const { token, caseId } = tokens.de!;
      await actOnCase(
        t.ctx,
        caseId,
        { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
        'system',
      );
      const waiting = await t.ctx.database.db
        .selectFrom('cases')
        .select('waiting_on_complainant')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(waiting.waiting_on_complainant), 1);
      const { visitor } = await open(t, token);
      clock.advance(30_000);
      const res = await add(t, token, visitor, 'Ich erwarte eine Gutschrift für drei Tage.', [
        { filename: 'rechnung.pdf', type: 'application/pdf', content: PDF },
      ]);
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, `/c/${token}?sent=1`);
      const rows = await t.tdb.database.db
        .selectFrom('correspondence')
        .select(['id', 'direction', 'channel', 'text_body', 'from_address'])
        .where('case_id', '=', caseId)
        .where('direction', '=', 'in')
        .where('filing', '=', 'filed_on_case')
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.channel, 'web');
      assert.equal(rows[0]!.text_body, 'Ich erwarte eine Gutschrift für drei Tage.');
      assert.equal(rows[0]!.from_address, 'erika.mustermann@example.net');
      const after = await t.ctx.database.db
        .selectFrom('cases')
        .select('waiting_on_complainant')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.waiting_on_complainant), 0, 'the wait ends as for a reply by mail');
      const events = await t.ctx.database.db
        .selectFrom('events')
        .select('type')
        .where('stream', '=', `case:${caseId}`)
        .execute();
      assert.ok(events.some((e) => e.type === 'information_received'));
      // The same form sent again (a double click) is one addition.
      const again = await add(t, token, visitor, 'Ich erwarte eine Gutschrift für drei Tage.', [
        { filename: 'rechnung.pdf', type: 'application/pdf', content: PDF },
      ]);
      assert.equal(again.statusCode, 303);
      const count = await t.tdb.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', caseId)
        .where('filing', '=', 'filed_on_case')
        .execute();
      assert.equal(count.length, 1);
      // The page thanks and lists it.
      const page = await open(t, token);
      assert.match(page.res.body, /id="complainant-additions"/);
      // What was asked is no longer said to be still needed: they answered, and staff read it (they write if
      // something is still missing).
      assert.doesNotMatch(page.res.body, /<ul id="complainant-missing">/);
      assert.match(page.res.body, /<p id="complainant-missing">Danke: Ihre Ergänzung vom /);
      // The agent sees it on the case, with its document.
      const casePage = await getPage(t.app, agent, `/cases/${caseId}`);
      assert.equal(casePage.statusCode, 200);
      assert.ok(
        casePage.body.includes(`/cases/${caseId}/correspondence/${rows[0]!.id}`),
        'listed on the case',
      );
      const item = await getPage(t.app, agent, `/cases/${caseId}/correspondence/${rows[0]!.id}`);
      assert.equal(item.statusCode, 200);
      assert.match(item.body, /rechnung\.pdf/);
      assert.match(item.body, /Gutschrift/);
      const file = await getPage(
        t.app,
        agent,
        `/cases/${caseId}/correspondence/${rows[0]!.id}/attachments/0`,
      );
      assert.equal(file.statusCode, 200);
      assert.equal(file.rawPayload.toString('latin1'), PDF.toString('latin1'));
    });

    it('refuses a file that is not a PDF, PNG or JPEG, and a post without the form token; nothing is stored', async () => {
      const { token, caseId } = tokens.fr!;
      const count = async () =>
        (
          await t.tdb.database.db
            .selectFrom('correspondence')
            .select('id')
            .where('case_id', '=', caseId)
            .where('filing', '=', 'filed_on_case')
            .execute()
        ).length;
      const { visitor } = await open(t, token);
      clock.advance(30_000);
      const html = await add(t, token, visitor, 'Voir la pièce jointe.', [
        {
          filename: 'facture.pdf',
          type: 'application/pdf',
          content: Buffer.from('<html><script>x</script></html>'),
        },
      ]);
      assert.equal(html.statusCode, 422);
      assert.match(html.body, /n’est pas un fichier PDF, PNG ou JPEG/);
      const forged = await add(t, token, { ...visitor, formToken: 'nope' }, 'Bonjour');
      assert.equal(forged.statusCode, 422);
      // A form we did not show this visitor is named as such, not as one left open too long.
      assert.match(forged.body, /Nous n’avons pas pu reconnaître ce formulaire/);
      assert.doesNotMatch(forged.body, /resté ouvert trop longtemps/);
      const noCsrf = await postMultipart(
        t.app,
        { cookie: visitor.cookie, csrf: 'wrong', token: '' },
        `/c/${token}`,
        { formToken: visitor.formToken, text: 'Bonjour' },
      );
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(await count(), 0);
    });

    it('gives the message back, in the case’s language, when what is sent is over what the page reads (413); nothing is stored', async () => {
      const { token, caseId } = tokens.fr!;
      const count = async () =>
        (
          await t.tdb.database.db
            .selectFrom('correspondence')
            .select('id')
            .where('case_id', '=', caseId)
            .where('filing', '=', 'filed_on_case')
            .execute()
        ).length;
      const before = await count();
      const { visitor } = await open(t, token);
      clock.advance(30_000);
      // One honest document larger than the whole form may weigh: the page used to answer with a bare error page.
      const size = multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES) + 1024 * 1024;
      const huge = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.alloc(size, 0x61)]);
      const res = await add(t, token, visitor, 'Un texte qu’il ne faut pas perdre.', [
        { filename: 'video.pdf', type: 'application/pdf', content: huge },
      ]);
      assert.equal(res.statusCode, 413, res.body.slice(0, 2000));
      assert.match(res.body, /id="complainant-add"/, 'the whole page with its form, not an error page');
      assert.match(res.body, /Un texte qu’il ne faut pas perdre\./, 'the text is kept');
      assert.match(
        res.body,
        /id="complainant-files-error"[^>]*>[^<]*trop volumineux[^<]*5 documents[^<]*10\sMo[^<]*</,
        'the documents field says what was too large and the limits, in French',
      );
      assert.equal(await count(), before, 'nothing of it is stored');
    });

    it('answers a tampered, unknown, revoked or expired link, or another case’s id, with the same neutral page', async () => {
      const { token, caseId } = tokens.fr!;
      const neutral = async (path: string) => {
        const res = await t.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'en' } });
        assert.equal(res.statusCode, 404, path);
        assert.match(res.body, /id="complainant-invalid"/);
        // The visitor's own CSRF token and the address asked for differ; nothing else may.
        return res.body.replaceAll(/[\w-]{43}/g, 'TOKEN').replace(/value="\/c\/[^"]*"/, '');
      };
      const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      const bodies = [
        await neutral(`/c/${tampered}`),
        await neutral(`/c/${'x'.repeat(43)}`),
        await neutral('/c/short'),
        await neutral(`/c/${tokens.en!.caseId}`),
      ];
      // Revoked by the agent (audited); the page then answers as for any other link that opens nothing.
      const links = await getPage(t.app, agent, `/cases/${caseId}/complainant-link`);
      assert.equal(links.statusCode, 200);
      assert.match(links.body, /id="revoke-links"/);
      const revoked = await postForm(t.app, agent, `/cases/${caseId}/complainant-link/revoke`);
      assert.equal(revoked.statusCode, 303);
      bodies.push(await neutral(`/c/${token}`));
      const audit = await t.tdb.database.db
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('action', '=', 'complainant_link_revoked')
        .execute();
      assert.deepEqual(audit, [{ action: 'complainant_link_revoked', target_id: caseId }], 'audited');
      // A revoked link takes no addition either.
      const v = await open(t, tokens.de!.token);
      clock.advance(30_000);
      const refused = await add(t, token, v.visitor, 'Bonjour');
      assert.equal(refused.statusCode, 404);
      // Expired: 90 days after the case is closed.
      const { token: en, caseId: enCase } = tokens.en!;
      await actOnCase(t.ctx, enCase, { type: 'close', reason: 'Settled on the phone.' }, 'system');
      clock.advance(89 * 86_400_000);
      assert.equal((await open(t, en)).res.statusCode, 200, 'still open 89 days after closing');
      clock.advance(2 * 86_400_000);
      bodies.push(await neutral(`/c/${en}`));
      for (const b of bodies.slice(1)) assert.equal(b, bodies[0], 'the same page whatever the reason');
    });

    it('a link opens its own case only', async () => {
      const { token, reference } = tokens.de!;
      const { res } = await open(t, token);
      assert.ok(res.body.includes(reference));
      for (const other of [tokens.fr!, tokens.en!]) assert.ok(!res.body.includes(other.reference));
      // The page links nowhere into the staff application.
      assert.ok(!/href="\/cases\//.test(res.body));
    });
  });
}
