// `redress archive`: `verify` checks every event chain and head, every original against its SHA-256, every
// outbound item against what was recorded and the audit log's chain, and names each problem.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { partialNameFor, renameDurably, writeNewFileStreamed } from '../adapters/os/partial-files.ts';
import { createAppContext } from '../app/context.ts';
import {
  type DossierArchiveReport,
  exportDossier,
  verifyDossierAgainstArchive,
  verifyDossierZip,
} from '../app/export-dossier.ts';
import { verifyArchive } from '../app/verify-archive.ts';
import type { DossierReport } from '../core/archive/dossier.ts';
import { LANGUAGES, type Language } from '../core/case/model.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

export function registerArchive(program: Command): void {
  const archive = program.command('archive').description('the tamper-evident archive (P6)');
  archive
    .command('verify')
    .description(
      'verify every event chain and head, every original, every outbound and inbound item, every correspondence row, the list of rows written before seals were anchored, and the audit log; exit 1 and name each problem',
    )
    .option('--json', 'print the report as JSON')
    .option(
      '--keep-heads <file>',
      "write the head of every chain read (stream, count, last hash) to a new file: keep it where the database's writers cannot reach",
    )
    .option(
      '--heads <file>',
      'check the archive against heads kept by an earlier --keep-heads: names each chain whose last events were deleted or whose history was written again since',
    )
    .action(
      action(async (opts: { json?: boolean; keepHeads?: string; heads?: string }, command: Command) => {
        if (opts.keepHeads && existsSync(opts.keepHeads))
          throw new UsageError(`${opts.keepHeads} already exists; choose another --keep-heads`);
        if (opts.heads && !existsSync(opts.heads))
          throw new UsageError(`${opts.heads} does not exist (--heads)`);
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        // The heads are written under a temporary name and renamed once whole: a file under the name asked for
        // is always complete. Its SHA-256 is printed, for whoever keeps a note of it apart from the file.
        const keep = opts.keepHeads
          ? { partial: partialNameFor(opts.keepHeads), fd: -1, sum: createHash('sha256') }
          : null;
        try {
          await migrateToLatest(database);
          if (keep) keep.fd = openSync(keep.partial, 'wx', 0o600);
          const keptSum = opts.heads ? await fileSha256(opts.heads) : null;
          const report = await verifyArchive(createAppContext(config, database), {
            ...(keep
              ? {
                  keepHeads: (text: string) => {
                    keep.sum.update(text);
                    writeSync(keep.fd, text);
                  },
                }
              : {}),
            ...(opts.heads
              ? {
                  keptHeads: createInterface({
                    input: createReadStream(opts.heads),
                    crlfDelay: Number.POSITIVE_INFINITY,
                  }),
                }
              : {}),
          });
          if (keep) {
            closeSync(keep.fd);
            keep.fd = -1;
            renameDurably(keep.partial, opts.keepHeads!);
          }
          if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
          else {
            for (const p of report.problems)
              process.stdout.write(`${p.kind}: ${p.seq ? `${p.stream} #${p.seq}` : p.stream}: ${p.detail}\n`);
            const scope = `${report.streams} streams, ${report.events} events, ${report.originals} originals, ${report.outbound} outbound items, ${report.inbound} inbound items, ${report.auditEntries} audit entries`;
            // Items written by a release before their seal: only their originals could be checked.
            const unsealed =
              report.outboundUnsealed || report.inboundUnsealed
                ? `; written before they were sealed, so checked for their originals only: ${report.outboundUnsealed} outbound, ${report.inboundUnsealed} inbound items`
                : '';
            // Outbound items sealed by a release before the seal was anchored in a chain: checked against their
            // row's copy of it, and that copy against the seal the upgrade's list recorded for them (its record is
            // in the audit chain).
            const unanchored = report.outboundUnanchored
              ? `; written before their seal was anchored in a chain, so checked against the seal the upgrade listed for them: ${report.outboundUnanchored} outbound items`
              : '';
            process.stdout.write(
              report.problems.length
                ? `archive NOT intact: ${report.problems.length} problem(s) in ${scope}${unsealed}${unanchored}\n`
                : `archive intact: ${scope} verified${unsealed}${unanchored}\n`,
            );
            if (keptSum)
              process.stdout.write(
                `checked against the heads kept in ${opts.heads} (SHA-256 ${keptSum}: compare it with the one noted when they were kept)\n`,
              );
            if (keep)
              process.stdout.write(
                `heads kept in ${opts.keepHeads} (SHA-256 ${keep.sum.digest('hex')})${report.problems.length ? ', as this archive, NOT intact, holds them' : ''}: keep the file, and a note of its SHA-256, where the database's writers cannot reach; check the archive against it later with --heads\n`,
              );
          }
          return report.problems.length ? EXIT.failure : EXIT.ok;
        } finally {
          if (keep && keep.fd !== -1) {
            closeSync(keep.fd);
            rmSync(keep.partial, { force: true });
          }
          await database.close();
        }
      }),
    );

  archive
    .command('export')
    .description(
      "export a case dossier (ZIP): every original as received, every outbound item, the history as JSON and PDF, a manifest of SHA-256 sums with the chain's head; recorded in the audit log",
    )
    .argument('<reference>', 'the case reference (RC-2026-000123) or id')
    .option('--out <file>', 'where to write the ZIP (default ./REFERENCE-dossier.zip; never overwritten)')
    .option(
      '--language <lang>',
      `language of the PDF history (${LANGUAGES.join(', ')}; default: the organisation's)`,
    )
    .action(
      action(async (reference: string, opts: { out?: string; language?: string }, command: Command) => {
        if (opts.language && !(LANGUAGES as readonly string[]).includes(opts.language))
          throw new UsageError(`--language must be one of ${LANGUAGES.join(', ')}`);
        // Checked before exporting, so that the audit log never records an export that wrote nothing.
        const out = opts.out ?? `${reference}-dossier.zip`;
        if (existsSync(out)) throw new UsageError(`${out} already exists; choose another --out`);
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const ctx = createAppContext(config, database);
          // Written (whole, flushed to disk) before the export is recorded in the audit log.
          const dossier = await exportDossier(
            ctx,
            reference,
            { actor: 'cli', label: `cli:${userInfo().username}`, address: null },
            {
              ...(opts.language ? { language: opts.language as Language } : {}),
              deliver: (_name, write) => writeNewFileStreamed(out, write),
            },
          );
          process.stdout.write(
            `exported ${dossier.reference} to ${out}: ${dossier.files} files, ${dossier.events} events, chain head ${dossier.head ?? '-'}\n`,
          );
          return EXIT.ok;
        } finally {
          await database.close();
        }
      }),
    );

  archive
    .command('verify-dossier')
    .description(
      'verify a case dossier offline: every file against the manifest, the event chain up to its head, the outbound items; with --archive, also against the archive; exit 1 and name each problem',
    )
    .argument('<file>', 'a dossier ZIP made by redress archive export')
    .option('--json', 'print the report as JSON')
    .option(
      '--archive',
      "also check it against the archive (the configured database): its manifest is the one its export recorded in the audit log, its chains are the archive's, and it holds every item the case had when it was exported",
    )
    .action(
      action(async (file: string, opts: { json?: boolean; archive?: boolean }, command: Command) => {
        const zip = new Uint8Array(readFileSync(file));
        let report: DossierArchiveReport | (DossierReport & { recorded?: undefined });
        if (opts.archive) {
          const config = configOf(command);
          const database = await openDatabase(config.databaseUrl);
          try {
            await migrateToLatest(database);
            report = await verifyDossierAgainstArchive(createAppContext(config, database), zip);
          } finally {
            await database.close();
          }
        } else report = verifyDossierZip(zip);
        if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          for (const p of report.problems) process.stdout.write(`${p.kind}: ${p.path}: ${p.detail}\n`);
          const recorded = report.recorded
            ? report.recorded.by === 'manifest'
              ? `; its manifest is the one recorded in audit entry ${report.recorded.seq}`
              : `; exported by a release that did not record the manifest (audit entry ${report.recorded.seq}): its files were checked against the archive only`
            : '';
          process.stdout.write(
            report.problems.length
              ? `dossier NOT intact: ${report.problems.length} problem(s)\n`
              : opts.archive
                ? `dossier ${report.reference} intact and as the archive holds it: ${report.files} files, ${report.events} events; chain head ${report.head ?? '-'}${recorded}\n`
                : `dossier ${report.reference} intact: ${report.files} files, ${report.events} events; chain head ${report.head ?? '-'} (compare it with the archive's: redress archive verify-dossier --archive checks it against the archive)\n`,
          );
        }
        return report.problems.length ? EXIT.failure : EXIT.ok;
      }),
    );
}

/** A file's SHA-256, read a piece at a time. */
async function fileSha256(path: string): Promise<string> {
  const sum = createHash('sha256');
  for await (const piece of createReadStream(path)) sum.update(piece as Buffer);
  return sum.digest('hex');
}
