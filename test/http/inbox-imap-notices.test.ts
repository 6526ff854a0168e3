// The mail door's notices on the inbox page: a message of an IMAP mailbox that Redress has no bytes of (the server
// could not give it, or it is over the size limit) is listed for staff with where it is and what to do, told once
// however often the door finds it, and marked dealt with by an inbox handler (a CSRF-protected form), who and
// when recorded on the notice and in the audit log; readers who may not act see no form and are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { databaseNoticeLog, type NoticeLog } from '../../src/adapters/db/imap-failures.repo.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';

for (const engine of ENGINES) {
  describe(`inbox page: the mail door's notices (${engine})`, () => {
    let t: TestApp;
    let agent: User;
    let auditor: User;
    let log: NoticeLog;

    before(async () => {
      t = await createTestApp({ engine });
      agent = await createUser(t.ctx, 'agent', { email: 'agent-n@example.org', name: 'Nora Notice' });
      auditor = await createUser(t.ctx, 'auditor');
      log = databaseNoticeLog(t.ctx.database, 'imap:door@mail.example.org:993/INBOX');
    });
    after(async () => {
      await t?.close();
    });

    const rows = () => t.ctx.database.db.selectFrom('imap_notices').selectAll().orderBy('uid').execute();
    const audit = () =>
      t.ctx.database.db
        .selectFrom('audit_log')
        .select(['actor', 'target_id', 'target_type'])
        .where('action', '=', 'imap_notice_dealt_with')
        .execute();
    const tooLarge = {
      uidValidity: '1700000000',
      uid: 41,
      reason: 'too_large' as const,
      account: 'door@mail.example.org',
      folder: 'INBOX',
      place: { movedTo: null, keyword: '$RedressTooLarge' },
      bytes: 40 * 1024 * 1024,
      limit: 25 * 1024 * 1024,
      at: '2026-12-07T09:00:00.000Z',
    };

    it('lists a notice once, however often the door tells it, with where the message is and what to do', async () => {
      const before = await getPage(t.app, await sessionFor(t.ctx, agent), '/inbox');
      assert.doesNotMatch(before.body, /Messages the mail door could not read/, 'no section while none');
      assert.equal(await log.tell(tooLarge), true);
      // Another instance, or this one after a restart, finding it again.
      assert.equal(await log.tell({ ...tooLarge, at: '2026-12-07T10:00:00.000Z' }), false);
      assert.equal(
        await log.tell({
          uidValidity: '1700000000',
          uid: 42,
          reason: 'not_given',
          account: 'door@mail.example.org',
          folder: 'INBOX',
          place: null,
          planned: { movedTo: 'Redress/Unprocessable', keyword: '$RedressUnprocessable' },
          tries: 3,
          error: 'the server failed while giving this message (the connection to the server was closed)',
          at: '2026-12-07T09:30:00.000Z',
        }),
        true,
      );
      await log.placed('1700000000', 42, { movedTo: null, keyword: '$RedressUnprocessable' });
      const stored = await rows();
      assert.equal(stored.length, 2);
      assert.equal(stored[0]!.noticed_at, '2026-12-07T09:00:00.000Z', 'the first notice stays as it was');
      const page = await getPage(t.app, await sessionFor(t.ctx, agent), '/inbox');
      assert.equal(page.statusCode, 200);
      const body = page.body;
      assert.match(body, /Messages the mail door could not read/);
      assert.match(body, /door@mail\.example\.org/);
      assert.match(body, /UID 41/);
      assert.match(body, /UIDVALIDITY 1700000000/);
      assert.match(body, /Over the size limit: 40 MB, where Redress takes at most 25 MB/);
      assert.match(body, /It is in the folder INBOX, with the keyword \$RedressTooLarge\./);
      assert.match(body, /record what it says by hand/);
      assert.match(body, /The server failed each time Redress asked it for the message \(3 tries\)/);
      assert.match(body, /put it back in INBOX without the keyword/);
      assert.match(body, new RegExp(`action="/inbox/imap-notices/${stored[0]!.id}/done"`));
      assert.match(body, /name="_csrf"/);
      const fr = await createUser(t.ctx, 'lead', { language: 'fr' });
      const french = await getPage(t.app, await sessionFor(t.ctx, fr), '/inbox');
      assert.match(french.body, /Messages que la porte de courrier n’a pas pu lire/);
      assert.match(french.body, /Marquer comme traité/);
      const de = await createUser(t.ctx, 'management', { language: 'de' });
      const german = await getPage(t.app, await sessionFor(t.ctx, de), '/inbox');
      assert.match(german.body, /Nachrichten, die der Mail-Eingang nicht lesen konnte/);
    });

    it('the auditor reads the notices but has no form, and is refused marking one', async () => {
      const [notice] = await rows();
      const s = await sessionFor(t.ctx, auditor);
      const page = await getPage(t.app, s, '/inbox');
      assert.match(page.body, /UID 41/);
      assert.doesNotMatch(page.body, /\/inbox\/imap-notices\//, 'no form to mark one');
      const refused = await postForm(t.app, s, `/inbox/imap-notices/${notice!.id}/done`);
      assert.equal(refused.statusCode, 403);
      assert.equal((await rows())[0]!.dealt_with_at, null);
      assert.deepEqual(await audit(), []);
    });

    it('refuses a mark without the CSRF token', async () => {
      const [notice] = await rows();
      const s = await sessionFor(t.ctx, agent);
      const forged = await postForm(
        t.app,
        { ...s, csrf: 'not-the-token' },
        `/inbox/imap-notices/${notice!.id}/done`,
      );
      assert.equal(forged.statusCode, 403);
      assert.equal((await rows())[0]!.dealt_with_at, null);
    });

    it('marks one dealt with: who and when on the notice and in the audit log, once', async () => {
      const [notice] = await rows();
      const s = await sessionFor(t.ctx, agent);
      const done = await postForm(t.app, s, `/inbox/imap-notices/${notice!.id}/done`);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/inbox');
      const after = (await rows())[0]!;
      assert.equal(after.dealt_with_by, `user:${agent.id}`);
      assert.ok(after.dealt_with_at && Date.parse(after.dealt_with_at) > 0);
      assert.deepEqual(await audit(), [
        { actor: `user:${agent.id}`, target_id: notice!.id, target_type: 'imap_notice' },
      ]);
      // A second click (or a colleague at the same moment): the first mark stays, nothing more is recorded.
      const again = await postForm(t.app, s, `/inbox/imap-notices/${notice!.id}/done`);
      assert.equal(again.statusCode, 303);
      assert.equal((await rows())[0]!.dealt_with_at, after.dealt_with_at);
      assert.equal((await audit()).length, 1);
      const page = await getPage(t.app, s, '/inbox');
      assert.doesNotMatch(
        page.body,
        new RegExp(`action="/inbox/imap-notices/${notice!.id}/done"`),
        'no longer among those waiting',
      );
      assert.match(page.body, /UID 42/, 'the other still waits');
      assert.match(page.body, /Dealt with lately/);
      assert.match(page.body, /Dealt with [^<]+ by Nora Notice &lt;agent-n@example\.org&gt;/);
      const missing = await postForm(t.app, s, '/inbox/imap-notices/no-such-notice/done');
      assert.equal(missing.statusCode, 404);
    });
  });
}
