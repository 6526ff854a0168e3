// What a file is, read from its content: every use case that takes a file, and every door, asks this and never the
// type its sender states (a web page sent as "application/pdf" under a ".pdf" name is still a web page). The use
// cases receive it through their context (src/app/context.ts), so that the rule of src/core/files decides on it
// whoever calls them.
import type { DetectedType } from '../../core/files/attachment-policy.ts';

/** What a file is, from its content (file-type reads its signature); null when no known type matches. */
export async function detectType(content: Uint8Array): Promise<DetectedType | null> {
  // Loaded with the first file that needs it, not when the process starts.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(content).catch(() => undefined);
  return found ? { mime: found.mime, ext: found.ext } : null;
}
