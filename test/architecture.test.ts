// The layering the house rules promise, checked on the source text (DESIGN.md, "How it is built" in the README):
// - no SQL in src/app or src/core: neither imports the query builder (kysely), nor the helpers that run SQL text
//   or write rows by table name (statements.ts, write-buffer.ts), nor the table types (schema.ts), and neither
//   builds a query. Queries live behind repositories and read models in src/adapters/db; use cases load facts
//   through them, call the rule of src/core and save events.
// - src/core is pure: it imports nothing from src/adapters, src/app, src/cli or src/main.ts, and no framework or
//   library that does input and output (web server, database drivers, mail, logging, PDF).
// Tests beside the code (*.test.ts) are not checked: a core unit test may build what it needs.
// There is no allowlist: a use case that needs a new read or write asks a repository in src/adapters/db for it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');

/** Packages src/core may not import: frameworks and libraries that do input and output. */
const FRAMEWORKS = [
  'fastify',
  '@fastify/',
  'fastify-',
  'kysely',
  'better-sqlite3',
  'pg',
  'nodemailer',
  'smtp-server',
  'imapflow',
  'postal-mime',
  'hono',
  'i18next',
  'pino',
  'prom-client',
  'commander',
  'playwright-core',
  'pdf-lib',
];

/** Modules of src/adapters/db that are the query builder's own (SQL text, rows by table name, table types). */
const QUERY_MODULES = [
  'src/adapters/db/statements.ts',
  'src/adapters/db/write-buffer.ts',
  'src/adapters/db/schema.ts',
];

/** Query-builder calls and SQL templates, as they are written in this code base. */
const QUERY_CALLS: ReadonlyArray<[RegExp, string]> = [
  [
    /\.\s*(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|executeTakeFirst|executeTakeFirstOrThrow|executeQuery)\s*[<(]/g,
    'query builder call',
  ],
  [/\bsql\s*(?:<[^>`]*>)?\s*`/g, 'SQL template'],
  [/\bsql\s*\.\s*(raw|ref|lit|id|join|table|val)\s*\(/g, 'SQL fragment'],
  [/\.transaction\s*\(\s*\)\s*\.\s*execute\b/g, 'query builder transaction'],
];

/**
 * The source with its comments blanked out (newlines kept, so positions keep their line), strings and templates
 * left as they are. A comment that speaks of a query is not a query.
 */
export function withoutComments(source: string): string {
  const out = source.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // The nesting of template literals and the braces of their substitutions.
  const stack: Array<'template' | 'brace'> = [];
  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (stack.at(-1) === 'template') {
      if (ch === '\\') i += 2;
      else if (ch === '`') {
        stack.pop();
        i++;
      } else if (ch === '$' && next === '{') {
        stack.push('brace');
        i += 2;
      } else i++;
      continue;
    }
    if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const to = end === -1 ? source.length : end;
      blank(i, to);
      i = to;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const to = end === -1 ? source.length : end + 2;
      blank(i, to);
      i = to;
    } else if (ch === "'" || ch === '"') {
      // A quoted string ends at its quote or at the end of its line.
      i++;
      while (i < source.length && source[i] !== ch && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '`') {
      stack.push('template');
      i++;
    } else if (ch === '{') {
      if (stack.length) stack.push('brace');
      i++;
    } else if (ch === '}') {
      if (stack.at(-1) === 'brace') stack.pop();
      i++;
    } else i++;
  }
  return out.join('');
}

/** Every module a source imports or re-exports (static, side-effect, dynamic and require), with its position. */
export function importsOf(code: string): Array<{ specifier: string; at: number }> {
  const found: Array<{ specifier: string; at: number }> = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"\n]+)\1/g,
    /\bimport\s*(['"])([^'"\n]+)\1/g,
    /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
    /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  ];
  for (const pattern of patterns)
    for (const m of code.matchAll(pattern)) found.push({ specifier: m[2]!, at: m.index });
  return found;
}

const lineOf = (code: string, at: number) => code.slice(0, at).split('\n').length;

/** A relative specifier as a path from the repository root; a package name as it is. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.')
    ? relative(ROOT, resolve(dirname(join(ROOT, file)), specifier))
    : specifier;
}

const isPackage = (spec: string, name: string) =>
  name.endsWith('/') || name.endsWith('-')
    ? spec.startsWith(name)
    : spec === name || spec.startsWith(`${name}/`);

/** What in a file of src/app or src/core reaches for the query builder, one line each. */
export function queryViolations(file: string, source: string): string[] {
  const code = withoutComments(source);
  const found: string[] = [];
  for (const { specifier, at } of importsOf(code)) {
    const to = target(file, specifier);
    if (isPackage(to, 'kysely') || QUERY_MODULES.includes(to))
      found.push(`${file}:${lineOf(code, at)} imports ${specifier}`);
  }
  for (const [pattern, what] of QUERY_CALLS)
    for (const m of code.matchAll(pattern)) found.push(`${file}:${lineOf(code, m.index)} ${what}: ${m[0]}`);
  return found;
}

/** What in a file of src/core depends on an outer layer or a framework, one line each. */
export function coreViolations(file: string, source: string): string[] {
  const code = withoutComments(source);
  const found: string[] = [];
  for (const { specifier, at } of importsOf(code)) {
    const to = target(file, specifier);
    const outer =
      specifier.startsWith('.') &&
      (['src/adapters/', 'src/app/', 'src/cli/'].some((p) => to.startsWith(p)) || to === 'src/main.ts');
    const framework = !specifier.startsWith('.') && FRAMEWORKS.some((name) => isPackage(specifier, name));
    if (outer || framework) found.push(`${file}:${lineOf(code, at)} imports ${specifier}`);
  }
  return found;
}

/** The TypeScript files of a folder and its sub-folders, tests beside the code left out, from the root. */
function sourcesIn(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(folder, f).split('\\').join('/'))
    .sort();
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('architecture', () => {
  test('no file of src/app or src/core uses the query builder', () => {
    const found = [...sourcesIn('src/app'), ...sourcesIn('src/core')].flatMap((f) =>
      queryViolations(f, read(f)),
    );
    assert.deepEqual(
      found,
      [],
      'move these queries behind a repository or read model in src/adapters/db (the use case calls it)',
    );
  });

  test('src/core imports no adapter, use case, command line or framework', () => {
    const found = sourcesIn('src/core').flatMap((f) => coreViolations(f, read(f)));
    assert.deepEqual(found, [], 'src/core holds pure rules: pass facts in, return decisions');
  });

  test('the check finds what it looks for, and not in comments', () => {
    const source = [
      "import type { Kysely } from 'kysely';",
      "import { first } from '../adapters/db/statements.ts';",
      "// db.selectFrom('cases') in a comment is not a query",
      '/* sql`select 1` neither */',
      "const rows = await db.selectFrom('cases').select('id').execute();",
      'const n = sql<number>`count(*)`;',
      "await trx\n  .updateTable('cases')",
      "const later = await import('kysely');",
      "export { sql } from 'kysely';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template with a substitution
      "const t = `a ${x} // not a comment`; await db.deleteFrom('x');",
    ].join('\n');
    const lines = queryViolations('src/app/example.ts', source)
      .map((v) => Number(v.split(' ')[0]!.split(':')[1]))
      .sort((a, b) => a - b);
    assert.deepEqual(lines, [1, 2, 5, 6, 8, 9, 10, 11]);
    assert.deepEqual(
      coreViolations(
        'src/core/case/example.ts',
        [
          "import { x } from '../../adapters/db/cases.repo.ts';",
          "import type { AppContext } from '../../app/context.ts';",
          "import { y } from '../calendar/business-calendar.ts';",
          "import Fastify from 'fastify';",
          "import pgPool from 'pg-pool';",
          "import { Pool } from 'pg';",
          "import { Temporal } from 'temporal-polyfill';",
        ].join('\n'),
      ).map((v) => v.split(' ').slice(-1)[0]),
      ['../../adapters/db/cases.repo.ts', '../../app/context.ts', 'fastify', 'pg'],
    );
  });
});
