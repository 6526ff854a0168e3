import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseMime } from './parse-mime.ts';
import {
  bodyOffset,
  bodySha256,
  headerOf,
  notAMessage,
  standInMessageId,
  traceFreeHeaderSha256,
  withLineEndings,
} from './raw-message.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('raw message', () => {
  it('finds the body after the first empty line, with LF or CRLF line endings', () => {
    assert.equal(bodyOffset(bytes('A: 1\nB: 2\n\nbody')), 11);
    assert.equal(bodyOffset(bytes('A: 1\r\nB: 2\r\n\r\nbody')), 14);
    assert.equal(bodyOffset(bytes('A: 1\r\nno body')), 13);
  });

  it('gives the same body hash whatever the line endings, trace headers or trailing newlines', () => {
    const lf = bytes('Received: from a\nSubject: x\n\nline 1\nline 2\n');
    const crlf = bytes('Received: from b\r\nReceived: from c\r\nSubject: x\r\n\r\nline 1\r\nline 2\r\n\r\n');
    assert.equal(bodySha256(lf), bodySha256(crlf));
    assert.notEqual(bodySha256(lf), bodySha256(bytes('Subject: x\n\nline 1\nline 3\n')));
  });

  it('finds the body of a message written with CR alone', () => {
    assert.equal(bodyOffset(bytes('A: 1\rB: 2\r\rbody')), 11);
    assert.equal(bodyOffset(bytes('A: 1\rB: 2\r\r\nbody')), 12);
  });

  it('gives the body hash of its CRLF form to a message with any line endings (property)', () => {
    // The reference: the same message written with CRLF. Mixed endings are drawn from CRLF and LF only: CR alone
    // followed by LF alone reads as one CRLF, so a mixture with CR alone has no single meaning.
    const line = fc.stringMatching(/^[a-z :]{0,12}$/);
    const ending = fc.constantFrom('\r\n', '\n');
    const lines = fc.array(fc.tuple(line, ending), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, ending, (head, body, blank) => {
        const header = `Subject: x${head.map(([l, e]) => `${e}X-${l.replace(/[ :]/g, '') || 'h'}: ${l}`).join('')}`;
        const text = body.map(([l, e]) => `${l}${e}`).join('');
        const withEnding = (e: string) => bytes(`${header}${e}${e}${text.replace(/\r\n|\r|\n/g, e)}`);
        const mixed = bytes(`${header}${blank}${blank}${text}`);
        const crlf = withEnding('\r\n');
        assert.equal(bodySha256(mixed), bodySha256(crlf));
        assert.equal(bodySha256(withEnding('\n')), bodySha256(crlf));
        assert.equal(bodySha256(withEnding('\r')), bodySha256(crlf));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps empty lines inside the body significant', () => {
    assert.notEqual(bodySha256(bytes('S: x\n\na\nb\n')), bodySha256(bytes('S: x\n\na\n\nb\n')));
  });

  it('makes a stand-in Message-ID that differs when the subject or the body differs', () => {
    const a = standInMessageId(['a@x', 'b@y', null, 'hello', 'Mon'], 'h1');
    assert.match(a, /^<[0-9a-f]{40}@no-message-id\.redress\.invalid>$/);
    assert.equal(a, standInMessageId(['a@x', 'b@y', null, 'hello', 'Mon'], 'h1'));
    assert.notEqual(a, standInMessageId(['a@x', 'b@y', null, 'hello!', 'Mon'], 'h1'));
    assert.notEqual(a, standInMessageId(['a@x', 'b@y', null, 'hello', 'Mon'], 'h2'));
  });

  it('turns every CR alone into CRLF for reading, and leaves messages without one as they are', () => {
    const text = (s: Uint8Array) => new TextDecoder().decode(s);
    assert.equal(text(withLineEndings(bytes('A: 1\rB: 2\r\rbody\r'))), 'A: 1\r\nB: 2\r\n\r\nbody\r\n');
    assert.equal(text(withLineEndings(bytes('A: 1\r\nB: 2\n\rbody'))), 'A: 1\r\nB: 2\n\r\nbody');
    const lf = bytes('A: 1\nB: 2\n\nbody\n');
    assert.equal(withLineEndings(lf), lf, 'no copy when there is no lone CR');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', ':', '\r', '\n', '\r\n', 'é')), (parts) => {
        const out = text(withLineEndings(bytes(parts.join(''))));
        // No CR is left alone, and the lines are the same as before.
        assert.doesNotMatch(out, /\r(?!\n)/);
        assert.deepEqual(out.split(/\r\n|\n/), parts.join('').split(/\r\n|\r|\n/));
      }),
    );
  });

  it('reads a message the same whatever its line endings: CRLF, LF, CR alone or mixed', async () => {
    const lines = [
      'From: Anna <anna@example.de>',
      'Subject: =?utf-8?Q?Beschwerde_=C3=BCber?=',
      '  den Ausfall',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Guten Tag,',
      '',
      'mein Shop ist offline.',
    ];
    const read = async (eol: string) => {
      const m = await parseMime(withLineEndings(bytes(lines.join(eol))));
      return { from: m.from, subject: m.subject, text: m.text?.trim() };
    };
    const crlf = await read('\r\n');
    assert.match(crlf.subject ?? '', /^Beschwerde über\s+den Ausfall$/);
    for (const eol of ['\n', '\r']) assert.deepEqual(await read(eol), crlf, JSON.stringify(eol));
    const mixed = lines.map((l, i) => l + ['\r\n', '\n', '\r'][i % 3]).join('');
    assert.equal((await parseMime(withLineEndings(bytes(mixed)))).subject, crlf.subject);
  });

  it('tells bytes that are not a message from a message', () => {
    assert.match(notAMessage(bytes('')) ?? '', /empty/);
    assert.match(notAMessage(bytes('x')) ?? '', /only 1 byte$/);
    assert.match(notAMessage(bytes('\r\n')) ?? '', /only 2 bytes/);
    assert.match(notAMessage(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])) ?? '', /binary/);
    assert.match(notAMessage(bytes('just some words\nand more\n')) ?? '', /no header fields/);
    assert.match(notAMessage(bytes('Hello: world\n\nnot a real field')) ?? '', /no header fields/);
    assert.equal(notAMessage(bytes('From: a@b.c\n\nhi')), null);
    assert.equal(notAMessage(bytes('Subject: x\rFrom: a@b.c\r\rhi')), null, 'CR alone');
    assert.equal(notAMessage(bytes('From a@b.c Mon Nov  2 10:00:00 2026\nFrom: a@b.c\n\nhi')), null, 'mbox');
    assert.equal(
      notAMessage(bytes('X-Custom: 1\nReceived: from x\n by y\nSubject: \x1b$B$3$s\x1b(B\n\nbody')),
      null,
      'folded lines and raw ISO-2022-JP (ESC) in a field',
    );
  });

  it('property: a header that ends anywhere near the first KiB looked at, with any line endings, is read whole', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8_000, max: 8_400 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        (padTo, eol, fromInHeader) => {
          // Unknown fields up to about padTo bytes, then From: as the last field (or in the body).
          let head = '';
          for (let i = 0; head.length < padTo; i++) head += `X-Pad-${i}: ${'a'.repeat(i % 70)}${eol}`;
          const raw = fromInHeader
            ? `${head}From: a@b.c${eol}${eol}body${eol}`
            : `${head}${eol}From: a@b.c${eol}body${eol}`;
          const answer = notAMessage(bytes(raw));
          if (fromInHeader) assert.equal(answer, null);
          else assert.match(answer ?? '', /no header fields/);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('property: finds the header where the byte-by-byte search found its end', () => {
    // Line ends of every kind, mixed, around field text, and messages longer than the first look (8 KiB).
    const piece = fc.constantFrom('\r\n', '\n', '\r', '\r\r', '\n\r', 'A: 1', 'x', ' ', '\u0000');
    const long = fc.constantFrom('', 'Received: from x by y;'.repeat(400));
    fc.assert(
      fc.property(long, fc.array(piece, { maxLength: 24 }), long, (before, pieces, after) => {
        const raw = bytes(before + pieces.join('') + after);
        assert.equal(headerOf(raw), headerOfBefore(raw));
      }),
      { numRuns: 3000 },
    );
  });
  it('property: tells a message as the line-by-line reading of every header line did', () => {
    const line = fc.constantFrom(
      'From: a@b.c',
      'Received: from x by y',
      'X-Custom: 1',
      'Hello: world',
      ' folded on',
      '\tfolded too',
      'junk without a colon',
      'From a@b.c Mon Nov  2 10:00:00 2026',
      'From ',
      'Subject: \x1b$B$3$s\x1b(B',
      'Bad\x01\x02\x03\x04: control bytes',
      '',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\r\n', '\n', '\r'), (lines, eol) => {
        const raw = bytes(lines.join(eol));
        assert.equal(notAMessage(raw), notAMessageBefore(raw));
      }),
      { numRuns: 2000 },
    );
  });
});

// The reading of notAMessage before it stopped at the first field every message may carry (kept to hold the
// new one to the same answers; the header is found as before).

/** Header field names a message carries (RFC 5322), at least one of which every real message has. */
const MESSAGE_FIELDS_BEFORE =
  /^(from|sender|to|cc|subject|date|message-id|received|return-path|mime-version|content-type|reply-to|delivered-to|x-original-to|auto-submitted)$/i;

/**
 * Why these bytes are not an e-mail message at all (empty, a few bytes, binary data, text without header
 * fields), in words for a person; null when they look like one. Such a file is never read as a complaint: it
 * waits in the inbox, stored as received.
 */
function notAMessageBefore(raw: Uint8Array): string | null {
  if (raw.length === 0) return 'not an e-mail message: it is empty (0 bytes)';
  const header = headerOf(raw);
  // NUL never appears in header fields (RFC 5322), nor do other control bytes but by mistake (and ESC, which
  // raw ISO-2022-JP text carries): a header that holds NUL, or more than a few of them, is binary data.
  let controls = 0;
  let nul = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 0) nul = true;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b) || c === 0x7f) controls++;
  }
  if (nul || controls > 3 + header.length / 100)
    return `not an e-mail message: binary data (${raw.length} bytes)`;
  const lines = header.split('\n');
  // An mbox file starts with a `From ` line before the header fields: it is allowed.
  if (/^From \S/.test(lines[0] ?? '')) lines.shift();
  let fields = 0;
  let known = 0;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && fields > 0) continue;
    const m = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/.exec(line);
    if (!m) {
      // The first line must already be a field; later junk is the parser's business.
      if (fields === 0) break;
      continue;
    }
    fields++;
    if (MESSAGE_FIELDS_BEFORE.test(m[1] ?? '')) known++;
  }
  if (known > 0) return null;
  return raw.length < 16
    ? `not an e-mail message: only ${raw.length} byte${raw.length === 1 ? '' : 's'}`
    : 'not an e-mail message: no header fields (From:, To:, Subject:, Date: …) at the start';
}

describe('the key of a message that cannot be read', () => {
  it('is its header without trace fields: hops added, line endings changed, the same (property)', () => {
    const fields = [
      'From: Eve <e@client.example>',
      'To: complaint@example.org',
      'Subject: a\u0000b',
      'Date: x',
    ];
    const trace = fc.constantFrom(
      'Received: from mx2.example by mx.example; Mon, 14 Dec 2026 10:00:05 +0100',
      'Received: from a\r\n\tby b',
      'Return-Path: <>',
      'Delivered-To: complaint@example.org',
      'X-Original-To: complaint@example.org',
      'Authentication-Results: mx.example; spf=pass',
      // A forwarding or re-signing hop (a mailing service, Gmail forwarding) signs and stamps what it passes on.
      'DKIM-Signature: v=1; a=rsa-sha256; d=relay.example; s=s1;\r\n\tb=abc',
      'X-Gm-Message-State: AOJu0Yz',
      'X-Google-Smtp-Source: AGHT+IE',
      'X-Forwarded-Encrypted: i=1; AJvYcC',
    );
    const body = '\r\nMon site est en panne.\r\n';
    const base = traceFreeHeaderSha256(bytes(`${fields.join('\r\n')}\r\n${body}`));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(fields.length), trace), { maxLength: 4 }),
        fc.constantFrom('\r\n', '\n'),
        (added, eol) => {
          const lines = [...fields];
          for (const [at, t] of added) lines.splice(at % (lines.length + 1), 0, t);
          const raw = `${lines.join('\r\n')}\r\n${body}`.replace(/\r\n/g, eol);
          assert.equal(traceFreeHeaderSha256(bytes(raw)), base);
        },
      ),
    );
    // Another field, or another value, is another message.
    assert.notEqual(traceFreeHeaderSha256(bytes(`${fields.join('\r\n')}\r\nX-Other: 1\r\n${body}`)), base);
    assert.notEqual(
      traceFreeHeaderSha256(bytes(`${fields.join('\r\n').replace('a\u0000b', 'a\u0000c')}\r\n${body}`)),
      base,
    );
  });
});

// The header as it was found before its end was looked for with indexOf: byte by byte (kept to hold the new
// search to the same answers).

function headerInBefore(raw: Uint8Array, look: number): string | null {
  const length = Math.min(raw.length, look);
  let end = length;
  let lineEndAt = -1;
  for (let i = 0; i < length; i++) {
    const b = raw[i];
    if (b === 10 && i > 0 && raw[i - 1] === 13) continue;
    if (b === 13 || b === 10) {
      if (lineEndAt >= 0) {
        end = lineEndAt;
        break;
      }
      lineEndAt = i;
    } else lineEndAt = -1;
  }
  const text = Buffer.from(raw.buffer, raw.byteOffset, end).toString('latin1').replace(/\r\n?/g, '\n');
  if (end < length) return text;
  return length === raw.length || look >= 64 * 1024 ? text : null;
}

function headerOfBefore(raw: Uint8Array): string {
  return headerInBefore(raw, 8 * 1024) ?? headerInBefore(raw, 64 * 1024) ?? '';
}
