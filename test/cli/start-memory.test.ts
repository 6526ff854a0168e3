// `redress start` runs the server with two C-library memory arenas (bin/redress.js), in the process that was
// started (a service manager or a benchmark watches that one), unless the environment already chose a number
// (then it is left as it is).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type ServerProcess, startServer } from '../mail/support/server.ts';
import { createTestDatabase } from '../support/databases.ts';

/** A variable as the running process `pid` has it (Linux: /proc). */
function envOf(pid: number, name: string): string | undefined {
  const vars = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  return vars.find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1);
}

describe('redress start and its memory arenas', { skip: process.platform !== 'linux' }, () => {
  it('runs the server with MALLOC_ARENA_MAX=2 when the environment has none, as the process started', async () => {
    const test = await createTestDatabase('sqlite');
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    let server: ServerProcess | null = null;
    try {
      server = await startServer(test.url, env as Record<string, string>);
      assert.equal(envOf(server.child.pid!, 'MALLOC_ARENA_MAX'), '2');
      assert.equal(await server.stop(), 0);
    } finally {
      await server?.kill();
      await test.drop();
    }
  });
});
