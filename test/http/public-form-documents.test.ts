// The public form takes documents, with the limits and the attachment policy of every door: a PDF sent with the
// complaint is kept on the new case as an inbound message from the complainant, which the agent opens; a file
// that is not a PDF, PNG or JPEG is refused at its field and nothing is received. The form with files is sent as a
// browser without scripts sends it (the CSRF token in the form's address). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { MAX_ATTACHMENT_BYTES, MAX_FILES, multipartBudget } from '../../src/adapters/http/uploads.ts';
import { documentsLimit } from '../../src/app/complainant-link.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  sessionFor,
  setCookies,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { PDF } from '../support/staff.ts';

const good = {
  name: 'Erika Mustermann',
  email: 'erika@example.de',
  description: 'Seit dem Umzug am 12. November ist meine Domain nicht erreichbar.',
  expectations: 'Bitte stellen Sie die Erreichbarkeit wieder her.',
  consent: 'yes',
  homepage: '',
};

/** A real PDF of about `kib` KiB: a comment line pads it, as a scan's image data would. */
function pdfOf(kib: number): Buffer {
  const pad = Buffer.alloc(kib * 1024, 0x61);
  return Buffer.concat([Buffer.from('%PDF-1.4\n%'), pad, Buffer.from('\n%%EOF\n')]);
}

/** A real PDF of exactly `bytes` bytes. */
function pdfOfBytes(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length - tail.length, 0x61), tail]);
}

async function sendWithFiles(
  t: TestApp,
  files: { filename: string; type: string; content: Buffer }[],
  fields: Record<string, string> = {},
) {
  const page = await t.app.inject({ method: 'GET', url: '/complain', headers: { 'accept-language': 'de' } });
  const action =
    /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1] ?? '';
  assert.ok(action?.startsWith('/complain?_csrf='), 'the form carries its CSRF token in its address');
  const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
  const set = setCookies(page).get('redress_csrf')!;
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...good, formToken: token, ...fields })) fd.append(k, v);
  for (const f of files) fd.append('attachments', new Blob([f.content], { type: f.type }), f.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: fd });
  (t.ctx.clock as ReturnType<typeof fixedClock>).advance(20_000);
  return t.app.inject({
    method: 'POST',
    url: action.replaceAll('&amp;', '&'),
    headers: {
      cookie: set.slice(0, set.indexOf(';')),
      'accept-language': 'de',
      'content-type': request.headers.get('content-type')!,
    },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

describe('a form over its budget from an address over its limit of posts', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      clock: fixedClock('2026-11-23T09:00:00.000Z'),
      env: { REDRESS_PUBLIC_FORM_PER_HOUR: '1' },
    });
  });
  after(async () => {
    await t?.close();
  });

  it('is read on for its text while the address may still post, and no further than the budget after', async () => {
    const huge = pdfOfBytes(multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES) + 1024 * 1024);
    const post = () =>
      sendWithFiles(t, [{ filename: 'video.pdf', type: 'application/pdf', content: huge }], {
        name: 'Jörg Übermaß',
      });
    // Four tries an hour for one complaint an hour: each gets the form back with what was typed.
    for (let i = 0; i < 4; i++) {
      const res = await post();
      assert.equal(res.statusCode, 413);
      assert.match(res.body, /value="Jörg Übermaß"/, `try ${i + 1}: the form comes back`);
    }
    // Past the tries, the text would not be taken anyway: the form is cut at the budget, not read on past it.
    const refused = await post();
    assert.equal(refused.statusCode, 413);
    assert.doesNotMatch(refused.body, /value="Jörg Übermaß"/);
    assert.ok(
      t.logs.some((l) => l.includes('"reason":"form_too_large"')),
      'cut at the budget as a form too large',
    );
  });
});

for (const engine of ENGINES) {
  describe(`documents sent with the public form on ${engine}`, () => {
    let t: TestApp;
    let agent: TestSession;

    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-23T09:00:00.000Z') });
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    });
    after(async () => {
      await t?.close();
    });

    it('refuses a file that is not a PDF, PNG or JPEG at its field; nothing is received', async () => {
      const res = await sendWithFiles(t, [
        {
          filename: 'rechnung.pdf',
          type: 'application/pdf',
          content: Buffer.from('<html><body>x</body></html>'),
        },
      ]);
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.body, /id="complaint-attachments-error"/);
      // In the visitor's language (German here), naming the document and the formats it may have.
      assert.match(res.body, /Die Unterlage „rechnung\.pdf“ ist keine PDF-, PNG- oder JPEG-Datei/);
      assert.doesNotMatch(res.body, /the file's content is/);
      assert.match(res.body, /value="Erika Mustermann"/, 'what was typed is kept');
      assert.equal((await t.tdb.database.db.selectFrom('cases').select('id').execute()).length, 0);
    });

    it('keeps a PDF sent with the complaint on the new case, where the agent opens it', async () => {
      const res = await sendWithFiles(t, [
        { filename: 'rechnung.pdf', type: 'application/pdf', content: PDF },
      ]);
      assert.equal(res.statusCode, 303, res.body);
      const [kase] = await t.tdb.database.db.selectFrom('cases').select(['id', 'channel']).execute();
      assert.equal(kase?.channel, 'web');
      const docs = await t.tdb.database.db
        .selectFrom('correspondence')
        .select(['id', 'subject'])
        .where('case_id', '=', kase!.id)
        .where('direction', '=', 'in')
        .where('filing', '=', 'filed_on_case')
        .execute();
      assert.equal(docs.length, 1);
      assert.match(docs[0]!.subject, /Unterlagen zur Beschwerde/);
      const item = await getPage(t.app, agent, `/cases/${kase!.id}/correspondence/${docs[0]!.id}`);
      assert.equal(item.statusCode, 200);
      assert.match(item.body, /rechnung\.pdf/);
      const file = await getPage(
        t.app,
        agent,
        `/cases/${kase!.id}/correspondence/${docs[0]!.id}/attachments/0`,
      );
      assert.equal(file.rawPayload.toString('latin1'), PDF.toString('latin1'));
    });

    it('takes documents larger than a form without files (70 KB, then two of 9 MB)', async () => {
      const one = await sendWithFiles(
        t,
        [{ filename: 'scan.pdf', type: 'application/pdf', content: pdfOf(70) }],
        {
          description: 'Ein Dokument von 70 KB.',
        },
      );
      assert.equal(one.statusCode, 303, one.body.slice(0, 2000));
      const big = pdfOf(9 * 1024);
      const two = await sendWithFiles(
        t,
        [1, 2].map((n) => ({ filename: `scan-${n}.pdf`, type: 'application/pdf', content: big })),
        { description: 'Zwei große Dokumente.' },
      );
      assert.equal(two.statusCode, 303, two.body.slice(0, 2000));
    });

    it('takes five documents of exactly the documented maximum together (names at their longest), refuses one byte more', async () => {
      const limit = documentsLimit(t.ctx.config.smtp.maxMessageBytes);
      const each = Math.floor(limit / 5);
      // File names as long as a file system allows (255 bytes), not ASCII, and the longest name the form takes.
      const files = (last: number) =>
        [each, each, each, each, last].map((bytes, n) => ({
          filename: `${'Überweisungsbeleg-'.repeat(12)}${n}.pdf`.slice(0, 240),
          type: 'application/pdf',
          content: pdfOfBytes(bytes),
        }));
      const name = 'Ölçer-Müller '.repeat(16).slice(0, 200);
      const kept = async () =>
        await t.tdb.database.db
          .selectFrom('correspondence')
          .select(['id', 'case_id'])
          .where('direction', '=', 'in')
          .where('subject', 'like', '%Unterlagen zur Beschwerde')
          .execute();
      const before = new Set((await kept()).map((r) => r.id));
      const atMost = await sendWithFiles(t, files(limit - 4 * each), {
        name,
        description: 'Fünf Dokumente, zusammen genau so groß wie erlaubt.',
      });
      assert.equal(atMost.statusCode, 303, atMost.body.slice(0, 2000));
      const added = (await kept()).filter((r) => !before.has(r.id));
      assert.equal(added.length, 1, 'the documents are kept on the new case as one message');
      const last = await getPage(
        t.app,
        agent,
        `/cases/${added[0]!.case_id}/correspondence/${added[0]!.id}/attachments/4`,
      );
      assert.equal(last.rawPayload.byteLength, limit - 4 * each, 'the fifth document is kept whole');
      const over = await sendWithFiles(t, files(limit - 4 * each + 1), {
        name,
        description: 'Fünf Dokumente, ein Byte zu groß.',
      });
      assert.equal(over.statusCode, 422, over.body.slice(0, 2000));
      assert.match(
        over.body,
        /id="complaint-attachments-error"[^>]*>Ihre Unterlagen sind zusammen größer als/,
      );
    });

    it('refuses documents that together weigh more than one e-mail may carry, in German, keeping the text', async () => {
      const before = (await t.tdb.database.db.selectFrom('cases').select('id').execute()).length;
      const big = pdfOf(9.5 * 1024);
      const five = await sendWithFiles(
        t,
        [1, 2, 3, 4, 5].map((n) => ({ filename: `scan-${n}.pdf`, type: 'application/pdf', content: big })),
        { description: 'Fünf große Dokumente, zusammen zu viel.' },
      );
      assert.equal(five.statusCode, 422, five.body.slice(0, 2000));
      assert.match(
        five.body,
        /id="complaint-attachments-error"[^>]*>Ihre Unterlagen sind zusammen größer als/,
      );
      assert.match(five.body, /Fünf große Dokumente, zusammen zu viel\./, 'what was typed is kept');
      assert.equal((await t.tdb.database.db.selectFrom('cases').select('id').execute()).length, before);
    });

    it('refuses a sixth document or one over 10 MB at its field, keeping what was typed', async () => {
      const six = await sendWithFiles(
        t,
        [1, 2, 3, 4, 5, 6].map((n) => ({ filename: `s${n}.pdf`, type: 'application/pdf', content: PDF })),
      );
      assert.equal(six.statusCode, 422, six.body.slice(0, 2000));
      assert.match(six.body, /id="complaint-attachments-error"[^>]*>Mit dem Formular können höchstens 5/);
      assert.match(six.body, /value="Erika Mustermann"/);
      const large = await sendWithFiles(t, [
        { filename: 'gross.pdf', type: 'application/pdf', content: pdfOf(10 * 1024 + 1) },
      ]);
      assert.equal(large.statusCode, 422, large.body.slice(0, 2000));
      assert.match(large.body, /id="complaint-attachments-error"/);
      assert.match(large.body, /Seit dem Umzug am 12\. November/);
    });

    it('gives the form back with what was typed when the whole post is over what the form reads (413), naming the limits at the documents', async () => {
      const before = (await t.tdb.database.db.selectFrom('correspondence').select('id').execute()).length;
      // One honest document larger than the whole form may weigh (its files at their limit and its fields): the
      // browser announces its length, and the server used to answer with a bare error page.
      const huge = pdfOfBytes(multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES) + 1024 * 1024);
      const res = await sendWithFiles(
        t,
        [{ filename: 'video.pdf', type: 'application/pdf', content: huge }],
        {
          name: 'Jörg Übermaß',
          description: 'Eine Beschreibung, die nicht verloren gehen darf.',
          expectations: 'Eine Antwort.',
        },
      );
      assert.equal(res.statusCode, 413, res.body.slice(0, 2000));
      assert.match(res.body, /<form method="post"/, 'the whole form page, not an error page');
      assert.match(res.body, /value="Jörg Übermaß"/, 'the name is kept');
      assert.match(res.body, /Eine Beschreibung, die nicht verloren gehen darf\./, 'the description is kept');
      assert.match(res.body, /Eine Antwort\./, 'what they expect is kept');
      assert.match(
        res.body,
        /id="complaint-attachments-error"[^>]*>[^<]*zu groß[^<]*höchstens 5 Unterlagen[^<]*10 MB[^<]*</,
        'the documents field says what was too large and the limits, in German',
      );
      assert.equal(
        (await t.tdb.database.db.selectFrom('correspondence').select('id').execute()).length,
        before,
        'nothing of it is stored',
      );
    });

    it('caps a form without files at 64 KB however it is sent (chunked too)', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/complain' });
      const csrf = /name="_csrf" value="([^"]+)"|_csrf=([^"&]+)/.exec(page.body);
      const token = (csrf?.[1] ?? csrf?.[2] ?? '').replaceAll('&amp;', '&');
      const set = setCookies(page).get('redress_csrf')!;
      const body = new URLSearchParams({
        ...good,
        description: 'x'.repeat(200_000),
        _csrf: token,
      }).toString();
      const res = await t.app.inject({
        method: 'POST',
        url: '/complain',
        headers: {
          cookie: set.slice(0, set.indexOf(';')),
          'content-type': 'application/x-www-form-urlencoded',
          'transfer-encoding': 'chunked',
        },
        payload: Readable.from([Buffer.from(body)]),
      });
      assert.equal(res.statusCode, 413, res.body.slice(0, 500));
    });

    it('takes an internationalised address, refuses a list of addresses, at the field in German', async () => {
      const idn = await sendWithFiles(t, [], { email: 'jürgen@müller-bau.de', description: 'IDN-Adresse.' });
      assert.equal(idn.statusCode, 303, idn.body.slice(0, 2000));
      const list = await sendWithFiles(t, [], { email: 'a@example.org, b@example.org' });
      assert.equal(list.statusCode, 422);
      assert.match(list.body, /id="complaint-email-error"/);
    });
  });
}
