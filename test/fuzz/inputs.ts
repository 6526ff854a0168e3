// What the fuzzer feeds the reading code: fast-check arbitraries of raw messages. Three kinds, mixed:
// - the test corpora (our fixtures, the real mail, the automated mail) mutated byte by byte and part by part:
//   flipped and inserted bytes, cut and doubled slices, another message spliced in, truncation, line endings
//   changed to bare CR or LF, a charset label swapped, base64 broken, a huge header field added;
// - MIME structures built at random: nested multiparts (boundaries missing, wrong or unclosed), every transfer
//   encoding (and invalid ones) applied or not to what the part says, charsets that lie, unclosed HTML, encoded
//   words in the header, header fields of hundreds of kilobytes;
// - plain garbage: random bytes and random text.
// Everything is drawn from fast-check's random source, so one seed gives the same inputs every time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const CORPUS_DIRS = ['mail', 'real-mail', 'automated'];

/** Every .eml of the test corpora (read once). */
export function loadCorpus(dirs = CORPUS_DIRS): Buffer[] {
  const out: Buffer[] = [];
  for (const dir of dirs)
    for (const name of readdirSync(join(FIXTURES, dir)).sort())
      if (name.endsWith('.eml')) out.push(readFileSync(join(FIXTURES, dir, name)));
  return out;
}

const CHARSETS = [
  'utf-8',
  'UTF-8',
  'iso-8859-1',
  'windows-1252',
  'iso-8859-15',
  'us-ascii',
  'utf-16',
  'utf-16le',
  'utf-7',
  'koi8-r',
  'shift_jis',
  'gb2312',
  'big5',
  'iso-2022-jp',
  'x-unknown',
  '',
  '"utf-8',
  'utf-8"; charset=latin1',
  'ascii\u0000',
  'windows-9999',
  'l'.repeat(300),
];
const ENCODINGS = [
  '7bit',
  '8bit',
  'binary',
  'base64',
  'quoted-printable',
  'x-uuencode',
  'BASE64 ',
  'gzip',
  '',
];
const TYPES = [
  'text/plain',
  'text/html',
  'text/enriched',
  'application/pdf',
  'application/octet-stream',
  'image/jpeg',
  'message/rfc822',
  'message/delivery-status',
  'message/disposition-notification',
  'text/rfc822-headers',
  'multipart/mixed',
  'text',
  '/',
  'multipart/',
];
const FIELDS = [
  'From',
  'To',
  'Cc',
  'Reply-To',
  'Sender',
  'Subject',
  'Date',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Auto-Submitted',
  'Precedence',
  'X-Autoreply',
  'Return-Path',
  'List-Id',
  'Content-Language',
  'Accept-Language',
  'X-Mailer',
  'Received',
  'Resent-From',
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** Printable text with accents, quotes, angle brackets and the odd control character. */
const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  pick([
    'Bonjour, je souhaite déposer une réclamation concernant ma commande.',
    'Réclamation : colis jamais reçu, référence 12345',
    'Sehr geehrte Damen und Herren, ich möchte mich beschweren.',
    'I am writing to complain about the service. I expect a refund.',
    '=?utf-8?B?UsOpY2xhbWF0aW9u?=',
    '=?iso-8859-1?Q?r=E9clamation?= =?utf-8?q?_suite?=',
    '=?bogus?X?abc?=',
    '=?utf-8?B?####?=',
    'Name <person@example.net>',
    '"Quoted, Name" <a@b.example>, c@d.example',
    '<<<@>>>',
    'Thu, 31 Feb 2026 25:61:61 +9999',
    'Mon, 1 Dec 2026 10:00:00 +0100',
  ]),
);

/** A header field, sometimes broken (no colon, folded oddly, enormous). */
const field = fc.oneof(
  { weight: 60, arbitrary: fc.tuple(pick(FIELDS), text).map(([n, v]) => `${n}: ${v}`) },
  { weight: 3, arbitrary: text.map((v) => `X-${v.replace(/[:\r\n]/g, '')}: ${v}`) },
  { weight: 3, arbitrary: text },
  { weight: 3, arbitrary: fc.tuple(pick(FIELDS), text, text).map(([n, a, b]) => `${n}: ${a}\r\n\t${b}`) },
  {
    // A field of up to 300 KB, now and then (reading cost grows with it; most messages need none).
    weight: 1,
    arbitrary: fc
      .tuple(pick(FIELDS), fc.integer({ min: 1000, max: 300_000 }), fc.boolean())
      .map(([n, len, folded]) => `${n}: ${(folded ? 'word ' : 'x').repeat(folded ? len / 5 : len)}`),
  },
);

const contentType = fc
  .tuple(pick(TYPES), pick(CHARSETS), fc.boolean())
  .map(([t, cs, withCharset]) => (withCharset ? `${t}; charset=${cs}` : t));

/** A body in the declared encoding, or in another one, or broken. */
function encodeBody(body: Uint8Array, encoding: string, honest: boolean, breakage: number): string {
  const buf = Buffer.from(body);
  let out: string;
  if (!honest) out = buf.toString('latin1');
  else if (encoding.trim().toLowerCase() === 'base64')
    out = buf
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n')
      .slice(0, breakage % 3 === 0 ? undefined : -(breakage % 7));
  else if (encoding === 'quoted-printable')
    out = [...buf]
      .map((b) =>
        b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).padStart(2, '0')}`,
      )
      .join('')
      .replace(/.{75}/g, '$&=\r\n');
  else out = buf.toString('latin1');
  if (breakage % 5 === 1) out += '=\r\n=G=';
  if (breakage % 5 === 2) out = out.replace(/A/g, '!');
  return out;
}

/** Bodies: text in some charset, HTML (often unclosed or deeply nested), or random bytes. */
const leafBody = fc.oneof(
  text.map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
  text.map((t) => new Uint8Array(Buffer.from(t, 'latin1'))),
  text.map((t) => new Uint8Array(Buffer.from(t, 'utf16le'))),
  fc.uint8Array({ maxLength: 2000 }),
  fc
    .tuple(
      fc.integer({ min: 1, max: 3000 }),
      pick(['<div>', '<b><i>', '<table><tr><td>', '<!--', '<p ', '<a href="']),
      text,
    )
    .map(([n, tag, t]) => new Uint8Array(Buffer.from(`<html><body>${tag.repeat(n)}${t}`, 'utf8'))),
  text.map(
    (t) => new Uint8Array(Buffer.from(`<html><head><style>${t}</style></head><body><p>${t}</p>`, 'utf8')),
  ),
);

interface Part {
  headers: string[];
  body: string;
}

const leafPart: fc.Arbitrary<Part> = fc
  .record({
    type: contentType,
    encoding: pick(ENCODINGS),
    honest: fc.boolean(),
    breakage: fc.nat(30),
    body: leafBody,
    disposition: pick([
      '',
      'attachment',
      'inline',
      'attachment; filename="a.pdf"',
      'attachment; filename*=bogus',
    ]),
  })
  .map((r) => ({
    headers: [
      `Content-Type: ${r.type}`,
      ...(r.encoding ? [`Content-Transfer-Encoding: ${r.encoding}`] : []),
      ...(r.disposition ? [`Content-Disposition: ${r.disposition}`] : []),
    ],
    body: encodeBody(r.body, r.encoding, r.honest, r.breakage),
  }));

/** A MIME tree up to a few levels deep; boundaries sometimes missing, repeated, mismatched or never closed. */
const { part } = fc.letrec<{ part: Part; multipart: Part }>((tie) => ({
  part: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafPart, tie('multipart')),
  multipart: fc
    .record({
      sub: pick(['mixed', 'alternative', 'related', 'report', 'digest', 'signed', 'x-bogus']),
      boundary: fc.oneof(fc.string({ minLength: 1, maxLength: 70 }), pick(['b', '==', '""', ''])),
      parts: fc.array(tie('part'), { maxLength: 5 }),
      closed: fc.boolean(),
      wrongBoundary: fc.nat(9),
      preamble: fc.option(text, { nil: undefined }),
    })
    .map((r) => {
      const b = r.boundary.replace(/[\r\n"]/g, '');
      const used = r.wrongBoundary === 0 ? `${b}x` : b;
      const body = r.parts.map((p) => `--${used}\r\n${p.headers.join('\r\n')}\r\n\r\n${p.body}\r\n`).join('');
      return {
        headers: [`Content-Type: multipart/${r.sub}; boundary="${b}"`],
        body: `${r.preamble ?? ''}\r\n${body}${r.closed ? `--${used}--\r\n` : ''}`,
      };
    }),
}));

/** Line endings as a broken mailer might write them. */
const lineEndings = pick(['crlf', 'lf', 'cr', 'mixed'] as const);
function withEndings(s: string, how: 'crlf' | 'lf' | 'cr' | 'mixed'): string {
  if (how === 'crlf') return s;
  if (how === 'lf') return s.replace(/\r\n/g, '\n');
  if (how === 'cr') return s.replace(/\r\n/g, '\r');
  let i = 0;
  return s.replace(/\r\n/g, () => ['\r\n', '\n', '\r'][i++ % 3]!);
}

/** A whole message built at random. */
export const builtMessage: fc.Arbitrary<Uint8Array> = fc
  .record({
    fields: fc.array(field, { maxLength: 14 }),
    body: part,
    endings: lineEndings,
    encoding: pick(['latin1', 'utf8'] as const),
  })
  .map((r) => {
    const s = `${[...r.fields, ...r.body.headers].join('\r\n')}\r\n\r\n${r.body.body}`;
    return new Uint8Array(Buffer.from(withEndings(s, r.endings), r.encoding));
  });

/** One change to a message's bytes. */
type Mutation =
  | { op: 'flip'; at: number; byte: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; len: number }
  | { op: 'double'; at: number; len: number; times: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; at: number; other: number; from: number }
  | { op: 'endings'; how: 'lf' | 'cr' | 'mixed' }
  | { op: 'charset'; charset: string }
  | { op: 'base64'; at: number }
  | { op: 'hugeHeader'; len: number }
  | { op: 'unclose' };

const position = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, byte: fc.nat(255) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({ op: fc.constant('delete' as const), at: position, len: fc.nat(2000) }),
  fc.record({
    op: fc.constant('double' as const),
    at: position,
    len: fc.nat(500),
    times: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('splice' as const), at: position, other: position, from: position }),
  fc.record({ op: fc.constant('endings' as const), how: pick(['lf', 'cr', 'mixed'] as const) }),
  fc.record({ op: fc.constant('charset' as const), charset: pick(CHARSETS) }),
  fc.record({ op: fc.constant('base64' as const), at: position }),
  fc.record({ op: fc.constant('unclose' as const) }),
  // Rarely: a header field of up to 400 KB.
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, byte: fc.nat(255) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('hugeHeader' as const),
        len: fc.integer({ min: 1000, max: 400_000 }),
      }),
    },
  ),
);

function mutate(corpus: readonly Buffer[], raw: Buffer, m: Mutation): Buffer {
  const n = raw.length;
  const at = n === 0 ? 0 : 'at' in m ? m.at % (n + 1) : 0;
  switch (m.op) {
    case 'flip': {
      if (n === 0) return raw;
      const out = Buffer.from(raw);
      out[at % n] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([raw.subarray(0, at), m.bytes, raw.subarray(at)]);
    case 'delete':
      return Buffer.concat([raw.subarray(0, at), raw.subarray(at + m.len)]);
    case 'double': {
      const slice = raw.subarray(at, at + m.len);
      return Buffer.concat([raw.subarray(0, at), ...Array<Buffer>(m.times).fill(slice), raw.subarray(at)]);
    }
    case 'truncate':
      return raw.subarray(0, at);
    case 'splice': {
      const other = corpus[m.other % corpus.length]!;
      return Buffer.concat([raw.subarray(0, at), other.subarray(m.from % (other.length + 1))]);
    }
    case 'endings':
      return Buffer.from(withEndings(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), m.how), 'latin1');
    case 'charset':
      return Buffer.from(
        raw.toString('latin1').replace(/charset="?[^";\r\n]*"?/gi, `charset=${m.charset}`),
        'latin1',
      );
    case 'base64': {
      // A character outside the base64 alphabet in the first base64 body, or a cut in its middle.
      const s = raw.toString('latin1');
      const i = s.search(/base64\r?\n(?:[^\r\n]*\r?\n)*?\r?\n/i);
      if (i < 0) return raw;
      const j = i + 8 + (m.at % 400);
      return Buffer.from(`${s.slice(0, j)}${m.at % 2 ? '*%' : '=='}${s.slice(j)}`, 'latin1');
    }
    case 'hugeHeader':
      return Buffer.concat([Buffer.from(`X-Huge: ${'y'.repeat(m.len)}\r\n`), raw]);
    case 'unclose':
      return Buffer.from(raw.toString('latin1').replace(/<\/[a-z]+>/gi, ''), 'latin1');
  }
}

/** A message of the corpora changed by a few mutations in a row. */
export function mutatedMessage(corpus: readonly Buffer[]): fc.Arbitrary<Uint8Array> {
  return fc
    .record({ which: fc.nat(), mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }) })
    .map(({ which, mutations }) => {
      let raw = corpus[which % corpus.length]!;
      for (const m of mutations) raw = mutate(corpus, raw, m);
      return new Uint8Array(raw);
    });
}

/** Random bytes and random text, sometimes behind a plausible header. */
export const garbage: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 8192 }),
  fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
  fc
    .tuple(fc.array(field, { maxLength: 4 }), fc.uint8Array({ maxLength: 4096 }))
    .map(([fs, bytes]) => new Uint8Array(Buffer.concat([Buffer.from(`${fs.join('\r\n')}\r\n\r\n`), bytes]))),
);

/**
 * Now and then a large message whose HTML is costly to read: up to 2 MB of short elements, or of nested unclosed
 * tags, or of one tag left open with a long attribute (what reading must bound, or leave to the budget).
 */
export const costlyMessage: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.integer({ min: 100_000, max: 2_000_000 }),
    pick(['<b>x</b> ', '<div><span><b><i><font>', '<p>', '<a href="x', '<!--', '<td>']),
  )
  .map(
    ([bytes, unit]) =>
      new Uint8Array(
        Buffer.from(
          [
            'From: Eve <eve@example.net>',
            'To: complaint@example.org',
            'Subject: costly',
            'MIME-Version: 1.0',
            'Content-Type: text/html; charset=utf-8',
            '',
            `<html><body>${unit.repeat(Math.ceil(bytes / unit.length))}`,
          ].join('\r\n'),
        ),
      ),
  );

/** The fuzzer's input: mostly mutated corpus messages and built MIME, some garbage. */
export function fuzzInput(corpus: readonly Buffer[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 1000, arbitrary: mutatedMessage(corpus) },
    { weight: 800, arbitrary: builtMessage },
    { weight: 200, arbitrary: garbage },
    // About one input in 2,000.
    { weight: 1, arbitrary: costlyMessage },
  );
}
