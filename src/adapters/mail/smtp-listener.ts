// The SMTP door: an inbound SMTP listener (`smtp-server`) that a mail server relays to. It accepts
// mail for the configured mailbox addresses only (550 for any other recipient) and answers 250 only once the
// message is committed (see src/app/email-intake.ts for the fsync policy behind that), 451 on a temporary
// failure (the sender retries; nothing is lost), 552 over the size limit. No authentication (it listens on
// loopback by default, behind the organisation's MTA); STARTTLS when a certificate is configured. Each message
// goes on with whether its peer is one of the organisation's relays (`trustedRelays`): only then is its trace
// believed for when it arrived (src/core/intake/arrival.ts).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { InboundEmail } from '../../app/prepare-email.ts';
import type { Mailbox } from '../../config.ts';
import { mailboxOfRecipient } from '../../core/intake/recipients.ts';
import { addressMatcher } from '../net/address-list.ts';
import { collectGarbage, collectYoung } from '../os/collect.ts';

export interface SmtpListenerOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  /** Connections at once, in all and per client address (beyond them: 421 and the connection is closed). */
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  /** Closes a connection that sends nothing for this long. */
  idleTimeoutMs?: number;
  /** The most time one message may take to arrive, DATA to the final dot (then 421 and closed). */
  messageTimeoutMs?: number;
  /** The most time one connection may stay open, whatever it sends (then 421 and closed). */
  sessionTimeoutMs?: number;
  /**
   * The most time storing one message may take (then 451: the sender retries). Storing that finishes later is
   * harmless: the retry is recognised as the same message and stored once.
   */
  storeTimeoutMs?: number;
  /**
   * The most bytes held for large messages (over LARGE_FROM bytes), all sessions together, counted from the
   * moment a message grows past LARGE_FROM until every thread has let go of its bytes (`freed`), not only until
   * it is filed (default: one message of the largest size). A large message that would go beyond it waits for
   * room (`largeWaitMs`); if none comes, it is drained and answered 451 (the sender retries later).
   */
  maxLargeBytes?: number;
  /**
   * How long a large message that does not fit beside those held waits for room, its session paused (nothing
   * more is read from it), before it is drained and answered 451; a sender that says the size of its message
   * (SIZE=) waits as long for the answer to MAIL FROM before 452. Default: half the idle timeout, at most
   * LARGE_WAIT_MS (a paused session sends nothing, so the idle timeout would otherwise cut it). 0: no wait.
   */
  largeWaitMs?: number;
  /**
   * The most bytes held for all messages together, large ones included (default: `maxLargeBytes` and
   * SMALL_HELD_BYTES more, so that ordinary messages are still taken while large ones fill their share). A
   * message that would go beyond it is drained and answered 451.
   */
  maxHeldBytes?: number;
  /** The mailboxes in force (administrators may change them while Redress runs). */
  mailboxes: () => readonly Mailbox[];
  /**
   * The addresses and networks of the organisation's relays (its MTA): a message from such a peer carries its
   * trace line, believed for the message's arrival; from any other peer it arrived when received here. None when
   * absent.
   */
  trustedRelays?: readonly string[];
  tlsKeyFile?: string | undefined;
  tlsCertFile?: string | undefined;
  /**
   * Stores and files a message; resolves after commit with what to say in the 250 reply, and optionally `freed`:
   * settles once the threads that had the message's bytes have let go of them (a large message's share of
   * `maxLargeBytes` is held until then; without it, until the message is filed).
   */
  receive(email: InboundEmail): Promise<{
    correspondenceId: string;
    duplicate: boolean;
    warnings?: string[];
    freed?: Promise<unknown>;
  }>;
  logger: Logger;
}

/** What the listener has done so far (tests and benchmarks). */
export interface SmtpListenerStats {
  /** The most bytes ever held for one message being received (never much more than the size limit). */
  largestHeldBytes: number;
  /** Bytes held now, all sessions together. */
  heldBytes: number;
  /** Of them, the bytes of large messages (held until freed). */
  largeBytes: number;
  refusedOversize: number;
  /** Messages answered 451 because the bytes held (all, or of large messages) were at their limit. */
  refusedBusy: number;
  refusedConnections: number;
  timedOut: number;
}

export interface SmtpListener {
  host: string;
  port: number;
  stats?: SmtpListenerStats;
  /** Whether it accepts connections now (the listener on its own thread is not, while that thread restarts). */
  listening?(): boolean;
  /** Stops accepting connections, lets messages being received finish, then closes. */
  close(): Promise<void>;
}

/** From this size on, a message's bytes go into one buffer that grows in place (see onData). */
const GROW_IN_PLACE_FROM = 256 * 1024;

/**
 * From this size on, a message counts as large: its bytes are counted against `maxLargeBytes` too. What a message
 * costs the server beyond its bytes grows with its size (the reading thread's text of it, the chunks written, the
 * garbage each thread has until it collects), and so does the time until every thread has let go of it; an
 * ordinary message is a few kilobytes and is freed at once.
 */
export const LARGE_FROM = 1024 * 1024;

/**
 * Bytes for ordinary messages beyond the share of large ones (the default of `maxHeldBytes`): sixteen sessions
 * of messages just under LARGE_FROM, or hundreds of ordinary ones, at once.
 */
export const SMALL_HELD_BYTES = 16 * 1024 * 1024;

/** The longest a large message waits at the door for room among the large messages (see `largeWaitMs`). */
export const LARGE_WAIT_MS = 30_000;

/**
 * The longest a large message's share of `maxLargeBytes` waits for `freed` after it is filed: should the word
 * never come (a thread that failed), the share is not lost for good.
 */
const FREED_WAIT_MS = 10_000;

/**
 * While a message arrives, the young generation is collected after every this many bytes of it. The pieces read
 * from the socket, and smtp-server's copies of them, wait in the C library's memory until then, and what they
 * took there once stays the server's (a C-library arena seldom gives memory back): a collection of the SMTP
 * thread's small young generation is a millisecond or less, a few dozen of them for a message of the largest size.
 */
export const COLLECT_YOUNG_EVERY = 1024 * 1024;

/** Copies `chunks` one after another into the start of `buffer`. */
function copyChunks(chunks: readonly Buffer[], buffer: SharedArrayBuffer): void {
  const view = new Uint8Array(buffer);
  let at = 0;
  for (const c of chunks) {
    view.set(c, at);
    at += c.length;
  }
}

function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** When a message is addressed to several of our mailboxes, the one that files it: complaints first. */
const ROLE_ORDER = { complaints: 0, management: 1, suggestions: 2 } as const;

export function mailboxForRecipients(
  mailboxes: readonly Mailbox[],
  recipients: readonly string[],
): Mailbox | null {
  const found = recipients
    .map((r) => mailboxOfRecipient(mailboxes, r))
    .filter((m): m is Mailbox => m !== null);
  return found.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])[0] ?? null;
}

/** Defaults of the bounds, the same as the configuration's (src/config.ts). */
export const SMTP_BOUNDS = {
  maxConnections: 200,
  maxConnectionsPerAddress: 50,
  idleTimeoutMs: 60_000,
  messageTimeoutMs: 600_000,
  sessionTimeoutMs: 1_800_000,
  storeTimeoutMs: 300_000,
} as const;

/** The part of smtp-server's connection object used to cut a session (not in its typings). */
interface Connection {
  session: SMTPServerSession;
  send(code: number, message: string): void;
  close(): void;
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { logger } = options;
  const tls = options.tlsKeyFile && options.tlsCertFile;
  const inFlight = new Set<Promise<unknown>>();
  const bounds = { ...SMTP_BOUNDS, ...definedOf(options) };
  const isTrustedRelay = addressMatcher(options.trustedRelays ?? []);
  // One message of the largest size at a time: a 25 MB message alone takes the server from about 230 to 266 MiB
  // (reading, chunks, garbage not yet collected; bench/hostile.bench.ts), so a second one beside it would take it
  // past DESIGN.md's 300 MB. Several smaller large messages share the same bytes.
  const maxLarge = options.maxLargeBytes ?? options.maxMessageBytes;
  const maxHeld = options.maxHeldBytes ?? maxLarge + SMALL_HELD_BYTES;
  const largeWaitMs = options.largeWaitMs ?? Math.min(LARGE_WAIT_MS, Math.floor(bounds.idleTimeoutMs / 2));
  // Large messages that did not fit beside those held wait here, paused, first come first served: when several
  // arrive at once, reading all but one to their end only to throw them away (the sender must finish sending
  // before it can be answered) took this thread's time from every other session, and each sender then sent its
  // megabytes again. A paused session costs nothing but its connection: the sender's bytes wait in the network.
  // Each waiter is asked in turn whether it fits now (it then goes on) or, if not, keeps its place.
  const waiting: Array<() => boolean> = [];
  let asking = false;
  /** Room among the large messages was given back: the waiters first in line go on if they fit now. */
  const roomFreed = () => {
    if (asking || waiting.length === 0) return;
    asking = true;
    // After the code that gave the room back has finished (it may be inside another session's handler).
    setImmediate(() => {
      asking = false;
      while (waiting.length > 0 && waiting[0]!()) waiting.shift();
    });
  };
  /**
   * The room promised to the large messages being received or held, all sessions together: what each said it
   * would weigh (SIZE=), or, when it did not say, the size limit, since it may grow to that. Messages are let in
   * on their promised room rather than on what they hold so far: let in on a megabyte each, several would grow
   * into each other's room, and all but one be thrown away part-way through.
   */
  let promised = 0;
  /** Large messages that keep the room they asked for beyond what they hold (see onData's `keepsRoom`). */
  let keeping = 0;
  /** Large messages received whole whose room is still counted (until their bytes are let go). */
  let settling = 0;
  /** Whether `bytes` more would fit beside the room promised to others now (a message alone always fits). */
  const fitsLarge = (bytes: number, own = 0) => {
    const others = promised - own;
    return others === 0 || others + bytes <= maxLarge;
  };
  /**
   * Waits until `admit` lets the message in, for at most `largeWaitMs`: resolves true once it did (at once if it
   * does now and nobody waits before), false at the end of the wait or when `gone` says the session went.
   * `admit` takes the room it needs before it returns true, so that the next in line is asked with it counted.
   */
  const waitForRoom = (admit: () => boolean, gone: () => boolean): Promise<boolean> => {
    if (waiting.length === 0 && admit()) return Promise.resolve(true);
    if (largeWaitMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const ask = () => {
        if (gone()) {
          clearTimeout(timer);
          resolve(false);
          return true;
        }
        if (!admit()) return false;
        clearTimeout(timer);
        resolve(true);
        return true;
      };
      const timer = setTimeout(() => {
        const i = waiting.indexOf(ask);
        if (i >= 0) waiting.splice(i, 1);
        resolve(false);
        // The first in line gave up its place: those behind it may fit.
        if (i === 0) roomFreed();
      }, largeWaitMs);
      timer.unref();
      waiting.push(ask);
    });
  };
  const stats: SmtpListenerStats = {
    largestHeldBytes: 0,
    heldBytes: 0,
    largeBytes: 0,
    refusedOversize: 0,
    refusedBusy: 0,
    refusedConnections: 0,
    timedOut: 0,
  };
  /** Open connections per client address (an MTA in front is one address for all its connections). */
  const perAddress = new Map<string, number>();
  /** The sessions counted in `perAddress` (the others were refused before being counted). */
  const counted = new WeakSet<SMTPServerSession>();
  /** Timers that end a session or a message that takes too long, per session. */
  const deadlines = new Map<string, { session: NodeJS.Timeout; message?: NodeJS.Timeout }>();

  const connectionOf = (session: SMTPServerSession): Connection | undefined => {
    for (const c of (server as unknown as { connections: Set<Connection> }).connections)
      if (c.session === session) return c;
    return undefined;
  };
  /** Ends a session that went over one of its time limits: 421 (the sender retries later), then closed. */
  const cut = (session: SMTPServerSession, why: string) => {
    stats.timedOut++;
    logger.info({ remote: session.remoteAddress, why }, 'smtp: session cut');
    const c = connectionOf(session);
    c?.send(421, `4.4.2 ${why}; closing the connection, please try again`);
    c?.close();
  };

  const server = new SMTPServer({
    name: 'redress',
    banner: 'Redress mail intake',
    size: options.maxMessageBytes,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ? { key: readFileSync(options.tlsKeyFile!), cert: readFileSync(options.tlsCertFile!) } : {}),
    disableReverseLookup: true,
    // Envelope addresses as mail servers send them, not only as RFC 5321 writes them: two dots in a row (addresses
    // some mobile carriers gave out), a dot before the @ (devices' firmware), a quoted local part. Refused with 501,
    // the relay in front would bounce a complaint back to its sender. The envelope sender only tells whether a mail
    // system sent the message (core/intake/automated.ts), and the recipient is matched against our mailboxes, so
    // nothing is sent to either; control characters stay refused (smtp-server checks them in every mode).
    lenientAddressParsing: true,
    logger: false,
    maxClients: bounds.maxConnections,
    socketTimeout: bounds.idleTimeoutMs,
    closeTimeout: 10_000,

    onConnect(session, callback) {
      const address = session.remoteAddress;
      const open = perAddress.get(address) ?? 0;
      if (open >= bounds.maxConnectionsPerAddress) {
        stats.refusedConnections++;
        return callback(
          reply(421, `4.7.0 too many connections from ${address}; please try again in a moment`),
        );
      }
      counted.add(session);
      perAddress.set(address, open + 1);
      const timer = setTimeout(
        () => cut(session, `the session lasted longer than ${bounds.sessionTimeoutMs} ms`),
        bounds.sessionTimeoutMs,
      );
      timer.unref();
      deadlines.set(session.id, { session: timer });
      callback();
    },

    onClose(session) {
      const d = deadlines.get(session.id);
      if (d) {
        clearTimeout(d.session);
        clearTimeout(d.message);
        deadlines.delete(session.id);
      }
      // Only sessions that onConnect counted: smtp-server also closes (and reports) connections it refused
      // itself beyond maxClients, and those must not lower the count of their address.
      if (!counted.delete(session)) return;
      const open = (perAddress.get(session.remoteAddress) ?? 1) - 1;
      if (open <= 0) perAddress.delete(session.remoteAddress);
      else perAddress.set(session.remoteAddress, open);
    },

    // A sender that says the size of its message (SIZE=, RFC 1870; mail servers do) is told at once when a large
    // one does not fit beside those held now: 452, try again later, before it sends a byte of it. Without it the
    // message is read to its end and thrown away before the 451, work on this thread that delays other sessions.
    onMailFrom(address, session, callback) {
      const declared = Number(((address.args || {}) as { SIZE?: string }).SIZE ?? 0);
      if (declared <= LARGE_FROM) return callback();
      // The answer to MAIL FROM waits for room (the sender sends nothing meanwhile), then 452 if none came. The
      // room is taken once the message grows large (onData), where it may wait again if others took it first.
      void waitForRoom(
        () => fitsLarge(declared),
        () => !deadlines.has(session.id),
      ).then((fits) => {
        if (fits) return callback();
        stats.refusedBusy++;
        callback(reply(452, '4.3.1 too many large messages arriving at once; please try again later'));
      });
    },

    onRcptTo(address, _session, callback) {
      if (mailboxOfRecipient(options.mailboxes(), address.address)) return callback();
      callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here`));
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const d = deadlines.get(session.id);
      if (d) {
        d.message = setTimeout(
          () => cut(session, `the message took longer than ${bounds.messageTimeoutMs} ms to arrive`),
          bounds.messageTimeoutMs,
        );
        d.message.unref();
      }
      // The bytes are held only while they stay within the size limit and the listener's total; past either,
      // the rest of the message is read and thrown away (the client must finish sending before it can be
      // answered), so a huge message costs bandwidth, never memory.
      // The threads that read and store the message share its bytes in one SharedArrayBuffer, so it is never
      // copied to them. A message of ordinary size is kept as its chunks and copied once into a buffer of its
      // exact size at the end (cheap). A large one moves into ONE shared buffer that grows in place as chunks come
      // (it reserves the size limit as address space and takes memory only as it fills): it is never copied
      // whole again. The reservation costs more than the copy of a small message, hence the two ways.
      let chunks: Buffer[] = [];
      let buffer: SharedArrayBuffer | null = null;
      let held = 0;
      /** Whether this message is counted in `stats.largeBytes` (once it grew past LARGE_FROM). */
      let large = false;
      /** The room promised to this message among the large ones (see `promised`), once it is large. */
      let room = 0;
      /** What the sender said the message weighs (SIZE= at MAIL FROM), or 0. */
      const from = session.envelope.mailFrom;
      const said = Number(((from ? from.args : {}) as { SIZE?: string }).SIZE ?? 0);
      /**
       * Whether this message still keeps the room it asked for beyond what it holds. It keeps it for as long as
       * another would wait for it (`largeWaitMs`), from when it grew large: a sender that trickles its message (or
       * stops part-way) would otherwise keep every other large message out for as long as its session may last.
       * After that its room is what it holds, growing as it arrives, and a message that then no longer fits beside
       * the others is drained for a 451, as any large message that outgrows the room.
       */
      let keepsRoom = largeWaitMs > 0;
      let keepRoomTimer: NodeJS.Timeout | undefined;
      /** The room this message asks for with `bytes` held. */
      const roomFor = (bytes: number) =>
        keepsRoom
          ? Math.min(options.maxMessageBytes, said > 0 ? Math.max(said, bytes) : options.maxMessageBytes)
          : bytes;
      /** Gives back the room promised beyond what the message holds (it ends, or it kept it long enough). */
      const roomDownToHeld = () => {
        if (keepsRoom && large) keeping--;
        keepsRoom = false;
        clearTimeout(keepRoomTimer);
        if (room <= held) return;
        promised -= room - held;
        room = held;
        roomFreed();
      };
      /** Bytes read and thrown away (past a limit): collected like those held, see below. */
      let drained = 0;
      let over: 'size' | 'busy' | null = null;
      const release = () => {
        stats.heldBytes -= held;
        if (large) stats.largeBytes -= held;
        // A large message let go before it is handed on (over a limit, or broken off) leaves its buffer of many
        // megabytes as garbage that, having outlived the young collections while it grew, waits for a whole
        // collection of this thread: meanwhile the budget counts it no more and lets others fill it again. When
        // several large messages arrive at once and all but one are refused part-way, those buffers added up to
        // more than the one admitted. A whole collection of this thread's small heap is a few milliseconds.
        if (large) setImmediate(collectGarbage);
        clearTimeout(keepRoomTimer);
        if (keepsRoom && large) keeping--;
        keepsRoom = false;
        if (room > 0) {
          promised -= room;
          room = 0;
          roomFreed();
        }
        held = 0;
        large = false;
        buffer = null;
        chunks = [];
      };
      /** Whether this message already waited for room among the large messages (it waits once at most). */
      let waited = false;
      /** Holds a chunk: in the list of chunks or the buffer that grows, counted against the limits. */
      const take = (chunk: Buffer, growsLarge: boolean) => {
        if (growsLarge) {
          large = true;
          stats.largeBytes += held;
          if (keepsRoom) {
            keeping++;
            keepRoomTimer = setTimeout(roomDownToHeld, largeWaitMs);
            keepRoomTimer.unref();
          }
        }
        if (large) {
          stats.largeBytes += chunk.length;
          // A sender may send more than it said: its room grows with what it holds.
          const more = Math.max(roomFor(held + chunk.length), held + chunk.length) - room;
          if (more > 0) {
            room += more;
            promised += more;
          }
        }
        if (!buffer && held + chunk.length > GROW_IN_PLACE_FROM) {
          buffer = new SharedArrayBuffer(held, { maxByteLength: options.maxMessageBytes });
          copyChunks(chunks, buffer);
          chunks = [];
        }
        if (buffer) {
          buffer.grow(held + chunk.length);
          new Uint8Array(buffer, held, chunk.length).set(chunk);
        } else chunks.push(chunk);
        held += chunk.length;
        // Every piece read from the socket was a buffer of its own, dropped once copied here; on a thread that
        // makes little else, tens of megabytes of them would wait for a collection (collect.ts).
        if (
          Math.floor(held / COLLECT_YOUNG_EVERY) !== Math.floor((held - chunk.length) / COLLECT_YOUNG_EVERY)
        )
          collectYoung();
        stats.heldBytes += chunk.length;
        if (held > stats.largestHeldBytes) stats.largestHeldBytes = held;
      };
      /**
       * The message is about to become large and does not fit beside those held (or others wait before it): its
       * session is paused until it fits, for a while (`waitForRoom`); then it goes on, or is drained for a 451.
       */
      const waitWith = (chunk: Buffer) => {
        waited = true;
        stream.pause();
        void waitForRoom(
          () => {
            if (stats.heldBytes + chunk.length > maxHeld) return false;
            // On the room it may need; or, when the only large messages are still arriving and keep no more room
            // than they hold (they took longer than a wait), on what it holds, as they are (so a message that
            // stopped part-way keeps nobody out for long). Messages received whole give their room back soon.
            if (!fitsLarge(roomFor(held + chunk.length))) {
              if (keeping > 0 || settling > 0 || !fitsLarge(held + chunk.length)) return false;
              keepsRoom = false;
            }
            take(chunk, true);
            return true;
          },
          () => stream.destroyed || !deadlines.has(session.id),
        ).then((admitted) => {
          if (!admitted) {
            over = 'busy';
            release();
          }
          stream.resume();
        });
      };
      stream.on('data', (chunk: Buffer) => {
        if (over) {
          // The pieces of a drained message are garbage at once: collected as those of a held one are.
          drained += chunk.length;
          if (
            Math.floor(drained / COLLECT_YOUNG_EVERY) !==
            Math.floor((drained - chunk.length) / COLLECT_YOUNG_EVERY)
          )
            collectYoung();
          return;
        }
        const growsLarge = !large && held + chunk.length > LARGE_FROM;
        if (held + chunk.length > options.maxMessageBytes) over = 'size';
        else if (stats.heldBytes + chunk.length > maxHeld) over = 'busy';
        // A large message alone is always taken (within the size limit), even beyond a budget set smaller than
        // the size limit: else it would be asked to come back for ever. One about to become large waits behind
        // those already waiting, and for room if there is none; one already large that outgrows its room (it
        // said less than it sends) and finds none is drained.
        else if (growsLarge && (waiting.length > 0 || !fitsLarge(roomFor(held + chunk.length)))) {
          if (!waited && largeWaitMs > 0) return waitWith(chunk);
          over = 'busy';
        } else if (large && !fitsLarge(Math.max(room, held + chunk.length), room)) over = 'busy';
        if (over) return release();
        take(chunk, growsLarge);
      });
      stream.on('error', (e) => {
        release();
        callback(reply(451, `4.3.0 the message could not be read (${e.message}); try again`));
      });
      stream.on('end', () => {
        if (d?.message) clearTimeout(d.message);
        if (over === 'size' || stream.sizeExceeded) {
          release();
          stats.refusedOversize++;
          return callback(
            reply(552, `5.3.4 the message is larger than the limit of ${options.maxMessageBytes} bytes`),
          );
        }
        if (over === 'busy') {
          release();
          stats.refusedBusy++;
          return callback(
            reply(451, '4.3.1 too many large messages arriving at once; please try again later'),
          );
        }
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const mailbox = mailboxForRecipients(options.mailboxes(), recipients);
        if (!mailbox) {
          release();
          return callback(reply(554, '5.5.1 no valid recipients'));
        }
        if (!buffer) {
          buffer = new SharedArrayBuffer(held);
          copyChunks(chunks, buffer);
          chunks = [];
        }
        const raw = Buffer.from(buffer, 0, held);
        const count = held;
        const countedLarge = large;
        // Its size is known now: it keeps only the room it takes, until its bytes are let go.
        roomDownToHeld();
        const countedRoom = room;
        room = 0;
        if (countedRoom > 0) settling++;
        buffer = null;
        /** Gives back what this message counts against the limits: at most once. */
        let given = false;
        const giveBack = () => {
          if (given) return;
          given = true;
          stats.heldBytes -= count;
          if (countedLarge) stats.largeBytes -= count;
          if (countedRoom > 0) {
            settling--;
            promised -= countedRoom;
            roomFreed();
          }
        };
        // Answered once: with the outcome, or with 451 when storing takes longer than storeTimeoutMs (the
        // database stopped answering without an error). Whatever comes later is only logged.
        let answered = false;
        const answer: typeof callback = (err, message) => {
          if (answered) return;
          answered = true;
          clearTimeout(slow);
          callback(err, message);
        };
        const slow = setTimeout(() => {
          logger.error(
            { mailbox: mailbox.name, storeTimeoutMs: bounds.storeTimeoutMs },
            'smtp: storing a message took too long (database not answering?); answered 451',
          );
          answer(reply(451, '4.3.0 storing the message is taking too long; please try again later'));
        }, bounds.storeTimeoutMs);
        // The envelope sender goes with the message: '' is the null sender `<>` of bounces and auto-replies,
        // which the MTA that relays here does not write down in a Return-Path (only final delivery does), so
        // the reading would otherwise take such a message for a person's and answer it.
        const mailFrom = session.envelope.mailFrom;
        const envelopeSender = mailFrom ? mailFrom.address : null;
        let freed: Promise<unknown> | undefined;
        const job = options
          .receive({
            raw,
            mailbox,
            door: 'smtp',
            envelopeSender,
            relayTrusted: isTrustedRelay(session.remoteAddress),
          })
          .then(
            (r) => {
              freed = r.freed;
              logger.debug({ correspondenceId: r.correspondenceId, duplicate: r.duplicate }, 'smtp: stored');
              if (r.warnings?.length)
                logger.warn(
                  { correspondenceId: r.correspondenceId, warnings: r.warnings },
                  'smtp: filed, with warnings',
                );
              answer(null, `2.0.0 ${r.duplicate ? 'already stored' : 'stored'} as ${r.correspondenceId}`);
            },
            (e: unknown) => {
              logger.error(
                { err: e, mailbox: mailbox.name },
                'smtp: could not store a message; answered 451',
              );
              answer(reply(451, '4.3.0 temporary failure while storing the message; please try again later'));
            },
          )
          .finally(() => {
            inFlight.delete(job);
            // A large message's bytes are in memory until every thread that had them has collected its handle
            // (collect.ts), which is after its filing: until then it still counts, or the next one admitted would
            // sit beside it. Failed or not, since the threads had it either way.
            if (!countedLarge || !freed) return giveBack();
            const wait = setTimeout(giveBack, FREED_WAIT_MS);
            wait.unref();
            void freed.finally(() => {
              clearTimeout(wait);
              giveBack();
            });
          });
        inFlight.add(job);
      });
    },
  });

  server.on('error', (e) => logger.warn({ err: e }, 'smtp: connection error'));

  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error) =>
      reject(
        new Error(
          `the SMTP listener cannot listen on ${options.host}:${options.port} (${e.message}); choose another address with REDRESS_SMTP_HOST and REDRESS_SMTP_PORT, or turn it off with REDRESS_SMTP_ENABLED=false`,
        ),
      );
    server.server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.server.off('error', failed);
      resolve();
    });
  });
  // Beyond the sessions smtp-server answers 421, sockets are dropped as they arrive: a flood of connections
  // must not use up the process's file descriptors (the web app shares them).
  server.server.maxConnections = bounds.maxConnections + 16;
  const address = server.server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    stats,
    async close() {
      // Stop accepting new connections; the sessions still open may finish their message.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
}

/** The bounds given (undefined ones left out, so that the defaults apply). */
function definedOf(options: SmtpListenerOptions): Partial<typeof SMTP_BOUNDS> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(SMTP_BOUNDS) as (keyof typeof SMTP_BOUNDS)[]) {
    const v = options[key];
    if (typeof v === 'number') out[key] = v;
  }
  return out;
}
