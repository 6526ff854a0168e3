// Which files staff may attach to what Redress sends (web form and API alike), decided on what the file IS, not
// on what its name or the sender's Content-Type claim: a PDF named "invoice.html" would open in a browser as
// a web page, and a web page named ".pdf" would be rendered by a mail client. The type comes from the file's
// content (detected by the adapter); the name keeps its stem and gets the extension of that type.
import { cleanLine } from '../text/clean-text.ts';

/** The types an attachment may have, with the extension its name must end in (the first one when it does not). */
export const ATTACHMENT_TYPES = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** What the file's content shows it to be (null: no known signature, e.g. text or HTML). */
export interface DetectedType {
  mime: string;
  ext: string;
}

export type AttachmentVerdict =
  | { ok: true; filename: string; contentType: AttachmentType }
  | {
      ok: false;
      /** The name as given (cleaned), for the message. */
      filename: string;
      /** What the content was found to be, when known. */
      detected: string | null;
      /** A sentence naming what is wrong and the fix. */
      message: string;
    };

const NAME_MAX = 120;

function isAllowed(mime: string): mime is AttachmentType {
  return Object.hasOwn(ATTACHMENT_TYPES, mime);
}

/** A file name that is one visible line, without folders, and not empty. */
function baseName(filename: string): string {
  const last = cleanLine(filename, 1000).split(/[/\\]/).at(-1) ?? '';
  const clean = last.replace(/^\.+/, '').trim();
  return clean || 'attachment';
}

/**
 * `filename` without folders or invisible characters, ending in one of `extensions` (the first is added or
 * put in place of a contradicting one): a scan that is a PDF is never named ".html".
 */
export function nameMatchingType(filename: string, extensions: readonly [string, ...string[]]): string {
  const name = baseName(filename);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const keep = extensions.includes(ext);
  const shortStem = [...stem].length > NAME_MAX - 6 ? [...stem].slice(0, NAME_MAX - 6).join('') : stem;
  return `${shortStem}.${keep ? name.slice(dot + 1) : extensions[0]}`;
}

/** The verdict on one file: allowed with a name whose extension matches its content, or refused with why. */
export function attachmentVerdict(filename: string, detected: DetectedType | null): AttachmentVerdict {
  const name = baseName(filename);
  const allowedList = Object.values(ATTACHMENT_TYPES)
    .map((exts) => exts[0].toUpperCase())
    .join(', ');
  if (!detected || !isAllowed(detected.mime))
    return {
      ok: false,
      filename: name,
      detected: detected?.mime ?? null,
      message: `${name}: the file's content is ${detected ? `${detected.mime}` : 'not a known file type'}; attach a ${allowedList} file (its name does not decide its type).`,
    };
  return {
    ok: true,
    filename: nameMatchingType(name, ATTACHMENT_TYPES[detected.mime]),
    contentType: detected.mime,
  };
}
