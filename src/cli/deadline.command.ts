// `redress deadline ISO...`: the deadlines of P3.1 and P4.2 for each receipt instant, one JSON line each.
import type { Command } from 'commander';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { deadlinePolicy } from '../config.ts';
import { computeDeadlines, isInstantWithOffset } from '../core/calendar/business-calendar.ts';
import { action, configOf, EXIT } from './common.ts';

export function registerDeadline(program: Command): void {
  program
    .command('deadline')
    .description(
      'print the acknowledge-by and answer-by deadlines for receipt instants, one JSON object per line',
    )
    .argument('<instant...>', 'receipt instants in ISO 8601 with an offset, e.g. 2026-12-23T17:00:00Z')
    .addHelpText(
      'after',
      '\nUses the configured calendar (REDRESS_TIMEZONE, REDRESS_HOLIDAYS, REDRESS_WORKING_WEEK, REDRESS_CLOSURE_DAYS).\nExample: redress deadline 2026-12-23T17:00:00Z',
    )
    .action(
      action(async (instants: string[], _opts: unknown, command: Command) => {
        const bad = instants.filter((s) => !isInstantWithOffset(s));
        if (bad.length) {
          for (const s of bad)
            process.stderr.write(
              `redress deadline: ${JSON.stringify(s)} is not an ISO 8601 instant with an offset; write e.g. 2026-12-23T17:00:00Z or 2026-12-23T18:00:00+01:00\n`,
            );
          return EXIT.usage;
        }
        const config = configOf(command);
        const calendar = calendarFromConfig(config);
        const policy = deadlinePolicy(config);
        const lines = instants.map((s) => JSON.stringify(computeDeadlines(calendar, s, policy)));
        process.stdout.write(`${lines.join('\n')}\n`);
        return EXIT.ok;
      }),
    );
}
