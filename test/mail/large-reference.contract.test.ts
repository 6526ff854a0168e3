// An organisation that opens more than 999,999 cases in a year: the counter goes on to seven digits, and a reply
// quoting such a reference is filed on its case; search and the API find the case by it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

for (const engine of ENGINES) {
  describe(`references past 999,999 in a year (${engine})`, () => {
    let h: Harness;
    const receive = (spec: MessageSpec) =>
      receiveEmail(h.ctx, {
        raw: rawMessage(spec),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });

    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
      // As if 999,999 cases had been opened this year.
      await h.test.database.db
        .insertInto('counters')
        .values({ prefix: 'RC', year: 2026, value: 999_999 })
        .execute();
    });
    after(() => h.close());

    it('numbers the next case 1000000 and files a reply quoting it on that case', async () => {
      const first = await receive({ from: 'Ida Large <ida@example.de>' });
      assert.equal(first.filing, 'case_opened');
      assert.equal(first.reference, 'RC-2026-1000000');
      const reply = await receive({
        from: 'ida@example.de',
        subject: `Nachtrag zu ${first.reference}`,
        body: `Guten Tag, zu meiner Beschwerde ${first.reference} noch ein Dokument.`,
      });
      assert.equal(reply.filing, 'filed_on_case');
      assert.equal(reply.caseId, first.caseId);
      const found = await searchCases(h.ctx, first.reference!.toLowerCase());
      assert.deepEqual(
        found.map((c) => c.id),
        [first.caseId],
      );
    });
  });
}
