// The fuzzer: generated and mutated messages (inputs.ts) through the reading code, as the mail doors run it (on
// the read pool's worker threads, each message within the reading budget), and one in `smtpEvery` of them
// through the real SMTP door (a listener and the intake, filing into a SQLite test database).
//
// What counts as a failure:
// - the reading threw (prepareEmailWith turns that into a problem "the message could not be read: …", so that
//   the message is still filed; but an exception is a bug in the reading, not a property of the message);
// - no answer within the pool's own limits (a hang: the pool stops a worker past its budget, so a message that
//   is never answered means the pool itself is stuck);
// - a reading without one of the fields `redress parse` prints;
// - at the SMTP door: no answer, a temporary failure (4xx: the message is neither stored nor refused for
//   good), or a 250 whose correspondence is not in the database.
// A message over the reading budget is not a failure: it is filed unread and waits in the inbox.
//
// Inputs are drawn in batches from fast-check with a seed derived from the run's seed and the batch, so any
// input is found again from the seed and its number (FUZZ_SEED, FUZZ_RUNS, and `only` below).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import nodemailer from 'nodemailer';
import { type SmtpListener, startSmtpListener } from '../../src/adapters/mail/smtp-listener.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { OVER_BUDGET_PROBLEM, type PreparedEmail, prepareEmailWith } from '../../src/app/prepare-email.ts';
import { READING_FIELDS } from '../../src/app/read-message.ts';
import { ReadPool } from '../../src/app/read-pool.ts';
import { type Harness, silentLogger, startHarness } from '../mail/support/harness.ts';
import { fuzzInput, loadCorpus } from './inputs.ts';

/** The problem prepareEmailWith gives a message whose reading threw. */
export const THREW = 'the message could not be read:';
const BATCH = 500;
const DOOR_LIMIT = 256 * 1024;
/** Messages handed to the pool at once (enough to keep its threads busy). */
const WINDOW = 32;
export const FAILURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'fuzz');

export interface FuzzOptions {
  seed: number;
  runs: number;
  /** One input in this many also goes through the SMTP door (0: none). */
  smtpEvery: number;
  /** Reading threads of the pool. */
  threads?: number;
  log?: (line: string) => void;
  /** Minimise and save failing inputs under test/fixtures/fuzz/. */
  save?: boolean;
}

export interface Failure {
  index: number;
  kind: 'threw' | 'hang' | 'fields' | 'smtp';
  detail: string;
  raw: Uint8Array;
  saved?: string;
}

export interface FuzzSummary {
  seed: number;
  inputs: number;
  bytes: number;
  seconds: number;
  read: number;
  /** Read, and found not to be an e-mail message (filed to the inbox as unreadable, with that reason). */
  notAMessage: number;
  overBudget: number;
  smtp: {
    sent: number;
    stored: number;
    duplicates: number;
    refused: number;
    inInbox: number;
    inCase: number;
  };
  refusals: Record<string, number>;
  failures: Failure[];
}

/** The inputs of batch `b` of a run. */
export function batchInputs(corpus: readonly Buffer[], seed: number, b: number, n: number): Uint8Array[] {
  return fc.sample(fuzzInput(corpus), { seed: (seed + Math.imul(b, 0x9e3779b1)) | 0, numRuns: n });
}

/** The input number `index` of a run (for replaying one). */
export function inputAt(corpus: readonly Buffer[], seed: number, index: number): Uint8Array {
  const b = Math.floor(index / BATCH);
  return batchInputs(corpus, seed, b, (index % BATCH) + 1)[index % BATCH]!;
}

/** What is wrong with a prepared message, if anything (a message over budget or unreadable is fine). */
export function fault(p: PreparedEmail): { kind: Failure['kind']; detail: string } | null {
  if (p.problem?.startsWith(THREW)) return { kind: 'threw', detail: p.problem };
  if (p.problem === null) {
    if (!p.reading || !p.message) return { kind: 'fields', detail: 'no problem and no reading' };
    const missing = READING_FIELDS.filter((f) => !(f in p.reading!));
    if (missing.length) return { kind: 'fields', detail: `reading without ${missing.join(', ')}` };
  }
  return null;
}

const NOW = '2026-12-01T10:00:00.000+01:00';

/** The smallest input found that still throws the same way, by removing slices of it (bounded time). */
export async function minimise(
  h: Pick<Harness, 'ctx'>,
  raw: Uint8Array,
  same: (p: PreparedEmail) => boolean,
  seconds = 60,
): Promise<Uint8Array> {
  const until = Date.now() + seconds * 1000;
  const mailbox = h.ctx.config.mailboxes[0]!;
  const fails = async (r: Uint8Array) =>
    same(await prepareEmailWith(h.ctx, { raw: r, mailbox, door: 'smtp' }, NOW));
  let best = raw;
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && Date.now() < until; chunk >>= 1) {
    for (let at = 0; at < best.length && Date.now() < until; ) {
      const candidate = new Uint8Array(Buffer.concat([best.subarray(0, at), best.subarray(at + chunk)]));
      if (await fails(candidate)) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

function save(kind: string, raw: Uint8Array): string {
  mkdirSync(FAILURES_DIR, { recursive: true });
  const name = `${kind}-${createHash('sha256').update(raw).digest('hex').slice(0, 12)}.eml`;
  writeFileSync(join(FAILURES_DIR, name), raw);
  return name;
}

const sendSmtp = (port: number, raw: Uint8Array) =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, socketTimeout: 120_000 })
    .sendMail({
      envelope: { from: 'sender@example.net', to: ['complaint@example.org'] },
      raw: Buffer.from(raw),
    });

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const log = options.log ?? (() => {});
  const corpus = loadCorpus();
  const h = await startHarness('sqlite');
  const pool = new ReadPool(h.ctx, options.threads ?? 2);
  // The SMTP door as `redress start` runs it: its own reading thread, filing on this one.
  const intake = new EmailIntake(h.ctx, { readThreads: 1 });
  let listener: SmtpListener | null = null;
  if (options.smtpEvery > 0)
    listener = await startSmtpListener({
      ...h.config.smtp,
      host: '127.0.0.1',
      port: 0,
      // A lower size limit than the default, so that the largest inputs are refused (552) and that path is
      // fuzzed too.
      maxMessageBytes: DOOR_LIMIT,
      mailboxes: () => h.ctx.config.mailboxes,
      receive: (email) => intake.receive(email),
      logger: silentLogger,
    });
  const mailbox =
    h.ctx.config.mailboxes.find((m) => m.address === 'complaint@example.org') ?? h.ctx.config.mailboxes[0]!;
  const s: FuzzSummary = {
    seed: options.seed,
    inputs: 0,
    bytes: 0,
    seconds: 0,
    read: 0,
    notAMessage: 0,
    overBudget: 0,
    smtp: { sent: 0, stored: 0, duplicates: 0, refused: 0, inInbox: 0, inCase: 0 },
    refusals: {},
    failures: [],
  };
  // Past this, a message unanswered by the pool is a hang (the pool's own backstop is 20 budgets or 10 s).
  const hangMs = Math.max(h.ctx.config.reading.budgetMs * 20, 10_000) + 30_000;
  const storedIds: string[] = [];
  let smtpChain = Promise.resolve();
  const started = performance.now();
  let lastLog = started;

  const readOne = async (index: number, raw: Uint8Array) => {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), hangMs);
    });
    const p = await Promise.race([pool.prepare({ raw, mailbox, door: 'smtp' }, NOW), hang]);
    clearTimeout(timer);
    s.inputs++;
    s.bytes += raw.byteLength;
    if (p === null) {
      s.failures.push({ index, kind: 'hang', detail: `no answer within ${hangMs} ms`, raw });
      return;
    }
    if (p.problem === OVER_BUDGET_PROBLEM) s.overBudget++;
    else if (p.problem && !p.problem.startsWith(THREW)) s.notAMessage++;
    else s.read++;
    const f = fault(p);
    if (f) s.failures.push({ index, ...f, raw });
  };

  const smtpOne = async (index: number, raw: Uint8Array) => {
    s.smtp.sent++;
    try {
      const info = await sendSmtp(listener!.port, raw);
      const m = /^250 \S+ (already stored|stored) as (\S+)/.exec(String(info.response));
      if (!m) throw new Error(`unexpected answer: ${info.response}`);
      if (m[1] === 'already stored') s.smtp.duplicates++;
      else s.smtp.stored++;
      storedIds.push(m[2]!);
    } catch (e) {
      const err = e as { responseCode?: number; response?: string; message: string };
      if (err.responseCode && err.responseCode >= 500) {
        s.smtp.refused++;
        const reason = String(err.response ?? err.message).replace(/^\d{3} [\d.]+ /, '');
        s.refusals[reason] = (s.refusals[reason] ?? 0) + 1;
      } else s.failures.push({ index, kind: 'smtp', detail: err.response ?? err.message, raw });
    }
  };

  try {
    for (let b = 0; b * BATCH < options.runs; b++) {
      const n = Math.min(BATCH, options.runs - b * BATCH);
      const inputs = batchInputs(corpus, options.seed, b, n);
      const inFlight = new Set<Promise<void>>();
      for (let i = 0; i < n; i++) {
        const index = b * BATCH + i;
        const raw = inputs[i]!;
        if (options.smtpEvery > 0 && index % options.smtpEvery === 0)
          smtpChain = smtpChain.then(() => smtpOne(index, raw));
        const p = readOne(index, raw).finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= WINDOW) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(
          `  ${s.inputs} inputs, ${Math.round(s.inputs / ((now - started) / 1000))}/s, ${s.overBudget} over budget, ${s.failures.length} failures`,
        );
      }
    }
    await smtpChain;
    s.seconds = (performance.now() - started) / 1000;
    // Every 250 is a correspondence in the database; one unread (over budget, not a message) waits in the inbox.
    const db = h.test.database.db;
    for (const id of new Set(storedIds)) {
      const row = await db
        .selectFrom('correspondence')
        .leftJoin('inbox_items', 'inbox_items.correspondence_id', 'correspondence.id')
        .select(['correspondence.case_id', 'inbox_items.reason'])
        .where('correspondence.id', '=', id)
        .executeTakeFirst();
      if (!row)
        s.failures.push({
          index: -1,
          kind: 'smtp',
          detail: `answered 250 as ${id}, not in the database`,
          raw: new Uint8Array(),
        });
      else if (row.reason) s.smtp.inInbox++;
      else if (row.case_id) s.smtp.inCase++;
    }
    if (options.save)
      for (const f of s.failures) {
        if (f.kind === 'threw') {
          const first = f.detail.split('\n')[0]!;
          const small = await minimise(h, f.raw, (p) => p.problem?.split('\n')[0] === first);
          f.saved = save('threw', small);
        } else if (f.raw.byteLength) f.saved = save(f.kind, f.raw);
      }
  } finally {
    await listener?.close();
    await intake.close();
    await pool.close();
    await h.close();
  }
  return s;
}

/** The summary in a few lines. */
export function describeSummary(s: FuzzSummary): string {
  const lines = [
    `${s.inputs} inputs (${(s.bytes / 1024 / 1024).toFixed(1)} MB) in ${s.seconds.toFixed(1)} s: ${Math.round(s.inputs / s.seconds)} inputs/s`,
    `  read ${s.read}, not a message ${s.notAMessage}, over budget ${s.overBudget}`,
    `  SMTP door: ${s.smtp.sent} sent, ${s.smtp.stored} stored (+${s.smtp.duplicates} duplicates; ${s.smtp.inCase} in a case, ${s.smtp.inInbox} in the inbox), ${s.smtp.refused} refused`,
    ...Object.entries(s.refusals).map(([reason, n]) => `    refused ${n}×: ${reason}`),
    `  failures: ${s.failures.length}`,
    ...s.failures
      .slice(0, 20)
      .map(
        (f) =>
          `    #${f.index} ${f.kind}: ${f.detail.slice(0, 200)}${f.saved ? ` (saved as test/fixtures/fuzz/${f.saved})` : ''}`,
      ),
  ];
  return lines.join('\n');
}
