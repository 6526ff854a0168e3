// Only what the content shows to be a PDF, PNG or JPEG is shown in place; everything else is a download.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { viewingOf } from './viewing.ts';

describe('viewing stored files', () => {
  it('shows PDF, PNG and JPEG with their own type and extension', () => {
    assert.deepEqual(viewingOf({ mime: 'application/pdf', ext: 'pdf' }), {
      inline: true,
      contentType: 'application/pdf',
      extension: 'pdf',
    });
    assert.equal(viewingOf({ mime: 'image/png', ext: 'png' }).contentType, 'image/png');
    assert.deepEqual(viewingOf({ mime: 'image/jpeg', ext: 'jpg' }), {
      inline: true,
      contentType: 'image/jpeg',
      extension: 'jpg',
    });
  });
  it('downloads anything else, including unknown content, HTML, SVG and XML (property)', () => {
    assert.equal(viewingOf(null).inline, false);
    for (const mime of ['text/html', 'image/svg+xml', 'application/xml', 'image/tiff', 'application/zip'])
      assert.deepEqual(viewingOf({ mime, ext: 'x' }), {
        inline: false,
        contentType: 'application/octet-stream',
      });
    fc.assert(
      fc.property(fc.string(), (mime) => {
        const v = viewingOf({ mime, ext: 'x' });
        assert.equal(v.inline, ['application/pdf', 'image/png', 'image/jpeg'].includes(mime));
      }),
    );
  });
});
