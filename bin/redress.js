#!/usr/bin/env -S node --max-semi-space-size=4 --optimize-for-size
// The `redress` command. Redress runs its TypeScript sources directly (Node's type stripping), so it
// needs Node 24; `npx redress` and the npm scripts use the Node 24 that package.json pins.
// V8 is told to keep the heaps small (`npm start` passes the same options): --max-semi-space-size=4 (MiB) instead
// of a young generation that grows to 64 MiB, and --optimize-for-size (smaller heap growth steps). Measured with
// `npm run bench -- ingest`: the server's peak resident memory falls from 290–350 MiB to about 250 MiB, for about
// a tenth more CPU per message (DESIGN.md: server RSS ≤ 300 MB).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `redress needs Node.js 24 or later; this is ${process.version}.\n` +
      'Run it as `npx redress …` or through npm scripts (they use the pinned Node 24), or put node_modules/.bin first on PATH.\n',
  );
  process.exit(2);
}
await import('../src/cli.ts');
