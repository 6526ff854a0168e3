import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../case/refusal.ts';
import {
  type AttachmentFacts,
  type AttachmentLimits,
  attachmentLimits,
  attachmentsRefusal,
  attachmentsVerdict,
  type CheckedFile,
  documentsLimit,
  documentsLimits,
  MAX_FILE_BYTES,
  MAX_FILES,
  requireAcceptableDocuments,
  requireSendableAttachments,
} from './attachment-limits.ts';
import { attachmentVerdict } from './attachment-policy.ts';

const MiB = 1024 * 1024;
const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const OTHER_TYPES = ['text/html', 'text/plain', 'application/zip', 'application/x-msdownload'];

/** Limits small enough that files over and under each of them are drawn often. */
const limitsArb: fc.Arbitrary<AttachmentLimits> = fc.record({
  files: fc.integer({ min: 0, max: 6 }),
  fileBytes: fc.integer({ min: 0, max: 100 }),
  totalBytes: fc.integer({ min: 0, max: 400 }),
  types: fc.constant(TYPES),
});
const fileArb: fc.Arbitrary<AttachmentFacts> = fc.record({
  name: fc.string({ maxLength: 20 }),
  type: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...TYPES) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_TYPES) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  bytes: fc.integer({ min: 0, max: 120 }),
});

describe('attachmentsVerdict', () => {
  it('refuses exactly when the count, a size, the total or a type is out of bounds, naming the first', () => {
    fc.assert(
      fc.property(fc.array(fileArb, { maxLength: 8 }), limitsArb, (files, limits) => {
        const tooMany = files.length > limits.files;
        const tooLarge = files.find((f) => f.bytes > limits.fileBytes);
        const total = files.reduce((s, f) => s + f.bytes, 0);
        const tooMuch = total > limits.totalBytes;
        const badType = files.find((f) => f.type === null || !TYPES.includes(f.type));
        const v = attachmentsVerdict(files, limits);
        assert.equal(v.ok, !tooMany && !tooLarge && !tooMuch && !badType);
        if (v.ok) return;
        if (tooMany)
          assert.deepEqual(v.problem, { code: 'too_many_files', count: files.length, max: limits.files });
        else if (tooLarge)
          assert.deepEqual(v.problem, {
            code: 'file_too_large',
            name: tooLarge.name,
            bytes: tooLarge.bytes,
            max: limits.fileBytes,
          });
        else if (tooMuch)
          assert.deepEqual(v.problem, { code: 'too_large_together', bytes: total, max: limits.totalBytes });
        else
          assert.deepEqual(v.problem, {
            code: 'type_not_allowed',
            name: badType!.name,
            type: badType!.type,
            allowed: TYPES,
          });
      }),
      { numRuns: 2000 },
    );
  });

  it('lets files go at exactly each limit, and refuses one byte or one file more', () => {
    const limits = attachmentLimits(25 * MiB);
    const pdf = (bytes: number, name = 'a.pdf'): AttachmentFacts => ({
      name,
      type: 'application/pdf',
      bytes,
    });
    assert.deepEqual(attachmentsVerdict([], limits), { ok: true });
    assert.deepEqual(attachmentsVerdict([pdf(MAX_FILE_BYTES)], limits), { ok: true });
    assert.equal(
      (attachmentsVerdict([pdf(MAX_FILE_BYTES + 1)], limits) as { problem: { code: string } }).problem.code,
      'file_too_large',
    );
    const half = Math.floor(limits.totalBytes / 2);
    assert.deepEqual(attachmentsVerdict([pdf(half), pdf(limits.totalBytes - half)], limits), { ok: true });
    assert.equal(
      (
        attachmentsVerdict([pdf(half), pdf(limits.totalBytes - half + 1)], limits) as {
          problem: { code: string };
        }
      ).problem.code,
      'too_large_together',
    );
    const five = Array.from({ length: MAX_FILES }, () => pdf(1));
    assert.deepEqual(attachmentsVerdict(five, limits), { ok: true });
    assert.equal(
      (attachmentsVerdict([...five, pdf(1)], limits) as { problem: { code: string } }).problem.code,
      'too_many_files',
    );
  });

  it('the limits of one e-mail: 5 files of 10 MB, together what the configured message size carries', () => {
    assert.deepEqual(attachmentLimits(25 * MiB), {
      files: 5,
      fileBytes: 10 * MiB,
      totalBytes: documentsLimit(25 * MiB),
      types: TYPES,
    });
    // About 18 MB at the default message size; nothing below the room a message needs for its text.
    assert.ok(documentsLimit(25 * MiB) > 18 * MiB && documentsLimit(25 * MiB) < 18.2 * MiB);
    assert.equal(documentsLimit(1024), 0);
  });
});

describe('the use cases’ refusal', () => {
  const limits = attachmentLimits(25 * MiB);

  it('over a limit: an input refusal at the attachments, stating the three limits', () => {
    const r = attachmentsRefusal(
      { code: 'file_too_large', name: 'scan.pdf', bytes: 15 * MiB, max: 10 * MiB },
      limits,
    );
    assert.equal(r.code, 'invalid_command');
    assert.deepEqual(r.details, {
      context: 'attachments_limits',
      count: 5,
      megabytes: 10,
      bytes: limits.totalBytes,
    });
    assert.match(r.message, /^attachments: scan\.pdf weighs 15728640 bytes/);
  });

  it('a type not allowed: the refusal of the doors, naming the file', () => {
    const r = attachmentsRefusal(
      { code: 'type_not_allowed', name: 'page.html', type: 'text/html', allowed: TYPES },
      limits,
    );
    assert.deepEqual(r.details, { context: 'attachment_type', name: 'page.html' });
    assert.match(r.message, /^attachments: /);
  });

  it('requireSendableAttachments throws the refusal, and lets what the rule lets go', () => {
    const file = (size: number, mime: string | null = 'application/pdf') => ({
      filename: 'x.pdf',
      content: new Uint8Array(size),
      detected: mime ? { mime, ext: mime.split('/')[1]! } : null,
    });
    assert.deepEqual(
      requireSendableAttachments([file(MAX_FILE_BYTES)], limits).map((f) => [f.filename, f.contentType]),
      [['x.pdf', 'application/pdf']],
    );
    // The type read from the content decides, and the name follows it.
    assert.deepEqual(
      requireSendableAttachments([file(10, 'image/png')], limits).map((f) => [f.filename, f.contentType]),
      [['x.png', 'image/png']],
    );
    assert.throws(
      () => requireSendableAttachments([file(10, null)], limits),
      (e: unknown) =>
        e instanceof DomainError &&
        (e.details as { context: string; name: string }).context === 'attachment_type' &&
        (e.details as { name: string }).name === 'x.pdf',
    );
    assert.throws(
      () => requireSendableAttachments([file(MAX_FILE_BYTES + 1)], limits),
      (e: unknown) => e instanceof DomainError && e.code === 'invalid_command',
    );
    assert.throws(
      () => requireSendableAttachments([file(10, 'text/plain')], limits),
      (e: unknown) =>
        e instanceof DomainError && (e.details as { context: string }).context === 'attachment_type',
    );
  });
});

describe('a complainant’s documents', () => {
  it('are held to the limits of one e-mail’s files, whatever the configured message size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 2 ** 31 }), (maxMessageBytes) => {
        assert.deepEqual(documentsLimits(maxMessageBytes), attachmentLimits(maxMessageBytes));
      }),
    );
  });

  it('requireAcceptableDocuments refuses exactly what the rule refuses, saying nothing was recorded', () => {
    fc.assert(
      fc.property(fc.array(fileArb, { maxLength: 8 }), limitsArb, (facts, limits) => {
        const files = facts.map((f) => ({
          filename: f.name,
          content: new Uint8Array(f.bytes),
          detected: f.type ? { mime: f.type, ext: 'x' } : null,
        }));
        // Each file named as it would go (or, refused, by its name cleaned), as the doors name it.
        const verdict = attachmentsVerdict(
          files.map((f) => ({
            name: attachmentVerdict(f.filename, f.detected).filename,
            type: f.detected?.mime ?? null,
            bytes: f.content.byteLength,
          })),
          limits,
        );
        let thrown: unknown = null;
        let kept: CheckedFile[] = [];
        try {
          kept = requireAcceptableDocuments(files, limits);
        } catch (e) {
          thrown = e;
        }
        if (verdict.ok) {
          assert.equal(thrown, null);
          // Every file is kept, with the type read from its content.
          return assert.deepEqual(
            kept.map((f) => f.contentType),
            files.map((f) => f.detected?.mime),
          );
        }
        assert.ok(thrown instanceof DomainError);
        assert.equal(thrown.code, 'invalid_command');
        if (verdict.problem.code === 'type_not_allowed')
          assert.deepEqual(thrown.details, { context: 'attachment_type', name: verdict.problem.name });
        else {
          assert.deepEqual(thrown.details, {
            context: 'documents_limits',
            count: limits.files,
            megabytes: limits.fileBytes / MiB,
            bytes: limits.totalBytes,
          });
          assert.match(thrown.message, /^attachments: .*; nothing was recorded\.$/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
