// `redress demo`: loads example cases in FR, EN and DE at every stage into an empty database (see load-demo.ts).
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { createAppContext } from '../app/context.ts';
import { loadDemo } from '../app/load-demo.ts';
import { loadSettings } from '../app/settings.ts';
import { action, configOf, EXIT } from './common.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load example cases in French, English and German at every stage (for a first look)')
    .option('--force', 'add the examples even when the database already holds cases')
    .option('--send', 'leave the examples’ outgoing mail in the outbox (by default it is marked as not sent)')
    .action(
      action(async (opts: { force?: boolean; send?: boolean }, command: Command) => {
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const ctx = createAppContext(config, database);
          await loadSettings(ctx, config);
          const result = await loadDemo(ctx, opts);
          for (const c of result.cases) process.stdout.write(`${c.reference}  ${c.language}  ${c.stage}\n`);
          process.stdout.write(
            `${result.cases.length} cases and ${result.inboxItems} inbox item loaded; start Redress with \`npm start\` and open the queues.\n`,
          );
        } finally {
          await database.close();
        }
        return EXIT.ok;
      }),
    );
}
