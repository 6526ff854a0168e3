// A long run of full stops (or ! and ?), which a key held down writes, and hostile mail writes on purpose: the
// sentence splitter's pattern was tried again from each of them, each try running to the end of the run, so
// reading took time growing with the square of its length. A message of a few dozen kilobytes went past the
// reading budget (a reading thread busy for the whole budget, other mail waiting behind it) and waited unread.
// Through the real SMTP exchange, with the default reading budget: read and filed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

const RUN = 60_000;

describe('a complaint with a long run of punctuation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', { smtp: true });
  });
  after(() => h.close());

  for (const mark of ['.', '!', '?', '.!?'])
    it(`is read within the budget: a run of ${mark}`, async () => {
      const run = mark.repeat(Math.ceil(RUN / mark.length));
      const raw = rawMessage({
        body: `Bonjour,\n\nMon site ne répond plus depuis trois jours${run}et personne ne répond${run}\n\nNom : Marie Dupont\nJe veux un remboursement${run}`,
      });
      assert.match(await smtpSend(h.smtp!.port, 'marie@example.net', 'complaint@example.org', raw), /^250 /);
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .select(['case_id', 'reading'])
        .where('message_id', '=', messageIdOf(raw))
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.reading ?? '{}').problem, undefined, 'read, not left unread');
      assert.ok(row.case_id, 'a case was opened');
    });
});
