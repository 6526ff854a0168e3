// `redress letter register`: registers a postal letter (P1.1, P1.2) with what it says and its scan as the
// original; opens the case (the clock starts on the day the letter arrived), escalates to step 2, or files it on
// the case it refers to; writes the acknowledgement (e-mail, or a letter to post). Prints what was done.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { createAppContext } from '../app/context.ts';
import { type LetterInput, type LetterScan, registerLetter } from '../app/register-letter.ts';
import { DomainError } from '../core/case/refusal.ts';
import { scanTypeOfName } from '../core/files/scan-types.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

interface Options {
  arrived: string;
  time?: string;
  step?: string;
  suggestion?: boolean;
  name?: string;
  email?: string;
  phone?: string;
  address: string[];
  language?: string;
  title?: string;
  ticket: string[];
  domain: string[];
  description?: string;
  descriptionFile?: string;
  expectations?: string;
  expectationsFile?: string;
  case?: string;
  scan?: string;
  by?: string;
  confirmOld?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${option} ${file}: ${(e as Error).message}`);
  }
}

export function registerLetterCommand(program: Command): void {
  const letter = program.command('letter').description('postal letters (P1.1, P1.2)');
  letter
    .command('register')
    .description(
      'register a letter that arrived by post: opens its case (clock from the day it arrived), escalates to step 2, or files it on the case it names',
    )
    .requiredOption('--arrived <date>', 'the day it arrived, YYYY-MM-DD (or an instant with its offset)')
    .option('--time <HH:MM>', 'the local time it arrived, when known (default 00:00 that day)')
    .option('--step <1|2>', 'the step written on the letter (default: from the marker in --title, else 1)')
    .option('--suggestion', 'a suggestion or comment, not a complaint (P9)')
    .option('--name <name>', "the complainant's name")
    .option('--email <address>', "the complainant's e-mail address (acknowledged by e-mail then)")
    .option('--phone <number>', "the complainant's telephone number")
    .option('--address <line>', 'a line of the postal address (repeat for each line)', collect, [])
    .option(
      '--language <fr|en|de>',
      'the language of the letter (default: the complainant’s when known, else detected from the text)',
    )
    .option('--title <text>', "the letter's title or subject line (where the marker is looked for)")
    .option('--ticket <number>', 'a support ticket number (repeatable)', collect, [])
    .option('--domain <name>', 'a domain name concerned (repeatable)', collect, [])
    .option('--description <text>', 'what the complaint is about')
    .option('--description-file <file>', 'the same, read from a file')
    .option('--expectations <text>', 'what the complainant expects')
    .option('--expectations-file <file>', 'the same, read from a file')
    .option('--case <reference>', 'the case the letter refers to (e.g. RC-2026-000123)')
    .option(
      '--scan <file>',
      'the scan of the letter (PDF, PNG, JPEG or TIFF, read from its content), kept as its original',
    )
    .option(
      '--confirm-old',
      'the date of arrival is more than a year back and right (without it, such a date is refused as a mistyped year); recorded in the audit log',
    )
    .option('--by <name>', 'who registers it (recorded as the actor; default: the system user name)')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (opts: Options, command: Command) => {
        const config = configOf(command);
        if (opts.step !== undefined && opts.step !== '1' && opts.step !== '2')
          throw new UsageError(`--step ${opts.step}: give 1 or 2`);
        if (opts.description && opts.descriptionFile)
          throw new UsageError('give --description or --description-file, not both');
        if (opts.expectations && opts.expectationsFile)
          throw new UsageError('give --expectations or --expectations-file, not both');
        const input: LetterInput = {
          arrived: opts.arrived,
          time: opts.time ?? null,
          kind: opts.suggestion ? 'suggestion' : 'complaint',
          step: opts.step ? (Number(opts.step) as 1 | 2) : null,
          complainant: {
            name: opts.name ?? null,
            email: opts.email ?? null,
            phone: opts.phone ?? null,
            postalAddress: opts.address,
          },
          language: (opts.language as LetterInput['language']) ?? null,
          title: opts.title ?? null,
          ticketRefs: opts.ticket,
          domains: opts.domain,
          description: opts.descriptionFile
            ? readText(opts.descriptionFile, '--description-file')
            : (opts.description ?? null),
          expectations: opts.expectationsFile
            ? readText(opts.expectationsFile, '--expectations-file')
            : (opts.expectations ?? null),
          caseReference: opts.case ?? null,
          confirmOldArrival: opts.confirmOld === true,
        };
        if (opts.language && !['fr', 'en', 'de'].includes(opts.language))
          throw new UsageError(`--language ${opts.language}: give fr, en or de`);
        let scan: LetterScan | null = null;
        if (opts.scan) {
          let content: Buffer;
          try {
            content = readFileSync(opts.scan);
          } catch (e) {
            throw new UsageError(`--scan ${opts.scan}: ${(e as Error).message}`);
          }
          scan = {
            content,
            // The name's extension is a hint the content is checked against (core/files/scan-types.ts).
            contentType: scanTypeOfName(opts.scan),
            filename: opts.scan.split('/').at(-1) ?? null,
          };
        }
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const ctx = createAppContext(config, database);
          const actor = `cli:${opts.by ?? userInfo().username}`;
          const r = await registerLetter(ctx, input, scan, actor).catch((e: unknown) => {
            // Input the letter cannot be registered with is a usage error (exit 2), named by the use case.
            if (e instanceof DomainError && e.code === 'invalid_command') throw new UsageError(e.message);
            throw e;
          });
          if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else if (r.duplicate)
            process.stdout.write(
              `This scan was already registered${r.reference ? ` on ${r.reference}` : ''}: nothing changed.\n`,
            );
          else {
            const what =
              r.filing === 'filed_on_case'
                ? `filed on ${r.reference}`
                : `${r.filing === 'step2_case_opened' ? 'step-2 case' : 'case'} ${r.reference} opened, received ${r.receivedAt}`;
            const ack =
              r.acknowledgement === 'email'
                ? 'acknowledgement queued by e-mail'
                : r.acknowledgement === 'letter'
                  ? 'acknowledgement letter waiting to be printed and posted'
                  : r.filing === 'filed_on_case'
                    ? null
                    : 'not acknowledged automatically';
            process.stdout.write(
              `Letter ${what}${ack ? `; ${ack}` : ''}${r.missing.length ? `; missing: ${r.missing.join(', ')}` : ''}.\n`,
            );
            // A hint only: nothing is merged by name (letter-contact.ts sameNameAndAddress).
            if (r.sameRecord)
              process.stdout.write(
                `A record with the same name and postal address exists already (${r.sameRecord.name ?? r.sameRecord.complainantId}${r.sameRecord.restricted ? ', under a restriction' : ''}): if they are one person, merge the records on /complainants/${r.complainantId}?merge=${r.sameRecord.complainantId}.\n`,
              );
            // The writer's record is left as it was (letter-contact.ts): staff decide whether the letter is theirs.
            if (r.contactDiffers?.length)
              process.stdout.write(
                `The letter gives another ${r.contactDiffers.join(', ')} than the complainant's record holds; the record was left as it is. If the letter is truly theirs, change the record yourself.\n`,
              );
          }
          return EXIT.ok;
        } finally {
          await database.close();
        }
      }),
    );
}
