// Messages read per second by the `redress parse` code path (readMessage: MIME decoding, then the intake
// reader, then the deadlines), over a generated corpus: every message of test/fixtures/mail rendered again
// with varied content (extra paragraphs in its language, other ticket numbers), a few thousand in all.
// Median of several runs. Sizes: BENCH_PARSE_MESSAGES (default 3000), BENCH_PARSE_RUNS (default 5).
import { calendarFromConfig } from '../src/adapters/calendar/calendar.ts';
import { readMessage } from '../src/app/read-message.ts';
import { loadConfig } from '../src/config.ts';
import { allSpecs } from '../test/fixtures/mail/build-corpus.ts';
import { type Part, renderMessage, type Spec } from '../test/fixtures/mail/corpus-kit.ts';
import { machine } from './support/stats.ts';

const MESSAGES = Number(process.env.BENCH_PARSE_MESSAGES ?? 3000);
const RUNS = Number(process.env.BENCH_PARSE_RUNS ?? 5);

const FILLER: Record<string, string[]> = {
  fr: [
    "J'ai déjà contacté le support par téléphone à deux reprises sans obtenir de réponse claire.",
    'Cette situation nous cause un préjudice important auprès de nos clients.',
    "Je reste à votre disposition pour tout renseignement complémentaire sur l'incident.",
  ],
  de: [
    'Ich habe den Support bereits zweimal telefonisch kontaktiert, ohne eine klare Antwort zu erhalten.',
    'Diese Situation schadet uns erheblich bei unseren Kunden.',
    'Für Rückfragen stehe ich Ihnen gerne zur Verfügung.',
  ],
  en: [
    'I have already called your support twice without getting a clear answer.',
    'This situation is seriously harming our relationship with our customers.',
    'I am happy to provide any further information you need about the incident.',
  ],
};

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

function vary(part: Part, language: string, i: number): Part {
  if (part.kind === 'multi') return { ...part, parts: part.parts.map((p) => vary(p, language, i)) };
  if (part.kind !== 'text') return part;
  const sentences = FILLER[language] ?? FILLER.en!;
  const extra = Array.from(
    { length: Math.floor(random() * 4) },
    () => sentences[Math.floor(random() * sentences.length)],
  );
  const paragraph = part.subtype === 'html' ? extra.map((s) => `<p>${s}</p>`).join('') : extra.join(' ');
  const body = part.body
    .replace(/\b\d{6}\b/g, () => String(100_000 + Math.floor(random() * 900_000)))
    .replace(part.subtype === 'html' ? /<\/p>/ : /\n\n/, (m) =>
      paragraph ? `${m}${paragraph}${m === '</p>' ? '' : '\n\n'}` : m,
    );
  return { ...part, body: `${body}${i % 7 === 0 ? '\n' : ''}` };
}

const messages: Buffer[] = [];
for (let i = 0; i < MESSAGES; i++) {
  const spec = allSpecs[i % allSpecs.length] as Spec;
  messages.push(renderMessage({ ...spec, body: vary(spec.body, spec.expect.language, i) }));
}
const totalBytes = messages.reduce((n, m) => n + m.length, 0);

const config = loadConfig({ env: {}, cwd: import.meta.dirname });
const calendar = calendarFromConfig(config);
const mailbox = config.mailboxes[0]!;
const now = '2026-05-04T08:00:00.000Z';

async function runOnce(): Promise<number> {
  const started = performance.now();
  for (const raw of messages) await readMessage(raw, { mailbox, config, calendar, now });
  return messages.length / ((performance.now() - started) / 1000);
}

await runOnce(); // warm-up: JIT, decoders, public suffix list
const rates: number[] = [];
for (let r = 0; r < RUNS; r++) rates.push(await runOnce());
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;

process.stdout.write(
  [
    `parse: ${Math.round(median)} messages/s (median of ${RUNS} runs; runs ${rates.map((r) => Math.round(r)).join(', ')})`,
    `  corpus: ${messages.length} messages generated from ${allSpecs.length} specs, ${(totalBytes / 1024 / 1024).toFixed(1)} MiB, mean ${Math.round(totalBytes / messages.length)} bytes`,
    `  machine: ${machine()}`,
    '',
  ].join('\n'),
);
