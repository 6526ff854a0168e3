// The configuration: one zod schema, read from an optional JSON file (`redress.config.json` in the
// working directory, or `--config FILE`) and from REDRESS_* environment variables (env wins).
// A bad value stops start-up with a message naming the variable, the value and what is allowed.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { regionHolidays } from './adapters/calendar/holiday-thread.ts';
import { isIsoDate, WEEKDAYS } from './core/calendar/business-calendar.ts';
import { CATEGORY_KEY, CATEGORY_LIMITS, DEFAULT_CATEGORIES } from './core/case/categories.ts';
import { NOT_SET } from './core/report/report-filter.ts';

export const LANGUAGES = ['fr', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const MAILBOX_ROLES = ['complaints', 'suggestions', 'management'] as const;
export type MailboxRole = (typeof MAILBOX_ROLES)[number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A number written in digits, as a variable (always text) or a file may give it: "8080", " 8080 ", "-1". */
const WHOLE_DIGITS = /^\s*[+-]?\d+\s*$/;
/** The same, with a fraction: "0.5", "20". */
const DECIMAL_DIGITS = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * A number, or a text of digits read as one. Not zod's coercion, which reads "", "  ", null, false and [] as 0, true
 * as 1, "0x10" as 16 and "1e3" as 1000, so a port given as "" became 0 (any port) without a word; those are refused
 * with the message. The number is what the pipe leads to, so the settings page (settings-problems.ts) still reads
 * its bounds from the schema.
 */
function numberFrom(digits: RegExp, message: string) {
  return z.union([z.number(), z.string().regex(digits, { error: message }).transform(Number)], {
    error: message,
  });
}

/** A whole number in a range, from a number or a string of digits (environment variables are strings). */
function wholeNumber(min: number, max: number) {
  const message = `a whole number from ${min} to ${max}`;
  return numberFrom(WHOLE_DIGITS, message).pipe(
    z
      .number({ error: message })
      .int({ error: message })
      .min(min, { error: message })
      .max(max, { error: message }),
  );
}

const FLAG_HELP = 'true or false (also yes/no, on/off, 1/0)';

/** A boolean from true/false, 1/0, yes/no, on/off. */
const flag = z.union(
  [
    z.boolean(),
    z
      .string()
      .regex(/^(true|false|1|0|yes|no|on|off)$/i, FLAG_HELP)
      .transform((s) => /^(true|1|yes|on)$/i.test(s)),
  ],
  { error: FLAG_HELP },
);

/** One trusted proxy: an IPv4/IPv6 address, a network in CIDR form, or proxy-addr's names for private ranges. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
  if (!m) return false;
  const version = isIP(m[1]!);
  return version !== 0 && (m[2] === undefined || Number(m[2]) <= (version === 4 ? 32 : 128));
}

const TRUST_PROXY_HELP =
  'a comma-separated list of the proxies\' addresses or networks, e.g. "127.0.0.1" or "10.0.0.0/8,::1" ' +
  '(also "loopback", "linklocal", "uniquelocal"); "false" or empty when there is no proxy. ' +
  '"true" is refused: it would believe any X-Forwarded-For, so a client could choose the address its ' +
  'form limits and sign-in throttling are counted under';

/** The proxies to trust: a list (or comma-separated string) of addresses and CIDR networks; false for none. */
const trustedProxies = z.union([z.boolean(), z.string(), z.array(z.string())]).transform((v, ctx) => {
  if (v === false) return [] as string[];
  if (v === true || (typeof v === 'string' && /^(true|1|yes|on)$/i.test(v.trim()))) {
    ctx.addIssue({ code: 'custom', message: TRUST_PROXY_HELP });
    return z.NEVER;
  }
  if (typeof v === 'string' && /^(false|0|no|off)?$/i.test(v.trim())) return [] as string[];
  const entries = (typeof v === 'string' ? v.split(',') : v).map((x) => x.trim()).filter(Boolean);
  const bad = entries.filter((x) => !isProxyEntry(x));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${bad.join(', ')} is not valid: ${TRUST_PROXY_HELP}` });
    return z.NEVER;
  }
  return entries;
});

/** An IPv4/IPv6 address or a network in CIDR form (`10.0.0.0/8`). */
function isAddressOrNetwork(entry: string): boolean {
  return !['loopback', 'linklocal', 'uniquelocal'].includes(entry) && isProxyEntry(entry);
}

/**
 * The organisation's mail relays, whose trace the SMTP listener believes for a message's arrival
 * (src/core/intake/arrival.ts): addresses and CIDR networks, IPv4 and IPv6 (REDRESS_SMTP_TRUSTED_RELAYS:
 * comma-separated).
 */
const trustedRelays = z.array(
  z
    .string()
    .trim()
    .refine(
      isAddressOrNetwork,
      'an IP address or a CIDR network of the mail server that relays to the SMTP listener, like "127.0.0.1", "192.0.2.25", "10.0.0.0/8" or "::1"',
    ),
);

const acknowledgeWithin = z
  .string()
  .regex(/^\d+(h|wd)$/, 'a number of calendar hours like "24h", or of working days like "1wd"')
  .transform((s) => {
    const amount = Number.parseInt(s, 10);
    return s.endsWith('wd') ? { unit: 'working_days' as const, amount } : { unit: 'hours' as const, amount };
  })
  .refine((p) => p.amount >= 1 && p.amount <= (p.unit === 'hours' ? 24 * 30 : 30), {
    message: 'between 1h and 720h, or between 1wd and 30wd',
  });

const mailbox = z.object({
  /** A short name used by `redress ingest --mailbox NAME` and in the UI. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"'),
  address: z.email('an e-mail address like complaint@example.org'),
  role: z.enum(MAILBOX_ROLES),
  language: z.enum(LANGUAGES),
});
export type Mailbox = z.infer<typeof mailbox>;

const postalAddress = z.array(z.string()).min(1, 'at least one line');

/** An IMAP mailbox that Redress polls (issue 4): messages found there are filed as if sent to `mailbox`. */
const imapMailbox = z.object({
  /** The name of the Redress mailbox (see `mailboxes`) whose role and language these messages take. */
  mailbox: z.string().min(1),
  host: z.string().min(1),
  port: wholeNumber(1, 65535).default(993),
  /** Implicit TLS (port 993). With false, STARTTLS is still used when the server offers it. */
  secure: flag.default(true),
  user: z.string().min(1),
  /** The password itself, or (better) `passwordEnv`: the name of an environment variable holding it. */
  password: z.string().min(1).optional(),
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable')
    .optional(),
  folder: z.string().min(1).default('INBOX'),
  /** Where a message is moved once it is stored and filed (created when missing). */
  processedFolder: z.string().min(1).default('Redress-Processed'),
  /** How often to look for new mail when the server does not offer IDLE (and as a safety net when it does). */
  pollSeconds: wholeNumber(1, 86_400).default(60),
  /**
   * One instance at a time polls a mailbox: it holds a lease in the database, renewed while it polls. When the
   * holder dies, another instance takes over once the lease has run out (this many seconds).
   */
  leaseSeconds: wholeNumber(2, 3600).default(60),
});
export type ImapMailbox = z.infer<typeof imapMailbox>;

/** What one process runs (`redress start --role`): the web application, the mail doors, the background work. */
export const PROCESS_ROLES = ['web', 'mail', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];
const ROLE_HELP = '"all" or a comma-separated list of web, mail, worker (e.g. "web" or "mail,worker")';
const processRoles = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const names = (typeof v === 'string' ? v.split(',') : v).map((x) => x.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0 || names.includes('all')) return [...PROCESS_ROLES];
  const bad = names.filter((x) => !(PROCESS_ROLES as readonly string[]).includes(x));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${ROLE_HELP} (${bad.join(', ')} is not a role)` });
    return z.NEVER;
  }
  return PROCESS_ROLES.filter((r) => names.includes(r));
});

const categoryKeywords = z
  .array(z.string().trim().min(2).max(CATEGORY_LIMITS.keywordLength))
  .max(CATEGORY_LIMITS.keywordsPerLanguage)
  .default([]);
const categoryLabel = z.string().trim().min(1).max(CATEGORY_LIMITS.labelLength);
/** One category of the catalogue (src/core/case/categories.ts). */
const categorySchema = z.object({
  key: z.string().regex(CATEGORY_KEY, 'lower-case letters, digits, "-" and "_", at most 60'),
  labels: z.object({ fr: categoryLabel, en: categoryLabel, de: categoryLabel }),
  keywords: z.object({ fr: categoryKeywords, en: categoryKeywords, de: categoryKeywords }).prefault({}),
  retired: z.boolean().default(false),
});

export const configSchema = z.object({
  /** The parts this process runs; all three by default (one process does everything). */
  role: processRoles.default([...PROCESS_ROLES]),
  databaseUrl: z
    .string()
    .refine((s) => /^sqlite:/.test(s) || (/^postgres(ql)?:\/\//.test(s) && URL.canParse(s)), {
      message:
        'sqlite:PATH (e.g. sqlite:./var/redress.db, or sqlite::memory:) or postgres://user@host:5432/db (a password ' +
        'in it written with %XX for its special characters, e.g. %40 for "@")',
    })
    .default('sqlite:./var/redress.db'),
  /** PostgreSQL: connections of this process's main pool (it opens 2 more for short statements of its own). */
  databasePoolSize: wholeNumber(1, 500).default(10),
  /**
   * PostgreSQL: how long making a connection, or waiting for a free one, may take before the operation fails
   * (ms). A network that drops packets gives no error; past this the store answers a temporary failure.
   */
  databaseConnectTimeoutMs: wholeNumber(100, 600_000).default(10_000),
  timezone: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as Europe/Berlin or Europe/Paris')
    .default('Europe/Berlin'),
  holidays: z
    .string()
    .superRefine((s, ctx) => {
      // Checked on a short-lived thread, which also works out the region's holidays for the calendar
      // (src/app/context.ts): date-holidays then never takes this thread's memory.
      const r = regionHolidays(s).check;
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.allowed });
    })
    .transform((s) => s.toUpperCase())
    .default('DE-BW'),
  workingWeek: z
    .array(z.enum(WEEKDAYS))
    .min(1, 'at least one working day')
    .default(['mon', 'tue', 'wed', 'thu', 'fri']),
  closureDays: z.array(z.string().refine(isIsoDate, 'dates as YYYY-MM-DD')).default([]),
  acknowledgeWithin: acknowledgeWithin.prefault('24h'),
  answerBusinessDays: wholeNumber(1, 60).default(10),
  /**
   * P4.5: add the business days a case waited on the complainant (from a request for missing information to their
   * answer) to its answer date when the wait ends. Off by default: the procedure's clock runs on while it waits.
   */
  pauseClockWhileWaiting: flag.default(false),
  http: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: wholeNumber(0, 65535).default(8080),
      /** The address people use to reach Redress, for links in mail; defaults to http://host:port. */
      publicUrl: z.url().optional(),
      /**
       * Behind a reverse proxy: the proxies' addresses or networks whose X-Forwarded-For/-Proto are believed (client
       * address for form limits and sign-in throttling, https). Never "everyone": any client could then choose the
       * address it is counted under.
       */
      trustProxy: trustedProxies.default([]),
      /** Secure cookies: `auto` (when the request came over https, or publicUrl is https), `always`, `never`. */
      secureCookies: z.enum(['auto', 'always', 'never']).default('auto'),
      /** Largest request body accepted by the web application and the API (bytes). */
      bodyLimitBytes: wholeNumber(1024, 2 ** 30).default(1024 * 1024),
      /** A request that takes longer than this is answered 408/503 (ms). */
      requestTimeoutMs: wholeNumber(1000, 600_000).default(30_000),
      /**
       * A form with files that, after its first seconds, brings less than this over the last ten seconds is cut
       * off and the upload memory it held given back (bytes a second; 0: no minimum, only the request time limit).
       */
      uploadMinBytesPerSecond: wholeNumber(0, 1024 * 1024).default(1024),
      /** A download (a dossier, a person's data) that takes longer than this in all is cut short (ms). */
      downloadTimeoutMs: wholeNumber(1000, 86_400_000).default(3_600_000),
      /** A download whose client takes nothing for this long while the export waits on it is cut short (ms). */
      downloadIdleMs: wholeNumber(100, 600_000).default(60_000),
    })
    .prefault({}),
  /** Staff sessions and sign-in protection. */
  auth: z
    .object({
      /** A session ends after this many minutes without a request. */
      sessionIdleMinutes: wholeNumber(5, 60 * 24 * 30).default(8 * 60),
      /** A session ends this many hours after sign-in, whatever its use. */
      sessionMaxHours: wholeNumber(1, 24 * 90).default(7 * 24),
      /** Failed sign-ins per account within the window before further attempts are refused. */
      maxFailuresPerAccount: wholeNumber(1, 1000).default(5),
      /** Failed sign-ins per client address within the window before further attempts are refused. */
      maxFailuresPerAddress: wholeNumber(1, 10_000).default(20),
      /** The window over which failed sign-ins are counted (minutes). */
      failureWindowMinutes: wholeNumber(1, 24 * 60).default(15),
      /** How long an invitation (set-your-password link) stays valid (hours). */
      invitationHours: wholeNumber(1, 24 * 30).default(72),
    })
    .prefault({}),
  references: z
    .object({
      complaint: z
        .string()
        .regex(/^[A-Z]{2,6}$/, '2 to 6 capital letters')
        .default('RC'),
      suggestion: z
        .string()
        .regex(/^[A-Z]{2,6}$/, '2 to 6 capital letters')
        .default('SG'),
    })
    .default({ complaint: 'RC', suggestion: 'SG' }),
  defaultLanguage: z.enum(LANGUAGES).default('en'),
  organisation: z
    .object({
      name: z.string().min(1).default('Example Hosting GmbH'),
      complaintsPostalAddress: postalAddress.default([
        'Example Hosting GmbH',
        'Beschwerdestelle',
        'Musterstraße 1',
        '76133 Karlsruhe',
        'Germany',
      ]),
      managementPostalAddress: postalAddress.default([
        'Example Hosting GmbH',
        'Geschäftsleitung',
        'Musterstraße 1',
        '76133 Karlsruhe',
        'Germany',
      ]),
    })
    .default({
      name: 'Example Hosting GmbH',
      complaintsPostalAddress: [
        'Example Hosting GmbH',
        'Beschwerdestelle',
        'Musterstraße 1',
        '76133 Karlsruhe',
        'Germany',
      ],
      managementPostalAddress: [
        'Example Hosting GmbH',
        'Geschäftsleitung',
        'Musterstraße 1',
        '76133 Karlsruhe',
        'Germany',
      ],
    }),
  mailboxes: z
    .array(mailbox)
    .min(1, 'at least one mailbox')
    .default([
      { name: 'complaints', address: 'complaint@example.org', role: 'complaints', language: 'fr' },
      { name: 'suggestions', address: 'info@example.org', role: 'suggestions', language: 'fr' },
      { name: 'management', address: 'management@example.org', role: 'management', language: 'fr' },
    ]),
  /** The subject markers of P2.6, per step; matched leniently (case, accents, dashes, spaces). */
  markers: z
    .object({
      step1: z.array(z.string().min(3)).min(1),
      step2: z.array(z.string().min(3)).min(1),
    })
    .default({
      step1: [
        'Transmission de réclamation - Etape 1',
        'Complaint escalation - Step 1',
        'Beschwerdeweiterleitung - Stufe 1',
      ],
      step2: [
        'Transmission de réclamation - Etape 2',
        'Complaint escalation - Step 2',
        'Beschwerdeweiterleitung - Stufe 2',
      ],
    }),
  /** Senders that relay for someone else (web forms, no-reply robots): the complainant is in Reply-To. */
  relaySenders: z
    .array(z.string().min(1))
    .default(['no-reply@*', 'noreply@*', 'formular@*', 'webform@*', 'forms@*']),
  /** Step 2 channels (P1.2): by default a step-2 request by e-mail is filed on step 1 with a by-post instruction. */
  step2ByEmail: z.enum(['by_post_instruction', 'accept']).default('by_post_instruction'),
  smtp: z
    .object({
      enabled: flag.default(true),
      host: z.string().default('127.0.0.1'),
      port: wholeNumber(0, 65535).default(2525),
      maxMessageBytes: wholeNumber(1024, 2 ** 31).default(25 * 1024 * 1024),
      tlsKeyFile: z.string().optional(),
      tlsCertFile: z.string().optional(),
      /** Connections open at once, in all (more get 421); bounds the file descriptors SMTP can take. */
      maxConnections: wholeNumber(1, 100_000).default(200),
      /** Connections open at once from one client address (an MTA in front counts as one: keep it high). */
      maxConnectionsPerAddress: wholeNumber(1, 100_000).default(50),
      /** A connection that sends nothing for this long is closed. */
      idleTimeoutMs: wholeNumber(1000, 3_600_000).default(60_000),
      /** The most time one message may take to arrive (DATA to the final dot): a slow sender is cut with 421. */
      messageTimeoutMs: wholeNumber(1000, 86_400_000).default(600_000),
      /** The most time one connection may stay open, whatever it sends (then 421; a sender reconnects). */
      sessionTimeoutMs: wholeNumber(1000, 86_400_000).default(1_800_000),
      /**
       * The most time storing one message may take before the sender is answered 451 and retries: a database
       * that stops answering (a network dropping packets) gives no error, and the sender must not wait forever.
       * Generous, since reading a costly message on a loaded machine takes a while; below the senders' own limits
       * (Postfix waits 600 s for the reply to a message, and gives a pipe command 1000 s).
       */
      storeTimeoutMs: wholeNumber(1000, 3_600_000).default(300_000),
      /**
       * The organisation's mail servers that relay to the listener (its MTA; by default on this machine). A
       * message from one of them is received when its top-most Received line says (that server wrote it as it
       * took the message); from any other peer, which may have written every line itself, when it reaches Redress.
       */
      trustedRelays: trustedRelays.default(['127.0.0.1', '::1']),
    })
    .default({
      enabled: true,
      host: '127.0.0.1',
      port: 2525,
      maxMessageBytes: 25 * 1024 * 1024,
      maxConnections: 200,
      maxConnectionsPerAddress: 50,
      idleTimeoutMs: 60_000,
      messageTimeoutMs: 600_000,
      sessionTimeoutMs: 1_800_000,
      storeTimeoutMs: 300_000,
      trustedRelays: ['127.0.0.1', '::1'],
    }),
  /** IMAP mailboxes to poll (IDLE where offered); none by default. */
  imap: z.array(imapMailbox).default([]),
  /**
   * Loop and flood protection: at most this many automatic mails per recipient per local day. The recipient is
   * counted in its normalised form (case, `+tag`, Unicode domain), so that variants of one address share a count.
   */
  autoReplyLimitPerDay: wholeNumber(1, 10_000).default(5),
  /**
   * The other limits on automatic mail (DESIGN.md "Outbound mail"): per normalised recipient per hour (never
   * more than the day's limit), and per sender address (the From: of the message, e.g. a web form's robot) per
   * hour and per day. Beyond any of them the message is filed and flagged, and a person decides.
   */
  autoReplyLimits: z
    .object({
      perRecipientPerHour: wholeNumber(1, 10_000).default(3),
      perSenderPerHour: wholeNumber(1, 100_000).default(50),
      perSenderPerDay: wholeNumber(1, 1_000_000).default(200),
    })
    .refine((l) => l.perSenderPerHour <= l.perSenderPerDay, {
      message: 'perSenderPerHour must not be more than perSenderPerDay',
    })
    .prefault({}),
  /** Threads that read incoming mail beside the main thread (0: read on the main thread; each costs ~100 MB). */
  readThreads: wholeNumber(0, 16).optional(),
  /**
   * What reading one message may cost (on a reading thread): past `budgetMs` of CPU time or `memoryMb` of
   * heap, the thread is stopped and the message is stored byte for byte and waits in the inbox for a person.
   */
  reading: z
    .object({
      budgetMs: wholeNumber(50, 600_000).default(1000),
      memoryMb: wholeNumber(16, 4096).default(128),
    })
    .default({ budgetMs: 1000, memoryMb: 128 }),
  /** Outbound mail (issue 6): the SMTP server Redress sends through, and how it retries. */
  outbound: z
    .object({
      /** With false, mail waits in the outbox and nothing is sent (e.g. a staging copy). */
      enabled: flag.default(true),
      host: z.string().min(1).default('127.0.0.1'),
      port: wholeNumber(1, 65535).default(25),
      /** Implicit TLS (port 465). With false, STARTTLS is used when the server offers it. */
      secure: flag.default(false),
      /** Refuse to send unless the connection is encrypted (STARTTLS required). */
      requireTls: flag.default(false),
      user: z.string().min(1).optional(),
      /** The name of the environment variable holding the SMTP password (never the password itself). */
      passwordEnv: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable')
        .default('REDRESS_OUTBOUND_PASSWORD'),
      /** The sender address; by default the address of the mailbox the case belongs to (complaints, management…). */
      from: z.email('an e-mail address like complaint@example.org').optional(),
      /** The domain of generated Message-IDs; by default the sender address's domain. */
      messageIdDomain: z.string().min(1).optional(),
      /** How often the worker looks for mail to send (it is also woken at once after a commit). */
      pollSeconds: wholeNumber(1, 3600).default(5),
      /** Attempts before an item is marked failed (back-off from 30 s doubling up to 1 h: 15 ≈ 9 hours). */
      maxAttempts: wholeNumber(1, 100).default(15),
      /**
       * Staff are alerted (a log line at error level, a warning on the administration page) when mail has waited
       * in the outbox longer than this: the SMTP server is down or refusing, and mail to complainants is late.
       */
      alertAfterMinutes: wholeNumber(1, 10_080).default(60),
      /**
       * Messages sent at the same time, each over its own connection of a pool kept open to the SMTP server. An
       * instance killed mid-send sends at most twice this many a second time (same Message-IDs) once their claims
       * run out.
       */
      concurrency: wholeNumber(1, 64).default(8),
      /**
       * Messages per second to one destination domain (the part of the recipient's address after @), in each
       * instance that sends: the relay and the receiving servers are not flooded by a burst (a backlog after an
       * outage, a day's acknowledgements at once).
       */
      perDomainPerSecond: numberFrom(DECIMAL_DIGITS, 'a number of messages per second from 0.01 to 100000')
        .pipe(
          z
            .number({ error: 'a number of messages per second from 0.01 to 100000' })
            .min(0.01, { error: 'a number of messages per second from 0.01 to 100000' })
            .max(100_000, { error: 'a number of messages per second from 0.01 to 100000' }),
        )
        .default(20),
      /** Other rates for some destination domains, e.g. `{"example.net": 100}` (messages per second). */
      domainRates: z
        .record(
          z
            .string()
            .regex(/^[^@\s]+\.[^@\s]+$/, 'a domain name like example.net')
            .transform((d) => d.toLowerCase()),
          z.number().min(0.01, 'at least 0.01 per second').max(100_000, 'at most 100000 per second'),
        )
        .default({}),
      /**
       * How long an e-mail taken by a worker stays its own before another worker may take it over (the first one
       * died mid-send). A send starts only with at least half of it left, so it must be well over the longest
       * exchange with the SMTP server (connect 15 s, greeting 15 s, a silent socket 60 s). A shorter one brings mail
       * cut by a crash back sooner; a send slower than half of it may then reach the server twice (same Message-ID).
       */
      claimSeconds: wholeNumber(30, 3600).default(120),
    })
    .prefault({}),
  /** The dispute-resolution statement of the answer after step 2 (P4.4), per language. Adapt it to your organisation. */
  disputeResolution: z
    .object({
      fr: z
        .string()
        .min(1)
        .default(
          'Nous ne sommes ni tenus ni disposés à participer à une procédure de règlement des litiges devant un organisme de conciliation des consommateurs (§§ 36 et 37 de la loi allemande VSBG). Vous restez libre de saisir les tribunaux compétents.',
        ),
      en: z
        .string()
        .min(1)
        .default(
          'We are neither obliged nor willing to take part in dispute resolution proceedings before a consumer conciliation body (sections 36 and 37 of the German Consumer Dispute Resolution Act, VSBG). You remain free to bring the matter before the competent courts.',
        ),
      de: z
        .string()
        .min(1)
        .default(
          'Wir sind zur Teilnahme an einem Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle weder verpflichtet noch bereit (§§ 36, 37 VSBG). Der Weg zu den ordentlichen Gerichten steht Ihnen offen.',
        ),
    })
    .prefault({}),
  /** Staff alerts (P7.3): the daily digest and immediate alerts at a breach. */
  alerts: z
    .object({
      /** An answer due within this many working days is listed in the digest. */
      dueSoonWorkingDays: wholeNumber(0, 30).default(2),
      /** The local hour of the daily digest (working days only). */
      digestHour: wholeNumber(0, 23).default(8),
      /** The local hour after which only breaches are sent (until the next working day's digest hour). */
      quietFromHour: wholeNumber(1, 24).default(19),
      /** How often the sweep runs. */
      sweepSeconds: wholeNumber(10, 86_400).default(300),
      /**
       * An acknowledgement not given (not sent, refused, or waiting for a person) this many hours before its
       * deadline is alerted at once, at any hour (core/case/clock.ts acknowledgementAtRisk); 0: never.
       */
      acknowledgementAtRiskHours: wholeNumber(0, 720).default(8),
      /** Addresses that get the leads' alerts until user accounts with roles exist. */
      leads: z.array(z.email('e-mail addresses')).default([]),
    })
    .prefault({}),
  /**
   * The monthly report mailed to management (P7) on the first working day of each month, as a PDF of the month
   * before, in the organisation's language; switched on and addressed by administrators (an audited setting).
   * Only these addresses receive it: never an address from a message or a case.
   */
  monthlyReport: z
    .object({
      enabled: z.boolean().default(false),
      recipients: z.array(z.email('e-mail addresses')).max(20).default([]),
    })
    .prefault({}),
  /** An answered case closes after this many business days without news from the complainant (P4.6). */
  quietPeriodBusinessDays: wholeNumber(1, 120).default(10),
  /** Departments that suggestions are forwarded to (P9), with the keywords that route a suggestion to them. */
  /**
   * Complaint categories for reports and routing (P7.1): the keys offered for new cases. When a catalogue is set
   * (below), this list is the catalogue's offered keys; without one it is an earlier configuration's list, turned
   * into a catalogue by src/app/context.ts.
   */
  categories: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"'))
    .default(DEFAULT_CATEGORIES.map((c) => c.key)),
  /** The categories with their labels, keywords and retirement, as administrators edit them at /admin/categories. */
  categoryCatalogue: z.array(categorySchema).max(CATEGORY_LIMITS.categories).optional(),
  departments: z
    .array(
      z.object({
        // "_none" is what the reports' filter says for a suggestion not forwarded to any department.
        name: z
          .string()
          .min(1)
          .refine(
            (name) => name.trim() !== NOT_SET,
            `a name other than "${NOT_SET}" (the reports' "not forwarded")`,
          ),
        email: z.email('an e-mail address like billing@example.org'),
        keywords: z.array(z.string().min(2)).default([]),
      }),
    )
    .default([]),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The public complaint form at /complain (issue 7): flood protection without a third-party captcha. */
  publicForm: z
    .object({
      enabled: flag.default(true),
      /** Complaints accepted per client address (IPv6: per /64) per hour, counted in the database. */
      perAddressPerHour: wholeNumber(1, 10_000).default(5),
      /** A form sent back sooner than this after it was shown is taken for a robot (the person is asked again). */
      minFillSeconds: wholeNumber(0, 3600).default(3),
      /** How long a shown form stays valid. */
      maxAgeHours: wholeNumber(1, 168).default(12),
      /** Step 2 on the form: `by_post` explains that step 2 goes by post to management (P1.2), `accept` offers it. */
      step2: z.enum(['by_post', 'accept']).default('by_post'),
    })
    .prefault({}),
  /**
   * Prometheus metrics at /metrics: answered to a request carrying this bearer token, or coming from one of the
   * trusted proxies' addresses (http.trustProxy) and not forwarded for someone else. Neither: /metrics is off.
   */
  metrics: z
    .object({ token: z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional() })
    .prefault({}),
  /** The HTTP API: writes (complaints, letters, acts on cases) per token per minute. */
  api: z.object({ writesPerMinute: wholeNumber(1, 100_000).default(120) }).prefault({}),
  /**
   * P6.3: a closed case's personal data is anonymised `years` after closure, counted from the end of the calendar
   * year in which it closed (`end_of_year`, as German commercial law counts it) or from the day (`closure`).
   */
  retention: z
    .object({
      years: wholeNumber(1, 100).default(6),
      countFrom: z.enum(['end_of_year', 'closure']).default('end_of_year'),
      /** The worker anonymises the cases that are due once a day (off by default: `redress retention run` by hand). */
      enabled: flag.default(false),
    })
    .prefault({}),
  /**
   * A file holding the server key (at least 32 characters, readable by its owner only). When set (or when the
   * REDRESS_SECRET_KEY variable is), the server's secrets are derived from it instead of kept in the database.
   */
  secretKeyFile: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Environment variables and the config path they set. Arrays take comma-separated values or JSON. */
export const ENV_VARS: ReadonlyArray<{
  env: string;
  path: readonly string[];
  kind: 'string' | 'list' | 'json';
}> = [
  { env: 'REDRESS_DATABASE_URL', path: ['databaseUrl'], kind: 'string' },
  { env: 'REDRESS_DATABASE_POOL_SIZE', path: ['databasePoolSize'], kind: 'string' },
  { env: 'REDRESS_DATABASE_CONNECT_TIMEOUT_MS', path: ['databaseConnectTimeoutMs'], kind: 'string' },
  { env: 'REDRESS_ROLE', path: ['role'], kind: 'string' },
  { env: 'REDRESS_METRICS_TOKEN', path: ['metrics', 'token'], kind: 'string' },
  { env: 'REDRESS_TIMEZONE', path: ['timezone'], kind: 'string' },
  { env: 'REDRESS_HOLIDAYS', path: ['holidays'], kind: 'string' },
  { env: 'REDRESS_WORKING_WEEK', path: ['workingWeek'], kind: 'list' },
  { env: 'REDRESS_CLOSURE_DAYS', path: ['closureDays'], kind: 'list' },
  { env: 'REDRESS_ACKNOWLEDGE_WITHIN', path: ['acknowledgeWithin'], kind: 'string' },
  { env: 'REDRESS_ANSWER_BUSINESS_DAYS', path: ['answerBusinessDays'], kind: 'string' },
  { env: 'REDRESS_PAUSE_CLOCK_WHILE_WAITING', path: ['pauseClockWhileWaiting'], kind: 'string' },
  { env: 'REDRESS_HOST', path: ['http', 'host'], kind: 'string' },
  { env: 'REDRESS_PORT', path: ['http', 'port'], kind: 'string' },
  { env: 'REDRESS_PUBLIC_URL', path: ['http', 'publicUrl'], kind: 'string' },
  { env: 'REDRESS_TRUST_PROXY', path: ['http', 'trustProxy'], kind: 'string' },
  { env: 'REDRESS_SECURE_COOKIES', path: ['http', 'secureCookies'], kind: 'string' },
  { env: 'REDRESS_HTTP_BODY_LIMIT', path: ['http', 'bodyLimitBytes'], kind: 'string' },
  { env: 'REDRESS_HTTP_REQUEST_TIMEOUT_MS', path: ['http', 'requestTimeoutMs'], kind: 'string' },
  {
    env: 'REDRESS_HTTP_UPLOAD_MIN_BYTES_PER_SECOND',
    path: ['http', 'uploadMinBytesPerSecond'],
    kind: 'string',
  },
  { env: 'REDRESS_HTTP_DOWNLOAD_TIMEOUT_MS', path: ['http', 'downloadTimeoutMs'], kind: 'string' },
  { env: 'REDRESS_HTTP_DOWNLOAD_IDLE_MS', path: ['http', 'downloadIdleMs'], kind: 'string' },
  { env: 'REDRESS_SESSION_IDLE_MINUTES', path: ['auth', 'sessionIdleMinutes'], kind: 'string' },
  { env: 'REDRESS_SESSION_MAX_HOURS', path: ['auth', 'sessionMaxHours'], kind: 'string' },
  { env: 'REDRESS_SIGNIN_MAX_FAILURES_ACCOUNT', path: ['auth', 'maxFailuresPerAccount'], kind: 'string' },
  { env: 'REDRESS_SIGNIN_MAX_FAILURES_ADDRESS', path: ['auth', 'maxFailuresPerAddress'], kind: 'string' },
  { env: 'REDRESS_SIGNIN_FAILURE_WINDOW_MINUTES', path: ['auth', 'failureWindowMinutes'], kind: 'string' },
  { env: 'REDRESS_INVITATION_HOURS', path: ['auth', 'invitationHours'], kind: 'string' },
  { env: 'REDRESS_REF_PREFIX_COMPLAINT', path: ['references', 'complaint'], kind: 'string' },
  { env: 'REDRESS_REF_PREFIX_SUGGESTION', path: ['references', 'suggestion'], kind: 'string' },
  { env: 'REDRESS_DEFAULT_LANGUAGE', path: ['defaultLanguage'], kind: 'string' },
  { env: 'REDRESS_MAILBOXES', path: ['mailboxes'], kind: 'json' },
  { env: 'REDRESS_STEP2_BY_EMAIL', path: ['step2ByEmail'], kind: 'string' },
  { env: 'REDRESS_SMTP_ENABLED', path: ['smtp', 'enabled'], kind: 'string' },
  { env: 'REDRESS_SMTP_HOST', path: ['smtp', 'host'], kind: 'string' },
  { env: 'REDRESS_SMTP_PORT', path: ['smtp', 'port'], kind: 'string' },
  { env: 'REDRESS_SMTP_MAX_BYTES', path: ['smtp', 'maxMessageBytes'], kind: 'string' },
  { env: 'REDRESS_SMTP_TLS_KEY', path: ['smtp', 'tlsKeyFile'], kind: 'string' },
  { env: 'REDRESS_SMTP_TLS_CERT', path: ['smtp', 'tlsCertFile'], kind: 'string' },
  { env: 'REDRESS_SMTP_MAX_CONNECTIONS', path: ['smtp', 'maxConnections'], kind: 'string' },
  {
    env: 'REDRESS_SMTP_MAX_CONNECTIONS_PER_ADDRESS',
    path: ['smtp', 'maxConnectionsPerAddress'],
    kind: 'string',
  },
  { env: 'REDRESS_SMTP_IDLE_TIMEOUT_MS', path: ['smtp', 'idleTimeoutMs'], kind: 'string' },
  { env: 'REDRESS_SMTP_MESSAGE_TIMEOUT_MS', path: ['smtp', 'messageTimeoutMs'], kind: 'string' },
  { env: 'REDRESS_SMTP_SESSION_TIMEOUT_MS', path: ['smtp', 'sessionTimeoutMs'], kind: 'string' },
  { env: 'REDRESS_SMTP_STORE_TIMEOUT_MS', path: ['smtp', 'storeTimeoutMs'], kind: 'string' },
  { env: 'REDRESS_SMTP_TRUSTED_RELAYS', path: ['smtp', 'trustedRelays'], kind: 'list' },
  { env: 'REDRESS_IMAP', path: ['imap'], kind: 'json' },
  { env: 'REDRESS_AUTO_REPLY_LIMIT', path: ['autoReplyLimitPerDay'], kind: 'string' },
  {
    env: 'REDRESS_AUTO_REPLY_LIMIT_PER_HOUR',
    path: ['autoReplyLimits', 'perRecipientPerHour'],
    kind: 'string',
  },
  {
    env: 'REDRESS_AUTO_REPLY_SENDER_LIMIT_PER_HOUR',
    path: ['autoReplyLimits', 'perSenderPerHour'],
    kind: 'string',
  },
  {
    env: 'REDRESS_AUTO_REPLY_SENDER_LIMIT_PER_DAY',
    path: ['autoReplyLimits', 'perSenderPerDay'],
    kind: 'string',
  },
  { env: 'REDRESS_LOG_LEVEL', path: ['logLevel'], kind: 'string' },
  { env: 'REDRESS_READ_THREADS', path: ['readThreads'], kind: 'string' },
  { env: 'REDRESS_READ_BUDGET_MS', path: ['reading', 'budgetMs'], kind: 'string' },
  { env: 'REDRESS_READ_MEMORY_MB', path: ['reading', 'memoryMb'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_ENABLED', path: ['outbound', 'enabled'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_HOST', path: ['outbound', 'host'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_PORT', path: ['outbound', 'port'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_SECURE', path: ['outbound', 'secure'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_REQUIRE_TLS', path: ['outbound', 'requireTls'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_USER', path: ['outbound', 'user'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_PASSWORD_ENV', path: ['outbound', 'passwordEnv'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_FROM', path: ['outbound', 'from'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_CONCURRENCY', path: ['outbound', 'concurrency'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_PER_DOMAIN_PER_SECOND', path: ['outbound', 'perDomainPerSecond'], kind: 'string' },
  { env: 'REDRESS_OUTBOUND_DOMAIN_RATES', path: ['outbound', 'domainRates'], kind: 'json' },
  { env: 'REDRESS_OUTBOUND_CLAIM_SECONDS', path: ['outbound', 'claimSeconds'], kind: 'string' },
  { env: 'REDRESS_OUTBOX_ALERT_MINUTES', path: ['outbound', 'alertAfterMinutes'], kind: 'string' },
  { env: 'REDRESS_DISPUTE_RESOLUTION_FR', path: ['disputeResolution', 'fr'], kind: 'string' },
  { env: 'REDRESS_DISPUTE_RESOLUTION_EN', path: ['disputeResolution', 'en'], kind: 'string' },
  { env: 'REDRESS_DISPUTE_RESOLUTION_DE', path: ['disputeResolution', 'de'], kind: 'string' },
  { env: 'REDRESS_ALERT_DUE_SOON_DAYS', path: ['alerts', 'dueSoonWorkingDays'], kind: 'string' },
  { env: 'REDRESS_ALERT_DIGEST_HOUR', path: ['alerts', 'digestHour'], kind: 'string' },
  { env: 'REDRESS_ALERT_ACK_AT_RISK_HOURS', path: ['alerts', 'acknowledgementAtRiskHours'], kind: 'string' },
  { env: 'REDRESS_ALERT_LEADS', path: ['alerts', 'leads'], kind: 'list' },
  { env: 'REDRESS_QUIET_PERIOD_DAYS', path: ['quietPeriodBusinessDays'], kind: 'string' },
  { env: 'REDRESS_DEPARTMENTS', path: ['departments'], kind: 'json' },
  { env: 'REDRESS_PUBLIC_FORM_ENABLED', path: ['publicForm', 'enabled'], kind: 'string' },
  { env: 'REDRESS_PUBLIC_FORM_PER_HOUR', path: ['publicForm', 'perAddressPerHour'], kind: 'string' },
  { env: 'REDRESS_PUBLIC_FORM_MIN_FILL_SECONDS', path: ['publicForm', 'minFillSeconds'], kind: 'string' },
  { env: 'REDRESS_PUBLIC_FORM_STEP2', path: ['publicForm', 'step2'], kind: 'string' },
  { env: 'REDRESS_API_WRITES_PER_MINUTE', path: ['api', 'writesPerMinute'], kind: 'string' },
  { env: 'REDRESS_RETENTION_YEARS', path: ['retention', 'years'], kind: 'string' },
  { env: 'REDRESS_RETENTION_COUNT_FROM', path: ['retention', 'countFrom'], kind: 'string' },
  { env: 'REDRESS_RETENTION_ENABLED', path: ['retention', 'enabled'], kind: 'string' },
  { env: 'REDRESS_SECRET_KEY_FILE', path: ['secretKeyFile'], kind: 'string' },
];

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `Redress cannot start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function setPath(target: Record<string, Json>, path: readonly string[], value: Json): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, Json>;
  }
  node[path.at(-1)!] = value;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Path given with --config; when absent, `redress.config.json` in `cwd` is read if it exists. */
  configFile?: string;
  cwd?: string;
  /** Values that win over the file and the environment (used by tests). */
  overrides?: Record<string, unknown>;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  let fileValues: Record<string, Json> = {};
  const explicit = options.configFile ?? env.REDRESS_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'redress.config.json');
  if (explicit || existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`${file}: expected a JSON object at the top level`);
      } else fileValues = parsed as Record<string, Json>;
    } catch (e) {
      // JSON.parse quotes the text around a mistake, which may be a password of the file: it is left out.
      const message = (e as Error).message.replace(/"[\s\S]*" is not valid JSON/, 'is not valid JSON');
      problems.push(`${file}: ${message} (fix the file or remove it)`);
    }
  }
  const raw: Record<string, Json> = structuredClone(fileValues);
  const source = new Map<string, string>();
  for (const { env: name, path, kind } of ENV_VARS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    source.set(path.join('.'), name);
    if (kind === 'string') setPath(raw, path, value);
    else if (kind === 'list')
      setPath(
        raw,
        path,
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else {
      try {
        setPath(raw, path, JSON.parse(value) as Json);
      } catch {
        // REDRESS_IMAP may hold passwords: its text is not repeated.
        const shown = SECRET_HOLDING_VARIABLES.has(name)
          ? `${name} (its value not repeated: it may hold passwords)`
          : `${name}=${JSON.stringify(value)}`;
        problems.push(`${shown} is not valid JSON (give a JSON array or object)`);
      }
    }
  }
  for (const [key, value] of Object.entries(options.overrides ?? {}))
    setPath(raw, key.split('.'), value as Json);
  if (problems.length) throw new ConfigError(problems);

  const nameOf = (path: readonly string[]) => settingName(path, source, file, fileValues);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      const where = nameOf(path);
      let value: unknown = raw;
      for (const p of path) value = (value as Record<string, unknown> | undefined)?.[p];
      if (value === undefined) {
        problems.push(`${where} is missing: it is required here`);
        continue;
      }
      // A secret is never repeated in the message (it would end up in a terminal's history or a journal).
      // zod's own words for a value of the wrong type ("Invalid input: expected object, received string").
      const expected = issue.message.replace(/^Invalid input: expected (\w+), received \w+$/, 'a JSON $1');
      problems.push(`${where}=${shownValue(path, value)} is not allowed: expected ${expected}`);
    }
    throw new ConfigError(problems);
  }
  const config = result.data;
  const names = new Set<string>();
  for (const m of config.mailboxes) {
    if (names.has(m.name))
      problems.push(`mailboxes: the name "${m.name}" is used twice (give each mailbox its own name)`);
    names.add(m.name);
  }
  const outbound = config.outbound;
  if (outbound.enabled && outbound.user && !env[outbound.passwordEnv])
    problems.push(
      `${nameOf(['outbound', 'user'])} is set, but ${outbound.passwordEnv} (the password of ` +
        `that SMTP login, named by ${nameOf(['outbound', 'passwordEnv'])}) is not: set it, ` +
        `or remove the user if the outbound server needs no login`,
    );
  problems.push(...smtpTlsProblems(config, nameOf));
  const inFile = config.imap.filter((_, i) => {
    const given = (fileValues.imap as Json[] | undefined)?.[i];
    return (
      typeof given === 'object' && given !== null && !Array.isArray(given) && given.password !== undefined
    );
  });
  if (inFile.length > 0) {
    const mode = fileMode(file);
    if (mode !== null && (mode & 0o077) !== 0)
      problems.push(
        `${file} holds the password of ${inFile.map((b) => `${b.user}@${b.host}`).join(', ')} and may be read ` +
          `by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${file}, or give the password ` +
          `in an environment variable named by "passwordEnv"`,
      );
  }
  config.imap.forEach((box, i) => {
    const where = `imap[${i}] (${box.user}@${box.host})`;
    if (!names.has(box.mailbox))
      problems.push(
        `${where}: mailbox "${box.mailbox}" is not one of the configured mailboxes (${[...names].join(', ')})`,
      );
    if (!box.password && !box.passwordEnv)
      problems.push(
        `${where}: give "passwordEnv" (the name of a variable holding the password) or "password"`,
      );
    else if (box.passwordEnv && !env[box.passwordEnv])
      problems.push(`${where}: the environment variable ${box.passwordEnv} (its password) is not set`);
  });
  if (problems.length) throw new ConfigError(problems);
  warningsOf.set(config, [
    ...unknownVariables(env, config),
    ...unknownKeys(fileValues, config as unknown as Json, []).map(
      (key) =>
        `${file}: "${key}" is not a setting of Redress and is ignored (the settings are in the README's Configuration section)`,
    ),
  ]);
  return config;
}

const warningsOf = new WeakMap<Config, string[]>();

/** Variables whose JSON may hold passwords (an IMAP mailbox's `password`). */
const SECRET_HOLDING_VARIABLES = new Set(['REDRESS_IMAP']);

/**
 * The name an operator gave a setting by: the variable (with the place inside its JSON, `REDRESS_IMAP[0].mailbox`)
 * or the key of the configuration file.
 */
function settingName(
  path: readonly string[],
  source: ReadonlyMap<string, string>,
  file: string,
  fileValues: Json,
): string {
  for (let n = path.length; n > 0; n--) {
    const envName = source.get(path.slice(0, n).join('.'));
    if (envName === undefined) continue;
    // A comma-separated list: the value shown is the entry refused.
    if (ENV_VARS.find((v) => v.env === envName)?.kind === 'list') return envName;
    const rest = path.slice(n).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`));
    return `${envName}${rest.join('')}`;
  }
  let inFile: Json | undefined = fileValues;
  for (const p of path)
    inFile = typeof inFile === 'object' && inFile !== null ? (inFile as Record<string, Json>)[p] : undefined;
  if (inFile !== undefined) return `${path.join('.')} in ${file}`;
  // Not given: by its variable, where it has one, as the README names the settings.
  const envName = ENV_VARS.find((v) => v.path.join('.') === path.join('.'))?.env;
  return envName ?? `${path.join('.')} in ${file}`;
}

/** Settings whose entries may hold passwords. */
const SECRET_HOLDING_PATHS = new Set(['imap']);

/** A key whose value is a secret, wherever it is in the configuration. */
const SECRET_KEY = /password|token|secret/i;

/** A value for a message: secrets hidden, a database URL without its password. */
function shownValue(path: readonly string[], value: unknown): string {
  if (path.some((p) => SECRET_KEY.test(p))) return '(hidden)';
  // An IMAP mailbox written in some other shape than an object may still carry its password.
  if (path[0] && SECRET_HOLDING_PATHS.has(path[0]) && path.length < 3) return '(hidden)';
  if (path.join('.') === 'databaseUrl' && typeof value === 'string')
    return JSON.stringify(withoutPassword(value));
  return JSON.stringify(value, (key, v: unknown) => (SECRET_KEY.test(key) ? '(hidden)' : v));
}

/** A database URL fit to print: a password in it (postgres://user:secret@host/db) is masked. */
export function withoutPassword(url: string): string {
  // Any scheme: a URL refused for its scheme (mysql://user:secret@…) is printed too.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/(.*)@/, (_, userinfo: string) => `//${userinfo.replace(/:.*/, ':***')}@`);
  }
}

function fileMode(file: string): number | null {
  try {
    return statSync(file).mode;
  } catch {
    return null;
  }
}

/**
 * The SMTP listener's STARTTLS files: both or neither (one alone would leave TLS off without a word), readable, and
 * the private key not readable by every user of the machine. Checked only where the listener runs.
 */
function smtpTlsProblems(config: Config, nameOf: (path: readonly string[]) => string): string[] {
  const { smtp } = config;
  if (!smtp.enabled || !config.role.includes('mail')) return [];
  const key = nameOf(['smtp', 'tlsKeyFile']);
  const cert = nameOf(['smtp', 'tlsCertFile']);
  if (!smtp.tlsKeyFile && !smtp.tlsCertFile) return [];
  if (!smtp.tlsKeyFile || !smtp.tlsCertFile)
    return [
      `${smtp.tlsKeyFile ? key : cert} is set without ${smtp.tlsKeyFile ? cert : key}: give both (the private key ` +
        `and the certificate, PEM) for the SMTP listener to offer STARTTLS, or neither`,
    ];
  const problems: string[] = [];
  for (const [name, path] of [
    [key, smtp.tlsKeyFile],
    [cert, smtp.tlsCertFile],
  ] as const) {
    try {
      accessSync(path, constants.R_OK);
    } catch (e) {
      problems.push(
        `${name}=${JSON.stringify(path)} cannot be read (${(e as NodeJS.ErrnoException).code}): give a PEM file that the user running Redress may read`,
      );
    }
  }
  const mode = fileMode(smtp.tlsKeyFile);
  if (problems.length === 0 && mode !== null && (mode & 0o007) !== 0)
    problems.push(
      `${key}=${JSON.stringify(smtp.tlsKeyFile)}: the private key may be read by every user of this machine (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${smtp.tlsKeyFile} (or 640 with the group of the user running Redress)`,
    );
  return problems;
}

/**
 * What the configuration named that Redress does not know, and so ignores: a `REDRESS_` variable that is no setting
 * (a typo, or a name from another release), a key of the configuration file that is none. Not an error, since
 * ignoring it is what every release before did and a running installation must start; but said at start-up, with
 * the closest names, since the value meant is not the value in force.
 */
export function configWarnings(config: Config): readonly string[] {
  return warningsOf.get(config) ?? [];
}

/**
 * What `redress start` says once about the configuration, which is no mistake but changes what Redress does: an
 * SMTP listener reachable from other machines while only this machine's mail server is a trusted relay. Messages
 * from anywhere else then count as received when they reach Redress (src/core/intake/arrival.ts), which is right
 * for a stranger and wrong for the organisation's own mail server on another machine, if it has not been named.
 */
export function configNotes(config: Config): readonly string[] {
  const { smtp } = config;
  if (!smtp.enabled || !config.role.includes('mail') || isLoopbackHost(smtp.host)) return [];
  if (smtp.trustedRelays.some((entry) => !isLoopbackHost(entry))) return [];
  return [
    `the SMTP listener listens on ${smtp.host} but trusts only this machine's mail server: a message from another address counts as received when it reaches Redress, whatever its Received lines say. Name the organisation's mail server in REDRESS_SMTP_TRUSTED_RELAYS (e.g. "127.0.0.1,::1,192.0.2.25").`,
  ];
}

/** Whether a host or trusted entry (an address or CIDR network) reaches this machine only. */
function isLoopbackHost(entry: string): boolean {
  if (entry === 'localhost') return true;
  const [address, bits] = entry.split('/');
  const bare = address!.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const version = isIP(bare);
  if (version === 4) return bare.startsWith('127.') && (bits === undefined || Number(bits) >= 8);
  return version === 6 && /^(0*:)*:?0*1$/.test(bare) && (bits === undefined || Number(bits) === 128);
}

/** Variables of the tests' harness and other tools of this repository, never settings of the server. */
const NOT_SETTINGS_PREFIX = 'REDRESS_TEST_';

function unknownVariables(env: NodeJS.ProcessEnv, config: Config): string[] {
  const known = new Set<string>([
    ...ENV_VARS.map((v) => v.env),
    'REDRESS_CONFIG',
    // The server key itself (src/adapters/crypto/secrets.ts) and the variables that hold passwords, by the names
    // the configuration gives them.
    'REDRESS_SECRET_KEY',
    config.outbound.passwordEnv,
    ...config.imap.flatMap((box) => (box.passwordEnv ? [box.passwordEnv] : [])),
  ]);
  return Object.keys(env)
    .filter(
      (name) => name.startsWith('REDRESS_') && !name.startsWith(NOT_SETTINGS_PREFIX) && !known.has(name),
    )
    .sort()
    .map((name) => {
      const near = closestNames(name, [...known]);
      return `${name} is not a setting of Redress and is ignored${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`;
    });
}

/**
 * The known names closest to `name`: the fewest letters changed (a typo: REDRESS_TIMEZNOE), and the most words in
 * common (a word too many or missing: REDRESS_HTTP_PORT for REDRESS_PORT); none when nothing is near.
 */
function closestNames(name: string, known: readonly string[]): string[] {
  const words = new Set(name.split('_').slice(1));
  let byLetters: { name: string; d: number } | null = null;
  let byWords: { name: string; share: number } | null = null;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d <= Math.max(2, Math.floor(name.length / 6)) && (!byLetters || d < byLetters.d))
      byLetters = { name: k, d };
    const theirs = k.split('_').slice(1);
    const common = theirs.filter((w) => words.has(w)).length;
    const share = common / new Set([...words, ...theirs]).size;
    if (share >= 0.5 && (!byWords || share > byWords.share)) byWords = { name: k, share };
  }
  return [...new Set([byLetters?.name, byWords?.name].filter((n): n is string => n !== undefined))];
}

/** Levenshtein distance: the fewest letters inserted, deleted or changed to turn one name into the other. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * The keys of the configuration file (`given`) that the configuration read from it does not have: the schema drops
 * what it does not know. As dotted paths (`smtp.prot`, `mailboxes[1].adress`).
 */
function unknownKeys(given: Json, read: Json | undefined, path: string[]): string[] {
  if (Array.isArray(given))
    return Array.isArray(read)
      ? given.flatMap((g, i) => unknownKeys(g, read[i], [...path.slice(0, -1), `${path.at(-1) ?? ''}[${i}]`]))
      : [];
  if (typeof given !== 'object' || given === null) return [];
  if (typeof read !== 'object' || read === null || Array.isArray(read)) return [];
  return Object.entries(given).flatMap(([key, value]) =>
    key in read ? unknownKeys(value, read[key], [...path, key]) : [[...path, key].join('.')],
  );
}

export { deadlinePolicy } from './config-values.ts';
