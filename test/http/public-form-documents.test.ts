// The public form takes documents, with the limits and the attachment policy of every door: a PDF sent with the
// complaint is kept on the new case as an inbound message from the complainant, which the agent opens; a file
// that is not a PDF, PNG or JPEG is refused at its field and nothing is received. The form with files is sent as a
// browser without scripts sends it (the CSRF token in the form's address). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

async function sendWithFiles(t: TestApp, files: { filename: string; type: string; content: Buffer }[]) {
  const page = await t.app.inject({ method: 'GET', url: '/complain', headers: { 'accept-language': 'de' } });
  const action =
    /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1] ?? '';
  assert.ok(action?.startsWith('/complain?_csrf='), 'the form carries its CSRF token in its address');
  const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
  const set = setCookies(page).get('redress_csrf')!;
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...good, formToken: token })) fd.append(k, v);
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
  });
}
