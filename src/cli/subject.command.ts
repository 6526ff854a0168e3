// `redress subject export|erase`: a data subject's requests (P6.3), for the person named by complainant id or
// e-mail address. `export` writes everything held on them as one ZIP (app/export-complainant.ts); `erase` erases
// what is no longer needed and lists, per case, why the rest is kept and until when (app/erase-complainant.ts),
// and can write the answer to the person in their language. Both are recorded in the audit log as `cli`.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { erasureAnswer } from '../adapters/http/subject-answer.ts';
import { writeNewFile, writeNewFileStreamed } from '../adapters/os/partial-files.ts';
import { type AppContext, createAppContext } from '../app/context.ts';
import { eraseComplainant } from '../app/erase-complainant.ts';
import { exportSubject, findSubjectOrAddress, subjectFileName } from '../app/export-complainant.ts';
import { LANGUAGES, type Language } from '../core/case/model.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

const acting = () => ({ actor: 'cli', label: `cli:${userInfo().username}`, address: null });

async function withContext(command: Command, fn: (ctx: AppContext) => Promise<number>): Promise<number> {
  const config = configOf(command);
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    return await fn(createAppContext(config, database));
  } finally {
    await database.close();
  }
}

export function registerSubject(program: Command): void {
  const subject = program
    .command('subject')
    .description("a data subject's requests (P6.3): export everything held on a complainant, or erase it");
  subject
    .command('export')
    .description(
      'everything held on the complainant as one ZIP: their record and every case as JSON, every original as received, every outbound item as sent, SHA-256 sums; recorded in the audit log',
    )
    .argument(
      '<complainant>',
      "the complainant's id or e-mail address (an address no record holds: the messages on no case sent from it)",
    )
    .option('--out <file>', 'where to write the ZIP (default ./complainant-ID-DATE.zip; never overwritten)')
    .action(
      action(async (who: string, opts: { out?: string }, command: Command) => {
        // Checked before exporting, so that the audit log never records an export that wrote nothing.
        if (opts.out && existsSync(opts.out))
          throw new UsageError(`${opts.out} already exists; choose another --out`);
        return withContext(command, async (ctx) => {
          const out = opts.out ?? subjectFileName(await findSubjectOrAddress(ctx, who), ctx.clock.now());
          if (existsSync(out)) throw new UsageError(`${out} already exists; choose another --out`);
          // Written as a stream to a temporary file, flushed to disk and renamed into place before the export is
          // recorded in the audit log.
          const made = await exportSubject(ctx, who, acting(), {
            deliver: (_name, write) => writeNewFileStreamed(out, write),
          });
          // An address that no complainant record holds: only its messages on no case (the triage inbox).
          const whom =
            made.complainantId === null
              ? `address ${made.address} (no complainant record)`
              : `complainant ${made.complainantId}`;
          process.stdout.write(
            `exported ${whom} to ${out}: ${made.cases} case(s), ${made.inboxItems} message(s) on no case, ${made.files} files\n`,
          );
          return EXIT.ok;
        });
      }),
    );
  subject
    .command('erase')
    .description(
      'erase what is no longer needed of the complainant (the cases retention lets go today, their handled messages on no case, and their record when none is kept) and list why each other case or message is kept and until when; recorded in the audit log',
    )
    .argument(
      '<complainant>',
      "the complainant's id or e-mail address (an address no record holds: the messages on no case sent from it)",
    )
    .requiredOption('--reason <text>', 'whose request, when and how it came (recorded in the audit log)')
    .option('--dry-run', 'list what would be erased and what is kept; change nothing')
    .option('--json', 'print the result as JSON')
    .option('--answer <file>', 'write the answer to the person (text) to this file; never overwritten')
    .option('--language <lang>', `language of the answer (${LANGUAGES.join(', ')}; default: the person's)`)
    .action(
      action(
        async (
          who: string,
          opts: { reason: string; dryRun?: boolean; json?: boolean; answer?: string; language?: string },
          command: Command,
        ) => {
          if (opts.language && !(LANGUAGES as readonly string[]).includes(opts.language))
            throw new UsageError(`--language must be one of ${LANGUAGES.join(', ')}`);
          if (opts.answer && existsSync(opts.answer))
            throw new UsageError(`${opts.answer} already exists; choose another --answer`);
          return withContext(command, async (ctx) => {
            const r = await eraseComplainant(ctx, who, {
              reason: opts.reason,
              acting: acting(),
              dryRun: !!opts.dryRun,
            });
            const lang = (opts.language as Language | undefined) ?? r.language;
            const answer = erasureAnswer(r, lang, ctx.config.organisation.name);
            if (opts.answer) writeNewFile(opts.answer, new TextEncoder().encode(answer));
            if (opts.json) {
              process.stdout.write(`${JSON.stringify({ ...r, answer })}\n`);
              return EXIT.ok;
            }
            const verb = r.dryRun ? 'would erase' : 'erased';
            for (const d of r.plan.cases) {
              if (d.decision === 'erase') {
                const skipped = r.skipped.find((s) => s.reference === d.reference);
                process.stdout.write(
                  skipped
                    ? `left ${d.reference}: ${skipped.why}\n`
                    : `${verb} ${d.reference}: closed ${d.closedOn}, retention ended ${d.endsOn}\n`,
                );
              } else if (d.decision === 'already_anonymised')
                process.stdout.write(`${d.reference}: already anonymised\n`);
              else {
                const until = d.until ? `kept until ${d.until}` : 'kept, end not known yet';
                const why =
                  d.why === 'open'
                    ? 'open: needed to answer'
                    : d.why === 'retention_period'
                      ? `closed ${d.closedOn}, within the retention period (P6.3)`
                      : d.why === 'legal_hold'
                        ? `legal hold on the ${d.hold?.scope ?? 'case'}${d.hold ? ` since ${d.hold.setAt} by ${d.hold.setBy}: ${d.hold.reason}` : ''}`
                        : `kept with ${(d.keptWith ?? []).join(', ')}`;
                process.stdout.write(`${until} ${d.reference}: ${why}\n`);
              }
            }
            // Messages from the person's addresses that are on no case (the triage inbox).
            for (const d of r.plan.inboxItems) {
              const skipped = r.inboxSkipped.find((s) => s.id === d.id);
              if (skipped) process.stdout.write(`left inbox item ${d.id}: ${skipped.why}\n`);
              else if (d.decision === 'erase')
                process.stdout.write(
                  `${verb} inbox item ${d.id}: received ${d.receivedOn}, on no case, handled\n`,
                );
              else
                process.stdout.write(
                  `kept inbox item ${d.id}: received ${d.receivedOn}, ${
                    d.why === 'awaiting_triage'
                      ? 'still awaiting triage'
                      : `legal hold on the complainant${d.hold ? ` since ${d.hold.setAt} by ${d.hold.setBy}: ${d.hold.reason}` : ''}`
                  }\n`,
                );
            }
            if (r.complainantId === null)
              process.stdout.write(
                `no complainant record has the address ${r.address}: only its messages on no case${r.dryRun ? ' (dry run: nothing changed)' : ''}\n`,
              );
            else
              process.stdout.write(
                `complainant record ${r.complainantErased ? (r.dryRun ? 'would be erased' : 'erased') : 'kept while a case is kept'}${r.dryRun ? ' (dry run: nothing changed)' : ''}\n`,
              );
            if (opts.answer)
              process.stdout.write(`answer to the person (${lang}) written to ${opts.answer}\n`);
            return EXIT.ok;
          });
        },
      ),
    );
}
