// Every body has a budget of fields, not only of bytes. Within the byte limit a form can hold a hundred thousand
// tiny fields ("a1=&a2=&…") and a JSON body as many members; building that many keys takes the one thread that
// answers everyone far longer than reading the same bytes as one field, and the public doors (sign-in, language,
// forgotten password, set-password links, the complainant's page) read a body before anyone is known. So the
// fields are counted as the bytes arrive, before anything is built, and a body with more than any form of ours
// sends is refused as too large (413), as the multipart parser refuses too many parts (uploads.ts). And every
// byte of a body counts against its budget until the request ends, whoever reads it: what is left once Redress
// stops reading is let go, counted, and past the budget the connection is closed (`letBodyGo`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/**
 * The most fields a form or JSON body may carry: twice the largest forms of ours (the category catalogue, 100
 * categories of 8 fields, admin-categories.page.ts; a bulk action on a queue, at most 500 cases, queues.routes.ts),
 * and far more than any API request.
 */
export const MAX_BODY_FIELDS = 2000;

const AMPERSAND = 0x26;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;

/**
 * Counts the fields of a body chunk by chunk, from its bytes (a byte of a multi-byte UTF-8 character is never one
 * of the ASCII signs counted). A form has one field more than it has `&`; a JSON body has at most one value more
 * than it has commas and opening brackets outside its strings, so a text full of commas is still one field.
 */
export class FieldCounter {
  readonly kind: 'form' | 'json';
  count = 1;
  #inString = false;
  #escaped = false;

  constructor(kind: 'form' | 'json') {
    this.kind = kind;
  }

  add(chunk: Uint8Array): number {
    if (this.kind === 'form') {
      for (let i = chunk.indexOf(AMPERSAND); i !== -1; i = chunk.indexOf(AMPERSAND, i + 1)) this.count++;
      return this.count;
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (b === BACKSLASH) this.#escaped = true;
        else if (b === QUOTE) this.#inString = false;
      } else if (b === QUOTE) this.#inString = true;
      else if (b === COMMA || b === OPEN_ARRAY || b === OPEN_OBJECT) this.count++;
    }
    return this.count;
  }
}

/** Which count a body's Content-Type calls for; null for the types read elsewhere (multipart) or not at all. */
export function countedKind(contentType: string | undefined): 'form' | 'json' | null {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'application/x-www-form-urlencoded') return 'form';
  if (essence === 'application/json') return 'json';
  return null;
}

/**
 * Counts the fields of every form and JSON body as it is read; past `max`, the body is refused before it is
 * parsed (the rest is not read). Fastify turns the stream's error into the route's error answer: a page or the
 * API's error shape, in the reader's language.
 */
export function installBodyBudget(app: FastifyInstance, max = MAX_BODY_FIELDS): void {
  installBodyDrain(app);
  app.addHook('preParsing', async (request, _reply, payload) => {
    const kind = countedKind(request.headers['content-type']);
    if (!kind) return payload;
    const counter = new FieldCounter(kind);
    const limit = request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY;
    let received = 0;
    const counted = new Transform({
      transform(this: Transform, chunk: Buffer, _encoding, callback) {
        received += chunk.byteLength;
        if (received > limit) {
          // Fastify refuses this chunk as over the byte limit, and closes the connection once its answer has gone;
          // until then the socket would be read on at full speed, however much is sent. Nothing more is read.
          payload.unpipe(this);
          payload.pause();
          return callback(null, chunk);
        }
        if (counter.add(chunk) <= max) return callback(null, chunk);
        const refuse = () => callback(new HttpError('payload_too_large', `more than ${max} fields`, { max }));
        // A body already in the server's buffer is counted as soon as it is piped here, which can be before Fastify
        // listens to this stream: an error then would reach nobody, and the request would wait for a body that
        // never ends. Fastify listens first, then reads (resume), so the refusal waits for the reading.
        if (this.readableFlowing) refuse();
        else this.once('resume', refuse);
      },
    });
    // Fastify stops listening once it has its answer (or never starts: a Content-Length over a route's byte limit
    // is refused unread), and an error nobody listens for would end the process; its own listener answers it.
    counted.on('error', () => {});
    // The client going away ends the counted stream too (Fastify then answers nobody, as for any body).
    payload.on('error', (e) => counted.destroy(e));
    // Fastify compares what it received with Content-Length: the bytes pass through unchanged.
    return payload.pipe(counted);
  });
}

/**
 * A request's body as read off its connection: where it began, what it may weigh, and whether Redress still reads
 * it. Counted in the connection's bytes, so whoever reads the body (a parser of ours, Fastify, Node) is counted.
 */
interface Body {
  socket: IncomingMessage['socket'];
  response: ServerResponse;
  /** The connection's bytes read when the request's headers had arrived. */
  start: number;
  /** What the body may weigh in all, when its door says (`setBodyBudget`); else `routeLimit`. */
  limit: number | null;
  /** The route's byte limit (Fastify's), or the application's before a route is known. */
  routeLimit: number;
  /** Redress reads it; or what is left is let go, counted (`letBodyGo`); or it is no longer read at all. */
  state: 'reading' | 'draining' | 'stopped';
}
const bodies = new WeakMap<IncomingMessage, Body>();

function bodyOf(request: IncomingMessage, response: ServerResponse, routeLimit: number): Body {
  let body = bodies.get(request);
  if (!body) {
    body = {
      socket: request.socket,
      response,
      start: request.socket?.bytesRead ?? 0,
      limit: null,
      routeLimit,
      state: 'reading',
    };
    bodies.set(request, body);
  }
  return body;
}

/** What this request's body may weigh in all, read or let go: a door with its own budget (uploads.ts) says so. */
export function setBodyBudget(request: FastifyRequest, reply: FastifyReply, bytes: number): void {
  bodyOf(request.raw, reply.raw, bytes).limit = bytes;
}

/**
 * Redress reads no more of this request's body: what is left of it is read and let go, counted against its budget,
 * and past the budget the connection is closed (after the answer, when it has not gone yet). Called when a parser
 * stops before the body's end, and for every request whose answer has gone before its body ended.
 *
 * Why read the rest rather than close at once: a client sends its whole body before it reads the answer (browsers
 * do), and a connection closed while bytes are still arriving is reset, which can throw away the answer before the
 * client reads it: a person who chose one file too many would see a broken connection instead of their form. So,
 * as nginx does with a body it does not want, the rest is read and discarded, but only up to the budget: past it,
 * the connection is closed, as Fastify closes one whose body is over its limit. Without this, Node reads the rest
 * of a body nobody reads to its end, uncounted, and a body without a length would only end at the request time limit.
 */
export function letBodyGo(request: IncomingMessage): void {
  const body = bodies.get(request);
  const socket = request.socket;
  // Nothing left to read, or not a network connection (a request injected in tests).
  if (body?.state !== 'reading' || request.complete) return;
  if (typeof socket?.bytesRead !== 'number' || socket.destroyed) return;
  const limit = body.limit ?? body.routeLimit;
  const over = () => socket.bytesRead - body.start > limit;
  // Whoever read the body so far (a form parser, a counter of ours) reads no more of it.
  request.unpipe();
  request.removeAllListeners('data');
  if (over()) {
    stop(request, body);
    return;
  }
  body.state = 'draining';
  request.on('data', () => {
    if (over()) stop(request, body);
  });
  request.resume();
}

/** Nothing more of the body is read; the connection is closed once the answer has gone (at once if it has). */
function stop(request: IncomingMessage, body: Body): void {
  body.state = 'stopped';
  request.removeAllListeners('data');
  request.pause();
  const response = body.response;
  if (response.writableFinished) body.socket.destroy();
  else {
    // Node closes the connection after an answer that says so; one already under way is closed once it has gone.
    if (!response.headersSent) response.setHeader('connection', 'close');
    response.once('finish', () => body.socket.destroy());
  }
}

/**
 * Counts every request's body from its first byte, and lets go of what is left of it, counted, once its answer has
 * gone (`letBodyGo`).
 */
function installBodyDrain(app: FastifyInstance): void {
  const defaultLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  // The server's own request event: every request, even one the router refuses before any hook.
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    bodyOf(request, response, defaultLimit);
    // As the answer's last bytes are handed over, before Node's own listener at its end would let a body nobody
    // reads flow to nowhere, uncounted (once it has, nothing of it can be counted any more).
    response.once('prefinish', () => letBodyGo(request));
  });
  app.addHook('onRequest', async (request, reply) => {
    bodyOf(request.raw, reply.raw, defaultLimit).routeLimit = request.routeOptions.bodyLimit ?? defaultLimit;
  });
}
