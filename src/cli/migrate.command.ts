// `redress migrate`: brings the database schema up to date.
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { action, configOf, EXIT } from './common.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (also done by `redress start`)')
    .action(
      action(async (_opts: unknown, command: Command) => {
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          const { applied } = await migrateToLatest(database);
          process.stdout.write(
            applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n',
          );
        } finally {
          await database.close();
        }
        return EXIT.ok;
      }),
    );
}
