// A case dossier (P6.2): one ZIP that shows an ombudsman, a court or an auditor what was received, when, and what
// was answered. It holds every original as received, every outbound item, the case's events as JSON (with their
// chain: digests, previous hashes, hashes) and as a readable PDF, and a manifest with the SHA-256 of every file
// and the chain's head. This module makes the manifest and checks a dossier offline, from its files alone: every
// file against the manifest, the event chain link by link up to the head the manifest names, and every outbound
// item against the digest of what was recorded to be sent. The head can then be compared with the live archive
// (`redress archive verify` checks that one).
// A case anonymised since (an erasure request, the retention run) keeps its chain: its events' payloads and its
// outbound items' personal fields were replaced, their digests kept. The dossier marks them redacted, and they are
// checked for holding only what redaction writes (their digests can no longer be compared), as the archive's own
// verification checks them; what they held is gone from the archive too, so nothing can show it.
import { type ChainProblem, type StoredLink, sha256Hex, verifyStream } from './hash-chain.ts';
import { type OutboundContent, outboundContentDigest } from './outbound-digest.ts';
import { ANONYMISED, isRedacted } from './retention.ts';

export const DOSSIER_FORMAT = 'redress-dossier/1';
export const MANIFEST = 'manifest.json';
export const SUMS = 'SHA256SUMS';
export const EVENTS = 'events.json';
export const OUTBOUND = 'outbound.json';
/** The complainant's own stream (contact details, restrictions of P8.3): the decisions that shaped the case. */
export const COMPLAINANT_EVENTS = 'complainant-events.json';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  /** What the file is: an original as received, an outbound item, the history. */
  role:
    | 'original'
    | 'outbound'
    | 'outbound_attachment'
    | 'events'
    | 'complainant_events'
    | 'history'
    | 'outbound_index';
  /** Originals and letters: the key under which the archive stores the bytes (their SHA-256). */
  archiveSha256?: string;
  correspondenceId?: string;
  /** Outbound e-mails: the message is composed again from the recorded item (the archive keeps the item). */
  composed?: boolean;
}

export interface DossierManifest {
  format: typeof DOSSIER_FORMAT;
  reference: string;
  caseId: string;
  exportedAt: string;
  exportedBy: string;
  chain: { stream: string; events: number; head: string | null };
  /** The complainant's stream, when the case has one. */
  complainantChain?: { stream: string; events: number; head: string | null };
  files: ManifestFile[];
}

export interface DossierEvents {
  stream: string;
  version: number;
  headHash: string | null;
  events: StoredLink[];
}

export interface DossierOutbound extends OutboundContent {
  id: string;
  status: string;
  at: string;
  purpose: string;
  contentSha256: string | null;
  file: string | null;
  /** Its personal fields were replaced by retention (absent in dossiers exported before it was recorded). */
  redacted?: boolean;
}

/**
 * Whether a redacted outbound item holds only what redaction writes (retention.repo.ts `redactCorrespondence`):
 * the subject replaced, no text, no recipient, no Message-ID of theirs, no attachments, no postal address, no PDF.
 */
export function holdsOnlyRedaction(item: OutboundContent): boolean {
  return (
    item.subject === ANONYMISED &&
    item.text === '' &&
    item.toAddress === null &&
    item.inReplyTo === null &&
    item.references.length === 0 &&
    item.attachments.length === 0 &&
    item.postalAddress === null &&
    item.originalSha256 === null
  );
}

/** The manifest for `files` (path → bytes), and the SHA256SUMS text (`sha256sum -c` reads it). */
export function buildManifest(
  head: Omit<DossierManifest, 'files' | 'format'>,
  files: readonly (Omit<ManifestFile, 'sha256' | 'size'> & { bytes: Uint8Array })[],
): { manifest: DossierManifest; manifestBytes: Uint8Array; sums: Uint8Array } {
  return manifestOf(
    head,
    files.map(({ bytes, ...f }) => ({ ...f, sha256: sha256Hex(bytes), size: bytes.byteLength })),
  );
}

/**
 * The manifest and SHA256SUMS for files whose sums are already taken (an export written as a stream takes each
 * file's sum while its bytes pass, and lists them all at the end).
 */
export function manifestOf(
  head: Omit<DossierManifest, 'files' | 'format'>,
  files: ManifestFile[],
): { manifest: DossierManifest; manifestBytes: Uint8Array; sums: Uint8Array } {
  const manifest: DossierManifest = { format: DOSSIER_FORMAT, ...head, files };
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const lines = [
    ...manifest.files.map((f) => `${f.sha256}  ${f.path}`),
    `${sha256Hex(manifestBytes)}  ${MANIFEST}`,
  ];
  return { manifest, manifestBytes, sums: new TextEncoder().encode(`${lines.join('\n')}\n`) };
}

export interface DossierProblem {
  kind: 'file_missing' | 'file_altered' | 'file_extra' | 'manifest' | 'chain' | 'outbound_altered';
  path: string;
  detail: string;
}

export interface DossierReport {
  reference: string | null;
  head: string | null;
  events: number;
  files: number;
  problems: DossierProblem[];
}

function parseJson<T>(bytes: Uint8Array | undefined): T | null {
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as T;
  } catch {
    return null;
  }
}

const chainDetail = (p: ChainProblem) => `${p.kind}: ${p.detail}`;

/** Checks a dossier from its files alone (path → bytes, as unpacked from the ZIP). */
export function verifyDossier(files: ReadonlyMap<string, Uint8Array>): DossierReport {
  const problems: DossierProblem[] = [];
  const manifest = parseJson<DossierManifest>(files.get(MANIFEST));
  if (!manifest || manifest.format !== DOSSIER_FORMAT || !Array.isArray(manifest.files)) {
    problems.push({
      kind: 'manifest',
      path: MANIFEST,
      detail: files.has(MANIFEST)
        ? `the manifest is not a ${DOSSIER_FORMAT} manifest`
        : 'there is no manifest: this is not a Redress case dossier',
    });
    return { reference: null, head: null, events: 0, files: files.size, problems };
  }
  const listed = new Set<string>([MANIFEST, SUMS]);
  for (const f of manifest.files) {
    listed.add(f.path);
    const bytes = files.get(f.path);
    if (!bytes) {
      problems.push({
        kind: 'file_missing',
        path: f.path,
        detail: `${f.path} is listed in the manifest but missing`,
      });
      continue;
    }
    const actual = sha256Hex(bytes);
    if (actual !== f.sha256 || bytes.byteLength !== f.size)
      problems.push({
        kind: 'file_altered',
        path: f.path,
        detail: `${f.path} does not match its SHA-256 in the manifest (now ${actual})`,
      });
    else if (f.archiveSha256 && f.archiveSha256 !== actual)
      problems.push({
        kind: 'file_altered',
        path: f.path,
        detail: `${f.path} is not the original the archive holds (${f.archiveSha256})`,
      });
  }
  for (const path of files.keys())
    if (!listed.has(path))
      problems.push({ kind: 'file_extra', path, detail: `${path} is not listed in the manifest (added?)` });
  const sums = files.get(SUMS);
  if (sums) {
    const expected = new Map(
      new TextDecoder()
        .decode(sums)
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(66), l.slice(0, 64)] as const),
    );
    for (const [path, sum] of expected) {
      const bytes = files.get(path);
      if (bytes && sha256Hex(bytes) !== sum)
        problems.push({ kind: 'file_altered', path, detail: `${path} does not match its line in ${SUMS}` });
    }
  }

  const checkChain = (path: string, chain: DossierManifest['chain'] | undefined): number => {
    if (!chain) return 0;
    const events = parseJson<DossierEvents>(files.get(path));
    if (!events || !Array.isArray(events.events)) {
      problems.push({ kind: 'chain', path, detail: `${path} is missing or unreadable` });
      return 0;
    }
    for (const p of verifyStream(events.stream, events.events, {
      version: chain.events,
      headHash: chain.head,
    }))
      problems.push({ kind: 'chain', path, detail: chainDetail(p) });
    // A redacted payload's digest is not compared (verifyStream): what it holds is, as the archive checks it.
    for (const e of events.events)
      if (e.redacted && !isRedacted(e.payload))
        problems.push({
          kind: 'chain',
          path,
          detail: `event ${e.seq} (${e.type}) is marked redacted but holds text that redaction does not write`,
        });
    if (events.stream !== chain.stream)
      problems.push({
        kind: 'chain',
        path,
        detail: `the events are of ${events.stream}, not ${chain.stream}`,
      });
    return events.events.length;
  };
  const count = checkChain(EVENTS, manifest.chain);
  checkChain(COMPLAINANT_EVENTS, manifest.complainantChain);

  const outbound = parseJson<DossierOutbound[]>(files.get(OUTBOUND));
  for (const item of outbound ?? []) {
    if (item.redacted) {
      if (!holdsOnlyRedaction(item))
        problems.push({
          kind: 'outbound_altered',
          path: OUTBOUND,
          detail: `outbound item ${item.id} is marked redacted but holds what redaction does not write`,
        });
    } else if (item.contentSha256 && outboundContentDigest(item) !== item.contentSha256)
      problems.push({
        kind: 'outbound_altered',
        path: OUTBOUND,
        detail: `outbound item ${item.id} does not match the digest recorded when it was written`,
      });
    const file = item.file ? files.get(item.file) : undefined;
    if (item.channel === 'letter' && item.originalSha256 && file && sha256Hex(file) !== item.originalSha256)
      problems.push({
        kind: 'outbound_altered',
        path: item.file!,
        detail: `the letter ${item.file} is not the PDF recorded for outbound item ${item.id}`,
      });
  }
  return {
    reference: manifest.reference,
    head: manifest.chain.head,
    events: count,
    files: files.size,
    problems,
  };
}
