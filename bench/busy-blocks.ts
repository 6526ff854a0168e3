// The longest busy blocks of one thread in a V8 CPU profile: runs of consecutive samples that are not idle, with
// the stacks that filled them. A block is how long the thread's event loop could not answer anything (an HTTP
// request, an SMTP session's greeting), so it is the figure to look at when a latency target is missed.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof ...        (each thread writes its own file; the main thread's has .0.)
//   node bench/busy-blocks.ts /tmp/prof/CPU.….0.001.cpuprofile [min ms = 30] [blocks = 10] [--by-time]
//
// A block's length is time on the clock: on a busy machine a thread waiting for a core is counted in, so compare
// its number of samples (times the sampling interval: CPU time) with its length.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Block {
  start: number;
  micros: number;
  samples: number[];
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const byTime = process.argv.includes('--by-time');
const [file, minArg, countArg] = args;
if (!file) {
  process.stderr.write('usage: node bench/busy-blocks.ts FILE.cpuprofile [min ms] [blocks] [--by-time]\n');
  process.exit(2);
}
const minMs = Number(minArg ?? 30);
const count = Number(countArg ?? 10);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const blocks: Block[] = [];
let current: Block | null = null;
let t = profile.startTime;
for (const [i, id] of profile.samples.entries()) {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  if (nodes.get(id)?.callFrame.functionName === '(idle)') {
    if (current) blocks.push(current);
    current = null;
    continue;
  }
  if (current) {
    current.micros += dt;
    current.samples.push(id);
  } else current = { start: t, micros: 0, samples: [id] };
}
if (current) blocks.push(current);

/** The innermost frames of a sample's stack, innermost first. */
function stack(id: number, depth = 6): string {
  const frames: string[] = [];
  for (let at: number | undefined = id; at !== undefined && frames.length < depth; at = parent.get(at)) {
    const f = nodes.get(at)!.callFrame;
    if (f.functionName === '(root)') break;
    frames.push(
      `${f.functionName || '(anonymous)'}@${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`,
    );
  }
  return frames.join(' < ');
}

const long = blocks.filter((b) => b.micros / 1000 >= minMs);
const shown = [...long].sort((a, b) => b.micros - a.micros).slice(0, count);
if (byTime) shown.sort((a, b) => a.start - b.start);
for (const b of shown) {
  console.log(
    `\n${(b.micros / 1000).toFixed(1)} ms at +${((b.start - profile.startTime) / 1e6).toFixed(2)} s, ${b.samples.length} samples`,
  );
  const stacks = new Map<string, number>();
  for (const s of b.samples) {
    const key = stack(s);
    stacks.set(key, (stacks.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...stacks].sort((x, y) => y[1] - x[1]).slice(0, 5)) console.log(`  ${n}  ${key}`);
}
console.log(`\n${long.length} blocks of ${minMs} ms or more; ${profile.samples.length} samples in all`);
