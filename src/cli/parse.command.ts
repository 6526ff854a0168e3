// `redress parse [--mailbox NAME] [--at INSTANT] [FILE...]`: reads messages without storing them and prints one JSON
// reading per line, in order (stdin when no file is given). Each is read as if it reached Redress now, or at the
// instant `--at` names: the arrival a message claims counts only within the week before (src/core/intake/arrival.ts),
// so an old saved message is read at its own time with `--at`. A file that cannot be read gives a line with
// an `error` field; the others still come out, and the exit code is 1 at the end.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import { systemClock } from '../adapters/clock.ts';
import { readMessage } from '../app/read-message.ts';
import { isInstantWithOffset } from '../core/calendar/business-calendar.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description(
      'read e-mail messages without storing them and print what Redress reads in each, one JSON object per line',
    )
    .argument('[file...]', 'raw e-mail files (.eml); standard input when none is given')
    .option('-m, --mailbox <name>', 'the configured mailbox the messages arrived in', 'complaints')
    .option(
      '--at <instant>',
      'read the messages as if they reached Redress at this instant (ISO 8601 with an offset); default: now',
    )
    .addHelpText(
      'after',
      '\nFields: kind, automated, step, markerFound, language, complainant {name, email}, forwardedBy {name, email}\n(who forwarded the complaint of someone else, else null), ticketRefs, domains, caseRefs, description, expectations, missing, receivedAt, acknowledgeBy, answerBy, answerByDate; and\n`problem` when the input is not an e-mail message at all (empty, binary, no header fields).\nExample: redress parse --mailbox complaints message.eml\nA message claims when it arrived (its top-most Received line, else its Date); that claim counts only within\nthe week before the reading, so read a message saved long ago with --at, e.g. --at 2026-03-02T12:00:00Z.',
    )
    .action(
      action(async (files: string[], opts: { mailbox: string; at?: string }, command: Command) => {
        if (opts.at !== undefined && !isInstantWithOffset(opts.at))
          throw new UsageError(
            `--at ${JSON.stringify(opts.at)} is not an ISO 8601 instant with an offset; write e.g. 2026-03-02T10:15:00Z or 2026-03-02T11:15:00+01:00`,
          );
        const now = opts.at === undefined ? systemClock.now() : new Date(opts.at).toISOString();
        const config = configOf(command);
        const mailbox = config.mailboxes.find((m) => m.name === opts.mailbox);
        if (!mailbox)
          throw new UsageError(
            `there is no mailbox named "${opts.mailbox}"; the configured mailboxes are: ${config.mailboxes.map((m) => m.name).join(', ')}`,
          );
        const calendar = calendarFromConfig(config);
        const inputs = files.length ? files : ['-'];
        let failed = false;
        for (const file of inputs) {
          let raw: Uint8Array;
          try {
            raw = file === '-' ? await readStdin() : await readFile(file);
          } catch (e) {
            failed = true;
            const reason =
              (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
            process.stdout.write(`${JSON.stringify({ file, error: `cannot read the file: ${reason}` })}\n`);
            continue;
          }
          try {
            const { reading, problem } = await readMessage(raw, {
              mailbox,
              config,
              calendar,
              now,
            });
            // Bytes that are not a message: the reading of nothing, with the reason (`problem`) after it.
            process.stdout.write(`${JSON.stringify(problem ? { ...reading, problem } : reading)}\n`);
          } catch (e) {
            failed = true;
            process.stdout.write(
              `${JSON.stringify({ file, error: `cannot read the message: ${(e as Error).message}` })}\n`,
            );
          }
        }
        return failed ? EXIT.failure : EXIT.ok;
      }),
    );
}
