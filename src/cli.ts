// The `redress` command line. Each command lives in src/cli/NAME.command.ts and registers itself here.
// Only the command being run is loaded (an MTA runs `redress ingest` once per message, so start-up counts);
// `--help` and unknown commands load them all.
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError } from 'commander';
import { commandName, EXIT } from './cli/common.ts';

// V8 grows its heaps in smaller steps, for every thread (DESIGN.md: server RSS ≤ 300 MB). Measured with
// `npm run bench -- ingest`: the server's peak resident memory falls from 290–350 MiB to about 255 MiB, at the
// same speed. Set here rather than on the command line, so that `npm start`, `npx redress` and an MTA's pipe
// (`#!/usr/bin/env node`) all get it.
setFlagsFromString('--optimize-for-size');
// V8 copies its built-in functions (about 2 MiB) next to the code of every thread it starts, so that calls to
// them are shorter; the server runs five threads with JavaScript (main, SMTP, database checkpoints, two reading
// threads), and each copy counts in its resident memory. Without the copies, every thread calls the one copy in
// the Node binary. Threads started from here on get it; `bin/redress.js` starts the server with it too, for the
// main thread, whose copy was made before this line runs.
setFlagsFromString('--no-short-builtin-calls');

type Register = (program: Command) => void;

const COMMANDS: Record<string, () => Promise<Register>> = {
  start: async () => (await import('./cli/start.command.ts')).registerStart,
  migrate: async () => (await import('./cli/migrate.command.ts')).registerMigrate,
  deadline: async () => (await import('./cli/deadline.command.ts')).registerDeadline,
  archive: async () => (await import('./cli/archive.command.ts')).registerArchive,
  demo: async () => (await import('./cli/demo.command.ts')).registerDemo,
  parse: async () => (await import('./cli/parse.command.ts')).registerParse,
  ingest: async () => (await import('./cli/ingest.command.ts')).registerIngest,
  letter: async () => (await import('./cli/letter.command.ts')).registerLetterCommand,
  user: async () => (await import('./cli/user.command.ts')).registerUser,
  report: async () => (await import('./cli/report.command.ts')).registerReport,
  backup: async () => (await import('./cli/backup.command.ts')).registerBackup,
  restore: async () => (await import('./cli/backup.command.ts')).registerRestore,
  retention: async () => (await import('./cli/retention.command.ts')).registerRetention,
  subject: async () => (await import('./cli/subject.command.ts')).registerSubject,
};

export async function buildProgram(argv: readonly string[] = process.argv.slice(2)): Promise<Command> {
  const program = new Command('redress')
    .description('Redress: a complaint-procedure system')
    .option('-c, --config <file>', 'configuration file (JSON); default ./redress.config.json when present')
    .showHelpAfterError()
    .exitOverride();
  const name = commandName(argv);
  const wanted = name && name in COMMANDS ? [name] : Object.keys(COMMANDS);
  for (const register of await Promise.all(wanted.map((n) => COMMANDS[n]!()))) register(program);
  return program;
}

try {
  await (await buildProgram()).parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    process.stderr.write(`redress: ${(e as Error).message}\n`);
    process.exitCode = EXIT.failure;
  }
}
