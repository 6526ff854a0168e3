// Messages read per second by the `redress parse` code path (readMessage: MIME decoding, then the intake
// reader, then the deadlines), over a generated corpus: every message of test/fixtures/mail rendered again
// with varied content (extra paragraphs in its language, other ticket numbers), a few thousand in all.
// The ceiling, measured in the same run over the same messages: postal-mime alone (PostalMime.parse with the
// options Redress gives it), the library that reading is built on, so the ratio says what share of the bare
// MIME decoding speed the whole reading keeps; absolute rates do not carry between machines. Target
// (DESIGN.md): ≥ 25% of postal-mime alone. Within each run the two alternate every few dozen messages
// (ceiling, then Redress, on the same messages), and the ratio is the median of the runs'. Rates are counted in
// CPU time of this process (process.cpuUsage: user + system), not wall time: on a machine shared with other
// work, the time this process waited for a core is not its own; wall-clock rates are printed too.
// Sizes: BENCH_PARSE_MESSAGES (default 3000; quick 600), BENCH_PARSE_RUNS (default 5; quick 3).
import { Worker } from 'node:worker_threads';
import PostalMime from 'postal-mime';
import { calendarFromConfig, readerHolidays } from '../src/adapters/calendar/calendar.ts';
import { parseMime } from '../src/adapters/mail/parse-mime.ts';
import { intakeContextOf, readMessage } from '../src/app/read-message.ts';
import { type FromWorker, READER_LIMITS, type ToWorker } from '../src/app/read-pool.ts';
import { loadConfig } from '../src/config.ts';
import type { ParsedMessage } from '../src/core/intake/parsed-message.ts';
import { readIntake } from '../src/core/intake/reading.ts';
import { allSpecs } from '../test/fixtures/mail/build-corpus.ts';
import { fig, percent, publish, ratio, size } from './support/figures.ts';
import { parseCorpus } from './support/parse-corpus.ts';
import { machine } from './support/stats.ts';

const MESSAGES = size('BENCH_PARSE_MESSAGES', 3000, 600);
const RUNS = size('BENCH_PARSE_RUNS', 5, 3);
const TARGET = 0.25;

const messages = parseCorpus(MESSAGES);
const totalBytes = messages.reduce((n, m) => n + m.length, 0);

const config = loadConfig({ env: {}, cwd: import.meta.dirname });
const calendar = calendarFromConfig(config);
const mailbox = config.mailboxes[0]!;
const now = '2026-05-04T08:00:00.000Z';

/** Messages read between two switches of the measured work (see runPair). */
const BLOCK = 50;

interface Spent {
  cpuMicros: number;
  wallMs: number;
}

async function spend(work: (raw: Buffer) => Promise<unknown>, block: Buffer[], into: Spent): Promise<void> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (const raw of block) await work(raw);
  const cpu = process.cpuUsage(cpuStart);
  into.cpuMicros += cpu.user + cpu.system;
  into.wallMs += performance.now() - wallStart;
}

const ours = (raw: Buffer) => readMessage(raw, { mailbox, config, calendar, now });
/** The ceiling: MIME decoding alone, with the options src/adapters/mail/parse-mime.ts passes. */
const ceiling = (raw: Buffer) =>
  PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });

/**
 * One pass of both over every message, switching every BLOCK messages (ceiling, then Redress, on the same
 * block): what other work the machine does then slows both alike, so their ratio holds where rates swing.
 */
async function runPair(): Promise<{ ours: Spent; ceiling: Spent }> {
  const spent = { ours: { cpuMicros: 0, wallMs: 0 }, ceiling: { cpuMicros: 0, wallMs: 0 } };
  for (let at = 0; at < messages.length; at += BLOCK) {
    const block = messages.slice(at, at + BLOCK);
    await spend(ceiling, block, spent.ceiling);
    await spend(ours, block, spent.ours);
  }
  return spent;
}

const perCpuSecond = (s: Spent) => messages.length / (s.cpuMicros / 1e6);
const perWallSecond = (s: Spent) => messages.length / (s.wallMs / 1000);

/** Messages read on a fresh reading thread, and the smallest reading budget configuration accepts. */
const FRESH_MESSAGES = 20;
const SMALLEST_BUDGET_MS = 50;

/** CPU time (ms) of each message's reading on a reading thread started for them, from its hashes to its answer. */
async function freshThread(block: Buffer[]): Promise<number[]> {
  const worker = new Worker(new URL('../src/app/read-worker.ts', import.meta.url), {
    resourceLimits: { ...READER_LIMITS, maxOldGenerationSizeMb: config.reading.memoryMb },
  });
  const holidays = readerHolidays(config, new Date().getUTCFullYear());
  const answers: FromWorker[] = [];
  let wake: (() => void) | null = null;
  worker.on('message', (answer: FromWorker) => {
    answers.push(answer);
    wake?.();
  });
  const next = async (): Promise<FromWorker> => {
    while (answers.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return answers.shift()!;
  };
  worker.postMessage({ type: 'config', config, holidays } satisfies ToWorker);
  await next(); // ready
  const spent: number[] = [];
  for (const [id, raw] of block.entries()) {
    const copy = new Uint8Array(raw);
    worker.postMessage({ type: 'read', id, raw: copy, mailbox, door: 'smtp', now } satisfies ToWorker, [
      copy.buffer,
    ]);
    const hashed = await next();
    const answered = await next();
    spent.push(answered.cpuMs - hashed.cpuMs);
  }
  await worker.terminate();
  return spent;
}

// Warm-up: JIT, decoders, public suffix list.
await runPair();
const rates: number[] = [];
const ceilings: number[] = [];
const pairs: number[] = [];
const wallRates: number[] = [];
const wallCeilings: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const spent = await runPair();
  ceilings.push(perCpuSecond(spent.ceiling));
  rates.push(perCpuSecond(spent.ours));
  wallCeilings.push(perWallSecond(spent.ceiling));
  wallRates.push(perWallSecond(spent.ours));
  pairs.push(spent.ceiling.cpuMicros / spent.ours.cpuMicros);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Where Redress's time goes, for whoever works on it next: the same blocks, each measured as four works in
// turn (postal-mime alone; the MIME adapter, which is postal-mime and what Redress adds to its decoding; the
// intake reader alone on the adapter's messages; the whole reading), in CPU microseconds per message. Not a
// target, a guide. The whole also checks the bytes and computes deadlines (a few microseconds), yet it has cost
// clearly more than adapter and reader together: what that gap is (garbage collected in the whole, caches) is
// not known yet, so it is printed rather than guessed.
const context = intakeContextOf(config, mailbox, now);
const parts = { ceiling: 0, adapter: 0, intake: 0, whole: 0 };
for (let at = 0; at < messages.length; at += BLOCK) {
  const block = messages.slice(at, at + BLOCK);
  const parsed: ParsedMessage[] = [];
  const into = { cpuMicros: 0, wallMs: 0 };
  await spend(ceiling, block, into);
  parts.ceiling += into.cpuMicros;
  into.cpuMicros = 0;
  await spend(async (raw) => parsed.push(await parseMime(raw)), block, into);
  parts.adapter += into.cpuMicros;
  into.cpuMicros = 0;
  const intakeStart = process.cpuUsage();
  for (const message of parsed) readIntake(message, context);
  const intakeCpu = process.cpuUsage(intakeStart);
  parts.intake += intakeCpu.user + intakeCpu.system;
  await spend(ours, block, into);
  parts.whole += into.cpuMicros;
}
const perMessage = (micros: number) => Math.round(micros / messages.length);

// A fresh reading thread, as the server starts one (src/app/read-worker.ts): once it says it is ready, the pool
// counts its CPU time against each message's budget, the smallest of which is SMALLEST_BUDGET_MS. The first
// ordinary messages it reads must cost about what later ones do, not what compiling the reading's code costs.
const fresh = await freshThread(messages.slice(0, FRESH_MESSAGES));
const steadyMs = 1000 / median(rates);
const freshFigures = {
  firstMs: fig(fresh[0]!),
  maxMs: fig(Math.max(...fresh)),
  steadyMs: fig(steadyMs),
  smallestBudgetMs: SMALLEST_BUDGET_MS,
};

const figures = {
  perSecond: fig(median(rates)),
  ceilingPerSecond: fig(median(ceilings)),
  ratio: ratio(median(pairs), 1),
  target: TARGET,
  freshThread: freshFigures,
};

process.stdout.write(
  [
    `parse: ${Math.round(figures.perSecond)} messages per CPU second; postal-mime alone ${Math.round(figures.ceilingPerSecond)}; ratio ${percent(figures.ratio)} (${figures.ratio >= TARGET ? '✓ ≥' : '✗ <'} ${percent(TARGET)})`,
    `  medians of ${RUNS} runs, each alternating every ${BLOCK} messages, by CPU time; Redress ${rates.map((r) => Math.round(r)).join(', ')}; postal-mime ${ceilings.map((r) => Math.round(r)).join(', ')}; ratios ${pairs.map(percent).join(', ')}`,
    `  where the time goes (one more pass, CPU µs per message): postal-mime ${perMessage(parts.ceiling)}; MIME adapter (postal-mime and Redress's decoding) ${perMessage(parts.adapter)}; intake reader ${perMessage(parts.intake)}; whole reading ${perMessage(parts.whole)}`,
    `  a fresh reading thread, by CPU time of the thread: its first message ${freshFigures.firstMs} ms, the most of its first ${fresh.length} ${freshFigures.maxMs} ms (${ratio(Math.max(...fresh), steadyMs)}× a message in the runs above, ${freshFigures.steadyMs} ms; the smallest reading budget is ${SMALLEST_BUDGET_MS} ms)`,
    `  by wall time: Redress ${wallRates.map((r) => Math.round(r)).join(', ')}; postal-mime ${wallCeilings.map((r) => Math.round(r)).join(', ')} messages/s`,
    `  corpus: ${messages.length} messages generated from ${allSpecs.length} specs, ${(totalBytes / 1024 / 1024).toFixed(1)} MiB, mean ${Math.round(totalBytes / messages.length)} bytes`,
    `  machine: ${machine()}`,
    '',
  ].join('\n'),
);
publish({ parse: figures });
