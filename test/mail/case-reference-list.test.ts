// A message that quotes many of our case references (a complainant pasting a list, or hostile mail): each
// reference found was looked for among those found before it, in time growing with the square of their number,
// so a message of under 200 KB went past the reading budget (a reading thread busy for the whole budget) and
// waited unread. Through the real SMTP exchange, with the default reading budget: read, every reference kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

const N = 11_000;

describe('a message quoting many case references', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', { smtp: true });
  });
  after(() => h.close());

  it('is read within the budget, with every reference', async () => {
    const refs = Array.from({ length: N }, (_, i) => `RC-2026-${String(i + 1).padStart(6, '0')}`);
    const raw = rawMessage({ body: `Bonjour,\n\nMes dossiers : ${refs.join(', ')}.\n\nMarie Dupont` });
    assert.match(await smtpSend(h.smtp!.port, 'marie@example.net', 'complaint@example.org', raw), /^250 /);
    const row = await h.test.database.db
      .selectFrom('correspondence')
      .select('reading')
      .where('message_id', '=', messageIdOf(raw))
      .executeTakeFirstOrThrow();
    const reading = JSON.parse(row.reading ?? '{}');
    assert.equal(reading.problem, undefined, 'read, not left unread');
    assert.equal(reading.caseRefs.length, N);
  });
});
