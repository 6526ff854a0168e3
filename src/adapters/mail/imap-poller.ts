// The IMAP door: polls a mailbox with `imapflow` (IDLE where the server offers it, and a poll every
// `pollSeconds` as a safety net), hands every message of the folder to the intake, and moves it to the
// processed folder only after it is committed. Every message in the folder is processed, seen or unseen,
// whatever its date (a person reading the mailbox must not make Redress miss a message); processed ones are
// moved out, so the folder holds only what is still to do. A crash between the commit and the move is
// harmless: next time the message is a duplicate (stored once) and is moved then.
// A dropped connection is recovered by making a NEW client (a closed imapflow client cannot reconnect),
// after a pause that grows from 1 s to 1 min while the server stays unreachable or refuses every round (the
// password changed, the folder deleted); the log says which, in words (`whyImapFailed`).
// imapflow answers a refused SEARCH with false (nothing at all when no folder is open), not an error: read as an
// empty folder, its messages would wait unseen with no error and no pause. Such a SEARCH fails the round, as a
// dropped connection does (counted in `failures`, logged with its reason, the pause growing).
// imapflow answers a refused MOVE or STORE with false, not an error, and Dovecot answers OK to a MOVE out of a
// folder it may not write while the message stays there: both are checked, or the same message would be fetched
// again at once, round after round (and copied each time). A processed folder deleted while Redress runs is made
// again; a message the server keeps whatever Redress asks (neither moved out nor flagged) is skipped, and
// remembered in the database (`imap_skipped`, under the folder's UIDVALIDITY) so that a restart or another instance
// taking over the lease skips it too. The server's own mark comes first where it takes one (the set-aside folder,
// a keyword): a person sees it in any mail program, and undoes it there; the database is the fallback.
// A FETCH answered OK without one of the messages asked for (one the server cannot give, or just removed by
// another session) counts against that message, as one given without its bytes does.
// A message the server cannot give (its file unreadable, or its size wrong in a maildir file name) fails the FETCH
// of its whole round, of its size or of its bytes, often by closing the connection: after such a round its
// messages are asked about one at a time, and one that fails alone is counted as a failure of that message
// (below), so the others are filed and it is set aside in the end.
// A message over the size limit (the server's RFC822.SIZE, asked before fetching) is never fetched: it is left
// in the folder with the keyword TOO_LARGE_KEYWORD and a warning in the log, skipped from then on, for a person
// to deal with in the mailbox itself; staff are told by a notice on the inbox page (below).
// With several instances, one at a time polls a mailbox: the poller holds a lease (leases.repo.ts) before it
// connects, renews it while it polls, and gives it up when it stops. An instance that dies keeps it until it runs
// out; another then takes over. Without the lease, two pollers would fetch the same messages (stored once all
// the same, by the duplicate rule, but fetched and read twice).
// A database that stops answering (a network dropping packets) gives no error: storing a message, or taking the
// lease, would wait forever and the mailbox would never be polled again. Both have a time limit (the SMTP door's,
// REDRESS_SMTP_STORE_TIMEOUT_MS): past it the message stays in the folder, unmoved, and the next round tries again;
// a store that lands late after all is recognised then as the same message (stored once, moved).
// A message that can never be stored must not stall the mailbox. A failure that says nothing about the message
// (the database down, busy or past the time limit: imap-failures.repo.ts `isTemporaryFailure`) is only retried,
// after a pause. Any other is counted per mailbox and UID in the database with its time (so a restart or another
// instance taking over goes on counting), and the messages behind it are taken at once. The failed message is
// tried again only after a pause that grows with each failure (`retryDelayMs`): a fault that passes in minutes
// and that the code could not tell apart from the message's own must not use up its tries in seconds. A message
// that has failed is fetched after the others, so a large one does not use up each round's byte budget. After
// `maxFailures` such failures the message is set aside: filed unread in the inbox for staff with the reason
// (set-aside-email.ts), and moved to the folder `setAsideFolder` (made if missing); where the server refuses to
// make it or to move there, the message is left in the folder with the keyword SET_ASIDE_KEYWORD and skipped from
// then on (refused the keyword too, it is remembered in the database, above). A message the server never gave has
// no bytes to file: staff are told by a notice instead (below). Should filing for staff, or the notice, fail for
// good, the message is set aside all the same (the folder is then its only record) with an error in the log and
// `setAsideUnfiled` counted (redress_imap_set_aside_total on /metrics).
// The notices: a message of which Redress has no bytes (the server never gave it, or it is over the size limit)
// was not received, so nothing of it goes where received mail goes (no correspondence, no original, no inbox
// item: the archive keeps only what came in). Staff learn of it from a notice record (`notices`, the table
// imap_notices: imap-failures.repo.ts), listed on the inbox page with the account, folder, UIDVALIDITY, UID, why,
// when, and what to do on the server, until a person marks it dealt with. A message is told of once: the record
// is keyed by mailbox, UIDVALIDITY and UID, so a restart or another instance finding it again adds nothing.
// The count of a message is forgotten once it is stored or set aside, or when it is no longer in the folder.
import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { InboundEmail } from '../../app/prepare-email.ts';
import type { ImapMailbox, Mailbox } from '../../config.ts';
import { staffNote } from '../../core/intake/staff-notes.ts';
import {
  type FailureLog,
  type FailureRecord,
  type ImapNoticeFacts,
  isTemporaryFailure,
  type NoticeLog,
  type SkipReason,
  type SkipRecord,
} from '../db/imap-failures.repo.ts';
import type { Lease } from '../db/leases.repo.ts';
import { collectGarbageSoon, MAIN_COLLECT_AFTER_BYTES } from '../os/collect.ts';

export interface ImapPollerOptions {
  box: ImapMailbox;
  /** The Redress mailbox these messages are filed as sent to. */
  mailbox: Mailbox;
  password: string;
  receive(
    email: InboundEmail,
  ): Promise<{ correspondenceId: string; duplicate: boolean; warnings?: string[] }>;
  logger: Logger;
  /** Messages fetched and committed per round (default 50). */
  batchSize?: number;
  /** Larger messages are not fetched (left flagged in the folder); default 25 MiB, as the SMTP listener. */
  maxMessageBytes?: number;
  /**
   * The most bytes of messages fetched in one round (their sizes as the server gives them): a round takes the
   * messages in order while they fit, and always the first. Default `maxMessageBytes`: what the SMTP door holds for
   * large messages at once, one of the largest size.
   */
  maxRoundBytes?: number;
  /** A collection of this thread's garbage, after a round that held a large message (tests give their own). */
  collect?: () => Promise<unknown>;
  /**
   * How long storing a round's message, or taking the lease, may take before it counts as failed (the message
   * stays in the folder for the next round); default 5 minutes, as the SMTP door's.
   */
  storeTimeoutMs?: number;
  /**
   * The mailbox's lease, when several instances may poll it: polled only while held. It is renewed at least
   * every third of `box.leaseSeconds`, and looked for that often while another instance holds it.
   */
  lease?: Lease;
  /**
   * Where failures to store a message are counted (the database's `imap_failures`, so that they survive a restart
   * and a change of instance); default: this poller's memory.
   */
  failures?: FailureLog;
  /** The pause after a round in which the database failed, before the next (default 5 s). */
  retryPauseMs?: number;
  /** Failures (not temporary ones) after which a message is set aside; default MAX_FAILURES (3). */
  maxFailures?: number;
  /** How long after its `failures`-th failure a message is tried again; default `retryDelayMs`. */
  retryDelay?: (failures: number) => number;
  /** The clock those pauses are measured on, in ms since 1970 (tests move theirs); default the system clock. */
  clock?: () => number;
  /**
   * Puts a message set aside before staff (`problem` says why); the message is moved only once this succeeded. Only
   * messages the server gave: of one it never gave, staff are told by a notice (`notices`).
   */
  setAside?(email: InboundEmail, problem: string): Promise<unknown>;
  /**
   * Where staff are told of messages Redress has no bytes of (the server could not give them, or they are over the
   * size limit): the inbox page's notices (imap_notices). Without it, only the log tells of them.
   */
  notices?: NoticeLog;
  /** The folder messages are set aside in, as its parts (joined with the server's separator); default Redress/Unprocessable. */
  setAsideFolder?: string[];
}

/** The size limit when `maxMessageBytes` is not given: the SMTP listener's default. */
const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** The IMAP keyword set on a message left in the folder because it is over the size limit. */
export const TOO_LARGE_KEYWORD = '$RedressTooLarge';

/** The IMAP keyword set on a message set aside that the server would not move to the set-aside folder. */
export const SET_ASIDE_KEYWORD = '$RedressUnprocessable';

/** Failures after which a message is set aside (when `maxFailures` is not given). */
export const MAX_FAILURES = 3;

/**
 * The pause after a message's first failure before it is tried again. Each later pause is RETRY_GROWTH times the
 * one before, and never longer than LONGEST_RETRY_MS. With MAX_FAILURES at 3 a message is tried at once, 5 minutes
 * later and 20 minutes after that, so it is set aside about 25 minutes after it first failed: a fault that passes
 * within minutes (a disk full until space is freed, a service the intake needs restarting) leaves a good message
 * where it is, and a message that truly cannot be stored still reaches staff within the half hour. Constants, not
 * settings: nothing about a site changes what a sensible wait is, and tests give their own (`retryDelay`).
 * Rounds run every `pollSeconds` at the least, so a message is tried again at most that long after its pause ends.
 */
export const FIRST_RETRY_MS = 5 * 60_000;
/** How many times longer each pause is than the one before (see FIRST_RETRY_MS). */
export const RETRY_GROWTH = 4;
/** The longest pause between two tries of a message (see FIRST_RETRY_MS), should `maxFailures` be set high. */
export const LONGEST_RETRY_MS = 6 * 3_600_000;

/** How long after its `failures`-th failure (1 or more) a message is tried again. */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * RETRY_GROWTH ** Math.max(0, failures - 1), LONGEST_RETRY_MS);
}

/** The failures of this poller only, when no database log is given. */
function memoryFailureLog(): FailureLog {
  const counted = new Map<string, FailureRecord>();
  const skipped = new Map<string, SkipRecord>();
  return {
    async count(uidValidity, uid, _error, at) {
      const failures = (counted.get(`${uidValidity}:${uid}`)?.failures ?? 0) + 1;
      counted.set(`${uidValidity}:${uid}`, { uidValidity, uid, failures, lastFailedAt: at });
      return failures;
    },
    async failing() {
      return [...counted.values()];
    },
    async forget(uidValidity, uids) {
      for (const uid of uids) counted.delete(`${uidValidity}:${uid}`);
    },
    async forgetOtherValidities(uidValidity) {
      for (const [key, r] of counted) if (r.uidValidity !== uidValidity) counted.delete(key);
      for (const [key, r] of skipped) if (r.uidValidity !== uidValidity) skipped.delete(key);
    },
    async skip(uidValidity, uids, reason) {
      for (const uid of uids)
        if (!skipped.has(`${uidValidity}:${uid}`))
          skipped.set(`${uidValidity}:${uid}`, { uidValidity, uid, reason });
    },
    async skipped() {
      return [...skipped.values()];
    },
    async forgetSkipped(uidValidity, uids) {
      for (const uid of uids) skipped.delete(`${uidValidity}:${uid}`);
    },
  };
}

export interface ImapPollerStats {
  /** Messages stored (new) and moved. */
  stored: number;
  /** Messages that were already stored (moved again). */
  duplicates: number;
  /** Connections made, the first included. */
  connections: number;
  /** Rounds that failed (connection dropped, a SEARCH refused, server error, a message that could not be stored). */
  failures: number;
  /** Messages left in the folder, unfetched, because they are over the size limit. */
  tooLarge: number;
  /** Messages set aside after failing `maxFailures` times (moved to the set-aside folder, or flagged). */
  setAside: number;
  /**
   * Of those, messages that could not be put before staff (filing them, or the notice written in place of one the
   * server never gave, in the inbox failed for good): the set-aside folder, or the keyword, is then their only record.
   */
  setAsideUnfiled: number;
  /** Messages in the folder that have failed and wait for another try, as this poller last counted them. */
  failing: number;
  /** Failures to store a message that were counted against it (temporary ones are not). */
  countedFailures: number;
  /** Times this poller took the mailbox's lease (after starting, after another instance died, after losing it). */
  leasesTaken: number;
  /** The most bytes of messages fetched in one round so far. */
  largestRoundBytes: number;
  /**
   * When a round last went through (ms since the epoch; null before the first): a mailbox whose rounds keep
   * failing, or whose poller is stuck, shows as a time that stops moving.
   */
  lastRoundAt: number | null;
}

/** The password of an IMAP mailbox: the variable named by `passwordEnv`, else `password`. */
export function imapPassword(box: ImapMailbox, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = box.passwordEnv ? env[box.passwordEnv] : undefined;
  const password = fromEnv ?? box.password;
  if (!password)
    throw new Error(
      `IMAP mailbox ${box.user}@${box.host}: no password (set ${box.passwordEnv ?? 'passwordEnv'} or "password")`,
    );
  return password;
}

/** Thrown when storing (or taking the lease) took longer than the poller's time limit. */
export class StoreTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${ms} ms (is the database answering?)`);
    this.name = 'StoreTimeout';
  }
}

/**
 * `work`, or a StoreTimeout once `ms` have passed without an answer. The work itself goes on (a promise cannot be
 * stopped); whatever it brings later is dropped, and a late failure is not left unhandled.
 */
export function withinLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout(what, ms)), ms);
  });
  work.catch(() => {});
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * Why a connection or a round failed, in words for whoever reads the log: imapflow's own message is often only
 * "Command failed", the server's words and the kind of fault being in the error's fields.
 */
export function whyImapFailed(e: unknown, box: Pick<ImapMailbox, 'user' | 'host' | 'folder'>): string {
  const err = (e ?? {}) as {
    message?: string;
    code?: string;
    authenticationFailed?: boolean;
    mailboxMissing?: boolean;
    responseText?: string;
  };
  const said = err.responseText ? ` (the server said: ${err.responseText})` : '';
  if (err.authenticationFailed)
    return `the server refused the user name or password of ${box.user}@${box.host}${said}`;
  if (err.mailboxMissing) return `the folder ${box.folder} is not on the server (deleted or renamed?)${said}`;
  if (err.code === 'NoConnection' || err.code === 'EConnectionClosed' || err.code === 'ECONNRESET')
    return 'the connection to the server was closed';
  if (err.code === 'ECONNREFUSED') return `the server ${box.host} refused the connection`;
  if (['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT'].includes(err.code ?? ''))
    return `the server ${box.host} did not answer in time`;
  return `${err.message ?? String(e)}${said}`;
}

/**
 * The UIDs a SEARCH of `folder` found; throws when it failed (imapflow gives false for a NO or BAD, nothing when
 * no folder is open), with the reason in words, `why` saying what the search was for.
 */
function searched(found: number[] | false | undefined, folder: string, why: string): number[] {
  if (Array.isArray(found)) return found;
  throw new Error(
    found === false
      ? `the server refused to search the folder ${folder} ${why} (its SEARCH answered NO or BAD)`
      : `the folder ${folder} was no longer open when searched ${why} (SEARCH not sent; closed by the server?)`,
  );
}

export class ImapPoller {
  readonly #o: ImapPollerOptions;
  readonly #log: Logger;
  #stopped = false;
  #client: ImapFlow | null = null;
  #wake: (() => void) | null = null;
  /** New mail was announced (EXISTS) since the last round began. */
  #news = false;
  #loop: Promise<void> | null = null;
  readonly stats: ImapPollerStats = {
    stored: 0,
    duplicates: 0,
    connections: 0,
    failures: 0,
    tooLarge: 0,
    setAside: 0,
    setAsideUnfiled: 0,
    failing: 0,
    countedFailures: 0,
    leasesTaken: 0,
    largestRoundBytes: 0,
    lastRoundAt: null,
  };
  /** Whether this poller holds the lease now, and when it last took or renewed it (process clock, ms). */
  #leaseHeld = false;
  #leaseRenewedAt = 0;
  #toldWaiting = false;
  readonly #failures: FailureLog;
  /**
   * The UIDs found over the size limit, or set aside and not moved, or filed and not removed, under the UIDVALIDITY
   * `#skippedValidity`: never fetched again, even where the server refused the keyword that keeps them out of the
   * search. Those the server keeps no mark of are also in the database (`#remember`), read back at every round, so
   * a restart or another instance skips them too.
   */
  readonly #skipped = new Set<number>();
  #skippedValidity = '';
  /**
   * The messages whose bytes were being fetched (under a UIDVALIDITY) when the round failed, with why; null once
   * the fetch came back. A message the server cannot give (its file unreadable, its cache broken) fails the FETCH
   * of its whole round, often by closing the connection: without knowing which it was, every round would fail on it
   * and the messages with it would never be filed.
   */
  #fetching: { validity: string; uids: number[]; reason: string } | null = null;
  /** Messages of a round whose fetch failed: each is fetched alone until it comes back, to find which one fails. */
  readonly #alone = new Set<number>();
  /** The set-aside folder's path on the server, once made (or found); null until then. */
  #setAsidePath: string | null = null;
  /** Called after each round that found the folder empty (tests wait on it). */
  onIdle: (() => void) | null = null;

  constructor(options: ImapPollerOptions) {
    this.#o = options;
    this.#failures = options.failures ?? memoryFailureLog();
    this.#log = options.logger.child({
      imap: `${options.box.user}@${options.box.host}/${options.box.folder}`,
    });
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Whether this poller polls the mailbox now: it holds the lease (always, without a lease, once started). */
  get polling(): boolean {
    return this.#loop !== null && !this.#stopped && (this.#o.lease ? this.#leaseHeld : true);
  }

  /** Stops after the round in progress (nothing is lost: an unmoved message is simply done next time). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    const client = this.#client;
    if (client?.usable) await client.logout().catch(() => client.close());
    await this.#loop;
  }

  #now(): number {
    return (this.#o.clock ?? Date.now)();
  }

  get #maxFailures(): number {
    return this.#o.maxFailures ?? MAX_FAILURES;
  }

  get #storeTimeoutMs(): number {
    return this.#o.storeTimeoutMs ?? 300_000;
  }

  /** How often the lease is renewed while held, and looked for while another instance holds it. */
  get #leaseEveryMs(): number {
    return Math.max(500, (this.#o.box.leaseSeconds * 1000) / 3);
  }

  /** Takes the lease, or renews it when it is due; false when another instance holds it (or the database fails). */
  async #keepLease(): Promise<boolean> {
    const lease = this.#o.lease;
    if (!lease) return true;
    if (this.#leaseHeld && Date.now() - this.#leaseRenewedAt < this.#leaseEveryMs) return true;
    const asked = Date.now();
    let held: boolean;
    try {
      held = await withinLimit(lease.acquire(), this.#storeTimeoutMs, 'taking the lease');
    } catch (e) {
      this.#log.warn({ err: e }, 'imap: could not take or renew the lease; not polling until it can');
      held = false;
    }
    if (held) {
      this.#leaseRenewedAt = asked;
      if (!this.#leaseHeld) {
        this.stats.leasesTaken++;
        this.#toldWaiting = false;
        this.#log.info({ holder: lease.holder }, 'imap: this instance polls the mailbox (lease taken)');
      }
    } else if (this.#leaseHeld) {
      this.#log.warn({ holder: lease.holder }, 'imap: lease lost; another instance polls the mailbox now');
    } else if (!this.#toldWaiting) {
      this.#toldWaiting = true;
      this.#log.info('imap: another instance polls the mailbox; this one takes over if that one stops');
    }
    this.#leaseHeld = held;
    return held;
  }

  async #run(): Promise<void> {
    try {
      await this.#poll();
    } finally {
      if (this.#leaseHeld && this.#o.lease) {
        this.#leaseHeld = false;
        await this.#o.lease
          .release()
          .catch((e: unknown) => this.#log.warn({ err: e }, 'imap: could not give up the lease'));
      }
    }
  }

  async #poll(): Promise<void> {
    let pause = 1000;
    while (!this.#stopped) {
      if (!(await this.#keepLease())) {
        await this.#sleep(this.#leaseEveryMs);
        continue;
      }
      const client = this.#newClient();
      this.#client = client;
      try {
        await client.connect();
        this.stats.connections++;
        await this.#ensureFolder(client, this.#o.box.processedFolder);
        const lock = await client.getMailboxLock(this.#o.box.folder);
        try {
          while (!this.#stopped && client.usable) {
            // Renewed before each round; lost (this process stalled past its end), the other holder polls alone.
            if (!(await this.#keepLease())) break;
            const handled = await this.#round(client);
            this.stats.lastRoundAt = Date.now();
            // The pause is back to its shortest only once a round has gone through: a server that lets Redress in
            // but refuses every round (the folder gone, a move refused) is tried again less and less often, not
            // every second with the same messages fetched each time.
            pause = 1000;
            if (handled === 0) {
              this.onIdle?.();
              await this.#waitForNews(client);
            }
          }
        } finally {
          lock.release();
        }
      } catch (e) {
        if (this.#fetching) this.#fetching.reason = whyImapFailed(e, this.#o.box);
        if (!this.#stopped) {
          this.stats.failures++;
          const reason = whyImapFailed(e, this.#o.box);
          this.#log.warn(
            { err: e, reason, retryInMs: pause },
            `imap: ${reason}; trying again in ${Math.round(pause / 1000)} s with a new connection`,
          );
        }
      } finally {
        if (client.usable) await client.logout().catch(() => {});
        client.close();
        this.#client = null;
      }
      if (this.#stopped) break;
      if (!this.#leaseHeld && this.#o.lease) continue;
      await this.#sleep(pause);
      pause = Math.min(pause * 2, 60_000);
    }
  }

  #newClient(): ImapFlow {
    const { box } = this.#o;
    const client = new ImapFlow({
      host: box.host,
      port: box.port,
      secure: box.secure,
      auth: { user: box.user, pass: this.#o.password },
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
      socketTimeout: 5 * 60_000,
      // IDLE is restarted regularly so that a silently dead connection is noticed.
      maxIdleTime: Math.max(box.pollSeconds, 1) * 1000,
      // Start IDLE soon after a round, so that new mail is announced at once.
      autoIdleDelay: 500,
    });
    client.on('error', (e: Error) => this.#log.warn({ err: e }, 'imap: connection error'));
    client.on('exists', () => {
      this.#news = true;
      this.#wake?.();
    });
    client.on('close', () => this.#wake?.());
    return client;
  }

  async #ensureFolder(client: ImapFlow, path: string): Promise<boolean> {
    const list = await client.list();
    if (list.some((m) => m.path === path)) return false;
    try {
      await client.mailboxCreate(path);
    } catch (e) {
      // Said in full: imapflow's own message is "Command failed", which names neither the folder nor the fault.
      const said = (e as { responseText?: string }).responseText;
      throw new Error(
        `could not make the folder ${path} on the server${said ? ` (the server said: ${said})` : ''}`,
        { cause: e },
      );
    }
    return true;
  }

  /**
   * Moves filed messages to the processed folder. imapflow answers a refused MOVE with false, not an error: unseen,
   * the messages would stay in the folder and be fetched again at once, as duplicates, round after round for ever.
   * A processed folder deleted or renamed while Redress runs (a person tidying the mailbox) is made again, as at
   * start; a move still refused fails the round, so the poller says why and waits before it tries again.
   */
  async #moveProcessed(client: ImapFlow, validity: string, uids: number[]): Promise<void> {
    const folder = this.#o.box.processedFolder;
    let moved = Boolean(await client.messageMove(uids, folder, { uid: true }));
    if (!moved) {
      if (await this.#ensureFolder(client, folder))
        this.#log.warn(
          { folder },
          `imap: the processed folder ${folder} was gone from the server; made again`,
        );
      moved = Boolean(await client.messageMove(uids, folder, { uid: true }));
    }
    if (!moved)
      throw new Error(
        `the server refused to move filed messages (UIDs ${uids.join(',')}) to the processed folder ${folder}; they stay in ${this.#o.box.folder} and come back as already filed`,
      );
    const left = await this.#stillIn(client, uids);
    if (left.length > 0) {
      this.#log.error(
        { uids: left, folder: this.#o.box.folder, processedFolder: folder },
        `imap: the server said it moved filed messages to ${folder}, but they are still in ${this.#o.box.folder} (a folder Redress may only read?); they are filed, and skipped from now on`,
      );
      await this.#remember(validity, left, 'filed');
    }
  }

  /**
   * Remembers messages left in the folder for good where the server keeps no mark of them (it would neither move
   * them out nor flag them): in this poller, and in the database, so that a restart or another instance taking
   * over the lease does not fetch them and fail them again. Should the database fail just then, this instance
   * still skips them, and the log says that a restart will not.
   */
  async #remember(validity: string, uids: readonly number[], reason: SkipReason): Promise<void> {
    for (const uid of uids) this.#skipped.add(uid);
    try {
      await withinLimit(
        this.#failures.skip(validity, uids, reason, new Date(this.#now()).toISOString()),
        this.#storeTimeoutMs,
        'remembering messages skipped',
      );
    } catch (e) {
      this.#log.error(
        { err: e, uids, reason },
        'imap: could not remember in the database messages left in the folder for good; this instance skips them, but after a restart they are fetched again',
      );
    }
  }

  /**
   * Which of `uids`, just moved out, the folder still holds. A server may copy a message and answer MOVE with OK
   * although it could not remove it from the folder (Dovecot does so in a folder it may not write): such a message
   * would be fetched again in the next round, and copied again, for ever. Those are skipped from then on.
   */
  async #stillIn(client: ImapFlow, uids: number[]): Promise<number[]> {
    // A search that failed says nothing about where the messages are: the round fails (see #round).
    const found = searched(
      await client.search({ uid: uids.join(',') }, { uid: true }),
      this.#o.box.folder,
      `to tell whether messages moved out (UIDs ${uids.join(',')}) left it`,
    );
    const left = found.filter((uid) => uids.includes(uid));
    for (const uid of left) this.#skipped.add(uid);
    return left;
  }

  /**
   * Stores a round of messages of the folder and moves the stored ones; returns how many were handled (stored, or
   * failed: the next round then follows at once, for the messages behind a failing one, or after the pause when
   * the database failed, not after the poll interval, which may be long).
   */
  async #round(client: ImapFlow): Promise<number> {
    this.#news = false;
    // imapflow answers a SEARCH the server refuses (NO, BAD) with false, and one asked with no folder open (the
    // server closed it) with nothing: read as an empty folder, its messages would wait unseen, with no error and no
    // pause. It fails the round instead, as a dropped connection does.
    const uids = searched(
      await client.search(
        { deleted: false, unKeyword: TOO_LARGE_KEYWORD, not: { keyword: SET_ASIDE_KEYWORD } },
        { uid: true },
      ),
      this.#o.box.folder,
      'to list its messages',
    );
    // A UID names the same message only while the folder's UIDVALIDITY is unchanged: failures are counted under both.
    const validity = String(client.mailbox ? client.mailbox.uidValidity : '');
    if (validity !== this.#skippedValidity) {
      this.#skippedValidity = validity;
      this.#skipped.clear();
      this.#alone.clear();
    }
    await this.#afterBrokenFetch(client, validity, uids);
    // Read on every round, an empty folder's included: that is when the counts of messages that left it are
    // forgotten.
    const failedBefore = await this.#failing(validity, uids);
    if (uids.length === 0) return 0;
    // A message that failed waits out its pause before it is tried again (unless it has had all its tries: then
    // only setting it aside is left to do, which a passing fault of the database may have interrupted).
    const now = this.#now();
    const waiting = (uid: number) => {
      const f = failedBefore.get(uid);
      if (!f || f.failures >= this.#maxFailures) return false;
      return now < Date.parse(f.lastFailedAt) + (this.#o.retryDelay ?? retryDelayMs)(f.failures);
    };
    // Those waiting are left out before the round's messages are chosen, so that many of them first in the folder
    // do not keep the messages behind them out of every round.
    let candidates = uids
      .filter((uid) => !waiting(uid) && !this.#skipped.has(uid))
      .sort((a, b) => a - b)
      .slice(0, this.#o.batchSize ?? 50);
    // A message under suspicion (#afterBrokenFetch) is asked about alone, in a round of its own: the messages before
    // it make a round, then it.
    const suspect = candidates.findIndex((uid) => this.#alone.has(uid));
    if (suspect >= 0) candidates = candidates.slice(0, suspect === 0 ? 1 : suspect);
    if (candidates.length === 0) return 0;
    // Sizes first: a message over the limit is never fetched (it would be held whole in memory). Dovecot may fail
    // this FETCH already for a message it cannot read (its size must be read from the file): watched as the next.
    const limit = this.#o.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#fetching = { validity, uids: candidates, reason: '' };
    const sizes = await client.fetchAll(candidates, { uid: true, size: true }, { uid: true });
    this.#fetching = null;
    const tooLarge = sizes.filter((m) => (m.size ?? 0) > limit).map((m) => m.uid);
    if (tooLarge.length > 0) {
      for (const uid of tooLarge) this.#skipped.add(uid);
      // imapflow answers a refused STORE with false: the keyword is then missing, and without the UIDs kept above
      // the message would be found again at once, round after round, and counted each time.
      const flagged = await client.messageFlagsAdd(tooLarge, [TOO_LARGE_KEYWORD], { uid: true });
      this.stats.tooLarge += tooLarge.length;
      this.#log.warn(
        { uids: tooLarge, limit, flagged },
        flagged
          ? `imap: messages over the size limit of ${limit} bytes left in the folder, flagged ${TOO_LARGE_KEYWORD}; not stored`
          : `imap: messages over the size limit of ${limit} bytes left in the folder, not stored; they could not be flagged ${TOO_LARGE_KEYWORD} (the server refused), so they are skipped from now on`,
      );
      if (!flagged) await this.#remember(validity, tooLarge, 'too_large');
      for (const m of sizes)
        if (tooLarge.includes(m.uid))
          await this.#tellTooLarge(validity, m.uid, m.size ?? 0, Boolean(flagged));
    }
    // A round holds its messages whole in memory while they are filed: as many as fit in the round's budget (the
    // first always), the rest in the next rounds. Fifty messages of a mailbox full of scans would otherwise be
    // fetched at once, over a gigabyte. Messages that failed before come after the others: a large one that
    // fails every time would otherwise be the first of every round and leave no room for those behind it.
    const budget = this.#o.maxRoundBytes ?? limit;
    // A size the server did not give (a message left out of its answer) counts as the whole budget: such a message
    // is fetched alone, never with others whose bytes would then add up past it.
    const sizeOf = new Map(sizes.flatMap((m) => (m.size === undefined ? [] : [[m.uid, m.size] as const])));
    const ordered = [
      ...candidates.filter((uid) => !failedBefore.has(uid)),
      ...candidates.filter((uid) => failedBefore.has(uid)),
    ];
    const chunk: number[] = [];
    let roundBytes = 0;
    for (const uid of ordered) {
      if (tooLarge.includes(uid)) continue;
      const size = sizeOf.get(uid) ?? budget;
      if (chunk.length > 0 && roundBytes + size > budget) break;
      chunk.push(uid);
      roundBytes += size;
    }
    if (chunk.length === 0) return tooLarge.length;
    if (roundBytes > this.stats.largestRoundBytes) this.stats.largestRoundBytes = roundBytes;
    this.#fetching = { validity, uids: chunk, reason: '' };
    const messages = await client.fetchAll(chunk, { uid: true, source: true }, { uid: true });
    this.#fetching = null;
    for (const uid of chunk) this.#alone.delete(uid);
    // A server may answer the FETCH with OK and leave a message out (one it cannot give, or one another session
    // removed just then). Unnoticed, it would be asked for again at every poll, for ever, and nobody told: it is
    // counted against like a message given without its bytes (one removed meanwhile has its count forgotten, as
    // it is no longer in the folder).
    const given = new Set(messages.map((m) => m.uid));
    for (const uid of chunk) if (!given.has(uid)) messages.push({ uid, seq: 0 });
    // The intake commits messages handed over together in one transaction.
    const results = await Promise.allSettled(
      messages.map(async (m) => {
        if (!m.source) throw new Error(`the server gave no bytes of message UID ${m.uid}`);
        const r = await withinLimit(
          this.#o.receive({ raw: m.source, mailbox: this.#o.mailbox, door: 'imap' }),
          this.#storeTimeoutMs,
          `storing message UID ${m.uid}`,
        );
        return { uid: m.uid, ...r };
      }),
    );
    const done: number[] = [];
    let failed = 0;
    let duplicates = 0;
    /** Failures that may pass (the database): the next round waits a little. */
    let temporary = 0;
    /** Failures counted against their message: the next round follows at once. */
    let counted = 0;
    const toSetAside: Array<{ uid: number; source: Buffer | undefined; error: string; tries: number }> = [];
    for (const [i, r] of results.entries()) {
      const uid = messages[i]!.uid;
      if (r.status === 'fulfilled') {
        done.push(r.value.uid);
        if (r.value.warnings?.length)
          this.#log.warn(
            { correspondenceId: r.value.correspondenceId, warnings: r.value.warnings },
            'imap: filed, with warnings',
          );
        if (r.value.duplicate) {
          this.stats.duplicates++;
          duplicates++;
        } else this.stats.stored++;
        continue;
      }
      failed++;
      this.stats.failures++;
      if (isTemporaryFailure(r.reason)) {
        temporary++;
        this.#log.error(
          { err: r.reason, uid },
          'imap: a message could not be stored (the database?); it stays for the next round, not counted against it',
        );
        continue;
      }
      const error = r.reason instanceof Error ? r.reason.message : String(r.reason);
      let tries: number;
      try {
        tries = await this.#countFailure(validity, uid, error);
      } catch (e) {
        temporary++;
        this.#log.error(
          { err: r.reason, countError: e, uid },
          'imap: a message could not be stored, nor the failure counted; it stays for the next round',
        );
        continue;
      }
      counted++;
      this.stats.countedFailures++;
      if (tries === 1) this.stats.failing++;
      const { max, retryInMs } = this.#nextTry(tries);
      this.#log.error(
        { err: r.reason, uid, tries, maxFailures: max, retryInMs: tries >= max ? null : retryInMs },
        tries >= max
          ? 'imap: a message could not be stored, again; it is set aside'
          : `imap: a message could not be stored; tried again in ${Math.round(retryInMs / 1000)} s, after the others`,
      );
      const source = messages[i]!.source;
      if (tries >= max) toSetAside.push({ uid, source, error, tries });
    }
    if (done.length > 0) await this.#moveProcessed(client, validity, done);
    if (done.length > 0)
      this.#log.info(
        { stored: results.length - failed - duplicates, duplicates, moved: done.length },
        'imap: messages stored and moved',
      );
    // Those stored after failing before are forgotten (what is left in the table is only what still fails).
    // (A count left behind, the database failing just then, is forgotten in a later round: the message has left.)
    const recovered = done.filter((uid) => failedBefore.has(uid));
    if (recovered.length > 0) {
      this.stats.failing = Math.max(0, this.stats.failing - recovered.length);
      await withinLimit(
        this.#failures.forget(validity, recovered),
        this.#storeTimeoutMs,
        'forgetting the failures of stored messages',
      ).catch((e: unknown) =>
        this.#log.warn({ err: e }, 'imap: could not forget the failures of stored messages'),
      );
    }
    for (const m of toSetAside) if (!(await this.#setAside(client, validity, m))) temporary++;
    toSetAside.length = 0;
    // A large message's bytes are freed at this thread's next major collection, which a large heap makes rare:
    // collected now, before the next round fetches more (as the SMTP door does after a large message).
    if (messages.some((m) => (m.source?.byteLength ?? 0) >= MAIN_COLLECT_AFTER_BYTES)) {
      messages.length = 0;
      await (this.#o.collect ?? collectGarbageSoon)();
    }
    if (temporary > 0) {
      // The database is down or slow: pause before trying again.
      await this.#sleep(this.#o.retryPauseMs ?? 5000);
    }
    return done.length + counted + temporary;
  }

  /**
   * After a round that failed while fetching messages' bytes (#fetching): those messages are fetched alone from
   * now on, not counted against, since a dropped connection says nothing about them. A message that fails when
   * fetched alone is counted against (with a pause before the next try, after the others), and set aside after
   * `maxFailures`, unread: the server never gave it.
   */
  async #afterBrokenFetch(client: ImapFlow, validity: string, uids: readonly number[]): Promise<void> {
    const broken = this.#fetching;
    this.#fetching = null;
    const inFolder = new Set(uids);
    for (const uid of this.#alone) if (!inFolder.has(uid)) this.#alone.delete(uid);
    if (!broken || broken.validity !== validity) return;
    const left = broken.uids.filter((uid) => inFolder.has(uid));
    const uid = left[0];
    if (uid === undefined) return;
    if (left.length > 1 || !this.#alone.has(uid)) {
      for (const u of left) this.#alone.add(u);
      this.#log.warn(
        { uids: left, reason: broken.reason },
        'imap: fetching messages failed; each is now fetched alone, to find any the server cannot give',
      );
      return;
    }
    const error = `the server failed while giving this message (${broken.reason})`;
    let tries: number;
    try {
      tries = await this.#countFailure(validity, uid, error);
    } catch (e) {
      this.#log.error(
        { err: e, uid },
        'imap: the server failed while giving a message, and the failure could not be counted',
      );
      return;
    }
    this.stats.countedFailures++;
    if (tries === 1) this.stats.failing++;
    const { max, retryInMs } = this.#nextTry(tries);
    this.#log.error(
      { uid, tries, maxFailures: max, reason: broken.reason, retryInMs: tries >= max ? null : retryInMs },
      tries >= max
        ? 'imap: the server failed again while giving a message; it is set aside, unread'
        : `imap: the server failed while giving a message; tried again in ${Math.round(retryInMs / 1000)} s, after the others`,
    );
    if (tries >= max) await this.#setAside(client, validity, { uid, source: undefined, error, tries });
  }

  /**
   * Counts a failure of a message against it (in the database, so that a restart or another instance goes on
   * counting) and returns its tries so far. Counting needs the database: while it is down this throws, and nothing
   * is counted.
   */
  #countFailure(validity: string, uid: number, error: string): Promise<number> {
    return withinLimit(
      this.#failures.count(validity, uid, error, new Date(this.#now()).toISOString()),
      this.#storeTimeoutMs,
      `counting a failure of message UID ${uid}`,
    );
  }

  /** After `tries` failures: the most a message gets, and when it is tried again. */
  #nextTry(tries: number): { max: number; retryInMs: number } {
    return { max: this.#maxFailures, retryInMs: (this.#o.retryDelay ?? retryDelayMs)(tries) };
  }

  /**
   * The messages of the folder (`uids`, under `validity`) that have failed, by UID; the counts of any other (gone
   * from the folder: stored by an instance that then lost the lease before forgetting it, moved or deleted by a
   * person, or counted under an older UIDVALIDITY) are forgotten, so that the table holds only what fails now.
   * The messages remembered as skipped for good (#remember) are added to #skipped, and forgotten alike once gone.
   * Empty when the database cannot be read: the messages are then taken in order (and storing them fails too).
   */
  async #failing(validity: string, uids: readonly number[]): Promise<Map<number, FailureRecord>> {
    let rows: FailureRecord[];
    let skips: SkipRecord[];
    try {
      [rows, skips] = await withinLimit(
        Promise.all([this.#failures.failing(), this.#failures.skipped()]),
        this.#storeTimeoutMs,
        'reading the failures counted and the messages skipped',
      );
    } catch (e) {
      // The messages skipped stay skipped by this instance (#skipped); one starting now would fetch them again,
      // and fail to store them too, since the database does not answer.
      this.#log.warn({ err: e }, 'imap: could not read the failures counted; taking the messages in order');
      return new Map();
    }
    const inFolder = new Set(uids);
    const current = new Map<number, FailureRecord>();
    const gone: number[] = [];
    const goneSkipped: number[] = [];
    let otherValidity = false;
    for (const r of rows) {
      if (r.uidValidity !== validity) otherValidity = true;
      else if (inFolder.has(r.uid)) current.set(r.uid, r);
      else gone.push(r.uid);
    }
    // Those another instance (or this one before a restart) left in the folder for good are skipped here too.
    for (const r of skips) {
      if (r.uidValidity !== validity) otherValidity = true;
      else if (inFolder.has(r.uid)) this.#skipped.add(r.uid);
      else goneSkipped.push(r.uid);
    }
    this.stats.failing = current.size;
    // Without the folder's UIDVALIDITY (a server that gives none), no UID can be told gone: nothing is forgotten.
    if (validity !== '' && (gone.length > 0 || goneSkipped.length > 0 || otherValidity)) {
      try {
        await withinLimit(
          Promise.all([
            this.#failures.forget(validity, gone),
            this.#failures.forgetSkipped(validity, goneSkipped),
            otherValidity ? this.#failures.forgetOtherValidities(validity) : null,
          ]),
          this.#storeTimeoutMs,
          'forgetting the failures of messages gone from the folder',
        );
        this.#log.info(
          { uids: gone, skipped: goneSkipped, otherValidity },
          'imap: forgot the failures of messages no longer in the folder',
        );
      } catch (e) {
        this.#log.warn({ err: e }, 'imap: could not forget the failures of messages gone from the folder');
      }
    }
    return current;
  }

  /**
   * Sets a message aside: put before staff (`setAside`), then moved to the set-aside folder, or flagged where the
   * server refuses. False when it stays for the next round (putting it before staff failed for a while).
   */
  async #setAside(
    client: ImapFlow,
    validity: string,
    m: { uid: number; source: Buffer | undefined; error: string; tries: number },
  ): Promise<boolean> {
    const { box } = this.#o;
    const folder = await this.#setAsideFolderPath(client);
    const leftFlagged = `left in the IMAP folder ${box.folder}, with the keyword ${SET_ASIDE_KEYWORD}`;
    // Said before the move is tried: should the server refuse it, the message is flagged instead.
    const where = folder
      ? `moved to the IMAP folder ${folder} (or, if refused, ${leftFlagged})`
      : leftFlagged;
    // Whether staff are told (the message filed in the inbox, or the notice of one the server never gave). Where they
    // are not, the log says so as an error and /metrics counts it (redress_imap_set_aside_total{staff_note="not_filed"}):
    // the mailbox is then the only place it is found.
    let filed = false;
    try {
      filed = m.source
        ? await this.#fileSetAside(m.source, m, folder, where)
        : await this.#tell(
            {
              uidValidity: validity,
              uid: m.uid,
              reason: 'not_given',
              place: null,
              planned: { movedTo: folder, keyword: SET_ASIDE_KEYWORD },
              tries: m.tries,
              error: m.error,
            },
            where,
          );
    } catch (e) {
      if (isTemporaryFailure(e)) {
        this.#log.error(
          { err: e, uid: m.uid },
          'imap: could not put a message set aside before staff; tried again',
        );
        return false;
      }
      // Tried again, it would fail again: the folder is then the only place it is found.
      this.#log.error(
        { err: e, uid: m.uid },
        `imap: could not put a message set aside before staff; it is only ${where}`,
      );
    }
    // imapflow answers a refused MOVE or STORE with false, and a server may answer OK to a MOVE that left the
    // message where it was (#stillIn). Neither moved nor flagged (a folder shared read-only, a full disk), the
    // message would be fetched again at once, fail again and be put before staff again and again: this instance
    // remembers it instead.
    const moved =
      folder !== null &&
      Boolean(await client.messageMove([m.uid], folder, { uid: true })) &&
      (await this.#stillIn(client, [m.uid])).length === 0;
    const flagged = moved
      ? false
      : Boolean(await client.messageFlagsAdd([m.uid], [SET_ASIDE_KEYWORD], { uid: true }));
    if (!moved && !flagged) await this.#remember(validity, [m.uid], 'set_aside');
    else if (!moved) this.#skipped.add(m.uid);
    // The notice says where the message ended, now that it is known.
    if (!m.source && filed && this.#o.notices)
      await withinLimit(
        this.#o.notices.placed(validity, m.uid, {
          movedTo: moved ? folder : null,
          keyword: flagged ? SET_ASIDE_KEYWORD : null,
        }),
        this.#storeTimeoutMs,
        `saying where message UID ${m.uid} was set aside`,
      ).catch((e: unknown) =>
        this.#log.warn(
          { err: e, uid: m.uid },
          'imap: could not record where a message set aside ended; its notice gives where it was to go',
        ),
      );
    this.stats.setAside++;
    if (!filed) this.stats.setAsideUnfiled++;
    this.stats.failing = Math.max(0, this.stats.failing - 1);
    this.#log.error(
      { uid: m.uid, tries: m.tries, folder: moved ? folder : null, flagged, beforeStaff: filed },
      moved
        ? `imap: a message that could not be stored was set aside in ${folder}`
        : flagged
          ? `imap: a message that could not be stored was flagged ${SET_ASIDE_KEYWORD} and is skipped from now on`
          : `imap: a message that could not be stored was set aside, but the server would neither move it nor let it be flagged ${SET_ASIDE_KEYWORD}: it is still in ${box.folder}, and skipped from now on`,
    );
    // Left behind (the database failing just then), the count is forgotten in a later round: the message has left.
    await withinLimit(
      this.#failures.forget(validity, [m.uid]),
      this.#storeTimeoutMs,
      'forgetting the failures of a message set aside',
    ).catch((e: unknown) =>
      this.#log.warn({ err: e }, 'imap: could not forget the failures of a message set aside'),
    );
    return true;
  }

  /**
   * Files a message set aside, which the server gave, unread in the inbox with the note that says why and where it
   * is (staff-notes.ts). False when nobody takes it (no `setAside`): the folder is then its only record.
   */
  async #fileSetAside(
    source: Buffer,
    m: { uid: number; error: string; tries: number },
    folder: string | null,
    where: string,
  ): Promise<boolean> {
    const { box } = this.#o;
    if (!this.#o.setAside) {
      this.#log.error(
        { uid: m.uid },
        `imap: a message set aside is not put before staff; it is only ${where}`,
      );
      return false;
    }
    // The note staff read in the inbox, in their language (staff-notes.ts).
    const values = {
      tries: m.tries,
      error: m.error,
      folder: box.folder,
      keyword: SET_ASIDE_KEYWORD,
      account: `${box.user}@${box.host}`,
      uid: m.uid,
    };
    const problem = folder
      ? staffNote('setAsideMoved', { ...values, setAsideFolder: folder })
      : staffNote('setAsideFlagged', values);
    await withinLimit(
      this.#o.setAside({ raw: source, mailbox: this.#o.mailbox, door: 'imap' }, problem),
      this.#storeTimeoutMs,
      `setting aside message UID ${m.uid}`,
    );
    return true;
  }

  /**
   * Tells staff of a message Redress has no bytes of, by a notice on the inbox page (`notices`): told once, whichever
   * instance finds it, however often. False when there is nowhere to tell (no `notices`); throws when recording
   * failed.
   */
  async #tell(notice: Omit<ImapNoticeFacts, 'account' | 'folder' | 'at'>, where: string): Promise<boolean> {
    const { box } = this.#o;
    if (!this.#o.notices) {
      this.#log.error(
        { uid: notice.uid, reason: notice.reason },
        `imap: staff are not told of a message Redress has no bytes of; it is only ${where}`,
      );
      return false;
    }
    const first = await withinLimit(
      this.#o.notices.tell({
        ...notice,
        account: `${box.user}@${box.host}`,
        folder: box.folder,
        at: new Date(this.#now()).toISOString(),
      }),
      this.#storeTimeoutMs,
      `telling staff of message UID ${notice.uid}`,
    );
    if (!first)
      this.#log.info(
        { uid: notice.uid, reason: notice.reason },
        'imap: staff were already told of this message; no second notice',
      );
    return true;
  }

  /**
   * Tells staff of a message over the size limit, left in the folder unfetched, by a notice on the inbox page. Found
   * once (flagged, or remembered as skipped), it is told once, and the notice itself is kept once per message;
   * should recording it fail, the log says so as an error, and the message is only in the folder.
   */
  async #tellTooLarge(validity: string, uid: number, bytes: number, flagged: boolean): Promise<void> {
    const { box } = this.#o;
    const where = flagged
      ? `in the IMAP folder ${box.folder}, with the keyword ${TOO_LARGE_KEYWORD}`
      : `in the IMAP folder ${box.folder}`;
    try {
      await this.#tell(
        {
          uidValidity: validity,
          uid,
          reason: 'too_large',
          place: { movedTo: null, keyword: flagged ? TOO_LARGE_KEYWORD : null },
          bytes,
          limit: this.#o.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
        },
        where,
      );
    } catch (e) {
      this.#log.error(
        { err: e, uid },
        `imap: could not tell staff of a message over the size limit; it is only ${where}`,
      );
    }
  }

  /** The set-aside folder's path, made if missing; null when the server refuses to make it. */
  async #setAsideFolderPath(client: ImapFlow): Promise<string | null> {
    if (this.#setAsidePath) return this.#setAsidePath;
    const parts = this.#o.setAsideFolder ?? ['Redress', 'Unprocessable'];
    const list = await client.list();
    const found = list.find((f) => f.path === parts.join(f.delimiter));
    if (found) {
      this.#setAsidePath = found.path;
      return found.path;
    }
    try {
      const made = await client.mailboxCreate(parts);
      this.#setAsidePath = made.path;
      return made.path;
    } catch (e) {
      this.#log.warn({ err: e, folder: parts }, 'imap: the server would not make the set-aside folder');
      return null;
    }
  }

  /** Waits for new mail (IDLE's EXISTS), a dropped connection, a stop, the poll interval or the lease's renewal. */
  async #waitForNews(client: ImapFlow): Promise<void> {
    if (!client.usable || this.#news) return;
    const poll = this.#o.box.pollSeconds * 1000;
    await this.#sleep(this.#o.lease ? Math.min(poll, this.#leaseEveryMs) : poll);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }
}
