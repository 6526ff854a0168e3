// Rate limits kept in the database, so that several instances count one flood once (the public form per client
// address, API writes per token; automatic mail per recipient and sender, counted in the filing transaction). Fixed windows: simple, and a burst at a window's edge is at most twice the limit.
// Client addresses are never stored: a keyed hash of the address (IPv6 by its /64 network) names the bucket.
import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { deriveServerSecret, serverKeyFrom } from '../adapters/crypto/secrets.ts';
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { LimitsRepo } from '../adapters/db/limits.repo.ts';
import {
  type AutoReplyCounter,
  type AutoReplyLimits,
  autoReplyCounters,
  overAutoReplyLimit,
} from '../core/correspondence/auto-reply-limits.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import type { AppContext } from './context.ts';

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  limit: number;
  /** Seconds until the window ends (when refused: when to try again). */
  retryAfterSeconds: number;
}

/** Windows older than this are forgotten (the longest window in use is an hour). */
const KEEP_MS = 2 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const lastPruned = new WeakMap<object, number>();
const countsPruned = new WeakMap<object, number>();

/** Counts one request in `bucket` and says whether it is within `limit` per `windowSeconds`. */
export async function consumeRateLimit(
  ctx: AppContext,
  bucket: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const nowMs = Date.parse(ctx.clock.now());
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(nowMs / windowMs) * windowMs;
  const repo = new LimitsRepo(ctx.database.db);
  const count = await repo.hit(bucket, new Date(start).toISOString());
  const last = lastPruned.get(ctx.database) ?? 0;
  if (nowMs - last > PRUNE_EVERY_MS) {
    lastPruned.set(ctx.database, nowMs);
    await repo.prune(new Date(nowMs - KEEP_MS).toISOString());
  }
  return {
    allowed: count <= limit,
    count,
    limit,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - nowMs) / 1000)),
  };
}

const secrets = new WeakMap<object, Map<string, Promise<string>>>();

/** A server secret shared by every instance (created on first use), cached per database. */
export function serverSecret(ctx: AppContext, name: string): Promise<string> {
  let byName = secrets.get(ctx.database);
  if (!byName) {
    byName = new Map();
    secrets.set(ctx.database, byName);
  }
  let found = byName.get(name);
  if (!found) {
    // From the operator's key when there is one (then a copy of the database alone does not hold it).
    const key = serverKeyFrom(ctx.config.secretKeyFile);
    found = key
      ? Promise.resolve(deriveServerSecret(key, name))
      : new LimitsRepo(ctx.database.db).secret(name, ctx.clock.now());
    found.catch(() => byName.delete(name));
    byName.set(name, found);
  }
  return found;
}

/** The network a client address stands for: IPv4 as is, IPv6 by its /64 (one household or server). */
export function addressNetwork(address: string): string {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  if (!isIPv6(a)) return a;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

/** The bucket name for a client address: a keyed hash, so the table holds no address. */
export async function addressBucket(ctx: AppContext, prefix: string, address: string): Promise<string> {
  const key = await serverSecret(ctx, 'address-hash');
  const digest = createHmac('sha256', key).update(addressNetwork(address)).digest('base64url').slice(0, 22);
  return `${prefix}:${digest}`;
}

/**
 * How many posts an address may send to a web door for the public (the public form, a complainant's page) in an
 * hour, whatever becomes of them: four times the posts it may have taken, so that a person who is given the form
 * back a few times (a file too large, a field left out) is never cut off, while a flood is. A post over it still
 * has its text read, not its files (uploads.ts), so that the person gets it back with the reason.
 */
export async function countFormTry(
  ctx: AppContext,
  door: 'complain' | 'complainant-link',
  address: string,
  acceptedPerHour: number,
): Promise<{ bucket: string; tries: RateLimitResult }> {
  const bucket = await addressBucket(ctx, door, address);
  const tries = await consumeRateLimit(ctx, `${bucket}:try`, acceptedPerHour * 4, 3600);
  return { bucket, tries };
}

/** The limits on automatic mail, from the configuration. */
export function autoReplyLimitsOf(config: AppContext['config']): AutoReplyLimits {
  return {
    perRecipientPerDay: config.autoReplyLimitPerDay,
    perRecipientPerHour: config.autoReplyLimits.perRecipientPerHour,
    perSenderPerHour: config.autoReplyLimits.perSenderPerHour,
    perSenderPerDay: config.autoReplyLimits.perSenderPerDay,
  };
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
/** The local day (YYYY-MM-DD) and hour (0–23) of an instant in the organisation's time zone. */
function localDayAndHour(ctx: AppContext, now: string): { day: string; hour: number } {
  const zone = ctx.config.timezone;
  let format = hourFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(zone, format);
  }
  return { day: ctx.calendar.localDate(now).toString(), hour: Number(format.format(new Date(now))) % 24 };
}

/**
 * The counters (day of the `auto_reply_counts` row, and keys) that automatic mail to `recipient` about a
 * message from `sender` takes now; null when the recipient is not one valid address. The mail intake takes
 * them for a whole batch at once (`Aggregates.prefetch`).
 */
export function autoReplyCountersNow(
  ctx: AppContext,
  recipient: string,
  sender: string | null,
): { day: string; counters: AutoReplyCounter[] } | null {
  const { day, hour } = localDayAndHour(ctx, ctx.clock.now());
  const counters = autoReplyCounters(recipient, sender, hour, autoReplyLimitsOf(ctx.config));
  return counters ? { day, counters } : null;
}

/**
 * Counts one automatic mail to `recipient` about a message from `sender`, in the caller's transaction (every
 * door: mail, public form, API), and says whether it may go: null when it may, else why not (for the flag).
 * A recipient that is not one valid address never gets automatic mail.
 */
export async function countAutoReply(
  ctx: AppContext,
  agg: Aggregates,
  recipient: string,
  sender: string | null,
): Promise<string | null> {
  const taken = autoReplyCountersNow(ctx, recipient, sender);
  if (!taken) return staffNote('invalidRecipient', { recipient });
  const counted: Array<{ counter: AutoReplyCounter; count: number }> = [];
  for (const counter of taken.counters)
    counted.push({ counter, count: await agg.countAutoReply(counter.key, taken.day) });
  // Now and then, the counts of days gone are forgotten (after the counting, so no row counted now is touched).
  const nowMs = Date.parse(ctx.clock.now());
  if (nowMs - (countsPruned.get(ctx.database) ?? 0) > PRUNE_EVERY_MS) {
    countsPruned.set(ctx.database, nowMs);
    await new LimitsRepo(agg.db).pruneAutoReplyCounts(
      ctx.calendar.localDate(new Date(nowMs - KEEP_MS).toISOString()).toString(),
    );
  }
  return overAutoReplyLimit(counted);
}
