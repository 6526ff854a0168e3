// `redress retention run --dry-run`: what retention (P6.3) would anonymise today, and what waits for a linked
// case. The run itself (anonymising, deleting originals, purging search entries and counters) is not in this
// version: without --dry-run the command says so and changes nothing.
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { createAppContext } from '../app/context.ts';
import { listRetention } from '../app/plan-retention.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

export function registerRetention(program: Command): void {
  const retention = program
    .command('retention')
    .description('retention of personal data after closure (P6.3)');
  retention
    .command('run')
    .description(
      'list the closed cases whose retention period has ended (with --dry-run: nothing is changed), and those kept with a linked case',
    )
    .option('--dry-run', 'list what would be anonymised; change nothing')
    .option('--json', 'print the listing as JSON')
    .action(
      action(async (opts: { dryRun?: boolean; json?: boolean }, command: Command) => {
        if (!opts.dryRun)
          throw new UsageError(
            'this version lists what retention would anonymise (--dry-run) but does not anonymise yet; run redress retention run --dry-run',
          );
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const listing = await listRetention(createAppContext(config, database));
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(listing)}\n`);
            return EXIT.ok;
          }
          const { years, countFrom } = listing.policy;
          process.stdout.write(
            `retention: ${years} years after closure, counted from ${countFrom === 'end_of_year' ? 'the end of the year of closure' : 'the day of closure'}; today ${listing.today} (dry run: nothing changed)\n`,
          );
          for (const d of listing.due)
            process.stdout.write(
              `would anonymise ${d.reference}: closed ${d.closedOn}, retention ended ${d.endsOn}; ${d.correspondence} correspondence, ${d.originalsDeleted} originals deleted${d.originalsShared ? `, ${d.originalsShared} kept (shared with a kept case or the inbox)` : ''}; complainant record ${d.complainantAnonymised ? 'anonymised' : 'kept (other cases kept)'}\n`,
            );
          for (const w of listing.waiting)
            process.stdout.write(
              `kept ${w.reference}: closed ${w.closedOn}, retention ended ${w.endsOn}, kept with ${w.keptWith.join(', ')}\n`,
            );
          process.stdout.write(
            `${listing.due.length} case(s) would be anonymised, ${listing.waiting.length} kept with a linked case\n`,
          );
          return EXIT.ok;
        } finally {
          await database.close();
        }
      }),
    );
}
