// The mail door's notices after a person dealt with one, and for the API. A message whose notice was marked dealt
// with and that fails again later (its keyword taken off to have it fetched anew) is shown again as waiting, with the
// new failure; a finding from before the mark changes nothing, nor does one while the notice waits. Staff
// integrations list the notices (GET /api/v1/imap-notices) with the inbox's readers' rights, as they list the inbox.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { databaseNoticeLog, type NoticeLog } from '../../src/adapters/db/imap-failures.repo.ts';
import { markImapNotice } from '../../src/app/imap-notices.ts';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

const notGiven = {
  uidValidity: '1700000000',
  uid: 77,
  reason: 'not_given' as const,
  account: 'door@mail.example.org',
  folder: 'INBOX',
  place: null,
  planned: { movedTo: null, keyword: '$RedressUnprocessable' },
  tries: 3,
  error: 'the server failed while giving this message',
  at: '2026-12-01T09:00:00.000Z',
};

for (const engine of ENGINES)
  describe(`the mail door's notices once dealt with, and through the API (${engine})`, () => {
    let t: TestApp;
    let agent: User;
    let log: NoticeLog;

    before(async () => {
      t = await createTestApp({ engine });
      agent = await createUser(t.ctx, 'agent', { name: 'Ada Agent', email: 'ada@example.org' });
      log = databaseNoticeLog(t.ctx.database, 'imap:door@mail.example.org:993/INBOX');
    });
    after(async () => {
      await t?.close();
    });

    const rows = () => t.ctx.database.db.selectFrom('imap_notices').selectAll().execute();
    const api = async (role: Parameters<typeof apiSecret>[1], query = '') =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/imap-notices${query}`,
        headers: {
          authorization: `Bearer ${await apiSecret(t.ctx, role, `notices-${role}-${Math.random()}`)}`,
        },
      });

    it('shows a notice dealt with again when its message fails again afterwards, with the new failure', async () => {
      assert.equal(await log.tell(notGiven), true);
      const [notice] = await rows();
      const acting = { actor: `user:${agent.id}`, label: agent.email, address: null };
      assert.equal(await markImapNotice(t.ctx, notice!.id, acting), 'done');
      const dealtAt = (await rows())[0]!.dealt_with_at!;
      // Another instance's finding from before the mark, told late: the mark stays.
      assert.equal(await log.tell({ ...notGiven, at: '2026-12-01T09:05:00.000Z' }), false);
      assert.equal((await rows())[0]!.dealt_with_at, dealtAt);
      // Fetched anew after the mark, and failed again.
      const later = new Date(Date.parse(dealtAt) + 60_000).toISOString();
      assert.equal(await log.tell({ ...notGiven, tries: 4, error: 'read error', at: later }), true);
      const [again] = await rows();
      assert.equal(again!.id, notice!.id, 'one notice per message still');
      assert.equal(again!.dealt_with_at, null);
      assert.equal(again!.dealt_with_by, null);
      assert.equal(again!.noticed_at, later);
      assert.equal(Number(again!.tries), 4);
      assert.equal(again!.error, 'read error');
      const page = await getPage(t.app, await sessionFor(t.ctx, agent), '/inbox');
      assert.match(page.body, new RegExp(`action="/inbox/imap-notices/${notice!.id}/done"`), 'waiting again');
      // While it waits, finding it again changes nothing.
      const evenLater = new Date(Date.parse(later) + 60_000).toISOString();
      assert.equal(await log.tell({ ...notGiven, tries: 9, at: evenLater }), false);
      assert.equal((await rows())[0]!.noticed_at, later);
      // Dealt with a second time: recorded again.
      assert.equal(await markImapNotice(t.ctx, notice!.id, acting), 'done');
      const audits = await t.ctx.database.db
        .selectFrom('audit_log')
        .select('target_id')
        .where('action', '=', 'imap_notice_dealt_with')
        .execute();
      assert.equal(audits.length, 2);
    });

    it('lists the notices through the API for the inbox readers, by status, and refuses the others', async () => {
      await log.tell({
        ...notGiven,
        uid: 78,
        reason: 'too_large',
        place: { movedTo: null, keyword: '$RedressTooLarge' },
        tries: undefined,
        error: undefined,
        bytes: 40_000_000,
        limit: 25_000_000,
        at: '2026-12-02T09:00:00.000Z',
      } as never);
      const open = await api('agent');
      assert.equal(open.statusCode, 200);
      const body = open.json();
      assert.equal(body.total, 1);
      assert.equal(body.page, 1);
      assert.deepEqual(body.items[0], {
        id: body.items[0].id,
        status: 'open',
        reason: 'too_large',
        account: 'door@mail.example.org',
        folder: 'INBOX',
        uidValidity: '1700000000',
        uid: 78,
        place: { movedTo: null, keyword: '$RedressTooLarge' },
        planned: { movedTo: null, keyword: '$RedressTooLarge' },
        bytes: 40_000_000,
        limit: 25_000_000,
        tries: null,
        error: null,
        noticedAt: '2026-12-02T09:00:00.000Z',
        dealtWithAt: null,
        dealtWithBy: null,
      });
      const dealt = (await api('auditor', '?status=dealt_with')).json();
      assert.equal(dealt.total, 1);
      assert.equal(dealt.items[0].uid, 77);
      assert.deepEqual(dealt.items[0].dealtWithBy, {
        actor: `user:${agent.id}`,
        name: 'Ada Agent <ada@example.org>',
      });
      const all = (await api('management', '?status=all&pageSize=1&page=2')).json();
      assert.equal(all.total, 2);
      assert.deepEqual(
        all.items.map((i: { uid: number }) => i.uid),
        [78],
        'latest noticed first: 77 failed again after being dealt with, after 78 was noticed',
      );
      for (const role of ['department_member', 'administrator'] as const) {
        const refused = await api(role);
        assert.equal(refused.statusCode, 403, role);
        assert.equal(refused.json().error.code, 'forbidden_role');
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/imap-notices' })).statusCode, 401);
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      assert.ok(doc.paths['/api/v1/imap-notices']?.get, 'documented in the OpenAPI document');
    });
  });
