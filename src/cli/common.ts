// What every `redress` command shares: configuration, exit codes, and turning errors into messages.
import type { Command } from 'commander';
import { isTemporaryFailure } from '../adapters/db/temporary-failure.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';

/** Exit codes: sysexits-style where a caller (an MTA) reads them. */
export const EXIT = { ok: 0, failure: 1, usage: 2, cantcreat: 73, tempfail: 75 } as const;

export class UsageError extends Error {
  readonly code = 'usage';
}

/** The configuration for a command, honouring the global `--config FILE` option. */
export function configOf(command: Command): Config {
  const opts = command.optsWithGlobals<{ config?: string }>();
  return loadConfig(opts.config ? { configFile: opts.config } : {});
}

/** Runs a command body and maps errors to exit codes with a clear message on stderr. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = typeof code === 'number' ? code : EXIT.ok;
    } catch (e) {
      process.exitCode = exitCodeOf(e);
      process.stderr.write(`redress: ${(e as Error).message}\n`);
    }
  };
}

export function exitCodeOf(e: unknown): number {
  if (e instanceof ConfigError || e instanceof UsageError) return EXIT.usage;
  const code = (e as { code?: string } | null)?.code;
  // The server key given is unusable (too short, unreadable, readable by others): the configuration's to fix, and
  // a service manager that restarts on failure would only fail again.
  if (code === 'server_key_invalid') return EXIT.usage;
  if (isTemporaryFailure(e)) return EXIT.tempfail;
  // A file the command must write could not be made (verify's scratch file: verify-scratch.ts).
  if (code === 'scratch_unavailable') return EXIT.cantcreat;
  return EXIT.failure;
}

/** The command named on the command line, skipping the global `-c/--config FILE` option. */
export function commandName(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}
