// Which stored files a browser may show in place (a letter's scan, a PDF a complainant sent) rather than only
// download. Decided on what the content IS (the attachment policy's types, detected from the bytes), never on the
// name or the Content-Type the sender claimed: a page named "scan.pdf" must not open as a page. Everything else
// stays a download.
import { ATTACHMENT_TYPES, type AttachmentType, type DetectedType } from './attachment-policy.ts';

export type Viewing =
  | { inline: true; contentType: AttachmentType; extension: string }
  | { inline: false; contentType: 'application/octet-stream' };

export function viewingOf(detected: DetectedType | null): Viewing {
  if (detected && Object.hasOwn(ATTACHMENT_TYPES, detected.mime)) {
    const contentType = detected.mime as AttachmentType;
    return { inline: true, contentType, extension: ATTACHMENT_TYPES[contentType][0] };
  }
  return { inline: false, contentType: 'application/octet-stream' };
}
