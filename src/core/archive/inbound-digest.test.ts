// The seal of an inbound item: any change to what was received (a field of the seal, to any other value, null
// included) gives another digest; the same content gives the same digest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type InboundContent, inboundContentDigest } from './inbound-digest.ts';

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
});
