// Forms with files (a letter's scan, an answer's attachments) through @fastify/multipart, registered inside the
// plugin of the routes that take them. Fields are read as text; files are buffered up to a limit, and what is
// too large is a refusal naming the field, not a lost form. A whole form is read only up to what its files at their
// limit and its fields weigh (registerUploads, formParts): past that, nothing more is read, except at the doors that
// give such a form back with what was typed (the complainant's, a staff answer's or reply's, a letter's), which read
// on for its text only, its files let go, up to a bound; the API is told the limit in bytes instead. The CSRF token
// of a multipart form travels in the X-CSRF-Token header (htmx sends it on every request), since the check runs
// before the parts are read.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addressNetwork } from '../../app/rate-limit.ts';
import type { Language } from '../../core/case/model.ts';
import {
  type AttachmentLimits,
  type AttachmentsProblem,
  attachmentLimitsWithin,
  type CheckedFile,
  MAX_FILE_BYTES,
  MAX_FILES as MAX_FILES_OF_ONE_MESSAGE,
  messageFilesVerdict,
  type TypedFile,
} from '../../core/files/attachment-limits.ts';
import { detectType } from '../files/detect-type.ts';
import { collectGarbageSoon, MAIN_COLLECT_AFTER_BYTES } from '../os/collect.ts';
import { letBodyGo, setBodyBudget } from './body-budget.ts';
import { HttpError } from './errors.ts';
import type { Translate } from './i18n/index.ts';
import { bytes } from './pages/components.ts';

export const MAX_SCAN_BYTES = 20 * 1024 * 1024;
/** What one file may weigh and how many may go in one message: the rule's (src/core/files/attachment-limits.ts). */
export const MAX_ATTACHMENT_BYTES = MAX_FILE_BYTES;
export const MAX_FILES = MAX_FILES_OF_ONE_MESSAGE;
/** Room for the text fields and the multipart framing of a form with files. */
export const FORM_FIELDS_BYTES = 256 * 1024;
/**
 * The most a form with files may weigh in all, at a door that takes `files` files of at most `fileBytes` each: its
 * files at their limit, and its fields. What is sent beyond that is not read (registerUploads).
 */
export function multipartBudget(fileBytes: number, files: number): number {
  return files * fileBytes + FORM_FIELDS_BYTES;
}
/** The most one form with attachments may weigh in all. */
export const MAX_FORM_BYTES = multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES);
/**
 * How far past its budget a form is still read at a door that gives such a form back (`readOverBudget`), as a
 * multiple of the budget, so that a person who chose files too large for the whole form gets the form back with
 * what they typed rather than a bare refusal: its text fields are kept, its files' bytes let go as they arrive, so
 * reading it costs time, not memory. Four times the budget (about 200 MB at the complainant's doors and a staff
 * answer's, 80 MB for a letter) takes a large video or scan chosen by mistake; past it the form is refused unread,
 * so endless bytes are still cut off (registerUploads, formParts).
 */
export const OVER_BUDGET_READ_FACTOR = 4;
/** The bytes a form may carry before its first part (the "preamble", which browsers leave empty). */
export const MAX_PREAMBLE_BYTES = 4 * 1024;

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ReadForm {
  fields: Record<string, string | string[]>;
  files: UploadedFile[];
  /** The field of a file that was over the limit, or of the file that took the form over its total (the form says so next to it). */
  tooLarge: string | null;
  /** More files than allowed were sent. */
  tooMany: boolean;
  /** The files together weigh more than `maxFilesBytes` (each may be within its own limit). */
  tooMuch: boolean;
  /** Files with content were sent and let go unread (`keepFiles: false`): `files` is empty for that reason. */
  filesDropped: boolean;
  /** The names of the files let go unread (`keepFiles: false`), for a page to ask for them again by name. */
  droppedNames?: string[];
  /**
   * The whole form was larger than its door's budget (`readOverBudget`): its text fields were read, nothing of
   * its files was kept (`files` is empty), and the page gives the form back with the limits at its files.
   */
  overBudget: boolean;
  /**
   * The name of a file that was chosen but arrived without a byte (a download that failed, a file still being
   * written): it is not passed on, and a page says so rather than receiving the form without it. A part with no
   * name is a file input left empty, not this.
   */
  emptyFile?: string | null;
}

export interface ReadFormOptions {
  /**
   * Keep the files' bytes. With false, the fields are read and the files' bytes are let go as they arrive: a
   * refusal (too many posts, the server busy) can still show the person the text they typed, at no memory cost.
   */
  keepFiles?: boolean;
  /** The most the files and fields may weigh together; past it the rest of the files is let go (`tooLarge`). */
  maxBytes?: number;
  /** The most the files may weigh together; past it the rest of the files is let go (`tooMuch`). */
  maxFilesBytes?: number;
}

export interface UploadOptions {
  /** The most files a form may carry (MAX_FILES). */
  files?: number;
  /** The most text fields, and the most bytes of each. */
  fields?: number;
  fieldSize?: number;
  parts?: number;
  /**
   * A file over its size throws while it is read (the API's refusal) rather than being marked `truncated` and the
   * rest of the form read on (a page's refusal next to the field, with what was typed).
   */
  throwFileSizeLimit?: boolean;
  /**
   * The refusal of a form larger than the door reads, saying what is too large and the limit in the reader's words;
   * by default the files' limits (`filesTooLarge`).
   */
  tooLarge?: (request: FastifyRequest) => Error;
  /**
   * A form over the budget is still read up to `OVER_BUDGET_READ_FACTOR` times the budget, its text fields kept and
   * its files let go (`ReadForm.overBudget`), so that the page can give the person back what they typed. Without
   * it, or past that, a form over the budget is refused with `tooLarge`, unread (the API's doors: a program is told).
   */
  readOverBudget?: boolean;
}

/**
 * This request's form is read only within its door's budget, not on past it for its text: its sender is over the
 * limit of posts for its address, so the text of a form over the budget would not be taken anyway, and reading up
 * to several times the budget for nothing is what a flood would ask for. Call before its parts are read.
 */
export function readWithinBudgetOnly(request: FastifyRequest): void {
  const door = doors.get(request);
  if (door) door.readUpTo = door.budget;
}

/** What a door reads of a form with files, kept for the request from its first hook to its parts. */
interface Door {
  budget: number;
  /** The most bytes read of a form over the budget (its fields kept, its files let go); `budget` when none. */
  readUpTo: number;
  /** This form is over the budget (by its announced length, or counted as it arrived): none of its files is kept. */
  over: boolean;
  tooLarge: (request: FastifyRequest) => Error;
  reply: FastifyReply;
}
const doors = new WeakMap<FastifyRequest, Door>();
const MULTIPART = /^\s*multipart\/form-data\s*(;|$)/i;

/**
 * The multipart parser for the routes of a plugin, with the limits of its forms, and the byte budget those limits
 * give (`multipartBudget`): the one place where a door's limits become what it reads. Without a budget the parser
 * reads a body to its end however large, and spends the thread that answers everyone on it: a file over its limit
 * is read on and let go (so the fields after it still arrive), and junk before the first boundary is scanned for
 * one. So a form that announces more than the budget (Content-Length) is refused before a byte is read, and one
 * sent without a length (chunked) is counted as it arrives and cut once past it (`formParts`). An honest file over
 * its limit still fits the budget, which holds every file at its limit: the page says so next to the field. A door
 * that gives a form over its budget back (`readOverBudget`) reads it up to a bound instead, its files' bytes let
 * go, and cuts it there.
 */
export async function registerUploads(
  app: FastifyInstance,
  maxFileBytes: number,
  options: UploadOptions = {},
): Promise<void> {
  const files = options.files ?? MAX_FILES;
  await app.register(multipart, {
    limits: {
      fileSize: maxFileBytes,
      files,
      fields: options.fields ?? 100,
      fieldSize: options.fieldSize ?? 100_000,
      parts: options.parts ?? 120,
    },
    // By default too large a file is told by the part itself (`truncated`), so the rest of the form is still read.
    throwFileSizeLimit: options.throwFileSizeLimit ?? false,
  });
  const budget = multipartBudget(maxFileBytes, files);
  const readUpTo = options.readOverBudget ? OVER_BUDGET_READ_FACTOR * budget : budget;
  const tooLarge =
    options.tooLarge ??
    ((request: FastifyRequest) =>
      filesTooLarge(request, { files, fileBytes: maxFileBytes, totalBytes: files * maxFileBytes }));
  app.addHook('onRequest', async (request, reply) => {
    if (!MULTIPART.test(request.headers['content-type'] ?? '')) return;
    const door: Door = { budget, readUpTo, over: false, tooLarge, reply };
    doors.set(request, door);
    // What is left of the form once its parts are no longer read counts against the same budget (body-budget.ts).
    setBodyBudget(request, reply, budget);
    const declared = Number(request.headers['content-length']);
    if (!Number.isFinite(declared) || declared <= budget) return;
    if (declared > readUpTo) {
      request.log.info({ reason: 'form_too_large', declared, budget }, 'upload: refused unread');
      throw refusedUnread(door, tooLarge(request));
    }
    // Read for its text only: it holds no upload memory (holdUploadBudget), and a form that arrives too slowly to
    // end within the request time limit is cut off, as one that holds memory is.
    door.over = true;
    request.log.info({ reason: 'form_over_budget', declared, budget }, 'upload: files let go');
    watchProgress(request, reply, declared);
  });
}

/**
 * The parser for a complainant's documents (the public form, the complainant's private link): the same limits at
 * both doors, and a form too large to be read at all refused with the limits the page states. `totalBytes` is
 * what the documents may weigh together (complainant-link.ts `documentsLimit`: they must fit in one e-mail).
 */
export function registerComplainantDocuments(app: FastifyInstance, totalBytes: number): Promise<void> {
  return registerUploads(app, MAX_ATTACHMENT_BYTES, {
    tooLarge: (request) =>
      filesTooLarge(request, { files: MAX_FILES, fileBytes: MAX_ATTACHMENT_BYTES, totalBytes }),
    // What a complainant typed is given back with the limits, however large the documents they chose, up to a bound.
    readOverBudget: true,
  });
}

/** Ends the connection after the refusal, so that the rest of the body is never read (Node would read it on). */
function refusedUnread(door: Door, error: Error): Error {
  door.reply.header('connection', 'close');
  return error;
}

/** The refusal of a form whose files are larger than its door reads: how many files, how large, in all. */
export function filesTooLarge(
  request: FastifyRequest,
  limits: { files: number; fileBytes: number; totalBytes: number },
): HttpError {
  return new HttpError('payload_too_large', 'a form with files larger than its door reads', {
    context: 'files',
    files: limits.files,
    fileSize: bytes(request.lang, limits.fileBytes),
    totalSize: bytes(request.lang, limits.totalBytes),
  });
}

/** The delimiter that opens a form's first part (`--` and the boundary), or null when the form names none. */
function delimiterOf(contentType: string | undefined): Buffer | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  return boundary ? Buffer.from(`--${boundary}`, 'latin1') : null;
}

/**
 * The parts of this request's form, read within its door's budget: every reader of parts goes through here. The
 * body's bytes are counted as they arrive, before the parser sees them; past the budget (or, at a door that gives
 * such a form back, past `readUpTo`: till then the form is only marked `over`), or past a few kilobytes before the
 * first boundary, reading stops, the parts end with the door's refusal, and the connection is closed after the
 * answer so the rest is never read.
 */
export function formParts(request: FastifyRequest): ReturnType<FastifyRequest['parts']> {
  const door = doors.get(request);
  // Only the routes of a plugin that registered uploads parse multipart forms, and each of those has its door.
  if (!door) throw new HttpError('unsupported_media_type', 'multipart/form-data is not read here');
  const raw = request.raw;
  const delimiter = delimiterOf(request.headers['content-type']);
  let total = 0;
  // The bytes before the first delimiter, kept while it has not been found (a few kilobytes at most).
  let head: Buffer | null = delimiter ? Buffer.alloc(0) : null;
  const cut = (error: Error) => {
    raw.removeListener('data', count);
    raw.unpipe();
    raw.pause();
    refusedUnread(door, error);
    // The parser's reader listens for the request's errors: the parts end with this one, whichever part is read.
    raw.emit('error', error);
  };
  const count = (chunk: Buffer) => {
    total += chunk.byteLength;
    if (total > door.readUpTo) {
      request.log.info({ reason: 'form_too_large', budget: door.budget }, 'upload: cut');
      return cut(door.tooLarge(request));
    }
    if (total > door.budget && !door.over) {
      door.over = true;
      request.log.info({ reason: 'form_over_budget', budget: door.budget }, 'upload: files let go');
    }
    if (!head || !delimiter) return;
    head = Buffer.concat([head, chunk]);
    const at = head.indexOf(delimiter);
    if (at > MAX_PREAMBLE_BYTES || (at < 0 && head.byteLength > MAX_PREAMBLE_BYTES + delimiter.byteLength)) {
      request.log.info({ reason: 'form_preamble' }, 'upload: cut');
      return cut(
        new HttpError('payload_too_large', `more than ${MAX_PREAMBLE_BYTES} bytes before the first part`),
      );
    }
    if (at >= 0) head = null;
  };
  // Listening before the parser does, in the same turn: no byte reaches it uncounted.
  raw.on('data', count);
  return request.parts();
}

/** What a person sent that the parser refuses as a whole: too many fields or parts, a forbidden field name. */
const REFUSED_FORMS: Record<string, 'payload_too_large' | 'bad_request'> = {
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_PROTO_VIOLATION: 'bad_request',
  FST_INVALID_JSON_FIELD_ERROR: 'bad_request',
};

/**
 * The fields and files of a form, multipart or urlencoded. Files are held in memory, so a route reads them only
 * after it has checked what costs nothing to check (the address's limit, the link) and within the memory budget
 * of uploads (`withUploadBudget`); the whole request is held to `maxBytes`.
 */
export async function readForm(request: FastifyRequest, options: ReadFormOptions = {}): Promise<ReadForm> {
  const keepFiles = options.keepFiles ?? true;
  const maxBytes = options.maxBytes ?? MAX_FORM_BYTES;
  const maxFilesBytes = options.maxFilesBytes ?? Number.POSITIVE_INFINITY;
  const out: ReadForm = {
    fields: {},
    files: [],
    tooLarge: null,
    tooMany: false,
    tooMuch: false,
    filesDropped: false,
    overBudget: false,
  };
  let total = 0;
  let filesTotal = 0;
  const add = (name: string, value: string) => {
    const had = out.fields[name];
    out.fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body))
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') add(k, x);
    return out;
  }
  const door = doors.get(request);
  try {
    for await (const part of formParts(request)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') {
          total += Buffer.byteLength(part.value) + part.fieldname.length;
          add(part.fieldname, part.value);
        }
        continue;
      }
      // A file's bytes are kept only while the file and the whole form are within their limits; past either,
      // they are read on and let go, so the fields after the file still arrive and nothing is held.
      const chunks: Buffer[] = [];
      let keep = keepFiles && !!part.filename && !out.tooMuch;
      let partBytes = 0;
      let dropped = false;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        partBytes += chunk.byteLength;
        total += chunk.byteLength;
        filesTotal += chunk.byteLength;
        if (!keepFiles && chunk.byteLength > 0) out.filesDropped = true;
        if (!keepFiles && chunk.byteLength > 0 && part.filename && !dropped) {
          dropped = true;
          out.droppedNames = [...(out.droppedNames ?? []), part.filename];
        }
        // Past the door's budget, nothing of the form's files is kept: what was kept of this one goes too.
        if (keep && door?.over) {
          keep = false;
          chunks.length = 0;
        }
        if (!keep) continue;
        if (total > maxBytes || filesTotal > maxFilesBytes) {
          keep = false;
          chunks.length = 0;
          if (filesTotal > maxFilesBytes) {
            // The form is refused for its files' total: nothing it sent is kept.
            out.tooMuch = true;
            out.files.length = 0;
          } else out.tooLarge ??= part.fieldname;
          continue;
        }
        chunks.push(chunk);
      }
      if (part.file.truncated) {
        out.tooLarge ??= part.fieldname;
        continue;
      }
      if (part.filename && partBytes === 0) out.emptyFile ??= part.filename;
      if (!keep) continue;
      const content = Buffer.concat(chunks);
      if (content.byteLength > 0)
        out.files.push({
          field: part.fieldname,
          filename: part.filename,
          contentType: part.mimetype || 'application/octet-stream',
          content,
        });
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT') out.tooMany = true;
    else if (code === 'FST_REQ_FILE_TOO_LARGE') out.tooLarge ??= 'file';
    else if (REFUSED_FORMS[code]) throw new HttpError(REFUSED_FORMS[code]);
    // The sender went away, or was sent away for sending too slowly (watchProgress): theirs, not ours.
    else if (code === 'ECONNRESET' || request.raw.destroyed) throw new HttpError('bad_request');
    else throw e;
  } finally {
    // The parser may have stopped before the body's end (a file beyond the count, a refusal): the rest is let go,
    // counted against the door's budget, rather than parsed for nothing or left to Node to read uncounted.
    letBodyGo(request.raw);
  }
  if (door?.over) {
    // The form is refused for its size as a whole: none of its files is passed on, only its text comes back.
    out.overBudget = true;
    out.files.length = 0;
  }
  return out;
}

/**
 * The bytes of uploads the process holds at once. Files are read whole into memory (their type is read from the
 * content, and they are stored as one message), so without a bound a handful of parallel posts with five large
 * files each would take the server's memory. A form takes its declared size (the most a form may weigh when it
 * does not declare one, as a chunked post does) before its files are read, and gives it back when its answer has
 * gone; one form at the largest size fits, smaller ones share. What does not fit waits its turn for a while; after
 * that the route reads only the fields and asks the person to send again a little later.
 *
 * The places to wait are few, and nothing of a waiting form is read, so no minimum rate can tell a client that sent
 * only the head of its forms from a person on a slow link. A form may therefore name its client (its sender's
 * address, `uploadClient`), and a client is held to its own part of the budget: it holds at most
 * `maxHeldPerClient` shares at once and waits with at most `maxWaitingPerClient` forms; a form past that is refused
 * at once, as when the queue is full, rather than taking a place another client's form would wait in. And the
 * next share goes to the client holding fewest, then to the one served longest ago, a client's own forms in the
 * order they came: one address that keeps sending forms cannot keep another's waiting behind its own. Among forms
 * of equal claim the first come goes first, and one that does not fit holds back the others until it does, so
 * that a large form is not passed over for ever by small ones.
 */
export class UploadBudget {
  readonly capacity: number;
  readonly maxWaiting: number;
  /**
   * How many shares one client holds at once. One: a single address can then never take the whole budget with
   * the largest form of a complainant's door and a smaller one beside it (its share is under the capacity, see
   * `COMPOSED_HELD_PER_BYTE`), and a person's second form waits for the first, as it would behind anyone's.
   */
  maxHeldPerClient = 1;
  /** How many forms one client may have waiting; past that its next form is refused at once. */
  maxWaitingPerClient = 2;
  /** How long a form waits for its share before the person is asked to send it again later. */
  waitMs = 15_000;
  /** How long a form that holds its share sends before its rate is judged (watchProgress), and how often. */
  progressGraceMs = 5_000;
  progressCheckMs = 1_000;
  /**
   * The last stretch of time over which a form's pace is judged against the minimum rate (watchProgress): long
   * enough that a mobile link that stalls for a few seconds (a tunnel, a change of mast) is not cut, short enough
   * that a form which has stopped sending gives its share back within seconds, as nginx's client_body_timeout does.
   */
  rateWindowMs = 10_000;
  #used = 0;
  /** Shares given so far: the order in which clients were served. */
  #served = 0;
  /** Forms come so far: the order in which they came. */
  #arrived = 0;
  readonly #queue: Waiting[] = [];
  /** The clients that hold or wait now (and only those: a client with nothing here is forgotten). */
  readonly #clients = new Map<string, ClientShares>();

  constructor(capacity: number, maxWaiting = 16) {
    this.capacity = capacity;
    this.maxWaiting = maxWaiting;
  }

  get used(): number {
    return this.#used;
  }

  /** How many forms wait for their share now. */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Takes `bytes` (at most the capacity), waiting up to `waitMs`; the function that gives them back, or null. A
   * form of a named `client` is held to that client's part (see the class); `signal` ends the wait early (its
   * sender went away).
   */
  async take(
    bytes: number,
    waitMs: number,
    o: { client?: string; signal?: AbortSignal } = {},
  ): Promise<(() => void) | null> {
    const taken = await this.takeOrWhy(bytes, waitMs, o);
    return typeof taken === 'function' ? taken : null;
  }

  /** As `take`, with why nothing was given when nothing was. */
  takeOrWhy(
    bytes: number,
    waitMs: number,
    o: { client?: string; signal?: AbortSignal } = {},
  ): Promise<(() => void) | Refusal> {
    const entry: Waiting = {
      bytes: Math.min(Math.max(0, bytes), this.capacity),
      client: o.client === undefined ? null : this.#clientOf(o.client),
      key: o.client ?? null,
      order: ++this.#arrived,
      given: false,
      onGiven: null,
    };
    let returned = false;
    const release = () => {
      if (returned) return;
      returned = true;
      this.#used -= entry.bytes;
      if (entry.client) entry.client.held--;
      this.#forget(entry);
      this.#grant();
    };
    const refusal = (why: Refusal) => {
      this.#leave(entry);
      // The one taken out may have been the form that held back the others behind it.
      this.#grant();
      return why;
    };
    if (o.signal?.aborted) return Promise.resolve(refusal('gone'));
    // Placed among the waiting and given its share at once if it comes first and fits; only one that must wait
    // is held to the places of the queue and of its client.
    this.#queue.push(entry);
    if (entry.client) entry.client.waiting++;
    this.#grant();
    if (entry.given) return Promise.resolve(release);
    if (this.#queue.length > this.maxWaiting) return Promise.resolve(refusal('queue_full'));
    if (entry.client && entry.client.waiting > this.maxWaitingPerClient)
      return Promise.resolve(refusal('client_waiting'));
    return new Promise((resolve) => {
      const end = (why: Refusal) => {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', gone);
        resolve(refusal(why));
      };
      const gone = () => end('gone');
      const timer = setTimeout(() => end('wait_over'), waitMs);
      o.signal?.addEventListener('abort', gone, { once: true });
      entry.onGiven = () => {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', gone);
        resolve(release);
      };
    });
  }

  #clientOf(key: string): ClientShares {
    let c = this.#clients.get(key);
    if (!c) {
      c = { held: 0, waiting: 0, servedAt: 0 };
      this.#clients.set(key, c);
    }
    return c;
  }

  /** Takes a form that got nothing out of the queue. */
  #leave(entry: Waiting): void {
    const i = this.#queue.indexOf(entry);
    if (i < 0) return;
    this.#queue.splice(i, 1);
    if (entry.client) entry.client.waiting--;
    this.#forget(entry);
  }

  #forget(entry: Waiting): void {
    if (entry.key !== null && entry.client && entry.client.held === 0 && entry.client.waiting === 0)
      this.#clients.delete(entry.key);
  }

  /** The form to be served next (see the class), or null when every waiting form's client holds its most. */
  #next(): Waiting | null {
    let best: Waiting | null = null;
    for (const w of this.#queue) {
      if (w.client && w.client.held >= this.maxHeldPerClient) continue;
      if (!best || before(w, best)) best = w;
    }
    return best;
  }

  #grant(): void {
    for (let next = this.#next(); next && this.#used + next.bytes <= this.capacity; next = this.#next()) {
      this.#queue.splice(this.#queue.indexOf(next), 1);
      this.#used += next.bytes;
      if (next.client) {
        next.client.waiting--;
        next.client.held++;
        next.client.servedAt = ++this.#served;
      }
      next.given = true;
      next.onGiven?.();
    }
  }
}

/** Why a form got no share: the queue was full, its client had its forms waiting, its wait ran out, it went away. */
export type Refusal = 'queue_full' | 'client_waiting' | 'wait_over' | 'gone';

interface ClientShares {
  held: number;
  waiting: number;
  /** When (in shares given) it was last given one; 0 for a client not served since it was last forgotten. */
  servedAt: number;
}

interface Waiting {
  bytes: number;
  client: ClientShares | null;
  key: string | null;
  order: number;
  /** The form was given its share: at once, or later, when `onGiven` is called. */
  given: boolean;
  onGiven: (() => void) | null;
}

/** Whether form `a` goes before form `b`: its client holds fewer shares, or was served longer ago, or it came first. */
function before(a: Waiting, b: Waiting): boolean {
  const heldA = a.client?.held ?? 0;
  const heldB = b.client?.held ?? 0;
  if (heldA !== heldB) return heldA < heldB;
  const servedA = a.client?.servedAt ?? 0;
  const servedB = b.client?.servedAt ?? 0;
  if (servedA !== servedB) return servedA < servedB;
  return a.order < b.order;
}

/** One budget for the process: memory is the process's, whatever route or app instance reads the files. */
export const uploadBudget = new UploadBudget(MAX_FORM_BYTES);
/** What the person is told to wait when the budget stays full (seconds). */
export const UPLOAD_RETRY_AFTER_SECONDS = 60;

/**
 * What a form whose files become one message holds per byte sent: the files, then the message composed from them
 * (base64 writes 57 bytes as 78) while it is stored.
 */
export const COMPOSED_HELD_PER_BYTE = 1 + 78 / 57;

/**
 * Whom a form's share counts against (UploadBudget): an anonymous sender by their address, as the limits on posts
 * count it (the network of an IPv6 address, whose holder has many: `addressNetwork`); none for a signed-in member of
 * staff or a program with its token, who are known, and who may share an office's address (or, for a program,
 * send many letters at once).
 */
export function uploadClient(request: FastifyRequest): string | undefined {
  // Undefined where no route guard ran (a bare server in tests): anonymous.
  if (request.principal) return undefined;
  return addressNetwork(request.ip);
}

/**
 * Holds the upload budget for this request's files until its answer has gone (or the connection closed) and, for a
 * large form, until the memory it held is collected; false when it did not come free in time. Call it before
 * `readForm`, after the checks that cost nothing. A form takes its size times `heldPerByte`: what it holds in
 * memory for each byte it sends.
 *
 * Why wait for a collection: a form's files, and the message composed from them, are buffers outside the JavaScript
 * heap, freed only when the main thread next collects its garbage, and its heap is large and collects seldom. Left
 * to that, each large form answered stays in the server's memory after its answer, and the next one, let in by the
 * budget, adds its own: the budget would bound what is read at once, not what is held. So the share of a large form
 * (from MAIN_COLLECT_AFTER_BYTES, as for a large e-mail) comes back once a collection that follows its answer is
 * done. `collect` is that collection (tests give their own).
 */
export async function holdUploadBudget(
  request: FastifyRequest,
  reply: FastifyReply,
  maxBytes = MAX_FORM_BYTES,
  heldPerByte = 1,
  collect: () => Promise<unknown> = collectGarbageSoon,
): Promise<boolean> {
  // A form announced over its door's budget keeps none of its files (readForm): it needs no memory, and its reading
  // is watched from its first hook (registerUploads).
  if (doors.get(request)?.over) return true;
  const declared = Number(request.headers['content-length']);
  const bytes =
    (Number.isFinite(declared) && declared > 0 ? Math.min(declared, maxBytes) : maxBytes) * heldPerByte;
  // A form whose sender goes away while it waits gives its place back then, not at the end of its wait.
  const gone = new AbortController();
  const leave = () => gone.abort();
  reply.raw.once('close', leave);
  const release = await uploadBudget.takeOrWhy(bytes, uploadBudget.waitMs, {
    client: uploadClient(request),
    signal: gone.signal,
  });
  reply.raw.removeListener('close', leave);
  if (typeof release !== 'function') {
    // Why, counted, with nothing that names the sender.
    request.log.info({ reason: 'upload_share_refused', why: release }, 'upload: no share of the memory');
    return false;
  }
  watchProgress(request, reply, bytes / heldPerByte);
  const giveBack =
    bytes < MAIN_COLLECT_AFTER_BYTES
      ? release
      : // In a task of its own, once the request's own references are dropped; the share comes back whatever
        // the collection does.
        () =>
          setImmediate(() => {
            collect().then(release, release);
          });
  if (reply.raw.writableFinished || reply.raw.destroyed) giveBack();
  else reply.raw.once('close', giveBack);
  return true;
}

/**
 * The form of a complainant's web door (the public form, their own page), whose documents are kept as one message:
 * together they may weigh `documentsBytes` (what one e-mail may carry, once encoded), and the form that much and its
 * fields. Its files wait for their share of the upload memory (`holdUploadBudget`, counting the message composed
 * from them); a form that did not get it in time (`busy`), or whose sender may not send files now (`keepFiles`
 * false: over their address's limit), has its fields read without its files, so the person gets it back.
 */
export async function readDocumentsForm(
  request: FastifyRequest,
  reply: FastifyReply,
  documentsBytes: number,
  keepFiles: boolean,
): Promise<{ form: ReadForm; busy: boolean }> {
  const maxBytes = documentsBytes + FORM_FIELDS_BYTES;
  const busy =
    keepFiles &&
    request.isMultipart() &&
    !(await holdUploadBudget(request, reply, maxBytes, COMPOSED_HELD_PER_BYTE));
  const form = await readForm(request, {
    keepFiles: keepFiles && !busy,
    maxBytes,
    maxFilesBytes: documentsBytes,
  });
  return { form, busy };
}

/** The least a form's body must bring per second, over the last `rateWindowMs`, per server (setUploadMinRate). */
const minRates = new WeakMap<object, number>();

/**
 * What a form's body must bring per second at least, over the last seconds, at this server
 * (http.uploadMinBytesPerSecond); 0: no minimum.
 */
export function setUploadMinRate(app: FastifyInstance, bytesPerSecond: number): void {
  minRates.set(app.server, bytesPerSecond);
}

/** By default: a kibibyte a second, less than the slowest mobile link still in use sends (see README). */
export const DEFAULT_UPLOAD_MIN_BYTES_PER_SECOND = 1024;

/**
 * The pace of a body over its last `windowMs`, from looks at how much of it had been read: too slow when, over a
 * whole window during which Redress read it, it brought less than `minRate` bytes a second. A look while Redress
 * was not reading (before the parser starts, or while it is behind), or one that comes late (this thread was busy
 * and read nothing meanwhile), blames the client for nothing: the window starts afresh from it.
 */
export class BodyPace {
  readonly #minRate: number;
  readonly #windowMs: number;
  readonly #lateMs: number;
  /** What had been read at each look, oldest first; the oldest is the newest one at least a window old. */
  #seen: Array<{ at: number; read: number }>;

  constructor(o: { minRate: number; windowMs: number; lateMs: number; at: number; read: number }) {
    this.#minRate = o.minRate;
    this.#windowMs = o.windowMs;
    this.#lateMs = o.lateMs;
    this.#seen = [{ at: o.at, read: o.read }];
  }

  /** Looks at the body at `at` (ms), `read` bytes read so far; true when it has become too slow. */
  tooSlow(at: number, read: number, reading: boolean): boolean {
    if (this.#minRate <= 0) return false;
    const last = this.#seen[this.#seen.length - 1]!;
    if (!reading || at - last.at > this.#lateMs) {
      this.#seen = [{ at, read }];
      return false;
    }
    this.#seen.push({ at, read });
    while (this.#seen.length > 1 && at - this.#seen[1]!.at >= this.#windowMs) this.#seen.shift();
    const oldest = this.#seen[0]!;
    if (at - oldest.at < this.#windowMs) return false;
    return ((read - oldest.read) * 1000) / (at - oldest.at) < this.#minRate;
  }
}

/**
 * A form holds its share while its bytes arrive, and the request time limit alone would let a client that
 * announces a large form and sends a byte now and then hold it for that long, again and again, while others are
 * told to come back later. So, after a short while (a connection starts slowly), a form's connection is closed and
 * the share it held comes back as for any answer, when either
 * - its bytes have come, so far, too slowly to bring the `expected` bytes within the request time limit: it cannot
 *   succeed anyway; or
 * - over the last `rateWindowMs`, it brought less than the server's minimum rate (setUploadMinRate, `BodyPace`):
 *   a client that sends a good part of its form at once, so that its average still promises the rest, and then
 *   almost nothing, would otherwise hold its share until the request time limit (as Kestrel's minimum body data
 *   rate, or nginx's timeout between two reads of a body, cut such a body).
 * Counted from the bytes the socket has read, so watching adds no reader to the request's body. Nothing of a form
 * cut off is kept: its read ends with the connection (readForm).
 */
function watchProgress(request: FastifyRequest, reply: FastifyReply, expected: number): void {
  const socket = request.raw.socket;
  const limit = request.server.server.requestTimeout ?? 0;
  // Not a network connection (a request injected in tests has no bytes read to count): nothing to watch.
  if (typeof socket?.bytesRead !== 'number' || request.raw.complete) return;
  const minRate = minRates.get(request.server.server) ?? DEFAULT_UPLOAD_MIN_BYTES_PER_SECOND;
  if (limit <= 0 && minRate <= 0) return;
  const { progressGraceMs, progressCheckMs, rateWindowMs } = uploadBudget;
  const start = Date.now();
  const from = socket.bytesRead;
  const pace = new BodyPace({
    minRate,
    windowMs: rateWindowMs,
    lateMs: 3 * progressCheckMs,
    at: start,
    read: from,
  });
  const timer = setInterval(() => {
    const raw = request.raw;
    if (raw.complete || socket.destroyed) return clearInterval(timer);
    const now = Date.now();
    const read = socket.bytesRead;
    const elapsed = now - start;
    const reading = raw.readableFlowing === true && raw.readableLength === 0;
    const why =
      elapsed >= progressGraceMs && limit > 0 && ((read - from) / elapsed) * limit < expected
        ? 'below_limit'
        : pace.tooSlow(now, read, reading) && elapsed >= progressGraceMs
          ? 'below_min_rate'
          : null;
    if (!why) return;
    clearInterval(timer);
    // A count of the bodies cut, with nothing that names their sender.
    request.log.info({ reason: 'upload_too_slow', why, expected }, 'upload: connection closed');
    socket.destroy();
  }, progressCheckMs);
  timer.unref();
  reply.raw.once('close', () => clearInterval(timer));
}

/**
 * A staff member's form with files (a letter's scan, an answer's or a reply's attachments), read within the same
 * upload budget as the public doors: a staff form's files are held in memory like anyone's, and several colleagues
 * sending large scans at once would otherwise add up past the server's memory. A form that does not get its share
 * in time has its fields read and its files let go (`filesDropped`); the page then shows the form again with what
 * was typed and asks for the files again (`filesBusyError`). A form without files (urlencoded) takes nothing. A
 * form takes, and is held to, what its door reads (registerUploads): a letter's one scan is not five files' worth.
 */
export async function readStaffForm(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    /** What the form holds in memory for each byte it sends (`holdUploadBudget`). */
    heldPerByte?: number;
    /**
     * The most its files may weigh together; past it they are all let go (`tooMuch`, said by `formAttachments`).
     * An answer's or a reply's files go out in one e-mail, so they are held to what one e-mail may carry.
     */
    maxFilesBytes?: number;
  } = {},
): Promise<ReadForm> {
  const maxBytes = doors.get(request)?.budget ?? MAX_FORM_BYTES;
  // No more is kept than the files may weigh together, and the form's fields: its share of memory is no larger.
  const held = Math.min(maxBytes, (options.maxFilesBytes ?? Number.POSITIVE_INFINITY) + FORM_FIELDS_BYTES);
  const granted =
    !request.isMultipart() || (await holdUploadBudget(request, reply, held, options.heldPerByte ?? 1));
  return readForm(request, { keepFiles: granted, maxBytes, maxFilesBytes: options.maxFilesBytes });
}

/** The error shown at a form's files when they were let go because too many files were arriving at once. */
export function filesBusyError(form: ReadForm, t: Translate): string | null {
  return form.filesDropped
    ? t('staff.errors.uploadsBusy', { minutes: Math.ceil(UPLOAD_RETRY_AFTER_SECONDS / 60) })
    : null;
}

/**
 * The status of a staff form shown again for what was sent: 413 when the whole form was over its budget, or its
 * files together over what they may weigh (as the complainant's page says it).
 */
export function formStatus(form: ReadForm): 413 | 422 {
  return form.overBudget || form.tooMuch ? 413 : 422;
}

/** A text field as one string (the first when repeated). */
export function field(form: ReadForm, name: string): string | undefined {
  const v = form.fields[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A file of one message as the rule lets it go: named after its type, that type read from its content. */
export type CheckedAttachment = CheckedFile;

/**
 * The files of one message (a staff answer or free reply, or the documents a complainant sends with the form or
 * through their link), held to the rule of what one message's files may be (`messageFilesVerdict`, the same rule
 * the use cases hold them to, with the limits of that door). The door's part is reading each file's type from its
 * content; what the rule lets go comes back with names matching their types, what it refuses comes back as its
 * problem, for the door to say in its reader's words. Nothing is sent unless every file passes.
 */
export async function checkMessageFiles(
  files: ReadonlyArray<{ filename: string; content: Uint8Array }>,
  limits: AttachmentLimits,
): Promise<{ ok: true; files: CheckedAttachment[] } | { ok: false; problem: AttachmentsProblem }> {
  const typed: TypedFile[] = [];
  for (const f of files)
    typed.push({ filename: f.filename, content: f.content, detected: await detectType(f.content) });
  return messageFilesVerdict(typed, limits);
}

/**
 * The attachments of a staff form (an answer, a free reply), checked: what is wrong goes into `errors.attachments`
 * in the reader's language (too many, too large, together too heavy, a type not allowed) and nothing is returned
 * then. Every way the read lets files go has its sentence here: an answer is never sent with only some of the files
 * chosen, or none, without the person being told. The files kept are then held to the rule of one message's files
 * (`checkMessageFiles`), the limits the form was read with being that rule's.
 */
export async function formAttachments(
  form: ReadForm,
  t: Translate,
  errors: Record<string, string>,
  o: {
    /** The reader's language, for the sizes written in it. */
    lang: Language;
    /**
     * What the files were allowed to weigh together when the form was read (`maxFilesBytes`); by default what a
     * staff form's files weigh at their count and size limits.
     */
    maxFilesBytes?: number;
  },
): Promise<CheckedAttachment[]> {
  const limits = attachmentLimitsWithin(o.maxFilesBytes ?? MAX_FILES * MAX_ATTACHMENT_BYTES);
  const busy = filesBusyError(form, t);
  if (busy) errors.attachments = busy;
  // The whole form was over its budget: its files were let go, its text read; say so, with the limits to choose by.
  else if (form.overBudget)
    errors.attachments = t('staff.errors.attachmentsOverBudget', {
      count: MAX_FILES,
      max: Math.round(MAX_ATTACHMENT_BYTES / 1048576),
    });
  else if (form.tooMany) errors.attachments = tooManySentence(t, limits);
  // The read let go of every file once they together passed their limit (readForm): none of them is sent.
  else if (form.tooMuch) errors.attachments = tooMuchSentence(t, limits, o.lang);
  else if (form.tooLarge) errors.attachments = fileTooLargeSentence(t, limits);
  const checked = await checkMessageFiles(form.files, limits);
  if (!checked.ok) {
    // A type not allowed is named even beside another problem of the read; otherwise the read's sentence stands.
    if (checked.problem.code === 'type_not_allowed' || !errors.attachments)
      errors.attachments = problemSentence(t, checked.problem, limits, o.lang);
    return [];
  }
  return errors.attachments ? [] : checked.files;
}

const tooManySentence = (t: Translate, limits: AttachmentLimits) =>
  t('staff.errors.tooManyFiles', { max: limits.files });
const tooMuchSentence = (t: Translate, limits: AttachmentLimits, lang: Language) =>
  t('staff.errors.attachmentsTooMuch', { size: bytes(lang, limits.totalBytes) });
const fileTooLargeSentence = (t: Translate, limits: AttachmentLimits) =>
  t('staff.errors.fileTooLarge', { max: Math.round(limits.fileBytes / 1048576) });

/** What the rule found wrong with a staff form's files, in the reader's words, as the read says it. */
function problemSentence(
  t: Translate,
  problem: AttachmentsProblem,
  limits: AttachmentLimits,
  lang: Language,
) {
  switch (problem.code) {
    case 'too_many_files':
      return tooManySentence(t, limits);
    case 'file_too_large':
      return fileTooLargeSentence(t, limits);
    case 'too_large_together':
      return tooMuchSentence(t, limits, lang);
    case 'type_not_allowed':
      return t('staff.errors.attachmentType', { name: problem.name });
  }
}
