// `redress backup FILE` and `redress restore FILE`: a consistent copy of the embedded SQLite database while the
// server runs, and putting one back (sqlite-backup.ts says how). PostgreSQL has its own tools (pg_dump,
// point-in-time recovery; README "Backups and the archive"): originals live in the database, so they are all
// there is to keep.
import type { Command } from 'commander';
import { sqlitePathOf } from '../adapters/db/database.ts';
import {
  BackupError,
  backupSqlite,
  type DatabaseSummary,
  restoreSqlite,
} from '../adapters/db/sqlite-backup.ts';
import type { Config } from '../config.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

function sqlitePath(config: Config, verb: string): string {
  if (!config.databaseUrl.startsWith('sqlite:'))
    throw new UsageError(
      `redress ${verb} copies the embedded SQLite database; on PostgreSQL use pg_dump / pg_restore or point-in-time recovery (see the README, "Backups and the archive")`,
    );
  const path = sqlitePathOf(config.databaseUrl);
  if (path === ':memory:' || path === '')
    throw new UsageError(`redress ${verb} needs a database file, not an in-memory database`);
  return path;
}

function describe(s: DatabaseSummary): string {
  return `${s.cases} cases, ${s.events} events, ${s.originals} originals, schema ${s.migration}, ${s.bytes} bytes`;
}

function failure(e: unknown): number {
  if (!(e instanceof BackupError)) throw e;
  process.stderr.write(`redress: ${e.message}\n`);
  return e.code === 'failed' ? EXIT.failure : EXIT.usage;
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'write a consistent copy of the SQLite database to FILE (owner-only), also while the server runs',
    )
    .argument('<file>', 'the backup file to create (must not exist)')
    .option('--json', 'print what was copied as JSON')
    .action(
      action(async (file: string, opts: { json?: boolean }, command: Command) => {
        const source = sqlitePath(configOf(command), 'backup');
        try {
          const summary = backupSqlite(source, file);
          process.stdout.write(
            opts.json
              ? `${JSON.stringify({ file, ...summary })}\n`
              : `backed up to ${file}: ${describe(summary)}\n`,
          );
          return EXIT.ok;
        } catch (e) {
          return failure(e);
        }
      }),
    );
}

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description(
      'put the backup FILE in place of the configured SQLite database (stop the server first); checks it is a Redress database this version knows',
    )
    .argument('<file>', 'a backup made by redress backup')
    .option('--force', 'replace an existing database (never one in use)')
    .action(
      action(async (file: string, opts: { force?: boolean }, command: Command) => {
        const target = sqlitePath(configOf(command), 'restore');
        try {
          const summary = restoreSqlite(file, target, { force: opts.force === true });
          process.stdout.write(
            `restored ${file} to ${target}: ${describe(summary)}; run redress archive verify to check it\n`,
          );
          return EXIT.ok;
        } catch (e) {
          return failure(e);
        }
      }),
    );
}
