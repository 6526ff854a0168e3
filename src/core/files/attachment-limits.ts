// What the files of one message may be: how many, how large each, how large together, of which types. The files of
// a staff answer or free reply go to the complainant in one e-mail: were they accepted by a door and then refused
// by the mail relay, the answer would be recorded as sent and never arrive, with nobody told while it could still
// be put right. So one rule decides, and every place that lets such files through asks it: the web form and the
// API first, to explain in the reader's language; the use cases (answerCase, sendReply) again, so that a caller
// with no door (a script, the command line, a door added later) cannot record what the relay will refuse. The
// rule says what is wrong as a code with its values, never in words: each caller says it in its own. A
// complainant's documents (the public form's, those added behind the private link) are held to the same limits,
// since they too are kept as one message: the pages ask the rule first, and the use cases that keep them
// (submitComplaint, addInformation) ask it again before anything is written (`requireAcceptableDocuments`).
// The type the rule decides on is always the one read from the file's content, at the doors as in the use cases:
// a caller's word for it ("application/pdf", a ".pdf" name) would let a web page or a program be kept and sent.
import { DomainError, type Refusal } from '../case/refusal.ts';
import {
  ATTACHMENT_TYPES,
  type AttachmentType,
  attachmentVerdict,
  type DetectedType,
} from './attachment-policy.ts';

/** The most files one message may carry (an answer, a reply, a complainant's documents). */
export const MAX_FILES = 5;
/** The most one file may weigh, in bytes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Room in one message for its headers, its text and the framing of its parts. */
const MESSAGE_ROOM_BYTES = 256 * 1024;

/**
 * The most the files of one message may weigh together: what one e-mail may carry (`smtp.maxMessageBytes`), less
 * the room of its headers and text and what base64 adds. Base64 writes 57 bytes as a line of 78 (76 characters and
 * CRLF), so the composed message stays within the limit whose worst case the mail door is built for.
 */
export function documentsLimit(maxMessageBytes: number): number {
  return Math.max(0, Math.floor(((maxMessageBytes - MESSAGE_ROOM_BYTES) * 57) / 78));
}

export interface AttachmentLimits {
  /** How many files at most. */
  files: number;
  /** How many bytes each file may weigh at most. */
  fileBytes: number;
  /** How many bytes the files may weigh together at most. */
  totalBytes: number;
  /** The content types allowed. */
  types: readonly string[];
}

/** The limits of the files that go out in one e-mail of at most `maxMessageBytes` (the configuration's). */
export function attachmentLimits(maxMessageBytes: number): AttachmentLimits {
  return attachmentLimitsWithin(documentsLimit(maxMessageBytes));
}

/**
 * The limits of a complainant's documents, kept as one message of at most `maxMessageBytes`: those of the files of
 * one e-mail. A function of their own, so that the doors and use cases that take documents name what they hold.
 */
export function documentsLimits(maxMessageBytes: number): AttachmentLimits {
  return attachmentLimits(maxMessageBytes);
}

/** The same limits, the files together held to `totalBytes` (what a form was read with). */
export function attachmentLimitsWithin(totalBytes: number): AttachmentLimits {
  return { files: MAX_FILES, fileBytes: MAX_FILE_BYTES, totalBytes, types: Object.keys(ATTACHMENT_TYPES) };
}

/** One file as the rule sees it: its name (to say which), its type (null: not known) and its size in bytes. */
export interface AttachmentFacts {
  name: string;
  type: string | null;
  bytes: number;
}

/** What is wrong with the files, the first thing found in this order: count, a file's size, the total, a type. */
export type AttachmentsProblem =
  | { code: 'too_many_files'; count: number; max: number }
  | { code: 'file_too_large'; name: string; bytes: number; max: number }
  | { code: 'too_large_together'; bytes: number; max: number }
  | { code: 'type_not_allowed'; name: string; type: string | null; allowed: readonly string[] };

export type AttachmentsVerdict = { ok: true } | { ok: false; problem: AttachmentsProblem };

/**
 * May these files go together in one message under `limits`? They may when there are no more than `files` of
 * them, none weighs more than `fileBytes`, all together no more than `totalBytes`, and each has an allowed type.
 * Otherwise the first of those found wrong, in that order: the count and the sizes are what a person fixes by
 * choosing other files, and the type is named last, as the doors name it once the files are read.
 */
export function attachmentsVerdict(
  files: readonly AttachmentFacts[],
  limits: AttachmentLimits,
): AttachmentsVerdict {
  if (files.length > limits.files)
    return { ok: false, problem: { code: 'too_many_files', count: files.length, max: limits.files } };
  for (const f of files)
    if (f.bytes > limits.fileBytes)
      return {
        ok: false,
        problem: { code: 'file_too_large', name: f.name, bytes: f.bytes, max: limits.fileBytes },
      };
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  if (total > limits.totalBytes)
    return { ok: false, problem: { code: 'too_large_together', bytes: total, max: limits.totalBytes } };
  for (const f of files)
    if (f.type === null || !limits.types.includes(f.type))
      return {
        ok: false,
        problem: { code: 'type_not_allowed', name: f.name, type: f.type, allowed: limits.types },
      };
  return { ok: true };
}

/**
 * The refusal of a use case asked to send files the rule refuses: an input refusal at the attachments. Over a
 * limit, it states all three limits (whichever was passed, the person chooses the files again by all of them);
 * a type not allowed names the file, as the doors do.
 */
export function attachmentsRefusal(
  problem: AttachmentsProblem,
  limits: AttachmentLimits,
  /** Whose files: staff's, to be sent (by default), or a complainant's documents, to be kept. */
  whose: 'sent' | 'documents' = 'sent',
): Refusal {
  if (problem.code === 'type_not_allowed')
    return {
      code: 'invalid_command',
      message: `attachments: ${problem.name} is ${problem.type ?? 'not a known file type'}; attach a PDF, PNG or JPEG file.`,
      details: { context: 'attachment_type', name: problem.name },
    };
  const values = {
    count: limits.files,
    megabytes: limits.fileBytes / (1024 * 1024),
    bytes: limits.totalBytes,
  };
  // A complainant's documents are received, not sent: their sentence says nothing was kept, and asks again.
  if (whose === 'documents')
    return {
      code: 'invalid_command',
      message: `attachments: ${overLimit(problem, { goIn: 'one message', carries: 'one message' })}; nothing was recorded.`,
      details: { context: 'documents_limits', ...values },
    };
  return {
    code: 'invalid_command',
    message: `attachments: ${overLimit(problem, { goIn: 'one e-mail', carries: 'one e-mail to the complainant' })}; nothing was sent.`,
    details: { context: 'attachments_limits', ...values },
  };
}

/** The core's own sentence (English, for logs and the command line) for a limit passed. */
function overLimit(
  problem: Exclude<AttachmentsProblem, { code: 'type_not_allowed' }>,
  /** What the files go in, as the sentence names it. */
  carrier: { goIn: string; carries: string },
): string {
  switch (problem.code) {
    case 'too_many_files':
      return `${problem.count} files, at most ${problem.max} may go in ${carrier.goIn}`;
    case 'file_too_large':
      return `${problem.name} weighs ${problem.bytes} bytes, more than the ${problem.max} bytes one file may weigh`;
    case 'too_large_together':
      return `the files weigh ${problem.bytes} bytes together, more than the ${problem.max} bytes ${carrier.carries} carries`;
  }
}

/** One file with what its content was found to be (null: no known type), as the rule decides on it. */
export interface TypedFile {
  filename: string;
  content: Uint8Array;
  /** Read from the content (the adapter's `detectType`), never the type a caller states. */
  detected: DetectedType | null;
}

/** A file the rule lets go: named with the extension of its type, that type read from its content. */
export interface CheckedFile {
  filename: string;
  contentType: AttachmentType;
  content: Uint8Array;
}

/**
 * The verdict on the files of one message, each with the type read from its content: what the rule lets go comes
 * back named after its type (a PNG named "photo.pdf" goes as "photo.png", as an image/png); what it refuses comes
 * back as its problem, each file named as it would go, or, refused, by its name cleaned. The same verdict at the
 * doors (to say it in the reader's words) and in the use cases (to refuse whoever calls).
 */
export function messageFilesVerdict(
  files: readonly TypedFile[],
  limits: AttachmentLimits,
): { ok: true; files: CheckedFile[] } | { ok: false; problem: AttachmentsProblem } {
  const named = files.map((f) => attachmentVerdict(f.filename, f.detected));
  const verdict = attachmentsVerdict(
    files.map((f, i) => ({
      name: named[i]!.filename,
      type: f.detected?.mime ?? null,
      bytes: f.content.byteLength,
    })),
    limits,
  );
  if (!verdict.ok) return verdict;
  const out: CheckedFile[] = [];
  for (const [i, f] of files.entries()) {
    const n = named[i]!;
    // Limits that allow a type no file may have (limits are plain values) still never let a file drop out unsaid.
    if (!n.ok)
      return {
        ok: false,
        problem: { code: 'type_not_allowed', name: n.filename, type: n.detected, allowed: limits.types },
      };
    out.push({ filename: n.filename, contentType: n.contentType, content: f.content });
  }
  return { ok: true, files: out };
}

/**
 * For the use cases that take files: the files with the types read from their content, refused with
 * `attachmentsRefusal` unless the rule lets them go, as the doors refuse them; otherwise the files as they are to be
 * kept and sent (named after their type). Called before anything is recorded (or composed from them).
 */
function requireWithin(
  files: readonly TypedFile[],
  limits: AttachmentLimits,
  whose: 'sent' | 'documents',
): CheckedFile[] {
  const verdict = messageFilesVerdict(files, limits);
  if (!verdict.ok) throw new DomainError(attachmentsRefusal(verdict.problem, limits, whose));
  return verdict.files;
}

/** The files of a staff answer or free reply, to be sent (answerCase, sendReply). */
export function requireSendableAttachments(
  files: readonly TypedFile[],
  limits: AttachmentLimits,
): CheckedFile[] {
  return requireWithin(files, limits, 'sent');
}

/** A complainant's documents, to be kept (submitComplaint, addInformation). */
export function requireAcceptableDocuments(
  files: readonly TypedFile[],
  limits: AttachmentLimits,
): CheckedFile[] {
  return requireWithin(files, limits, 'documents');
}
