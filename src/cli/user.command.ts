// `redress user …`: staff accounts from the command line — the first administrator of a fresh install, a lost
// administrator password, listing, disabling. Passwords are read from a hidden prompt or from stdin
// (`--password-stdin`), never from the command line (it would stay in shell history and process lists).
import type { Command } from 'commander';
import { z } from 'zod';
import { openDatabase } from '../adapters/db/database.ts';
import { migrateToLatest } from '../adapters/db/migrate.ts';
import { translatorFor } from '../adapters/http/i18n/index.ts';
import { type AppContext, createAppContext } from '../app/context.ts';
import { addUser, getUser, listUsers, setPassword, setUserEnabled } from '../app/manage-users.ts';
import { repoOf } from '../app/record-audit.ts';
import { loadSettings } from '../app/settings.ts';
import { type AccessCode, AccessError } from '../core/access/access-error.ts';
import { ROLES, type Role } from '../core/access/roles.ts';
import { LANGUAGES, type Language } from '../core/case/model.ts';
import { action, configOf, EXIT, UsageError } from './common.ts';

const CLI = { actor: 'cli', label: null, address: null };
const USAGE_REFUSALS: ReadonlySet<AccessCode> = new Set(['unknown_department', 'departments_required']);

async function withContext<T>(command: Command, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = configOf(command);
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    const ctx = createAppContext(config, database);
    // The departments (and the rest) as administrators set them in the application, as the server sees them.
    await loadSettings(ctx, config);
    return await fn(ctx);
  } catch (e) {
    // Account refusals in plain words (the same sentences as the web application's). A department that does not
    // exist, or none given to a department member, is what --department said: a usage error, as a wrong --role is.
    if (e instanceof AccessError) {
      const sentence = translatorFor('en')(`errors.${e.code}`, e.details);
      if (USAGE_REFUSALS.has(e.code)) throw new UsageError(sentence);
      throw new Error(sentence);
    }
    throw e;
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const password = await readStdin();
    if (!password)
      throw new UsageError('no password on stdin (give one line, or run in a terminal to be asked)');
    return password;
  }
  const first = await promptHidden('Password (at least 12 characters): ');
  const second = await promptHidden('The same password again: ');
  if (first !== second) throw new UsageError('the two passwords are not the same; run the command again');
  return first;
}

const emailSchema = z.email();

function checkEmail(email: string): string {
  if (!emailSchema.safeParse(email.trim()).success)
    throw new UsageError(`--email ${JSON.stringify(email)} is not an e-mail address (like ana@example.org)`);
  return email.trim();
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw new UsageError(`--role ${JSON.stringify(role)} is not a role; use one of: ${ROLES.join(', ')}`);
  return role as Role;
}

function checkLanguage(language: string): Language {
  if (!(LANGUAGES as readonly string[]).includes(language))
    throw new UsageError(
      `--language ${JSON.stringify(language)} is not supported; use one of: ${LANGUAGES.join(', ')}`,
    );
  return language as Language;
}

export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .description('staff accounts: add, list, set a password, disable, enable');

  user
    .command('add')
    .description('add an active account (the first administrator: --role administrator)')
    .requiredOption('--email <address>', 'e-mail address (the sign-in name)')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--name <name>', 'the name shown in the application (default: the e-mail address)')
    .option('--department <name...>', 'department(s), for --role department_member')
    .option('--language <lang>', `language of the interface: ${LANGUAGES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin instead of asking for it')
    .action(
      action(
        async (
          opts: {
            email: string;
            role: string;
            name?: string;
            department?: string[];
            language?: string;
            passwordStdin?: boolean;
          },
          command: Command,
        ) => {
          const email = checkEmail(opts.email);
          const role = checkRole(opts.role);
          const password = await newPassword(!!opts.passwordStdin);
          const created = await withContext(command, (ctx) =>
            addUser(
              ctx,
              {
                email,
                name: opts.name ?? '',
                role,
                departments: opts.department ?? [],
                language: checkLanguage(opts.language ?? ctx.config.defaultLanguage),
                password,
              },
              CLI,
            ),
          );
          process.stdout.write(`added ${created.email} (${created.role}); sign in at /sign-in\n`);
          return EXIT.ok;
        },
      ),
    );

  user
    .command('list')
    .description('list accounts (one JSON object per line)')
    .action(
      action(async (_opts: unknown, command: Command) => {
        await withContext(command, async (ctx) => {
          for (let page = 1; ; page++) {
            const { rows } = await listUsers(ctx, { page, pageSize: 500 });
            for (const u of rows)
              process.stdout.write(
                `${JSON.stringify({ id: u.id, email: u.email, name: u.name, role: u.role, departments: u.departments, status: u.status, lastSignInAt: u.lastSignInAt })}\n`,
              );
            if (rows.length < 500) break;
          }
        });
        return EXIT.ok;
      }),
    );

  user
    .command('set-password')
    .description('set the password of an account (its sessions end)')
    .requiredOption('--email <address>', 'the account')
    .option('--password-stdin', 'read the password from stdin instead of asking for it')
    .action(
      action(async (opts: { email: string; passwordStdin?: boolean }, command: Command) => {
        const email = checkEmail(opts.email);
        const password = await newPassword(!!opts.passwordStdin);
        const u = await withContext(command, (ctx) => setPassword(ctx, email, password, CLI));
        process.stdout.write(`password set for ${u.email}\n`);
        return EXIT.ok;
      }),
    );

  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    user
      .command(name)
      .description(
        enabled ? 'enable an account again' : 'disable an account (its sessions end; history keeps it)',
      )
      .requiredOption('--email <address>', 'the account')
      .action(
        action(async (opts: { email: string }, command: Command) => {
          const email = checkEmail(opts.email);
          const u = await withContext(command, async (ctx) => {
            const found = await repoOf(ctx).userByEmail(email);
            if (!found)
              throw new AccessError('user_not_found', `no account for ${email}`, {
                details: { context: 'email', email },
              });
            const changed = await setUserEnabled(ctx, found.id, enabled, CLI);
            return { ...(await getUser(ctx, found.id)), tokensRevoked: changed.tokensRevoked };
          });
          process.stdout.write(`${u.email} is ${u.status}\n`);
          if (u.tokensRevoked > 0)
            process.stdout.write(`${u.tokensRevoked} API token(s) this account created are revoked\n`);
          return EXIT.ok;
        }),
      );
  }
}
