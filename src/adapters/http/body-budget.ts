// Every body has a budget of fields, not only of bytes. Within the byte limit a form can hold a hundred thousand
// tiny fields ("a1=&a2=&…") and a JSON body as many members; building that many keys takes the one thread that
// answers everyone far longer than reading the same bytes as one field, and the public doors (sign-in, language,
// forgotten password, set-password links, the complainant's page) read a body before anyone is known. So the
// fields are counted as the bytes arrive, before anything is built, and a body with more than any form of ours
// sends is refused as too large (413), as the multipart parser refuses too many parts (uploads.ts).
import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
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
