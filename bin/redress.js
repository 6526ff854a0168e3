#!/usr/bin/env node
// The `redress` command. Redress runs its TypeScript sources directly (Node's type stripping), so it
// needs Node 24; `npx redress` and the npm scripts use the Node 24 that package.json pins. Started by an older
// Node (a mail server's pipe or a service manager finds the system's first), it runs itself again with the
// pinned one, so that the same command line works from any PATH.
//
// The server (`redress start`) also runs with MALLOC_ARENA_MAX=2 unless the environment says otherwise. Each
// thread of the server (SMTP, reading, the database checkpointer) would otherwise get a memory arena of its own
// from the C library, and memory freed in one is not given back to the system nor used by another: with two
// arenas, the server's peak resident memory in `npm run bench -- hostile` falls by about 40 MB (DESIGN.md: server
// RSS ≤ 300 MB). The C library reads the variable only when a process starts, so the server is started again
// with it, in place (process.execve: same process, same id, for service managers and the benchmarks).
//
// The server also runs with V8's `--no-short-builtin-calls`: V8 would otherwise copy its built-in functions
// (about 2 MiB) next to the code of each of the server's threads with JavaScript, and each copy counts in the
// server's resident memory (src/cli.ts sets it for the threads; the main thread needs it from the command line).
//
// And with MALLOC_MMAP_THRESHOLD_=65536 unless the environment says otherwise: the C library serves a large block
// (a received message, a form's documents, a read pool's buffers) from its heap once a block of that size has
// been freed, raising its threshold as it goes, and a heap seldom gives memory back; with the threshold fixed, every
// block of 64 KiB or more is mapped on its own and returned to the system when freed. 64 KiB rather than 128: the
// buffers in which sockets are read are 64 KiB each, and a large upload or message passes through hundreds of them,
// whose freed places otherwise stay in the heap as resident memory. In the hostile benchmark the peak RSS after
// parallel uploads fell by 30 to 70 MiB with the fixed threshold, and the C library's heap after uploads and large
// messages from about 65 to about 40 MiB at 64 KiB, at no cost measurable in the ingest benchmark.
//
// It also keeps Node's compile cache (NODE_COMPILE_CACHE, unless the environment names one): the sources as Node
// compiled them, keyed by their content. Node strips the types of a TypeScript file with a WebAssembly compiler
// that each thread loads for itself (about 10 MB each: the main thread, the SMTP thread, the reading threads);
// with the cache, a thread whose files are in it never loads that compiler. The first start after an upgrade
// fills the cache.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
const serverEnv =
  process.argv[2] === 'start' &&
  (process.env.MALLOC_ARENA_MAX === undefined ||
    process.env.MALLOC_MMAP_THRESHOLD_ === undefined ||
    process.env.NODE_COMPILE_CACHE === undefined)
    ? {
        ...process.env,
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '65536',
        // Node's own default place for it (module.enableCompileCache()).
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'node-compile-cache'),
      }
    : null;
const serverFlags = process.argv[2] === 'start' ? ['--no-short-builtin-calls'] : [];
const flagsToAdd = serverFlags.filter((f) => !process.execArgv.includes(f));
if (major < 24) {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write(
      `redress needs Node.js 24 or later; this is ${process.version}, and the pinned Node 24 is not installed ` +
        `(${pinned}).\nRun \`npm install\` (or \`npm ci\`) in the Redress folder first.\n`,
    );
    process.exit(2);
  }
  const child = spawn(pinned, [...serverFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    ...(serverEnv ? { env: serverEnv } : {}),
  });
  // What the service manager or the mail server sends this process goes to the one doing the work.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else if (
  (serverEnv || flagsToAdd.length > 0) &&
  typeof process.execve === 'function' &&
  process.platform === 'linux'
) {
  process.execve(
    process.execPath,
    [
      process.execPath,
      ...process.execArgv,
      ...flagsToAdd,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    serverEnv ?? process.env,
  );
} else {
  await import('../src/cli.ts');
}
