// Showing an inbound original safely: the HTML body sanitised (no scripts, no event handlers, no javascript: or
// data: links, no remote images that would tell the sender the mail was read), served as its own document under
// a `sandbox` CSP inside a sandboxed iframe; attachments listed and downloaded, never rendered.
//
// Parsing and sanitising run on a worker thread with a budget of time and heap, never on the thread that
// answers HTTP: MIME and HTML parsers grow quadratically on pathological input (a 1 MB message of nested
// unclosed tags froze the web app for half a minute per view). Past the budget the worker is stopped, the view
// says the message is too complex to show, and the original stays downloadable as it is.
import { createHash } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type PostalMime from 'postal-mime';
import type sanitizeHtml from 'sanitize-html';
import { boundNesting } from '../mail/html-nesting.ts';
import { withLineEndings } from '../mail/raw-message.ts';
import { ownCpuMs as cpuMs, currentThreadId, overCpuBudget, threadCpuMs } from '../os/threads.ts';

export interface AttachmentView {
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface OriginalView {
  html: string | null;
  attachments: AttachmentView[];
  /** Set when the message could not be shown within the viewer's budget (download the original instead). */
  tooComplex?: boolean;
}

const sanitizeOptions = (sanitize: typeof sanitizeHtml): sanitizeHtml.IOptions => ({
  allowedTags: sanitize.defaults.allowedTags.filter((tag) => tag !== 'img'),
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
    }),
  },
});

/**
 * The MIME parser and the HTML sanitiser, loaded with the first view. Only the viewer's thread (and tests) parse
 * and sanitise; the thread that answers HTTP imports this file for its helpers and for starting the viewer, and
 * would otherwise hold their code in its heap (a server's memory counts every thread's).
 */
let libraries: Promise<{
  parser: typeof PostalMime;
  sanitize: (html: string) => string;
}> | null = null;
function librariesOf() {
  libraries ??= Promise.all([import('postal-mime'), import('sanitize-html')]).then(
    ([{ default: parser }, { default: sanitizer }]) => {
      const options = sanitizeOptions(sanitizer);
      return { parser, sanitize: (html: string) => sanitizer(html, options) };
    },
  );
  return libraries;
}

export async function sanitizeMailHtml(html: string): Promise<string> {
  const { sanitize } = await librariesOf();
  return sanitize(boundNesting(html));
}

/** Only originals that are e-mails are parsed; a letter scan is an attachment-like download. */
export function isEmail(contentType: string | null): boolean {
  return !contentType || /^message\/rfc822\b/i.test(contentType) || /^text\/plain\b/i.test(contentType);
}

/** Parses and sanitises here (on the viewer's worker thread; tests of the sanitising call it directly). */
export async function viewOriginalHere(
  content: Uint8Array,
  contentType: string | null,
): Promise<OriginalView> {
  if (!isEmail(contentType)) return { html: null, attachments: [] };
  try {
    const { parser } = await librariesOf();
    const email = await parser.parse(withLineEndings(content), { attachmentEncoding: 'arraybuffer' });
    return {
      html: email.html ? await sanitizeMailHtml(email.html) : null,
      attachments: email.attachments.map((a, index) => ({
        index,
        filename: safeFilename(a.filename, index),
        contentType: a.mimeType || 'application/octet-stream',
        size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
      })),
    };
  } catch {
    return { html: null, attachments: [] };
  }
}

export async function attachmentOfHere(
  content: Uint8Array,
  index: number,
): Promise<{ filename: string; body: Buffer } | null> {
  const { parser } = await librariesOf();
  const email = await parser.parse(withLineEndings(content), { attachmentEncoding: 'arraybuffer' });
  const a = email.attachments[index];
  if (!a) return null;
  const body =
    typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content as ArrayBuffer);
  return { filename: safeFilename(a.filename, index), body };
}

/** A file name without paths or control characters, never empty. */
export function safeFilename(name: string | null | undefined, index: number): string {
  const cleaned = (name ?? '')
    .replace(/[\p{Cc}/\\]+/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return cleaned || `attachment-${index + 1}`;
}

/** Content-Disposition: attachment, with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The sandboxed document for the iframe. */
export function mailBodyDocument(sanitized: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>body{font:15px/1.5 system-ui,sans-serif;color:#1b1f24;margin:12px;overflow-wrap:anywhere}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:2px 6px}a{color:#0b57d0}</style></head><body>${sanitized}</body></html>`;
}

// ---------------------------------------------------------------------------------------------------------------
// The viewer's worker thread: one, started with the first view, stopped after a minute without views.

/**
 * What one view may cost on the worker: CPU time of its thread (time on the clock where the system cannot tell it,
 * and as a backstop: threads.ts `overCpuBudget`) and heap. A test lowers the time to see it hold. CPU time rather
 * than time on the clock, as for reading mail: on a busy machine an ordinary message may wait for a core far longer
 * than it takes to show, and would otherwise be remembered as too complex.
 */
export const VIEW_BUDGET = { ms: 2000, heapMb: 256 };
/** How often the budget of the view in progress is checked. */
const CHECK_MS = 25;
const IDLE_STOP_MS = 60_000;
/** Originals that went over the budget lately (by hash): shown as too complex at once, not tried again. */
const tooComplex = new Set<string>();
const TOO_COMPLEX_REMEMBERED = 200;

type ViewJob =
  | { id: number; kind: 'view'; content: Uint8Array; contentType: string | null }
  | { id: number; kind: 'attachment'; content: Uint8Array; index: number };
/** The worker's answers, each with its CPU time then (ms): the baseline of the next view's budget. */
type ViewAnswer = (
  | { ready: true; thread: number | null }
  | { id: number; result: unknown }
  | { id: number; error: string }
) & {
  cpuMs: number;
};

interface Queued {
  job: ViewJob;
  key: string;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

class OverBudget extends Error {}

interface Viewer {
  worker: Worker;
  running: Queued | null;
  timer: NodeJS.Timeout | null;
  /** Set once the worker has loaded the parsers and shown a first message: the budget counts from then. */
  ready: boolean;
  /** The worker's thread in the operating system (null where unknown). */
  thread: number | null;
  /** The worker's CPU time in its latest answer: an idle worker uses next to none, so also when it begins the next. */
  lastCpuMs: number;
}

let viewer: Viewer | null = null;
const queue: Queued[] = [];
let idleTimer: NodeJS.Timeout | null = null;
let jobIds = 0;

function startViewer(): Viewer {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { redressOriginalViewer: true },
    resourceLimits: { maxOldGenerationSizeMb: VIEW_BUDGET.heapMb, maxYoungGenerationSizeMb: 16 },
  });
  const v: Viewer = { worker, running: null, timer: null, ready: false, thread: null, lastCpuMs: 0 };
  worker.on('message', (answer: ViewAnswer) => {
    v.lastCpuMs = answer.cpuMs;
    if ('ready' in answer) {
      v.ready = true;
      v.thread = answer.thread;
      if (v.running) startBudget(v);
      return;
    }
    const q = v.running;
    if (!q || q.job.id !== answer.id) return;
    finish(v);
    if ('error' in answer) q.reject(new Error(answer.error));
    else q.resolve(answer.result);
    next();
  });
  const failed = () => {
    if (viewer === v) viewer = null;
    const q = v.running;
    finish(v);
    if (q) {
      // Out of heap, or stopped for its time: this original is too complex to show.
      remember(q.key);
      q.reject(new OverBudget('over the viewer budget'));
    }
    next();
  };
  worker.on('error', failed);
  worker.on('exit', failed);
  // After the listeners: adding a 'message' listener refs the worker again, and a referenced idle viewer would
  // keep a process that has nothing else to do (a command, a test file) alive until the viewer's idle stop.
  worker.unref();
  return v;
}

/** Stops the worker if the view it is on is not done within the budget. */
function startBudget(v: Viewer): void {
  const since = performance.now();
  const baseline = v.lastCpuMs;
  v.timer = setInterval(() => {
    const cpu = v.thread === null ? null : threadCpuMs(v.thread);
    if (!overCpuBudget(VIEW_BUDGET.ms, performance.now() - since, cpu === null ? null : cpu - baseline))
      return;
    if (v.timer) clearInterval(v.timer);
    if (viewer === v) viewer = null;
    void v.worker.terminate();
  }, CHECK_MS);
  v.timer.unref();
}

function finish(v: Viewer): void {
  if (v.timer) clearInterval(v.timer);
  v.timer = null;
  v.running = null;
}

function remember(key: string): void {
  tooComplex.add(key);
  if (tooComplex.size > TOO_COMPLEX_REMEMBERED) tooComplex.delete(tooComplex.values().next().value!);
}

/** Starts the next view on the worker (starting it if needed), with its time budget. */
function next(): void {
  if (viewer?.running) return;
  const q = queue.shift();
  if (!q) {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      const v = viewer;
      viewer = null;
      void v?.worker.terminate();
    }, IDLE_STOP_MS);
    idleTimer.unref();
    return;
  }
  if (idleTimer) clearTimeout(idleTimer);
  viewer ??= startViewer();
  const v = viewer;
  v.running = q;
  if (v.ready) startBudget(v);
  // A copy with its own buffer, moved to the worker (the caller's Buffer may be a slice of a larger one).
  const copy = new Uint8Array(q.job.content);
  v.worker.postMessage({ ...q.job, content: copy }, [copy.buffer]);
}

function onViewer<T>(job: ViewJob): Promise<T> {
  const key = createHash('sha256').update(job.content).digest('hex');
  if (tooComplex.has(key)) return Promise.reject(new OverBudget('over the viewer budget'));
  return new Promise<T>((resolve, reject) => {
    queue.push({ job, key, resolve: resolve as (v: unknown) => void, reject });
    next();
  });
}

/** The view of an original, worked out on the viewer's thread within its budget. */
export async function viewOriginal(content: Uint8Array, contentType: string | null): Promise<OriginalView> {
  if (!isEmail(contentType)) return { html: null, attachments: [] };
  try {
    return await onViewer<OriginalView>({ id: ++jobIds, kind: 'view', content, contentType });
  } catch (e) {
    if (e instanceof OverBudget) return { html: null, attachments: [], tooComplex: true };
    return { html: null, attachments: [] };
  }
}

/** One attachment of an original, on the viewer's thread within its budget (null when over it). */
export async function attachmentOf(
  content: Uint8Array,
  index: number,
): Promise<{ filename: string; body: Buffer } | null> {
  try {
    const found = await onViewer<{ filename: string; body: Uint8Array } | null>({
      id: ++jobIds,
      kind: 'attachment',
      content,
      index,
    });
    return found ? { filename: found.filename, body: Buffer.from(found.body) } : null;
  } catch (e) {
    if (e instanceof OverBudget) return null;
    throw e;
  }
}

/** A small message of HTML and an attachment, shown by the viewer's thread before its first real view. */
const WARM_UP_VIEW = new TextEncoder().encode(
  [
    'From: Redress <warm-up@redress.invalid>',
    'Subject: warm-up',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="w"',
    '',
    '--w',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<table><tr><td><p>Hello <a href="https://example.org/">there</a> <b>and</b> <i>welcome</i>.</p></td></tr></table>',
    '--w',
    'Content-Type: text/plain; name="note.txt"',
    'Content-Disposition: attachment; filename="note.txt"',
    '',
    'A note.',
    '--w--',
    '',
  ].join('\r\n'),
);

if (!isMainThread && (workerData as { redressOriginalViewer?: boolean } | null)?.redressOriginalViewer) {
  parentPort!.on('message', async (job: ViewJob) => {
    let answer: { id: number; result: unknown } | { id: number; error: string };
    try {
      const result =
        job.kind === 'view'
          ? await viewOriginalHere(job.content, job.contentType)
          : await attachmentOfHere(job.content, job.index);
      answer = { id: job.id, result };
    } catch (e) {
      answer = { id: job.id, error: (e as Error).message };
    }
    parentPort!.postMessage({ ...answer, cpuMs: cpuMs() });
  });
  // The parsers loaded and a first message shown before the first view's budget starts: loading them (compiling
  // their code) costs more than showing an ordinary message, and would count against whichever came first.
  void viewOriginalHere(WARM_UP_VIEW, 'message/rfc822')
    .catch(() => null)
    .then(() =>
      parentPort!.postMessage({
        ready: true,
        thread: currentThreadId(),
        cpuMs: cpuMs(),
      } satisfies ViewAnswer),
    );
}
