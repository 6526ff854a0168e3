// `redress migrate`: brings the database schema up to date.
import type { Command } from 'commander';
import { fillComplainantAddressKeys } from '../adapters/db/complainants.repo.ts';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { refillRegisterColumns } from '../adapters/db/register-refill.ts';
import { action, configOf, EXIT } from './common.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (also done by `redress start`)')
    // What a migration copied from the case histories onto the cases (the register's remedy, root cause and first
    // answer date) is kept up to date by this release only: a case answered or extended by an instance of an
    // older release during a rolling upgrade has no copy until it is filled again. So with the complainants' address
    // keys (migration 202612061900): a record an older instance registers has none until it is found by its address.
    .option(
      '--refill',
      'fill again from the case histories what the cases keep of them for the register, and the address keys of complainants (after a rolling upgrade, once no older instance runs)',
    )
    .action(
      action(async (opts: { refill?: boolean }, command: Command) => {
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          const { applied, filled } = await migrateToLatest(database, {
            onStart: (name) => process.stdout.write(`filling what ${name} added, a piece at a time…\n`),
            onWait: (names) =>
              process.stdout.write(
                `another process is filling what ${names.join(', ')} added; waiting for it…\n`,
              ),
          });
          process.stdout.write(
            applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n',
          );
          for (const { name, rows } of filled)
            process.stdout.write(`filled after ${name} (${rows} rows read)\n`);
          if (opts.refill) {
            const cases = await refillRegisterColumns(database);
            process.stdout.write(
              `the register's remedy, root cause and first answer date filled again (${cases} ${cases === 1 ? 'case' : 'cases'} read)\n`,
            );
            const keys = await fillComplainantAddressKeys(database);
            process.stdout.write(
              `the address keys of complainants and of the case search filled (${keys} ${keys === 1 ? 'row' : 'rows'} read)\n`,
            );
          }
        } finally {
          await database.close();
        }
        return EXIT.ok;
      }),
    );
}
