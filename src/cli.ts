// The `redress` command line. Each command lives in src/cli/NAME.command.ts and registers itself here.
import { Command, CommanderError } from 'commander';

import { registerArchive } from './cli/archive.command.ts';
import { EXIT } from './cli/common.ts';
import { registerDeadline } from './cli/deadline.command.ts';
import { registerDemo } from './cli/demo.command.ts';
import { registerIngest } from './cli/ingest.command.ts';
import { registerLetterCommand } from './cli/letter.command.ts';
import { registerMigrate } from './cli/migrate.command.ts';
import { registerParse } from './cli/parse.command.ts';
import { registerStart } from './cli/start.command.ts';
import { registerUser } from './cli/user.command.ts';

export function buildProgram(): Command {
  const program = new Command('redress')
    .description('Redress: a complaint-procedure system')
    .option('-c, --config <file>', 'configuration file (JSON); default ./redress.config.json when present')
    .showHelpAfterError()
    .exitOverride();
  registerStart(program);
  registerMigrate(program);
  registerDeadline(program);
  registerArchive(program);
  registerDemo(program);
  registerParse(program);
  registerIngest(program);
  registerLetterCommand(program);
  registerUser(program);

  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    process.stderr.write(`redress: ${(e as Error).message}\n`);
    process.exitCode = EXIT.failure;
  }
}
