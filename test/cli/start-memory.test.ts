// `redress start` runs the server with two C-library memory arenas (bin/redress.js), in the process that was
// started (a service manager or a benchmark watches that one), unless the environment already chose a number
// (then it is left as it is); and without V8's copies of its built-in functions beside each thread's code.
import assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type ServerProcess, startServer } from '../mail/support/server.ts';
import { createTestDatabase } from '../support/databases.ts';

/** A variable as the running process `pid` has it (Linux: /proc). */
function envOf(pid: number, name: string): string | undefined {
  const vars = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  return vars.find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1);
}

/**
 * The executable mappings of the file `path` in process `pid` whose bytes of the file overlap another's: V8's copies
 * of its built-in functions (short builtin calls) map part of the Node binary's code again for each thread.
 */
function codeMappedTwice(pid: number, path: string): string[] {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .map((line) => line.split(/\s+/))
    .filter((f) => f[1]?.includes('x') && f[5] === path)
    .map((f) => {
      const [start, end] = f[0]!.split('-').map((h) => Number.parseInt(h, 16));
      const offset = Number.parseInt(f[2]!, 16);
      return { line: f.join(' '), from: offset, to: offset + (end! - start!) };
    });
  return maps.filter((a) => maps.some((b) => b !== a && a.from < b.to && b.from < a.to)).map((a) => a.line);
}

describe('redress start and its memory (C-library arenas, V8 built-ins)', {
  skip: process.platform !== 'linux',
}, () => {
  it('runs the server with MALLOC_ARENA_MAX=2 and a fixed MALLOC_MMAP_THRESHOLD_ when the environment has none, as the process started, and no thread maps the Node code again', async () => {
    const test = await createTestDatabase('sqlite');
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.MALLOC_MMAP_THRESHOLD_;
    let server: ServerProcess | null = null;
    try {
      server = await startServer(test.url, env as Record<string, string>);
      assert.equal(envOf(server.child.pid!, 'MALLOC_ARENA_MAX'), '2');
      assert.equal(envOf(server.child.pid!, 'MALLOC_MMAP_THRESHOLD_'), '65536');
      // The SMTP, checkpoint and (after a first message) reading threads run JavaScript too: none has a copy.
      const pid = server.child.pid!;
      assert.deepEqual(codeMappedTwice(pid, readlinkSync(`/proc/${pid}/exe`)), []);
      assert.equal(await server.stop(), 0);
    } finally {
      await server?.kill();
      await test.drop();
    }
  });
});
