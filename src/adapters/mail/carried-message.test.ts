// The message a forward carries whole (message/rfc822, attached or inline) is decoded into `attachedMessage`,
// one level deep, whatever its charset; a message with none, or a part that is not a message, gives null.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMime } from './parse-mime.ts';

const CRLF = '\r\n';
const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, CRLF), 'latin1');

const original = `From: "Dupont, Jean" <jean.dupont@free.fr>
To: support@example.org
Subject: =?iso-8859-1?Q?Site_en_panne_=E0_nouveau?=
Date: Mon, 2 Mar 2026 09:00:00 +0100
Message-ID: <original-1@free.fr>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit

Mon site dupont.fr est en panne depuis lundi. Je demande un geste commercial.
Jean Dupont
`;

function forward(disposition: string, inner: string): Buffer {
  return Buffer.concat([
    crlf(`From: Claire Morel <claire.morel@example.org>
To: complaint@example.org
Subject: TR: Site en panne
Date: Tue, 3 Mar 2026 10:00:00 +0100
Message-ID: <forward-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=iso-8859-1

Voir la pièce jointe.
--b1
Content-Type: message/rfc822
${disposition}

`),
    Buffer.from(inner.replace(/\r?\n/g, CRLF).replace('lundi', 'lundi \u00e9t\u00e9'), 'latin1'),
    crlf('\n--b1--\n'),
  ]);
}

test('an attached message/rfc822 is decoded: its sender, subject, Message-ID and text', async () => {
  const m = await parseMime(
    forward('Content-Disposition: attachment; filename="Site en panne.eml"', original),
  );
  assert.equal(m.from?.address, 'claire.morel@example.org');
  const a = m.attachedMessage;
  assert.ok(a, 'the attached message is read');
  assert.deepEqual(a.from, { name: 'Dupont, Jean', address: 'jean.dupont@free.fr' });
  assert.equal(a.subject, 'Site en panne à nouveau');
  assert.equal(a.messageId, '<original-1@free.fr>');
  assert.match(a.text ?? '', /Mon site dupont\.fr est en panne depuis lundi été\./);
  assert.equal(a.attachedMessage, null);
  // The forward's own text stays its own.
  assert.match(m.text ?? '', /Voir la pièce jointe/);
});

test('an inline message/rfc822 is decoded as well', async () => {
  const m = await parseMime(forward('Content-Disposition: inline', original));
  assert.equal(m.attachedMessage?.messageId, '<original-1@free.fr>');
  assert.equal(m.attachedMessage?.from?.address, 'jean.dupont@free.fr');
});

test('no carried message: null; a message/rfc822 part that holds no message: null', async () => {
  const plain = await parseMime(crlf('From: a@b.fr\nSubject: x\n\nHello\n'));
  assert.equal(plain.attachedMessage, null);
  const empty = await parseMime(forward('Content-Disposition: attachment', 'not a message at all\n'));
  assert.equal(empty.attachedMessage, null);
});

test('a message carried inside the carried one is not opened (one level deep)', async () => {
  const nested = `From: x@y.fr
Subject: outer
Message-ID: <nested-outer@y.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2"

--b2
Content-Type: text/plain

see attached
--b2
Content-Type: message/rfc822
Content-Disposition: attachment

${original}
--b2--
`;
  const m = await parseMime(forward('Content-Disposition: attachment', nested));
  assert.equal(m.attachedMessage?.messageId, '<nested-outer@y.fr>');
  assert.equal(m.attachedMessage?.attachedMessage, null);
});
