// `redress ingest --mailbox NAME`: the MTA pipe (like Request Tracker's rt-mailgate). Reads one raw message
// from standard input, stores it byte for byte and files it, and exits 0 only once it is committed. Exit 75
// (EX_TEMPFAIL) when the database is unreachable or busy past its timeout, when the configuration or the pipe's
// own command line is wrong, or on any unexpected failure while storing, so that the MTA keeps the message and
// retries: nothing is lost. A second delivery of the same
// message is stored once (exit 0, `"duplicate":true`). Several ingest processes and a running server may
// write to one SQLite file at once (busy timeout + BEGIN IMMEDIATE; see src/adapters/db/database.ts).
//
// Storing has the SMTP door's time limit (smtp.storeTimeoutMs, REDRESS_SMTP_STORE_TIMEOUT_MS): past it, exit 75.
//
// Budgets, as at the SMTP door: a message over the size limit (`smtp.maxMessageBytes`, REDRESS_SMTP_MAX_BYTES)
// is refused while it is read: the rest of it is read and thrown away, never held, and the command exits 65
// (EX_DATAERR: the MTA bounces it with the message printed on standard error, and does not retry). A message
// over 32 KB is read on a worker thread within the reading budget (config `reading`); past it, it is stored byte
// for byte and waits in the inbox for a person (read-pool.ts).
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { type AppContext, createAppContext } from '../app/context.ts';
import { ReadPool } from '../app/read-pool.ts';
import { fileEmailIn, prepareEmail } from '../app/receive-email.ts';
import { inTransaction } from '../app/transaction.ts';
import type { Config, Mailbox } from '../config.ts';
import { mailboxOfRecipient } from '../core/intake/recipients.ts';
import { action, configOf, EXIT, exitCodeOf, UsageError } from './common.ts';

/** Messages up to this size are read in the command's own thread (see below). */
const READ_HERE_BYTES = 32 * 1024;

async function withPool<T>(ctx: AppContext, fn: (pool: ReadPool) => Promise<T>): Promise<T> {
  const pool = new ReadPool(ctx, 1, 0);
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

/** sysexits' EX_DATAERR: a permanent failure for the MTA (the message bounces, it is not retried). */
export const EX_DATAERR = 65;

/**
 * Reads a whole stream, holding at most `limit` bytes: past it, the rest is read and discarded (a writer that
 * is not read to the end may take it as a failure to deliver and retry forever) and null is returned.
 */
export async function readWithin(
  input: Readable,
  limit: number,
): Promise<{ raw: Buffer | null; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of input) {
    bytes += (chunk as Buffer).length;
    if (bytes <= limit) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  return { raw: bytes <= limit ? Buffer.concat(chunks, bytes) : null, bytes };
}

export function mailboxFor(config: Config, opts: { mailbox?: string; recipient?: string }): Mailbox {
  const names = config.mailboxes.map((m) => `${m.name} (${m.address})`).join(', ');
  if (opts.mailbox) {
    const found = config.mailboxes.find((m) => m.name === opts.mailbox);
    if (!found)
      throw new UsageError(`--mailbox ${opts.mailbox}: no such mailbox; the mailboxes are ${names}`);
    return found;
  }
  if (opts.recipient) {
    const found = mailboxOfRecipient(config.mailboxes, opts.recipient);
    if (!found)
      throw new UsageError(
        `--recipient ${opts.recipient}: not a mailbox address; the mailboxes are ${names}`,
      );
    return found;
  }
  throw new UsageError(`say which mailbox the message was sent to: --mailbox NAME (one of ${names})`);
}

interface IngestOptions {
  mailbox?: string;
  recipient?: string;
  sender?: string;
  quiet?: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'store and file one raw e-mail read from standard input (MTA pipe); exit 0 once committed, 75 to retry later',
    )
    .option(
      '-m, --mailbox <name>',
      'the Redress mailbox the message was sent to (its name in the configuration)',
    )
    .option(
      '-r, --recipient <address>',
      'or: the address it was sent to (with Postfix: the $recipient macro)',
    )
    .option(
      '-s, --sender <address>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Postfix's macro, as it is written in master.cf
      'the envelope sender (with Postfix: the ${sender} macro; an empty value, <> or MAILER-DAEMON is the null sender of bounces and auto-replies, never answered)',
    )
    .option('-q, --quiet', 'print nothing on success')
    .action(
      action(async (opts: IngestOptions, command: Command) => {
        // A configuration the pipe cannot work with (a setting refused, an unreadable key, a mailbox named in
        // master.cf that the configuration does not have) is the operator's to fix, not the sender's: exit 75, so
        // that the MTA keeps the message and delivers it once it is fixed, where any other code bounces it, lost
        // to the organisation.
        let config: Config;
        let mailbox: Mailbox;
        try {
          config = configOf(command);
          mailbox = mailboxFor(config, opts);
        } catch (e) {
          if (exitCodeOf(e) !== EXIT.usage) throw e;
          process.stderr.write(
            `redress ingest: ${(e as Error).message}; the message was NOT stored, and the mail server keeps it and tries again (fix the configuration or the pipe's command line)\n`,
          );
          return EXIT.tempfail;
        }
        const limit = config.smtp.maxMessageBytes;
        const { raw, bytes } = await readWithin(process.stdin, limit);
        if (!raw) {
          process.stderr.write(
            `redress ingest: the message (${bytes} bytes) is larger than the limit of ${limit} bytes (REDRESS_SMTP_MAX_BYTES); it was NOT stored\n`,
          );
          return EX_DATAERR;
        }
        if (raw.length === 0) throw new UsageError('no message on standard input (pipe one raw e-mail in)');
        // A database that stops answering (a network dropping packets) gives no error: without a limit of our own,
        // the MTA's would end the command, and Postfix bounces a message whose command ran out of time. Past the
        // limit the command exits 75 at once, and the MTA retries; a store that lands after all is recognised
        // then (the same message is stored once).
        const limitMs = config.smtp.storeTimeoutMs;
        setTimeout(() => {
          process.stderr.write(
            `redress ingest: storing took longer than ${limitMs} ms (REDRESS_SMTP_STORE_TIMEOUT_MS; is the database answering?); the message was NOT stored (retry later)\n`,
          );
          process.exit(EXIT.tempfail);
        }, limitMs).unref();
        let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
        try {
          database = await openDatabase(config.databaseUrl);
          // The schema only: a fill due after a migration (minutes on a large database) is left to `redress
          // start` or `redress migrate`, not run within the time this message has to be stored.
          await migrateToLatest(database, null);
          const ctx = createAppContext(config, database);
          // A message that could be costly to read is read on a worker thread within the reading budget, as the
          // server does. A small one is read here: its cost is bounded by its size, and a thread of its own would
          // add about a second of CPU to every delivery.
          // The envelope sender, when the MTA says it (`--sender ${sender}`): mail from the null sender is
          // automated mail, never answered, whether or not the MTA also wrote a Return-Path field (Postfix's `R`).
          const input = { raw, mailbox, door: 'pipe' as const, envelopeSender: opts.sender };
          const prepared =
            raw.length <= READ_HERE_BYTES
              ? await prepareEmail(ctx, input)
              : await withPool(ctx, (pool) => pool.prepare(input, ctx.clock.now()));
          const result = await inTransaction(ctx, (agg) => fileEmailIn(ctx, agg, prepared));
          for (const w of result.warnings) process.stderr.write(`redress ingest: filed, but ${w}\n`);
          if (!opts.quiet) process.stdout.write(`${JSON.stringify(result)}\n`);
          return EXIT.ok;
        } catch (e) {
          // Whatever went wrong while storing, the MTA must keep the message and try again later.
          process.stderr.write(
            `redress ingest: ${(e as Error).message}; the message was NOT stored (retry later)\n`,
          );
          return EXIT.tempfail;
        } finally {
          await database?.close();
        }
      }),
    );
}
