// `redress start` (what `npm start` runs): migrate, then serve HTTP, the mail doors and the workers.
import type { Command } from 'commander';
import { startRedress } from '../main.ts';
import { action, configOf } from './common.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start Redress: web application, API, SMTP listener, IMAP pollers and background workers')
    .action(
      action(async (_opts: unknown, command: Command) => {
        const config = configOf(command);
        const running = await startRedress(config);
        const stop = async (signal: string) => {
          running.logger.info({ signal }, 'shutting down');
          await running.stop();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
        await new Promise(() => {});
      }),
    );
}
