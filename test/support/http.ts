// The web application on a test database: build it, add accounts and sessions (straight into the store, so a
// test does not pay for scrypt on every request), and speak to it with form posts that carry the CSRF token.
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { randomToken, sha256Hex } from '../../src/adapters/crypto/secrets.ts';
import { AccountsRepo, type User } from '../../src/adapters/db/accounts.repo.ts';
import type { Engine } from '../../src/adapters/db/database.ts';
import { buildHttpApp, type HttpApp } from '../../src/adapters/http/app.ts';
import { uploadBudget } from '../../src/adapters/http/uploads.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { addUser } from '../../src/app/manage-users.ts';
import { loadConfig } from '../../src/config.ts';
import type { Role } from '../../src/core/access/roles.ts';
import type { Language } from '../../src/core/case/model.ts';
import type { Clock } from '../../src/core/ports.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestApp {
  app: HttpApp;
  ctx: AppContext;
  tdb: TestDatabase;
  /** Log lines written by the application (JSON), to check that no secret is logged. */
  logs: string[];
  close(): Promise<void>;
}

export async function createTestApp(
  options: { engine?: Engine; env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApp> {
  const tdb = await createTestDatabase(options.engine ?? 'sqlite');
  const config = loadConfig({ env: { REDRESS_LOG_LEVEL: 'info', ...options.env }, cwd: '/nonexistent' });
  const ctx = createAppContext(config, tdb.database, options.clock ? { clock: options.clock } : {});
  const logs: string[] = [];
  const logger = pino({ level: config.logLevel }, { write: (line: string) => void logs.push(line) });
  const app = await buildHttpApp(ctx, { logger });
  return {
    app,
    ctx,
    tdb,
    logs,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}

export interface ListeningTestApp extends TestApp {
  /** The port it listens on, on 127.0.0.1. */
  port: number;
  /** The server's side of the newest connection: its `bytesRead` is what the server read of it, headers included. */
  lastConnection(): Socket;
}

/**
 * A test app listening on a free port of 127.0.0.1, for tests that speak HTTP over real connections (what `inject`
 * cannot show: how much of a body the server read, whether it closed the connection).
 */
export async function listeningTestApp(
  options: Parameters<typeof createTestApp>[0] = {},
): Promise<ListeningTestApp> {
  const t = await createTestApp(options);
  let last: Socket | null = null;
  t.app.server.on('connection', (s: Socket) => {
    last = s;
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  return {
    ...t,
    port,
    lastConnection: () => {
      if (!last) throw new Error('no connection yet');
      return last;
    },
  };
}

/** What a server may read past where it should stop a body sent by `rawPost`: its own buffers and a chunk or two in flight. */
export const READ_SLACK = 1024 * 1024;
/** How far past a body's budget a test sends at most: more than the connection's buffers on both sides hold. */
export const SENT_PAST = 16 * 1024 * 1024;

/** A POST written by hand over a real connection (`rawPost`), its body sent piece by piece as the test writes it. */
export interface RawPost {
  /** What the server answered so far, one character a byte (latin1). */
  readonly answer: string;
  /** The server closed the connection. */
  readonly closed: boolean;
  /** The body's bytes written so far, the chunks' framing not counted. */
  readonly written: number;
  /** The bytes the server read of this connection so far, headers included. */
  serverRead(): number;
  /**
   * Writes a piece of the body (a chunk of its own when the body is chunked). While the connection's buffer is full,
   * waits until it drains, something arrives or the connection closes: a client busy sending reads the answer
   * afterwards, as a browser does.
   */
  write(piece: Buffer): Promise<void>;
  /** Writes the last chunk of a chunked body. */
  end(): void;
  /** Waits until something arrives or the connection closes. */
  next(): Promise<void>;
  /** Closes the connection from this side, and waits until it is closed. */
  close(): Promise<void>;
}

/**
 * Opens a connection to a listening test app and writes the head of a POST: `headers`, then the body's type and
 * either its announced `length` or, without one, `Transfer-Encoding: chunked`. The body is the test's to write.
 */
export async function rawPost(
  t: ListeningTestApp,
  path: string,
  headers: Record<string, string>,
  body: { type: string; length?: number },
): Promise<RawPost> {
  const socket = connect(t.port, '127.0.0.1');
  let answer = '';
  let closed = false;
  let written = 0;
  const gone = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  let wake: () => void = () => {};
  socket.on('data', (d: Buffer) => {
    answer += d.toString('latin1');
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const server = t.lastConnection();
  const chunked = body.length === undefined;
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      `Content-Type: ${body.type}\r\n` +
      (chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${body.length}\r\n`) +
      '\r\n',
  );
  return {
    get answer() {
      return answer;
    },
    get closed() {
      return closed;
    },
    get written() {
      return written;
    },
    serverRead: () => server.bytesRead,
    async write(piece) {
      written += piece.length;
      const framed = chunked
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        : piece;
      if (socket.write(framed)) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        socket.once('drain', resolve);
      });
    },
    end: () => void socket.write('0\r\n\r\n'),
    next: () => new Promise<void>((resolve) => (wake = resolve)),
    async close() {
      socket.destroy();
      await gone;
    },
  };
}

/** A visitor of the public form, as its page leaves them (`publicFormVisitor`). */
export interface PublicFormVisitor {
  /** The Cookie header with the CSRF cookie. */
  cookie: string;
  /** The CSRF token a form post carries (`_csrf`). */
  csrf: string;
  /** The form's own token (`formToken`: when the form was shown, for its minimum fill time). */
  token: string;
}

export async function publicFormVisitor(app: HttpApp): Promise<PublicFormVisitor> {
  const page = await app.inject({ method: 'GET', url: '/complain', headers: { 'accept-language': 'en' } });
  const c = setCookies(page).get('redress_csrf')!;
  return {
    cookie: c.slice(0, c.indexOf(';')),
    csrf: c.slice('redress_csrf='.length, c.indexOf(';')),
    token: /name="formToken" value="([^"]+)"/.exec(page.body)![1]!,
  };
}

/** The headers of a form post of a signed-in member of staff as htmx sends it: session cookie and CSRF token. */
export async function staffFormHeaders(
  ctx: AppContext,
  role: Role = 'agent',
): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const s = await sessionFor(ctx, await createUser(ctx, role));
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}

/**
 * The configuration of departments (each with an address of its own) for `createTestApp({ env })`: a department
 * member is placed only in departments that exist.
 */
export function departmentsEnv(...names: string[]): { REDRESS_DEPARTMENTS: string } {
  return {
    REDRESS_DEPARTMENTS: JSON.stringify(
      names.map((name) => ({ name, email: `${name.toLowerCase()}@example.org`, keywords: [] })),
    ),
  };
}

export const PASSWORD = 'a good long test password';

let n = 0;
export async function createUser(
  ctx: AppContext,
  role: Role,
  o: { email?: string; name?: string; language?: Language; departments?: string[] } = {},
): Promise<User> {
  n += 1;
  return addUser(
    ctx,
    {
      email: o.email ?? `${role}${n}@example.org`,
      name: o.name ?? `${role} ${n}`,
      role,
      // A department member is placed in a department that exists: the test app configures the ones its test uses
      // (departmentsEnv); by default the first of them. Without any, "Billing" is refused, saying none exists.
      departments:
        o.departments ?? (role === 'department_member' ? [ctx.config.departments[0]?.name ?? 'Billing'] : []),
      language: o.language ?? 'en',
      password: PASSWORD,
    },
    { actor: 'cli', label: null, address: null },
  );
}

/** A lead for each language, lead-en@example.org and so on, to read the pages as staff of that language. */
export async function leadsInEachLanguage(ctx: AppContext): Promise<Record<'en' | 'fr' | 'de', User>> {
  const leads = {} as Record<'en' | 'fr' | 'de', User>;
  for (const language of ['en', 'fr', 'de'] as const)
    leads[language] = await createUser(ctx, 'lead', { email: `lead-${language}@example.org`, language });
  return leads;
}

export interface TestSession {
  /** The Cookie header. */
  cookie: string;
  csrf: string;
  token: string;
}

/** A fresh session for a user, as if they had signed in. */
export async function sessionFor(ctx: AppContext, user: User): Promise<TestSession> {
  const token = randomToken(32);
  const csrf = randomToken(32);
  const now = ctx.clock.now();
  const later = new Date(Date.parse(now) + 3_600_000).toISOString();
  await new AccountsRepo(ctx.database.db).insertSession({
    id: sha256Hex(token),
    userId: user.id,
    csrfToken: csrf,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: later,
    absoluteExpiresAt: later,
    address: null,
    userAgent: 'test',
  });
  return { cookie: `redress_session=${token}`, csrf, token };
}

/** An urlencoded form body. */
export function form(values: Record<string, string | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  }
  return q.toString();
}

/** Posts a form as a signed-in browser would (session cookie, `_csrf` field). */
export function postForm(
  app: HttpApp,
  session: TestSession,
  url: string,
  values: Record<string, string | string[] | undefined> = {},
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form({ _csrf: session.csrf, ...values }),
  });
}

export function getPage(
  app: HttpApp,
  session: TestSession | null,
  url: string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'GET',
    url,
    headers: { ...(session ? { cookie: session.cookie } : {}), ...headers },
  });
}

/** The cookies a response sets, by name. */
export function setCookies(res: { headers: Record<string, unknown> }): Map<string, string> {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return new Map(list.map((c) => [c.slice(0, c.indexOf('=')), c]));
}

/**
 * The text of a page's refusals as the reader sees it (the error summary, the field errors, a page's alert): tags
 * removed, entities written out.
 */
export function refusalsOnPage(body: string): string {
  return [
    ...body.matchAll(
      /<(p|div|li)[^>]*class="[^"]*(error-text|error-summary|alert)[^"]*"[^>]*>([\s\S]*?)<\/\1>|role="alert">([\s\S]*?)</g,
    ),
  ]
    .map((m) =>
      (m[3] ?? m[4] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    )
    .join(' | ');
}

/** A JSON POST to the API of a listening app (at `base`), with a bearer token, asking for answers in `language`. */
export function apiPost(base: string, token: string, path: string, body: unknown, language: string) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'accept-language': language,
    },
  });
}

/** The secret of a new API token of this role that never expires, made as an administrator does on the command line. */
export async function apiSecret(ctx: AppContext, role: Role, name = `api-${role}`): Promise<string> {
  const token = await createApiToken(
    ctx,
    { name, role, expiresInDays: null },
    { actor: 'cli', label: null, address: null },
  );
  return token.secret;
}

/**
 * Runs `fn` while the whole upload budget of the process is held by someone else, with a short wait for a share:
 * a form with files then gets none, as when many large forms arrive at once.
 */
export async function whileUploadBudgetTaken<T>(fn: () => Promise<T>): Promise<T> {
  const held = (await uploadBudget.take(uploadBudget.capacity, 0))!;
  const wait = uploadBudget.waitMs;
  uploadBudget.waitMs = 10;
  try {
    return await fn();
  } finally {
    uploadBudget.waitMs = wait;
    held();
  }
}
