// A complaint that lists its tickets each with its word ("Ticket #100000, Ticket #100001, …", "ticket 100000 et
// ticket 100001 et …"), as a form or a copy from a ticket system writes them on one line: every cue's list ran to
// the end of the line again, so reading took time growing with the square of the list. A message of 32 KB went
// past the reading budget and waited unread in the inbox, "too complex to read". Through the real SMTP exchange,
// with the default reading budget: the case is opened, with every ticket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

const N = 2000;
const LISTS: Record<string, string> = {
  'Ticket #N, Ticket #N, …': Array.from({ length: N }, (_, i) => `Ticket #${100000 + i}`).join(', '),
  'ticket N et ticket N et …': Array.from({ length: N }, (_, i) => `ticket ${200000 + i}`).join(' et '),
};

describe('a complaint listing its tickets on one line', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', { smtp: true });
  });
  after(() => h.close());

  for (const [shape, list] of Object.entries(LISTS))
    it(`is read within the budget and opens a case with every ticket: ${shape}`, async () => {
      const raw = rawMessage({
        body: `Bonjour,\n\nMes demandes restent sans réponse : ${list}.\n\nJe demande une réponse.\n\nMarie Dupont`,
      });
      assert.match(await smtpSend(h.smtp!.port, 'marie@example.net', 'complaint@example.org', raw), /^250 /);
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .select(['case_id', 'reading'])
        .where('message_id', '=', messageIdOf(raw))
        .executeTakeFirstOrThrow();
      const reading = JSON.parse(row.reading ?? '{}');
      assert.equal(reading.problem, undefined, 'read, not left unread');
      assert.ok(row.case_id, 'a case was opened');
      assert.equal(reading.ticketRefs.length, N);
    });
});
