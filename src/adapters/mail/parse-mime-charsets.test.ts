// Bodies whose character set is not said, or said with a name no decoder knows (`unknown-8bit`, as mutt writes
// for 8-bit text it cannot name, or a label that does not exist): the text is read as what its bytes are, UTF-8
// when they are valid UTF-8, else Windows-1252 (what older mail programs write), never as mojibake or �.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readableBody } from '../../core/intake/parsed-message.ts';
import { parseMime } from './parse-mime.ts';

const UTF8_TEXT = 'Bonjour, je suis très mécontente : la facture de décembre est fausse. Grüße, Zoë';

function message(contentType: string | null, body: Buffer, encoding = '8bit'): Buffer {
  const head = [
    'From: Zoë Martin <zoe@client.example>',
    'To: complaint@example.org',
    'Subject: Facture',
    'MIME-Version: 1.0',
    ...(contentType ? [`Content-Type: ${contentType}`] : []),
    `Content-Transfer-Encoding: ${encoding}`,
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body, Buffer.from('\r\n')]);
}

for (const label of ['unknown-8bit', 'x-unknown', 'utf-8-but-not-really', '"default"'])
  test(`a UTF-8 body labelled charset=${label} is read as UTF-8`, async () => {
    const m = await parseMime(message(`text/plain; charset=${label}`, Buffer.from(UTF8_TEXT, 'utf8')));
    assert.equal(readableBody(m).trim(), UTF8_TEXT);
    assert.ok(
      m.problems.some((p) => p.startsWith('unknown character set')),
      'the unknown label is still reported',
    );
  });

test('a UTF-8 body with an unknown label in quoted-printable is read as UTF-8', async () => {
  const qp = Buffer.from('Bonjour, je suis tr=C3=A8s m=C3=A9contente.', 'latin1');
  const m = await parseMime(message('text/plain; charset=unknown-8bit', qp, 'quoted-printable'));
  assert.equal(readableBody(m).trim(), 'Bonjour, je suis très mécontente.');
});

test('a Latin-1 body with an unknown label is read as Windows-1252, as before', async () => {
  const m = await parseMime(message('text/plain; charset=x-unknown', Buffer.from(UTF8_TEXT, 'latin1')));
  assert.equal(readableBody(m).trim(), UTF8_TEXT);
});

for (const contentType of ['text/plain', null])
  test(`an 8-bit Latin-1 body with ${contentType ? 'no charset' : 'no Content-Type'} is read as Windows-1252, not as �`, async () => {
    const m = await parseMime(message(contentType, Buffer.from(UTF8_TEXT, 'latin1')));
    assert.equal(readableBody(m).trim(), UTF8_TEXT);
    assert.ok(!m.problems.some((p) => p.includes('could not be decoded')), m.problems.join('; '));
  });

test('a UTF-8 body with no charset stays UTF-8', async () => {
  const m = await parseMime(message('text/plain', Buffer.from(UTF8_TEXT, 'utf8')));
  assert.equal(readableBody(m).trim(), UTF8_TEXT);
});

test('a body that says its charset is read in it, even when its bytes happen to be valid UTF-8', async () => {
  // "Ã©" in ISO-8859-1 is the two bytes C3 A9, which are also "é" in UTF-8: the label is believed.
  const m = await parseMime(
    message('text/plain; charset=iso-8859-1', Buffer.from('caf\u00c3\u00a9', 'latin1')),
  );
  assert.equal(readableBody(m).trim(), 'caf\u00c3\u00a9');
});

test('an HTML body with an unknown label is read as UTF-8 too', async () => {
  const html = Buffer.from(`<html><body><p>${UTF8_TEXT}</p></body></html>`, 'utf8');
  const m = await parseMime(message('text/html; charset=unknown-8bit', html));
  assert.equal(readableBody(m).trim(), UTF8_TEXT);
});

function headed(fields: string[]): Buffer {
  return Buffer.from(
    `${['To: complaint@example.org', ...fields, 'Content-Type: text/plain; charset=utf-8'].join('\r\n')}\r\n\r\nBonjour\r\n`,
    'latin1',
  );
}

test('an encoded-word subject with an unknown character set is read as UTF-8 when its bytes are', async () => {
  const b64 = Buffer.from('Transmission de réclamation - Étape 2', 'utf8').toString('base64');
  const m = await parseMime(headed(['From: a@client.example', `Subject: =?unknown-8bit?B?${b64}?=`]));
  assert.equal(m.subject, 'Transmission de réclamation - Étape 2');
  // Q encoding, and a character split over two words.
  const q = await parseMime(
    headed(['From: a@client.example', 'Subject: =?x-unknown?Q?R=C3?= =?x-unknown?Q?=A9clamation_urgente?=']),
  );
  assert.equal(q.subject, 'Réclamation urgente');
});

test('an encoded-word display name with an unknown character set is read as UTF-8 when its bytes are', async () => {
  const m = await parseMime(
    headed(['From: =?x-bogus?Q?Zo=C3=AB_Martin?= <zoe@client.example>', 'Subject: x']),
  );
  assert.equal(m.from?.name, 'Zoë Martin');
});

test('an encoded word with an unknown character set that is not UTF-8 is read as before (Windows-1252)', async () => {
  const m = await parseMime(headed(['From: a@client.example', 'Subject: =?x-bogus?Q?R=E9clamation?=']));
  assert.equal(m.subject, 'Réclamation');
});
