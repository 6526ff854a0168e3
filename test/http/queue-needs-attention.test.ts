// A complainant writes again on a complaint that was answered and closed: it reopens to "answered" and is flagged
// for a person (after-close.ts). An answered case is not open, so the queue's default list and its tab counts left
// it out: it waited where nobody looks first. The queue now counts such cases on each tab, says so above the open
// list in the reader's language, and lists them under "Needs attention"; the count and the list read one rule
// (core/case/attention.ts). On both engines, over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { needsAttention } from '../../src/core/case/attention.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

let serial = 0;

for (const engine of ENGINES)
  describe(`answered cases that need a person, in the queue, on ${engine}`, () => {
    let t: TestApp;
    const clock = fixedClock('2026-11-30T10:00:00.000Z');
    before(async () => {
      t = await createTestApp({ engine, clock });
    });
    after(async () => {
      await t?.close();
    });

    /** A complaint of `email`, acknowledged, answered and (unless told not to) closed. */
    async function closedComplaint(email: string, o: { close?: boolean } = {}) {
      const c = await openCase(t.ctx, {
        kind: 'complaint',
        step: 1,
        channel: 'letter',
        receivedAt: clock.now(),
        language: 'en',
        subject: `Matter ${++serial}`,
        complainant: { name: 'Writer', email },
        fields: { ticketRefs: [], domains: [], description: 'My domain expired.', expectations: null },
        missing: [],
        correspondenceId: null,
        actor: 'u',
      });
      await actOnCase(
        t.ctx,
        c.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
      await answerCase(t.ctx, c.caseId, {
        outcome: 'not_upheld',
        text: 'No fault.',
        remedy: null,
        actor: 'system',
      });
      if (o.close !== false)
        await actOnCase(t.ctx, c.caseId, { type: 'close', reason: 'quiet_period' }, 'system');
      clock.advance(3_600_000);
      return c;
    }
    const rows = () =>
      t.ctx.database.db.selectFrom('cases').select(['id', 'status', 'flagged', 'kind', 'step']).execute();

    it('counts them on the tab, says so above the open list, and lists them under Needs attention', async () => {
      const c = await closedComplaint('writer@example.net');
      const reference = (await rows()).find((r) => r.id === c.caseId)!;
      const ref = await t.ctx.database.db
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      await receiveEmail(t.ctx, {
        raw: rawMessage({
          from: 'Writer <writer@example.net>',
          subject: `Re: [${ref.reference}] your complaint`,
          body: 'I still disagree.\n',
        }),
        mailbox: t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      const now = (await rows()).find((r) => r.id === reference.id)!;
      assert.equal(now.status, 'answered');
      assert.equal(needsAttention({ status: now.status as 'answered', flagged: now.flagged === 1 }), true);
      // The rule's cases, as the list and the counts must hold them.
      const expected = (await rows())
        .filter((r) => r.kind === 'complaint' && r.step === 1)
        .filter((r) => needsAttention({ status: r.status as 'answered', flagged: r.flagged === 1 }))
        .map((r) => r.id);
      for (const [lang, words] of [
        ['en', /need attention|needs attention/],
        ['fr', /à traiter/],
        ['de', /Handlungsbedarf/],
      ] as const) {
        const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: lang }));
        const page = await getPage(t.app, lead, '/queues/step1');
        assert.equal(page.statusCode, 200);
        const tab = /<a href="\/queues\/step1"[^>]*>[\s\S]*?<\/a>/.exec(page.body)?.[0] ?? '';
        assert.match(
          tab,
          new RegExp(`class="tab-attention" data-count="${expected.length}"`),
          `${lang}: ${tab}`,
        );
        assert.match(tab, words);
        assert.match(page.body, /class="notice attention" data-count="1"/, `${lang}: the open list says so`);
        assert.match(page.body, /href="\/queues\/step1\?status=attention"/);
        const list = await getPage(t.app, lead, '/queues/step1?status=attention');
        assert.equal(list.statusCode, 200);
        const listed = [...new Set([...list.body.matchAll(/href="\/cases\/([^"/?#]+)"/g)].map((m) => m[1]))];
        assert.deepEqual(listed.sort(), [...expected].sort(), `${lang}: the list holds what the tab counts`);
      }
    });

    it('flags an answered complaint its complainant writes to before it closes, and lists it there', async () => {
      const c = await closedComplaint('early@example.net', { close: false });
      const { reference } = await t.ctx.database.db
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      await receiveEmail(t.ctx, {
        raw: rawMessage({
          from: 'Early <early@example.net>',
          subject: `Re: [${reference}] your complaint`,
          body: 'That does not settle it.\n',
        }),
        mailbox: t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      const r = (await rows()).find((x) => x.id === c.caseId)!;
      assert.equal(r.status, 'answered');
      assert.equal(r.flagged, 1, 'flagged for a person');
      const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: 'en' }));
      const list = await getPage(t.app, lead, '/queues/step1?status=attention');
      assert.match(list.body, new RegExp(`href="/cases/${c.caseId}"`));
    });
  });
