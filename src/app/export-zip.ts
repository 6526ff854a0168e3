// The ZIP of an export (a case dossier, everything held on a complainant), written as a stream: each file's bytes
// go into the ZIP and on to the file or the download as they are read from the store, a piece at a time, and
// each file's SHA-256 is taken while its bytes pass. Nothing holds the whole ZIP, nor a whole original larger
// than a chunk of the store: a person whose address sent thousands of messages, or messages of 25 MB, makes an
// export that takes long, never one that takes the server's memory.
import { createHash } from 'node:crypto';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ManifestFile } from '../core/archive/dossier.ts';

/** Where the ZIP's bytes go, in order; each write is awaited, so the file or the client sets the pace. */
export interface ZipSink {
  write(bytes: Uint8Array): Promise<void>;
}

/**
 * Delivers an export: opens where it goes (named `filename`), lets `write` fill it, and resolves only once it is
 * whole there (a file flushed to disk and renamed into place, a download handed over entirely). It rejects when
 * that could not be done; the export is then not recorded.
 */
export type DeliverZip = (filename: string, write: (sink: ZipSink) => Promise<void>) => Promise<void>;

/** A file of a dossier or a subject export, before its sum is taken: its bytes, or a way to read them in pieces. */
export type ExportFile = Omit<ManifestFile, 'sha256' | 'size'> & {
  content: Uint8Array | (() => AsyncIterable<Uint8Array>);
};

/** Originals and PDFs are stored as they are (already compressed, or kept byte for byte); the rest deflated. */
const stored = (f: { path: string; role?: string }) => f.role === 'original' || f.path.endsWith('.pdf');

/**
 * Writes `files` into a ZIP on `sink`, in order, then the files `tail` makes from their sums (the manifest and
 * SHA256SUMS), and closes the ZIP. Returns the files as listed (with their SHA-256 and size).
 */
export async function writeExportZip(
  sink: ZipSink,
  at: string,
  files: readonly ExportFile[],
  tail: (listed: ManifestFile[]) => { path: string; bytes: Uint8Array }[],
): Promise<ManifestFile[]> {
  const mtime = new Date(at);
  // fflate hands over the ZIP's bytes synchronously while a file is pushed; they wait here until the sink took
  // them, which happens before the next piece is read.
  const pending: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else pending.push(chunk);
  });
  const flush = async () => {
    if (failed) throw failed;
    while (pending.length) await sink.write(pending.shift()!);
  };
  const add = async (file: { path: string; role?: string }, content: ExportFile['content']) => {
    const entry = stored(file) ? new ZipPassThrough(file.path) : new ZipDeflate(file.path, { level: 6 });
    entry.mtime = mtime;
    zip.add(entry);
    const hash = createHash('sha256');
    let size = 0;
    const pieces = content instanceof Uint8Array ? [content] : content();
    for await (const piece of pieces) {
      hash.update(piece);
      size += piece.byteLength;
      entry.push(piece);
      await flush();
    }
    entry.push(new Uint8Array(0), true);
    await flush();
    return { sha256: hash.digest('hex'), size };
  };
  const listed: ManifestFile[] = [];
  for (const { content, ...f } of files) listed.push({ ...f, ...(await add(f, content)) });
  for (const f of tail(listed)) await add(f, f.bytes);
  zip.end();
  await flush();
  return listed;
}
