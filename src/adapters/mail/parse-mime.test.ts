// The MIME adapter: headers in order, addresses, bodies (HTML tables readable), attachments, problems;
// never throws. The property runs the whole `parse` path (readMessage) on generated and corrupted messages.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import emailAddresses from 'email-addresses';
import fc from 'fast-check';
import { decodeWords } from 'postal-mime';
import { readMessage } from '../../app/read-message.ts';
import { loadConfig } from '../../config.ts';
import {
  emptyMessage,
  htmlIsRead,
  READ_TEXT_LIMIT,
  readableBody,
  readableStart,
} from '../../core/intake/parsed-message.ts';
import { calendarFromConfig } from '../calendar/calendar.ts';
import {
  Base64Decoder,
  BODY_BYTES_DECODED,
  htmlToReadableText,
  LineBodyDecoder,
  parseMime,
  QuotedPrintableDecoder,
  simpleMailbox,
} from './parse-mime.ts';

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');

test('headers in order with every Received, addresses, ids, date and attachments', async () => {
  const raw = crlf(`Received: from a by b; Mon, 2 Mar 2026 10:00:00 +0100
Received: from c by d; Mon, 2 Mar 2026 09:59:00 +0100
From: =?ISO-8859-1?Q?Ren=E9_M=FCller?= <rene@example.de>
Reply-To: Form <form@example.de>
To: Team: a@example.org, b@example.org;
Cc: c@example.org
Subject: =?UTF-8?B?w4l0YXBlIDE=?=
Message-ID: <id-1@example.de>
In-Reply-To: <id-0@example.org>
References: <id-a@example.org> <id-0@example.org>
Date: Mon, 2 Mar 2026 09:58:00 +0100
Content-Type: multipart/mixed; boundary=XX

--XX
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: quoted-printable

Caf=E9 =80 10
--XX
Content-Type: application/pdf; name="facture.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--XX--
`);
  const m = await parseMime(raw);
  assert.deepEqual(
    m.headers.filter((h) => h.name === 'received').map((h) => h.value.slice(0, 10)),
    ['from a by ', 'from c by '],
  );
  assert.deepEqual(m.from, { name: 'René Müller', address: 'rene@example.de' });
  assert.deepEqual(m.replyTo, [{ name: 'Form', address: 'form@example.de' }]);
  assert.deepEqual(
    m.to.map((a) => a.address),
    ['a@example.org', 'b@example.org'],
  );
  assert.deepEqual(m.cc, [{ name: null, address: 'c@example.org' }]);
  assert.equal(m.subject, 'Étape 1');
  assert.equal(m.messageId, '<id-1@example.de>');
  assert.equal(m.inReplyTo, '<id-0@example.org>');
  assert.deepEqual(m.references, ['<id-a@example.org>', '<id-0@example.org>']);
  assert.equal(m.date, '2026-03-02T08:58:00.000Z');
  assert.equal(m.text?.trim(), 'Café € 10');
  assert.deepEqual(m.attachments, [{ filename: 'facture.pdf', contentType: 'application/pdf', size: 9 }]);
  assert.deepEqual(m.problems, []);
});

test('HTML: tables as label | value rows, quotes as > lines, no links nor images', () => {
  const text = htmlToReadableText(
    '<p>Bonjour</p><table><tr><th>Nom</th><td>Dupont</td></tr><tr><td>E-mail</td><td>j@d.fr</td></tr></table><blockquote>ancien</blockquote><a href="https://x.fr">lien</a><img src="x.png" alt="logo">',
  );
  assert.equal(text, 'Bonjour\n\nNom | Dupont\nE-mail | j@d.fr\n\n> ancien\n\nlien');
});

test('malformed input is read with problems, never thrown', async () => {
  const garbage = await parseMime(Buffer.from([0, 255, 1, 2, 3, 10, 13, 10]));
  assert.ok(garbage.problems.length > 0);
  const unknown = await parseMime(
    crlf(
      'From: a@b.fr\nDate: someday\nContent-Type: text/plain; charset=x-nope\nContent-Transfer-Encoding: x-weird\n\nHello\n',
    ),
  );
  assert.deepEqual(unknown.problems, [
    'unknown character set "x-nope": the text was decoded as best it could be',
    'unknown transfer encoding "x-weird": the part was kept as it is',
    'the Date: field "someday" is not a date',
  ]);
  const deep = await parseMime(
    crlf(
      `From: a@b.fr\nContent-Type: multipart/mixed; boundary=A\n\n${'--A\nContent-Type: multipart/mixed; boundary=A\n\n'.repeat(200)}`,
    ),
  );
  assert.ok(Array.isArray(deep.problems));
});

const config = loadConfig({ env: {}, cwd: import.meta.dirname });
const calendar = calendarFromConfig(config);
const mailbox = config.mailboxes[0]!;
const corpusDir = join(import.meta.dirname, '../../../test/fixtures/mail');
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(join(corpusDir, f)));

const MAX_BYTES = 64 * 1024;

/** A corpus message corrupted: bytes flipped, cut, spliced, or lines repeated. */
const corrupted = fc
  .record({
    index: fc.nat(corpus.length - 1),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
    cut: fc.option(fc.nat(), { nil: null }),
    splice: fc.uint8Array({ maxLength: 512 }),
    at: fc.nat(),
  })
  .map(({ index, flips, cut, splice, at }) => {
    const source = Buffer.from(corpus[index]!);
    for (const [pos, byte] of flips) source[pos % source.length] = byte;
    const cutAt = cut === null ? source.length : cut % (source.length + 1);
    const kept = source.subarray(0, cutAt);
    const where = at % (kept.length + 1);
    return Buffer.concat([kept.subarray(0, where), splice, kept.subarray(where)]).subarray(0, MAX_BYTES);
  });

const generated = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'From',
          'To',
          'Subject',
          'Date',
          'Received',
          'Content-Type',
          'Content-Transfer-Encoding',
          'Reply-To',
          'X',
        ),
        fc.string({ maxLength: 100 }),
      ),
      { maxLength: 15 },
    ),
    fc.string({ maxLength: 4000 }),
  )
  .map(([headers, body]) =>
    Buffer.from(`${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`, 'utf8'),
  );

// No time is asserted: see the reader's property test (src/core/intake/reading.test.ts) for why and where a slow
// message is caught.
test('property: the parse path never throws on generated and corrupted messages', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(corrupted, generated, fc.uint8Array({ maxLength: 4096 })), async (raw) => {
      const { reading, message } = await readMessage(raw, {
        mailbox,
        config,
        calendar,
        now: '2026-05-04T08:00:00Z',
      });
      assert.ok(Array.isArray(message.problems));
      assert.match(reading.receivedAt, /Z$/);
    }),
    { numRuns: 300 },
  );
});

// Sender fields of the common shapes are read by a pattern instead of the full RFC 5322 parser: wherever the
// pattern answers, its address and name must be the parser's, with no comment the parser would read as a name.
test('property: a header value without "=?" holds no encoded word, and postal-mime decodes it to itself', () => {
  // The adapter gives such a value back as it is, without asking postal-mime (decodeWordsAsSent).
  const piece = fc.constantFrom('=', '?', 'Q', 'B', '_', ' ', '\t', 'é', '\ufffd', 'a', '=41', '?=', 'utf-8');
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(piece).map((p) => p.join('')),
      ),
      (value) => {
        fc.pre(!value.includes('=?'));
        assert.equal(decodeWords(value), value);
      },
    ),
    { numRuns: 5000 },
  );
});

test('property: a sender field read without the full parser is read as the full parser reads it', () => {
  const odd = fc.constantFrom(...' .,"<>@()\\;:![]=?_-\t\u00a0\u0085\u2028\u0001\'`~#{|}é😀'.split(''));
  const usual = fc.constantFrom(...'abcXYZ019éñ-_.'.split(''));
  const word = fc.string({
    unit: fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: odd, weight: 1 }),
    minLength: 1,
    maxLength: 6,
  });
  const field = fc
    .tuple(
      fc.array(word, { maxLength: 4 }),
      fc.constantFrom(' ', '', '  ', '"', ' "'),
      fc.array(word, { minLength: 1, maxLength: 2 }),
      fc.array(word, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('bare', 'angle', 'named', 'quoted'),
    )
    .map(([name, gap, local, domain, shape]) => {
      const address = `${local.join('.')}@${domain.join('.')}`;
      if (shape === 'bare') return address;
      if (shape === 'angle') return `<${address}>`;
      return shape === 'named'
        ? `${name.join(' ')}${gap}<${address}>`
        : `"${name.join(' ')}"${gap}<${address}>`;
    });
  let fast = 0;
  fc.assert(
    fc.property(fc.oneof(field, fc.string({ unit: fc.oneof(usual, odd), maxLength: 30 })), (value) => {
      const simple = simpleMailbox(value.trim());
      if (!simple) return;
      fast++;
      const full = emailAddresses.parseAddressList({
        input: value.trim(),
        rfc6532: true,
        atInDisplayName: true,
        commaInDisplayName: false,
      });
      assert.equal(full?.length, 1);
      const one = full[0] as emailAddresses.ParsedMailbox;
      assert.equal(one.type, 'mailbox');
      assert.deepEqual(
        { address: one.address, name: one.name, comments: one.parts.comments.filter((c) => c.tokens.trim()) },
        { address: simple.address, name: simple.name, comments: [] },
      );
    }),
    { numRuns: 20_000 },
  );
  assert.ok(fast > 1_000, `only ${fast} fields of the common shapes were generated`);
  // The shapes it answers for, and some it leaves to the full parser.
  assert.deepEqual(simpleMailbox('Jean Dupont <jean@x.fr>'), { address: 'jean@x.fr', name: 'Jean Dupont' });
  assert.deepEqual(simpleMailbox('"Dupont, Jean" <j@x.fr>'), { address: 'j@x.fr', name: 'Dupont, Jean' });
  assert.deepEqual(simpleMailbox('j@x.fr'), { address: 'j@x.fr', name: null });
  assert.deepEqual(simpleMailbox('<j@x.fr>'), { address: 'j@x.fr', name: null });
  assert.deepEqual(simpleMailbox('Dr. K. Becker <k@x.de>'), { address: 'k@x.de', name: 'Dr. K. Becker' });
  for (const other of [
    'j@x.fr (Jean)',
    'Jean  Dupont <j@x.fr>',
    'a@x.fr, b@x.fr',
    'T: a@x.fr;',
    'j@x.fr\u00a0',
  ])
    assert.equal(simpleMailbox(other), null, other);
});

test('the HTML left unconverted (htmlIsRead false) never changes the body the reading reads', () => {
  // HTML of tags, character references (named and numeric: a letter from no letter of the source), lists
  // and tables, beside a text part that is empty, short or long enough to be the message.
  const piece = fc.constantFrom(
    '<p>',
    '</p>',
    '<div dir="ltr">',
    '</div>',
    '<br>',
    '&eacute;',
    '&#233;',
    '&#x41;',
    '&amp;',
    '&nbsp;',
    '<table><tr><td>Nom</td><td>Jean</td></tr></table>',
    '<ul><li>un</li><li>deux</li></ul>',
    '<style>p { color: red }</style>',
    '<a href="https://example.fr/x">lien</a>',
    'Bonjour ',
    'réclamation ',
    'x',
    '42 ',
  );
  const html = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
  const text = fc.oneof(
    fc.constant(''),
    fc.constantFrom('Voir la version HTML.', ' \n ', 'ok'),
    fc
      .array(fc.constantFrom('Bonjour ', 'mon site est en panne ', 'é', '123 ', '\n'), { maxLength: 80 })
      .map((p) => p.join('')),
  );
  fc.assert(
    fc.property(text, html, (t, h) => {
      fc.pre(!htmlIsRead(t, h));
      const message = { ...emptyMessage(), text: t, html: h };
      assert.equal(
        readableBody({ ...message, htmlText: htmlToReadableText(h) }),
        readableBody({ ...message, htmlText: null }),
      );
    }),
    { numRuns: 400 },
  );
});

test('property: a body without transfer encoding is gathered exactly as postal-mime gathers it', async () => {
  const { default: PostalMime } = await import('postal-mime');
  const line = fc.uint8Array({ maxLength: 90 }).map((bytes) =>
    // Any bytes but line feeds, carriage returns kept (a lone CR inside a line, CRs before the line feed).
    Buffer.from(bytes.map((b) => (b === 0x0a ? 0x41 : b))).toString('latin1'),
  );
  const eol = fc.constantFrom('\r\n', '\n', '\r\r\n');
  const body = fc
    .array(fc.tuple(line, eol), { maxLength: 40 })
    .map((ls) => ls.map(([l, e]) => l + e).join(''));
  await fc.assert(
    fc.asyncProperty(body, body, fc.boolean(), async (text, attached, final) => {
      const raw = Buffer.from(
        'From: a@example.net\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n' +
          `--B\r\nContent-Type: text/plain; charset=latin1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n` +
          `--B\r\nContent-Type: application/octet-stream; name=x.bin\r\nContent-Transfer-Encoding: binary\r\n\r\n${attached}` +
          (final ? '\r\n--B--\r\n' : ''),
        'latin1',
      );
      const ours = await parseMime(raw);
      const theirs = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
      // (A NUL is shown as �: PostgreSQL keeps none, see withoutNul.)
      assert.equal(ours.text ?? '', (theirs.text ?? '').replaceAll('\u0000', '\uFFFD'));
      const content = theirs.attachments[0]?.content as ArrayBuffer | undefined;
      assert.equal(ours.attachments[0]?.size ?? 0, content?.byteLength ?? 0);
    }),
    { numRuns: 200 },
  );
});

test('a 25 MB text message is read whole within the default reading memory budget', async () => {
  // A reading thread's heap as the read pool makes it (config `reading.memoryMb`, 128 by default). postal-mime's
  // own way of gathering a body without transfer encoding took some 800 MB and seconds of CPU for this message,
  // so the thread ran out of memory and the message was never read.
  const { Worker } = await import('node:worker_threads');
  const { READER_LIMITS } = await import('../../app/read-pool.ts');
  const code = `
    const { parentPort } = await import('node:worker_threads');
    const { parseMime } = await import(${JSON.stringify(new URL('./parse-mime.ts', import.meta.url).href)});
    const { hugeTextMessage } = await import(${JSON.stringify(new URL('../../../test/mail/support/hostile-messages.ts', import.meta.url).href)});
    const message = await parseMime(hugeTextMessage(25_000_000, '<huge@example.net>'));
    parentPort.postMessage({ textLength: message.text?.length ?? 0, subject: message.subject });
  `;
  const worker = new Worker(code, {
    eval: true,
    resourceLimits: { ...READER_LIMITS, maxOldGenerationSizeMb: config.reading.memoryMb },
  });
  const answer = await new Promise<{ textLength: number; subject: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(answer.subject, 'huge');
  assert.ok(answer.textLength > READ_TEXT_LIMIT, `text of ${answer.textLength} characters`);
});

test('a long body is decoded only as far as it is read, and read as if it had been decoded whole', async () => {
  const { default: PostalMime } = await import('postal-mime');
  // Lines of one-, two- and four-byte characters (UTF-8), so that the start read is the most characters.
  const lines = ['Réclamation déposée — ligne ', '😀😀😀 ', 'plain ascii text line '];
  const body = Array.from({ length: 120_000 }, (_, i) => `${lines[i % 3]}${i}`).join('\r\n');
  for (const type of ['plain', 'html'] as const) {
    const raw = Buffer.from(
      `From: a@example.net\r\nSubject: long\r\nMIME-Version: 1.0\r\nContent-Type: text/${type}; charset=utf-8\r\n` +
        `Content-Transfer-Encoding: 8bit\r\n\r\n${type === 'html' ? body.repeat(3) : body}\r\n`,
    );
    const ours = await parseMime(raw);
    const whole = await PostalMime.parse(raw);
    const decoded = type === 'plain' ? ours.text! : ours.html!;
    const full = type === 'plain' ? whole.text! : whole.html!;
    assert.ok(full.length > decoded.length, `${type}: ${decoded.length} of ${full.length} characters`);
    assert.ok(Buffer.byteLength(decoded) <= BODY_BYTES_DECODED[type] + 100, `${type}: ${decoded.length}`);
    if (type === 'plain') assert.equal(readableStart(decoded), readableStart(full));
    else assert.equal(htmlToReadableText(decoded), htmlToReadableText(full));
  }
  // An attachment is decoded whole, whatever its type.
  const attached = Buffer.from(
    'From: a@example.net\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n' +
      'Content-Type: text/plain\r\n\r\nsee the log\r\n--B\r\nContent-Type: text/plain; name=log.txt\r\n' +
      `Content-Disposition: attachment; filename=log.txt\r\n\r\n${body}\r\n--B--\r\n`,
  );
  const withLog = await parseMime(attached);
  assert.equal(withLog.attachments[0]?.size, Buffer.byteLength(`${body.replace(/\r\n/g, '\n')}\n`));
});

test('property: body decoders give the bytes postal-mime’s own decoders give, line for line', async () => {
  const { default: PostalMime } = await import('postal-mime');
  type Decoder = { update(line: Uint8Array): void; finalize(): Promise<ArrayBuffer> };
  /** postal-mime's own decoder for a transfer encoding (a parser that is not ours keeps them). */
  const theirs = (encoding: string): Decoder => {
    const node = (new PostalMime() as unknown as { root: { setupContentDecoder(e: string): void } }).root;
    node.setupContentDecoder(encoding);
    return (node as unknown as { contentDecoder: Decoder }).contentDecoder;
  };
  // Lines rich in what the decoders read: `=`, hexadecimal and base64 digits, and any other byte (UTF-8 too).
  const byte = fc.oneof(
    fc.constantFrom(
      0x3d,
      0x30,
      0x39,
      0x41,
      0x46,
      0x61,
      0x66,
      0x47,
      0x67,
      0x5a,
      0x7a,
      0x2b,
      0x2f,
      0x0d,
      0x20,
      0xc3,
      0xa9,
    ),
    fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x0a),
  );
  const piece = fc.array(byte, { maxLength: 90, size: 'max' });
  // Now and then a long line (a piece repeated), so that a body outgrows the copied buffers and goes on in a
  // resizable one.
  const line = fc
    .tuple(piece, fc.oneof({ arbitrary: fc.constant(1), weight: 20 }, fc.integer({ min: 2, max: 600 })))
    .map(([bytes, times]) => Array.from({ length: times }, () => bytes).flat());
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 40, size: 'max' }), async (lines) => {
      const views = lines.map((l) => new Uint8Array(l));
      const most = views.reduce((n, v) => n + v.length + 1, 0) + 1;
      for (const [ours, encoding] of [
        [new QuotedPrintableDecoder(most), 'quoted-printable'],
        [new LineBodyDecoder(most), '8bit'],
        [new Base64Decoder(most), 'base64'],
      ] as const) {
        const reference = theirs(encoding);
        for (const v of views) {
          ours.update(v);
          reference.update(v);
        }
        const [got, want] = [Buffer.from(await ours.finalize()), Buffer.from(await reference.finalize())];
        // Compared as bytes, the first difference named (a diff of two long arrays would take minutes to print).
        const at = got.findIndex((b, i) => b !== want[i]);
        assert.ok(
          got.equals(want),
          `${encoding}: ${got.length} bytes for ${want.length}, first difference at ${at}`,
        );
      }
    }),
    { numRuns: 300 },
  );
});

test('header fields written as raw Latin-1 bytes are read as Windows-1252, so the marker and the name are found', async () => {
  // An older mail program: no RFC 2047 words, the accented letters as single bytes (é = 0xE9, ü = 0xFC).
  const raw = crlf(`From: Ren\u00e9 M\u00fcller <rene@example.de>
To: complaint@example.org
Subject: Transmission de r\u00e9clamation - Etape 2
X-Note: =?UTF-8?Q?d=C3=A9j=C3=A0?= and plain ASCII
Message-ID: <latin@example.de>
Content-Type: text/plain; charset=utf-8

Mon site est en panne.
`);
  const m = await parseMime(raw);
  assert.equal(m.subject, 'Transmission de r\u00e9clamation - Etape 2');
  assert.deepEqual(m.from, { address: 'rene@example.de', name: 'Ren\u00e9 M\u00fcller' });
  assert.equal(
    m.headers.find((h) => h.name === 'x-note')?.value,
    '=?UTF-8?Q?d=C3=A9j=C3=A0?= and plain ASCII',
  );
  const { reading } = await readMessage(raw, { mailbox, config, calendar, now: '2026-05-04T08:00:00Z' });
  assert.equal(reading.markerFound, true);
  assert.equal(reading.step, 2);
});

test('a header section in UTF-8 (RFC 6532) is read as UTF-8, also beside a line that is not', async () => {
  const raw = Buffer.concat([
    Buffer.from('From: Ren\u00e9 <rene@example.de>\r\n', 'utf8'),
    Buffer.from('Subject: Beschwerde \u00fcber die Domain\r\n', 'latin1'),
    Buffer.from('Message-ID: <mixed@example.de>\r\n\r\nText\r\n', 'utf8'),
  ]);
  const m = await parseMime(raw);
  assert.equal(m.from?.name, 'Ren\u00e9');
  assert.equal(m.subject, 'Beschwerde \u00fcber die Domain');
  const utf8Only = await parseMime(
    Buffer.from('From: J\u00fcrgen <j@example.de>\r\nSubject: \u00e9t\u00e9 \u20ac\r\n\r\nx\r\n'),
  );
  assert.equal(utf8Only.subject, '\u00e9t\u00e9 \u20ac');
  assert.equal(utf8Only.from?.name, 'J\u00fcrgen');
});
