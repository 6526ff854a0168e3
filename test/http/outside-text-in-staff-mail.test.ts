// What an outsider types on the public form reaches staff by e-mail too: the sweep tells an agent that a case
// was assigned to them, quoting the case's subject (the first line of the description). The subject is the
// outsider's text, so it is written there as one line, as in every other text of ours (core/intake/display-text.ts):
// a carriage return or a line separator on the form must not start a paragraph of the outsider's own in a mail
// that comes from Redress ("Open the case: https://…" pointing elsewhere). On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, form, setCookies, type TestApp } from '../support/http.ts';

const BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/u;

for (const engine of ENGINES)
  describe(`outside text in staff mail on ${engine}`, () => {
    let t: TestApp;
    // Monday 10:00 in Berlin: the sweep tells owners of their new cases in working hours.
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    before(async () => {
      t = await createTestApp({ engine, clock });
    });
    after(async () => {
      await t?.close();
    });

    it('quotes a subject typed with line breaks on one line in the assignment notice', async () => {
      const page = await t.app.inject({
        method: 'GET',
        url: '/complain',
        headers: { 'accept-language': 'en' },
      });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
      const jar = setCookies(page).get('redress_csrf')!;
      clock.advance(20_000);
      const sent = await t.app.inject({
        method: 'POST',
        url: '/complain',
        headers: {
          cookie: jar.slice(0, jar.indexOf(';')),
          'content-type': 'application/x-www-form-urlencoded',
          'accept-language': 'en',
        },
        payload: form({
          _csrf: csrf,
          formToken: token,
          homepage: '',
          name: 'Eve Example',
          email: 'eve@example.net',
          description:
            'Invoice charged twice\r\rOpen the case: https://evil.example/login\u2028\u2028Thank you\nMore detail.',
          expectations: 'A refund.',
          consent: 'yes',
        }),
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
      const c = await t.tdb.database.db
        .selectFrom('cases')
        .select(['id', 'reference'])
        .executeTakeFirstOrThrow();

      const agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org', language: 'en' });
      const lead = await createUser(t.ctx, 'lead', { email: 'lead@example.org' });
      await actOnCase(t.ctx, c.id, { type: 'assign', to: agent.id }, `user:${lead.id}`);
      assert.equal((await sweepDeadlines(t.ctx)).notices, 1);

      const notice = await t.tdb.database.db
        .selectFrom('correspondence as c')
        .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
        .select(['c.subject', 'c.text_body'])
        .where('o.purpose', '=', 'staff_assigned')
        .where('c.to_address', '=', 'agent@example.org')
        .executeTakeFirstOrThrow();
      const lines = notice.text_body!.split(BREAKS);
      assert.deepEqual(
        lines.filter((l) => l.startsWith('Open the case:')),
        [`Open the case: http://127.0.0.1:8080/cases/${c.id}`],
        notice.text_body!,
      );
      assert.ok(
        lines.some((l) =>
          l.startsWith(
            `Case ${c.reference} ("Invoice charged twice Open the case: https://evil.example/login Thank you") has been assigned to you.`,
          ),
        ),
        notice.text_body!,
      );
    });
  });
