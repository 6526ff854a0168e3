// A mailbox written with a sub-address (`complaint+web@example.org`, RFC 5233): the organisation's MTA accepts it
// for the mailbox (Postfix with `recipient_delimiter = +`, the Debian default, finds the transport of
// `complaint@example.org`) and hands it on unchanged, to the SMTP listener or as the pipe's ${recipient}. Redress
// refused it (550, or exit 2 for the pipe), so the complainant got a bounce for an address that works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mailboxFor } from '../../src/cli/ingest.command.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

describe('a mailbox written with a sub-address', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', { smtp: true });
  });
  after(() => h.close());

  for (const to of ['complaint+web@example.org', 'Complaint+Formulaire@Example.ORG'])
    it(`is the mailbox at the SMTP door: ${to}`, async () => {
      const before = await h.counts();
      const reply = await smtpSend(h.smtp!.port, 'marie.dupont@example.net', to, rawMessage({ to }));
      assert.match(reply, /^250 /);
      assert.equal((await h.counts()).cases, before.cases + 1);
    });

  it('is the mailbox of the pipe’s --recipient', () => {
    assert.equal(mailboxFor(h.config, { recipient: 'management+step2@example.org' }).name, 'management');
  });

  it('is not another mailbox whose address merely starts the same', async () => {
    await assert.rejects(
      smtpSend(h.smtp!.port, 'marie.dupont@example.net', 'complaints@example.org', rawMessage()),
      /550/,
    );
    await assert.rejects(
      smtpSend(h.smtp!.port, 'marie.dupont@example.net', 'complaint+x@example.net', rawMessage()),
      /550/,
    );
    assert.throws(() => mailboxFor(h.config, { recipient: 'complaint+x@other.example' }), /not a mailbox/);
  });
});
