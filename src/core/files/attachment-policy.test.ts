import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ATTACHMENT_TYPES, attachmentVerdict, nameMatchingType } from './attachment-policy.ts';

const PDF = { mime: 'application/pdf', ext: 'pdf' };
const JPEG = { mime: 'image/jpeg', ext: 'jpg' };

describe('attachmentVerdict', () => {
  it('gives a PDF named .html the extension of what it is', () => {
    assert.deepEqual(attachmentVerdict('invoice.html', PDF), {
      ok: true,
      filename: 'invoice.pdf',
      contentType: 'application/pdf',
    });
    assert.equal((attachmentVerdict('photo.JPEG', JPEG) as { filename: string }).filename, 'photo.JPEG');
    assert.equal((attachmentVerdict('photo', JPEG) as { filename: string }).filename, 'photo.jpg');
    assert.equal((attachmentVerdict('../../etc/passwd', PDF) as { filename: string }).filename, 'passwd.pdf');
    assert.equal((attachmentVerdict('\u202Egpj.exe', PDF) as { filename: string }).filename, 'gpj.pdf');
  });

  it('refuses what is not a PDF, PNG or JPEG, whatever its name says, and says why', () => {
    const html = attachmentVerdict('report.pdf', null);
    assert.equal(html.ok, false);
    assert.match(
      (html as { message: string }).message,
      /report\.pdf: .*not a known file type.*PDF, PNG, JPG/,
    );
    const zip = attachmentVerdict('x.pdf', { mime: 'application/zip', ext: 'zip' });
    assert.equal(zip.ok, false);
  });

  it('whatever the name, an allowed file ends in an extension of its type, on one line', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom(...Object.keys(ATTACHMENT_TYPES)),
        (name, mime) => {
          const v = attachmentVerdict(name, { mime, ext: 'x' });
          assert.ok(v.ok);
          const exts = ATTACHMENT_TYPES[mime as keyof typeof ATTACHMENT_TYPES] as readonly string[];
          assert.ok(
            exts.includes(v.filename.slice(v.filename.lastIndexOf('.') + 1).toLowerCase()),
            v.filename,
          );
          assert.ok(!/[\p{Cc}/\\]/u.test(v.filename));
          assert.ok([...v.filename].length <= 120);
        },
      ),
    );
  });
});

describe('nameMatchingType', () => {
  it('keeps a matching extension, replaces a contradicting one, adds a missing one', () => {
    assert.equal(nameMatchingType('scan.html', ['pdf']), 'scan.pdf');
    assert.equal(nameMatchingType('Scan.TIFF', ['tif', 'tiff']), 'Scan.TIFF');
    assert.equal(nameMatchingType('brief', ['pdf']), 'brief.pdf');
    assert.equal(nameMatchingType('C:\\scans\\..\\x.exe', ['png']), 'x.png');
  });
});
