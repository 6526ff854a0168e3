// The case page's memory is bounded by what it shows, not by what a case has received. It read the text of every
// message on the case (up to 500 of them, each up to the 200,000 characters the reading keeps) to show one, the first
// message's words on a suggestion: a complainant writing long replies made every view of their case take hundreds of
// megabytes. The page now holds the text of that one message only, and shows it as before. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCasePage } from '../../src/app/case-page.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { READ_TEXT_LIMIT } from '../../src/core/intake/parsed-message.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

/** A body as long as the reading keeps, of words (each line a sentence), different for each message. */
const longBody = (n: number) =>
  `${Array.from({ length: Math.ceil(READ_TEXT_LIMIT / 60) }, (_, i) => `Message ${n}, line ${i}: the site is still down today.`).join('\n')}\n`;

for (const engine of ENGINES) {
  describe(`the case page's texts, on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(async () => {
      await t?.close();
    });
    const send = (box: 'complaints' | 'suggestions', subject: string, body: string) =>
      receiveEmail(t.ctx, {
        raw: rawMessage({
          from: 'Lena Roth <lena@example.net>',
          to: t.ctx.config.mailboxes.find((m) => m.name === box)!.address,
          subject,
          body,
        }),
        mailbox: t.ctx.config.mailboxes.find((m) => m.name === box)!,
        door: 'pipe',
      });

    /** What the page holds, in characters. */
    const held = async (caseId: string) =>
      JSON.stringify(await loadCasePage(t.ctx, caseId), (_k, v) => (v instanceof Map ? [...v] : v)).length;

    it('holds no more for a complaint’s long replies than for its first message, and the one text it shows on a suggestion', async () => {
      const first = await send('complaints', 'My domain is down', longBody(0));
      assert.ok(first.caseId, JSON.stringify(first));
      const alone = await held(first.caseId!);
      for (let n = 1; n <= 4; n++)
        await send('complaints', `Re: [${first.reference}] My domain is down`, longBody(n));
      const page = await loadCasePage(t.ctx, first.caseId!);
      assert.equal(
        page.correspondence.filter((c) => c.direction === 'in').length,
        5,
        'every message is listed',
      );
      const grown = (await held(first.caseId!)) - alone;
      assert.ok(grown < READ_TEXT_LIMIT / 2, `four replies made the page hold ${grown} characters more`);

      const idea = await send('suggestions', 'An idea', 'Could the invoices show the domain name?\n');
      const idea1 = await held(idea.caseId!);
      await send('suggestions', `Re: [${idea.reference}] An idea`, longBody(9));
      const grownThere = (await held(idea.caseId!)) - idea1;
      assert.ok(
        grownThere < READ_TEXT_LIMIT / 2,
        `a long reply made the page hold ${grownThere} characters more`,
      );
      const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead'));
      const shown = await getPage(t.app, lead, `/cases/${idea.caseId}`);
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /Could the invoices show the domain name\?/);
    });
  });
}
