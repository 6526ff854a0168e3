// `redress retention run [--dry-run]`: what retention (P6.3) anonymises today, what a legal hold keeps, and what
// waits for a linked case; without --dry-run each due case is anonymised (app/run-retention.ts), one transaction
// per case, so the command can be stopped and run again. `redress retention hold|release` sets and lifts legal holds.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { createAppContext } from '../app/context.ts';
import { type HoldTarget, liftLegalHold, setLegalHold } from '../app/legal-hold.ts';
import { listRetention } from '../app/plan-retention.ts';
import { runRetention } from '../app/run-retention.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

function targetOf(reference: string | undefined, complainant: string | undefined): HoldTarget {
  if (!!reference === !!complainant)
    throw new UsageError(
      'name a case reference, or --complainant EMAIL for every case of a complainant (one of them)',
    );
  return reference ? { caseRef: reference } : { complainantEmail: complainant! };
}

export function registerRetention(program: Command): void {
  const retention = program
    .command('retention')
    .description('retention of personal data after closure (P6.3)');
  const acting = () => ({ actor: 'cli', label: `cli:${userInfo().username}`, address: null });
  for (const [verb, description] of [
    [
      'hold',
      'set a legal hold: the case (or every case of the complainant) is kept whatever its retention period',
    ],
    ['release', 'lift the legal holds on the case (or the complainant)'],
  ] as const)
    retention
      .command(verb)
      .description(description)
      .argument('[reference]', 'the case reference (RC-2026-000123)')
      .option('--complainant <email>', 'every case of the complainant with this address instead')
      .requiredOption('--reason <text>', 'why (recorded in the audit log)')
      .action(
        action(
          async (
            reference: string | undefined,
            opts: { complainant?: string; reason: string },
            command: Command,
          ) => {
            const target = targetOf(reference, opts.complainant);
            const config = configOf(command);
            const database = await openDatabase(config.databaseUrl);
            try {
              await migrateToLatest(database);
              const ctx = createAppContext(config, database);
              if (verb === 'hold') {
                const r = await setLegalHold(ctx, target, opts.reason, acting());
                process.stdout.write(`legal hold set on the ${r.scope} ${r.label}\n`);
              } else {
                const r = await liftLegalHold(ctx, target, opts.reason, acting());
                process.stdout.write(
                  r.lifted
                    ? `legal hold lifted on the ${r.scope} ${r.label}\n`
                    : `no legal hold on the ${r.scope} ${r.label}\n`,
                );
              }
              return EXIT.ok;
            } finally {
              await database.close();
            }
          },
        ),
      );
  retention
    .command('run')
    .description(
      'anonymise the personal data of the closed cases whose retention period has ended (with --dry-run: only list them, and those held or kept with a linked case)',
    )
    .option('--dry-run', 'list what would be anonymised; change nothing')
    .option('--json', 'print the listing (or what was anonymised) as JSON')
    .action(
      action(async (opts: { dryRun?: boolean; json?: boolean }, command: Command) => {
        const config = configOf(command);
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const ctx = createAppContext(config, database);
          if (!opts.dryRun) {
            const user = acting();
            const r = await runRetention(ctx, { actor: user.actor, actorLabel: user.label });
            if (opts.json) {
              const { listing: _listing, ...rest } = r;
              process.stdout.write(`${JSON.stringify(rest)}\n`);
              return EXIT.ok;
            }
            for (const a of r.anonymised)
              process.stdout.write(
                `anonymised ${a.reference}: closed ${a.closedOn}, retention ended ${a.endsOn}; ${a.correspondence} correspondence redacted, ${a.originalsDeleted} originals deleted; complainant record ${a.complainantAnonymised ? 'anonymised' : 'kept (other cases kept)'}\n`,
              );
            for (const s of r.skipped) process.stdout.write(`left ${s.reference}: ${s.why}\n`);
            for (const i of r.inboxAnonymised)
              process.stdout.write(
                `anonymised inbox item ${i.id}: handled ${i.handledOn}, retention ended ${i.endsOn}; ${i.correspondence} correspondence redacted, ${i.originalsDeleted} originals deleted\n`,
              );
            for (const s of r.inboxSkipped) process.stdout.write(`left inbox item ${s.id}: ${s.why}\n`);
            process.stdout.write(
              `${r.anonymised.length} case(s) anonymised, ${r.skipped.length} left, ${r.listing.held.length} held, ${r.listing.waiting.length} kept with a linked case${r.complainantsAnonymised ? `, ${r.complainantsAnonymised} complainant record(s) anonymised` : ''}; ${r.inboxAnonymised.length} inbox item(s) on no case anonymised, ${r.listing.inbox.held.length} held\n`,
            );
            return EXIT.ok;
          }
          const listing = await listRetention(ctx);
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
          for (const h of listing.held)
            process.stdout.write(
              `held ${h.reference}: closed ${h.closedOn}, retention ended ${h.endsOn}; legal hold on the ${h.hold.scope} since ${h.hold.setAt} by ${h.hold.setBy}: ${h.hold.reason}\n`,
            );
          for (const w of listing.waiting)
            process.stdout.write(
              `kept ${w.reference}: closed ${w.closedOn}, retention ended ${w.endsOn}, kept with ${w.keptWith.join(', ')}\n`,
            );
          for (const i of listing.inbox.due)
            process.stdout.write(
              `would anonymise inbox item ${i.id}: received ${i.receivedAt}, ${i.status} ${i.handledOn}, retention ended ${i.endsOn}\n`,
            );
          for (const i of listing.inbox.held)
            process.stdout.write(
              `held inbox item ${i.id}: ${i.status} ${i.handledOn}, retention ended ${i.endsOn}; legal hold on the sender since ${i.hold.setAt} by ${i.hold.setBy}: ${i.hold.reason}\n`,
            );
          process.stdout.write(
            `${listing.due.length} case(s) would be anonymised, ${listing.held.length} held, ${listing.waiting.length} kept with a linked case; ${listing.inbox.due.length} inbox item(s) on no case would be anonymised, ${listing.inbox.held.length} held\n`,
          );
          return EXIT.ok;
        } finally {
          await database.close();
        }
      }),
    );
}
