// `redress start` (what `npm start` runs): migrate, then run the roles of this process: the web application and
// API (web), the SMTP listener and IMAP pollers (mail), the outbox, sweep and indexer (worker); all by default.
import type { Command } from 'commander';
import { configNotes, configWarnings, loadConfig, PROCESS_ROLES } from '../config.ts';
import { startRedress } from '../main.ts';
import { action, UsageError } from './common.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start Redress: web application, API, SMTP listener, IMAP pollers and background workers')
    .option(
      '--role <roles>',
      'what this process runs: web, mail, worker, or a comma-separated list of them, or all ' +
        '(default: REDRESS_ROLE, else all)',
    )
    .action(
      action(async (opts: { role?: string }, command: Command) => {
        const globals = command.optsWithGlobals<{ config?: string }>();
        if (opts.role !== undefined) {
          const names = opts.role.split(',').map((s) => s.trim().toLowerCase());
          const allowed = ['all', ...PROCESS_ROLES];
          const bad = names.filter((n) => !allowed.includes(n));
          if (bad.length > 0 || names.every((n) => n === ''))
            throw new UsageError(
              `--role ${opts.role} is not allowed: give all, or one or more of ${PROCESS_ROLES.join(', ')} separated by commas`,
            );
        }
        const config = loadConfig({
          ...(globals.config ? { configFile: globals.config } : {}),
          ...(opts.role !== undefined ? { overrides: { role: opts.role } } : {}),
        });
        for (const warning of configWarnings(config)) process.stderr.write(`redress: warning: ${warning}\n`);
        for (const note of configNotes(config)) process.stderr.write(`redress: note: ${note}\n`);
        // The signals are handled from the start: a SIGTERM that arrives while Redress is starting (a service
        // manager stopping it at once) waits for the start to finish, then stops it cleanly.
        const starting = startRedress(config);
        const stop = async (signal: string) => {
          const running = await starting.catch(() => null);
          if (!running) process.exit(1);
          running.logger.info({ signal }, 'shutting down');
          await running.stop();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
        await starting;
        await new Promise(() => {});
      }),
    );
}
