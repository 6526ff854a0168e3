// `redress archive`: `verify` checks every event chain and head, every original against its SHA-256, every
// outbound item against what was recorded and the audit log's chain, and names each problem.
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { createAppContext } from '../app/context.ts';
import { verifyArchive } from '../app/verify-archive.ts';
import { action, configOf, EXIT } from './common.ts';

export function registerArchive(program: Command): void {
  const archive = program.command('archive').description('the tamper-evident archive (P6)');
  archive
    .command('verify')
    .description(
      'verify every event chain and head, every original, every outbound item and the audit log; exit 1 and name each problem',
    )
    .option('--json', 'print the report as JSON')
    .action(
      action(async (opts: { json?: boolean }, command: Command) => {
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const report = await verifyArchive(createAppContext(config, database));
          if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
          else {
            for (const p of report.problems)
              process.stdout.write(`${p.kind}: ${p.seq ? `${p.stream} #${p.seq}` : p.stream}: ${p.detail}\n`);
            const scope = `${report.streams} streams, ${report.events} events, ${report.originals} originals, ${report.outbound} outbound items, ${report.auditEntries} audit entries`;
            process.stdout.write(
              report.problems.length
                ? `archive NOT intact: ${report.problems.length} problem(s) in ${scope}\n`
                : `archive intact: ${scope} verified\n`,
            );
          }
          return report.problems.length ? EXIT.failure : EXIT.ok;
        } finally {
          await database.close();
        }
      }),
    );
}
