#!/usr/bin/env node
// The `redress` command. Redress runs its TypeScript sources directly (Node's type stripping), so it
// needs Node 24; `npx redress` and the npm scripts use the Node 24 that package.json pins.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `redress needs Node.js 24 or later; this is ${process.version}.\n` +
      'Run it as `npx redress …` or through npm scripts (they use the pinned Node 24), or put node_modules/.bin first on PATH.\n',
  );
  process.exit(2);
}
await import('../src/cli.ts');
