// Where the reading's CPU time goes: reads the parse benchmark's messages (bench/support/parse-corpus.ts) again
// and again under V8's sampling profiler, then prints the self time per function and per file. A guide for
// whoever works on the reading's speed; the figures that count are bench/parse.bench.ts's.
// Usage: node bench/profile-parse.ts [messages=3000] [passes=6] [profile file=/tmp/redress-parse.cpuprofile]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { calendarFromConfig } from '../src/adapters/calendar/calendar.ts';
import { readMessage } from '../src/app/read-message.ts';
import { loadConfig } from '../src/config.ts';
import { parseCorpus } from './support/parse-corpus.ts';

const count = Number(process.argv[2] ?? 3000);
const passes = Number(process.argv[3] ?? 6);
const file = process.argv[4] ?? '/tmp/redress-parse.cpuprofile';

const messages = parseCorpus(count);
const config = loadConfig({ env: {}, cwd: import.meta.dirname });
const calendar = calendarFromConfig(config);
const mailbox = config.mailboxes[0]!;
const now = '2026-05-04T08:00:00.000Z';
const readAll = async () => {
  for (const raw of messages) await readMessage(raw, { mailbox, config, calendar, now });
};

await readAll(); // warm-up: JIT, decoders, public suffix list
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const cpu = process.cpuUsage();
for (let p = 0; p < passes; p++) await readAll();
const spent = process.cpuUsage(cpu);
const { profile } = await session.post('Profiler.stop');
writeFileSync(file, JSON.stringify(profile));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const nodes = profile.nodes as Node[];
const total = nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const n of nodes) {
  const hits = n.hitCount ?? 0;
  if (!hits) continue;
  const url = n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/').replace(/^file:\/\//, '');
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  const where = url.startsWith('node_modules/')
    ? url
        .split('/')
        .slice(0, url.split('/')[1]!.startsWith('@') ? 3 : 2)
        .join('/')
    : url || n.callFrame.functionName;
  byFile.set(where, (byFile.get(where) ?? 0) + hits);
}
const top = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, hits]) => `  ${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
const perMessage = (spent.user + spent.system) / (count * passes);
process.stdout.write(
  `${count} messages × ${passes} passes: ${perMessage.toFixed(0)} CPU µs per message (profiler on); profile in ${file}\n` +
    `by file:\n${top(byFile, 25)}\nby function:\n${top(byFunction, 40)}\n`,
);
