// Where the intake's CPU time goes: starts `redress start` under V8's sampling profiler (--cpu-prof: one
// .cpuprofile per thread, workers included), sends generated complaints through its SMTP listener, stops it,
// and prints the server's CPU time per message and the self time per function and per file, all threads together.
// Usage: node bench/profile-ingest.ts [sqlite|postgres] [messages=1500] [connections=8] [profile folder]
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { startServer } from '../test/mail/support/server.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { complaint } from './support/complaints.ts';
import { SmtpConnection } from './support/smtp-client.ts';

const engine = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const count = Number(process.argv[3] ?? 1500);
const connections = Number(process.argv[4] ?? 8);
const dir = process.argv[5] ?? `/tmp/redress-profile-${engine}`;
const profile = process.env.PROFILE !== '0';

async function sendAll(port: number, messages: Buffer[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = await SmtpConnection.open(port);
      while (next < messages.length) {
        const reply = await c.send('sender@example.net', 'complaint@example.org', messages[next++]!);
        if (!reply.startsWith('250')) throw new Error(reply);
      }
      await c.close();
    }),
  );
}

/** CPU time (user + system) of each thread of a process so far, in ms, by thread id and name (Linux: /proc). */
function threadsMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.split(') ')[1]!.split(' ');
      out.set(`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {}
  }
  return out;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const test = await createTestDatabase(engine);
const server = await startServer(
  test.url,
  profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=500` } : {},
);
const base = Date.now() % 1_000_000_000;
try {
  await sendAll(
    server.smtpPort,
    Array.from({ length: 200 }, (_, i) => complaint(base + 5_000_000 + i)),
  );
  const cpu0 = cpuMs(server.child.pid!);
  const threads0 = threadsMs(server.child.pid!);
  const t0 = performance.now();
  await sendAll(
    server.smtpPort,
    Array.from({ length: count }, (_, i) => complaint(base + i)),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (cpuMs(server.child.pid!) - cpu0) / count;
  const byName = new Map<string, number>();
  for (const [k, ms] of threadsMs(server.child.pid!)) {
    const name = k.split(' ').slice(1).join(' ');
    byName.set(name, (byName.get(name) ?? 0) + ms - (threads0.get(k) ?? 0));
  }
  process.stdout.write(
    `server CPU per message by thread name: ${[...byName]
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([n, ms]) => `${n} ${(ms / count).toFixed(2)}`)
      .join(', ')}\n`,
  );
  process.stdout.write(
    `${engine}: ${count} messages in ${seconds.toFixed(2)} s, server CPU ${cpu.toFixed(2)} ms/message, peak RSS ${(Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1]) / 1024).toFixed(0)} MiB\n`,
  );
} finally {
  await server.stop();
  await test.drop();
}
if (profile) summarise(dir);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function summarise(folder: string): void {
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const f of readdirSync(folder).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(`${folder}/${f}`, 'utf8')) as {
      nodes: Node[];
      samples: number[];
      timeDeltas: number[];
    };
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<number, number>();
    for (const [i, id] of p.samples.entries()) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
    let threadTotal = 0;
    for (const [id, us] of self) {
      const n = nodes.get(id)!;
      if (n.callFrame.functionName === '(idle)') continue;
      threadTotal += us;
      const file =
        n.callFrame.url.replace(/^file:\/\/\/work\/[^/]+\//, '').replace(/^file:\/\//, '') || '(native)';
      const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + us);
      byFile.set(file, (byFile.get(file) ?? 0) + us);
    }
    total += threadTotal;
    process.stdout.write(`${f}: ${(threadTotal / 1000).toFixed(0)} ms busy\n`);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) =>
          `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      )
      .join('\n');
  process.stdout.write(
    `busy in all threads: ${(total / 1000).toFixed(0)} ms\nby file:\n${top(byFile, 30)}\nby function:\n${top(byFn, 45)}\n`,
  );
}
