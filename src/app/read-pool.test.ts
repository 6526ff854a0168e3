// What a reading thread hands back for filing (read-pool.ts `forFiling`): the text kept for the correspondence is
// the same as from the whole message, while a body of megabytes is no longer carried whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyMessage, READ_TEXT_LIMIT, readableBody } from '../core/intake/parsed-message.ts';
import { forFiling } from './read-pool.ts';

/** Bodies short and long, with and without line ends around the limit, letters or none. */
const body = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 300 }),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.integer({ min: READ_TEXT_LIMIT - 50, max: READ_TEXT_LIMIT * 3 }),
    )
    .map(([line, n]) => line.repeat(Math.ceil(n / line.length)).slice(0, n)),
);

describe('forFiling', () => {
  it('keeps the readable body of every message, and no body longer than what is read', () => {
    fc.assert(
      fc.property(body, body, body, fc.boolean(), (text, html, htmlText, attached) => {
        const inner = { ...emptyMessage(), text, html, htmlText };
        const m = { ...emptyMessage(), text, html, htmlText, attachedMessage: attached ? inner : null };
        const f = forFiling(m);
        assert.equal(readableBody(f), readableBody(m));
        for (const part of [f.text, f.html, f.htmlText, f.attachedMessage?.text])
          assert.ok((part?.length ?? 0) <= READ_TEXT_LIMIT);
        if (attached) assert.equal(readableBody(f.attachedMessage!), readableBody(inner));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves everything else as it is', () => {
    const m = { ...emptyMessage(), subject: 'Réclamation', text: 'x'.repeat(5 * READ_TEXT_LIMIT) };
    const f = forFiling(m);
    assert.deepEqual({ ...f, text: null }, { ...m, text: null });
  });
});
