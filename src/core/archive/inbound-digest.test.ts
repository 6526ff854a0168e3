// The seal of an inbound item: any change to what was received (a field of the seal, to any other value, null
// included) gives another digest; the same content gives the same digest. A seal of the earlier format (before the
// verified sender was sealed) is still matched, as not covering the sender, and no content matches a seal of one
// format by the other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type InboundContent,
  inboundContentDigest,
  inboundContentDigestBeforeSender,
  inboundSealMatch,
} from './inbound-digest.ts';

const text = fc.string({ maxLength: 40 });
const maybe = fc.option(text, { nil: null });
const content: fc.Arbitrary<InboundContent> = fc.record({
  id: text,
  channel: text,
  door: maybe,
  mailbox: maybe,
  messageId: maybe,
  inReplyTo: maybe,
  carriedMessageId: maybe,
  bodySha256: maybe,
  originalSha256: maybe,
  subject: text,
  fromAddress: maybe,
  fromName: maybe,
  toAddress: maybe,
  at: text,
  language: maybe,
  textBody: maybe,
  createdAt: text,
  senderAddress: maybe,
});
const FIELDS = [
  'id',
  'channel',
  'door',
  'mailbox',
  'messageId',
  'inReplyTo',
  'carriedMessageId',
  'bodySha256',
  'originalSha256',
  'subject',
  'fromAddress',
  'fromName',
  'toAddress',
  'at',
  'language',
  'textBody',
  'createdAt',
  'senderAddress',
] as const satisfies readonly (keyof InboundContent)[];

describe('inbound seal', () => {
  it('changes with any sealed field, and only then', () => {
    fc.assert(
      fc.property(content, fc.constantFrom(...FIELDS), maybe, (c, field, value) => {
        const changed = { ...c, [field]: value } as InboundContent;
        assert.equal(inboundContentDigest({ ...c }), inboundContentDigest(c));
        assert.equal(
          inboundContentDigest(changed) === inboundContentDigest(c),
          changed[field] === c[field],
          `${field}: ${JSON.stringify(c[field])} -> ${JSON.stringify(value)}`,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('matches a seal of either format, and tells whether it covers the verified sender', () => {
    fc.assert(
      fc.property(content, fc.constantFrom(...FIELDS), maybe, (c, field, value) => {
        const changed = { ...c, [field]: value } as InboundContent;
        const same = changed[field] === c[field];
        const { senderAddress: _, ...before } = c;
        // Sealed now: the seal covers every field, the sender included.
        assert.equal(inboundSealMatch(changed, inboundContentDigest(c)), same ? 'sender_sealed' : null);
        // Sealed before the sender was: every field but the sender is still covered, the sender is not.
        assert.equal(
          inboundSealMatch(changed, inboundContentDigestBeforeSender(before)),
          same || field === 'senderAddress' ? 'sender_unsealed' : null,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps both formats byte for byte: a seal taken by an earlier release still matches', () => {
    // Known answers: rows in archives are sealed with these; any change of a format's fields or order breaks them.
    const c = {
      id: 'c1',
      channel: 'email',
      door: 'smtp',
      mailbox: 'complaints',
      messageId: '<m@x>',
      inReplyTo: null,
      carriedMessageId: null,
      bodySha256: 'b',
      originalSha256: 'o',
      subject: 'S',
      fromAddress: 'a@example.org',
      fromName: 'A',
      toAddress: 'complaint@example.org',
      at: '2026-12-01T10:00:00.000Z',
      language: 'de',
      textBody: 'Text',
      createdAt: '2026-12-01T10:00:01.000Z',
      senderAddress: 'a@example.org',
    } satisfies InboundContent;
    assert.equal(inboundContentDigest(c), '1d4936a4691384a5f5f7eb537285b514b2e45f7a21734348211c0de80eddecd3');
    assert.equal(
      inboundContentDigestBeforeSender(c),
      '6cc45cb086d65f88b006b673d2368e0ad629816d5145f7dac2ff9d53b675bb2e',
    );
  });
});
