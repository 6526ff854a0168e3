// Secrets: password hashes (scrypt, memory-hard, parameters kept in the hash so they can be raised later),
// random tokens for sessions, CSRF, invitations and API tokens, and their SHA-256 for storage.
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** scrypt cost: N = 2^15, r = 8 → 32 MiB of memory per hash; about 50–100 ms on a server core. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function scryptAsync(
  password: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...cost, maxmem: 128 * cost.N * cost.r * 2 + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`, compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map((x) => Number.parseInt(x, 10)) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await scryptAsync(password, salt, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** Whether a stored hash was made with weaker parameters than today's (re-hash after a successful sign-in). */
export function needsRehash(stored: string): boolean {
  const [, N, r, p] = stored.split('$');
  return Number(N) < COST.N || Number(r) < COST.r || Number(p) < COST.p;
}

let dummyHash: Promise<string> | null = null;
/**
 * Spends the same time as a real check, for an unknown account or one without a password, so the answer time
 * does not tell which e-mail addresses have an account.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('redress-dummy-password');
  await verifyPassword(password, await dummyHash);
  return false;
}

// Every new case gets a link token, so tokens are taken often: they are cut from a block of random bytes drawn
// from the operating system's generator a few kilobytes at a time, rather than asking it once per token (as
// Node's own randomUUID does). Each byte is handed out once; the block is never reused.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** A random token, base64url, with an optional readable prefix (`rdt_` for API tokens). */
export function randomToken(bytes = 32, prefix = ''): string {
  if (bytes > POOL_BYTES / 4) return prefix + randomBytes(bytes).toString('base64url');
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const token = pool.toString('base64url', poolAt, poolAt + bytes);
  pool.fill(0, poolAt, poolAt + bytes);
  poolAt += bytes;
  return prefix + token;
}

/**
 * SHA-256, lower-case hex, of bytes or of text (as UTF-8): how sessions, invitations and API tokens are stored
 * (a leaked table gives no usable token), and the key of every original (originals.repo.ts).
 */
export function sha256Hex(value: Uint8Array | string): string {
  return typeof value === 'string'
    ? createHash('sha256').update(value, 'utf8').digest('hex')
    : createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two strings (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

// -- the server key -------------------------------------------------------------------------------------------
// The server's own secrets (the key that signs public-form tokens, the key that hashes client addresses into
// rate-limit buckets) are by default made at random on first use and kept in the database, which is then
// owner-only (database.ts). An operator may instead give one key from outside the database, in the environment
// (REDRESS_SECRET_KEY) or in a file (REDRESS_SECRET_KEY_FILE): each named secret is then derived from it, and
// a copy of the database alone no longer holds them.

/** The least key material accepted: 32 bytes, written as at least 32 characters. */
const SERVER_KEY_MIN_CHARS = 32;

export class ServerKeyError extends Error {
  readonly code = 'server_key_invalid';
}

/**
 * The server key from the environment variable or the key file, or null when neither is set (the secrets then
 * live in the database). A key that is too short, a file that cannot be read or that other users may read, and
 * both set at once are refused with a message saying what to do.
 */
export function serverKeyFrom(
  keyFile: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  read: { text(path: string): string; mode(path: string): number } = {
    text: (path) => readFileSync(path, 'utf8'),
    mode: (path) => statSync(path).mode,
  },
): Buffer | null {
  const fromEnv = env.REDRESS_SECRET_KEY?.trim();
  if (fromEnv && keyFile)
    throw new ServerKeyError(
      'Give the server key once: REDRESS_SECRET_KEY or REDRESS_SECRET_KEY_FILE, not both.',
    );
  let key: string | undefined = fromEnv;
  if (keyFile) {
    let mode: number;
    try {
      mode = read.mode(keyFile);
      key = read.text(keyFile).trim();
    } catch (e) {
      throw new ServerKeyError(`The key file ${keyFile} cannot be read: ${(e as Error).message}`);
    }
    if ((mode & 0o077) !== 0)
      throw new ServerKeyError(
        `The key file ${keyFile} may be read by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${keyFile}.`,
      );
  }
  if (!key) return null;
  if (key.length < SERVER_KEY_MIN_CHARS)
    throw new ServerKeyError(
      `The server key is too short (${key.length} characters): use at least ${SERVER_KEY_MIN_CHARS}, e.g. the output of "openssl rand -base64 48".`,
    );
  return Buffer.from(key, 'utf8');
}

/** The named secret derived from the server key (HMAC-SHA256), base64url like the ones kept in the database. */
export function deriveServerSecret(key: Buffer, name: string): string {
  return createHmac('sha256', key).update(`redress server secret:${name}`).digest('base64url');
}
