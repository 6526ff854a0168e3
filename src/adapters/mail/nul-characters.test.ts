// No NUL character (U+0000) comes out of the reading of a message, nor out of a Message-ID scanned without reading:
// PostgreSQL keeps none in text, and a message holding one could not be stored (test/mail/nul-characters.contract.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMime } from './parse-mime.ts';
import { canonicalMessageId } from './raw-message.ts';

test('a Message-ID with a NUL is kept with the NUL shown as �', () => {
  assert.equal(canonicalMessageId(' <a\u0000b@example.net> '), '<a\uFFFDb@example.net>');
});

test('the reading of a message holds no NUL, and says there was one', async () => {
  const raw = Buffer.from(
    [
      'From: =?utf-8?Q?Marie=00?= <marie@example.net>',
      'To: complaint@example.org',
      'Subject: =?utf-8?Q?a=00b?=',
      'Message-ID: <x\u0000y@example.net>',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Bonjour =00 monde',
      '',
    ].join('\r\n'),
    'latin1',
  );
  const m = await parseMime(raw);
  assert.ok(!JSON.stringify(m).includes('\\u0000'), JSON.stringify(m));
  assert.equal(m.subject, 'a\uFFFDb');
  assert.match(m.text ?? '', /Bonjour \uFFFD monde/);
  assert.ok(m.problems.some((p) => p.includes('NUL')));
});
