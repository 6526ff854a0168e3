// A NUL character (U+0000) in what a message says: legal in an encoded word or a quoted-printable `=00`, and
// written raw by broken mail programs. PostgreSQL refuses it in text, so such a message was answered 451 for ever
// (the sender's server gave up after days and the complaint was lost), and on IMAP stayed in the folder, taken
// again each round. Through the real SMTP exchange, on SQLite and PostgreSQL: filed, the NUL shown as �.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

const head = (extra: string) =>
  `From: Marie Dupont <marie.dupont@example.net>\r\nTo: complaint@example.org\r\nSubject: Facture\r\nDate: Mon, 23 Nov 2026 10:15:00 +0100\r\n${extra}`;

const MESSAGES: Record<string, Buffer> = {
  'an encoded-word subject': rawMessage({ subject: '=?utf-8?Q?R=C3=A9clamation=00facture?=' }),
  'a quoted-printable body': Buffer.from(
    `${head('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n')}\r\nBonjour,=00 je suis m=C3=A9contente de la facture.\r\n`,
    'latin1',
  ),
  'a raw body': Buffer.from(`${head('')}\r\nBonjour,\u0000 je suis mecontente de la facture.\r\n`, 'latin1'),
  'an HTML body': Buffer.from(
    `${head('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n')}\r\n<p>Bonjour,=00 je suis m=C3=A9contente de la facture.</p>\r\n`,
    'latin1',
  ),
  'a display name': rawMessage({ from: '=?utf-8?Q?Marie=00Dupont?= <marie.dupont@example.net>' }),
  'the Message-ID': rawMessage({ messageId: '<nul\u0000here@example.net>' }),
  'the References': rawMessage({
    references: ['<a\u0000b@example.net>'],
    inReplyTo: '<c\u0000d@example.net>',
  }),
};

for (const engine of ENGINES) {
  describe(`NUL characters in a message (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { smtp: true });
    });
    after(() => h.close());

    for (const [where, raw] of Object.entries(MESSAGES))
      it(`files a message with a NUL in ${where}`, async () => {
        const before = await h.counts();
        const reply = await smtpSend(h.smtp!.port, 'marie.dupont@example.net', 'complaint@example.org', raw);
        assert.match(reply, /^250 /);
        const after = await h.counts();
        assert.equal(after.correspondence, before.correspondence + 1);
        assert.equal(after.cases + after.inbox, before.cases + before.inbox + 1, 'a case or an inbox item');
      });
  });
}
