// The files a use case takes, each with what its content shows it to be (the context's `detectType`), for the rule
// of src/core/files to decide on. What a caller states about a file (a Content-Type, a ".pdf" name) is never asked:
// a door that read the content already, a script or the command line all reach the same verdict.
import type { TypedFile } from '../core/files/attachment-limits.ts';
import type { AppContext } from './context.ts';

/** A file as a caller gives it: its name and bytes, and perhaps the type it states (not trusted, not read). */
export interface GivenFile {
  filename: string;
  /** What the caller says the file is: never decides anything, the content does. */
  contentType?: string;
  content: Uint8Array;
}

/** Each file with the type read from its content, in order. */
export async function withTypesRead(ctx: AppContext, files: readonly GivenFile[]): Promise<TypedFile[]> {
  const out: TypedFile[] = [];
  for (const f of files)
    out.push({ filename: f.filename, content: f.content, detected: await ctx.detectType(f.content) });
  return out;
}
