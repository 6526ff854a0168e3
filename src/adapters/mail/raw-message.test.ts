import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyOffset, bodySha256, standInMessageId } from './raw-message.ts';

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
});
