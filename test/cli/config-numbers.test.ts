// A number or a yes/no setting given something that is not one is refused, naming the setting and what to write:
// an empty text, null, false or an empty list in the file was read as 0 (a port of 0: a port the system picks), true
// as 1, "0x10" as 16 and "1e3" as 1000, without a word. The environment holds only text, so a number written in
// digits ("8080", " 8080 ") is still a number there and in the file; an empty variable is no variable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { EXIT, exitCodeOf } from '../../src/cli/common.ts';
import { ConfigError, ENV_VARS, loadConfig } from '../../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'redress-config-numbers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function configFile(value: unknown): string {
  const file = join(dir, `config-${files++}.json`);
  writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return file;
}

function nested(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>(
    (inner, key) => ({ [key]: inner }),
    value as never,
  ) as never;
}

function valueAt(config: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
}

/** The message of the configuration error, or null when the configuration loads. */
function problemOf(options: Parameters<typeof loadConfig>[0]): string | null {
  try {
    loadConfig({ cwd: dir, ...options });
    return null;
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(exitCodeOf(e), EXIT.usage);
    return e.message;
  }
}

const defaults = loadConfig({ cwd: dir, env: {} });
/** Every number setting a variable gives (by its default, and the one without a default). */
const NUMBERS = ENV_VARS.filter(
  (v) => typeof valueAt(defaults, v.path) === 'number' || v.env === 'REDRESS_READ_THREADS',
);
/** Every yes/no setting a variable gives. */
const FLAGS = ENV_VARS.filter((v) => typeof valueAt(defaults, v.path) === 'boolean');

/** What is not a number, in a file or a variable. */
const NOT_NUMBERS_IN_FILE: readonly unknown[] = [
  '',
  '  ',
  null,
  false,
  true,
  '12abc',
  '0x10',
  '1e3',
  [],
  {},
  '8 080',
];
const NOT_NUMBERS_IN_ENV: readonly string[] = [
  '  ',
  'false',
  'true',
  '12abc',
  '0x10',
  '1e3',
  '0b1',
  'Infinity',
  '8 080',
];

describe('number settings given what is not a number', () => {
  it('has the settings to check', () => {
    assert.ok(NUMBERS.length > 40, `${NUMBERS.length}`);
    assert.ok(FLAGS.length >= 6, `${FLAGS.length}`);
    assert.ok(NUMBERS.some((v) => v.env === 'REDRESS_PORT'));
  });

  it('refuse it in the file, naming the key and the numbers allowed', () => {
    for (const { path } of NUMBERS)
      for (const bad of NOT_NUMBERS_IN_FILE) {
        const message = problemOf({ env: {}, configFile: configFile(nested(path, bad)) });
        const where = `${path.join('.')}=${JSON.stringify(bad)}`;
        assert.ok(message, `${where} was accepted`);
        assert.match(
          message,
          new RegExp(`${path.join('\\.')} in .*=${escapeRegExp(JSON.stringify(bad))} is not allowed`),
        );
        assert.match(message, /expected a (whole )?number .*from/, where);
      }
  });

  it('refuse it in a variable, naming the variable and the numbers allowed', () => {
    for (const { env: name } of NUMBERS)
      for (const bad of NOT_NUMBERS_IN_ENV) {
        const message = problemOf({ env: { [name]: bad } });
        assert.ok(message, `${name}=${JSON.stringify(bad)} was accepted`);
        assert.match(
          message,
          new RegExp(`${name}=${escapeRegExp(JSON.stringify(bad))} is not allowed: expected a`),
        );
      }
  });

  it('refuse it inside a variable of JSON (an IMAP mailbox’s port)', () => {
    for (const bad of NOT_NUMBERS_IN_FILE) {
      const box = { mailbox: 'complaints', host: 'h', user: 'u', passwordEnv: 'P', port: bad };
      const message = problemOf({ env: { REDRESS_IMAP: JSON.stringify([box]), P: 'x' } });
      assert.match(
        message ?? 'accepted',
        /REDRESS_IMAP\[0\]\.port=.* is not allowed: expected a whole number/,
      );
    }
  });

  it('take a number, or one written in digits, from the file and from a variable', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NUMBERS),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom('number', 'digits', 'spaced'),
        fc.boolean(),
        ({ env: name, path }, n, form, inFile) => {
          const given = form === 'number' ? n : form === 'digits' ? String(n) : ` ${n} `;
          const options = inFile
            ? { env: {}, configFile: configFile(nested(path, given)) }
            : { env: { [name]: String(given) } };
          // Digits are read as the number itself: both load to it, or both are refused (out of range, or more
          // than another setting allows).
          const asNumber = problemOf({ env: {}, configFile: configFile(nested(path, n)) });
          const asGiven = problemOf(options);
          assert.equal(
            asGiven === null,
            asNumber === null,
            `${JSON.stringify(given)}: ${asGiven ?? asNumber}`,
          );
          if (asGiven === null) assert.equal(valueAt(loadConfig({ cwd: dir, ...options }), path), n);
          else assert.doesNotMatch(asGiven, /Invalid input/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leave a setting whose variable is empty at its default', () => {
    assert.equal(loadConfig({ cwd: dir, env: { REDRESS_PORT: '' } }).http.port, 8080);
  });

  it('refuse any text that is not a number written in digits', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }).filter((s) => !/^\s*[+-]?\d+\s*$/.test(s)),
        (text) => {
          const message = problemOf({ env: { REDRESS_SMTP_PORT: text === '' ? ' ' : text } });
          assert.match(message ?? 'accepted', /REDRESS_SMTP_PORT=.* is not allowed: expected a whole number/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('take a fraction where one is allowed (messages per second), and refuse what is not a number', () => {
    assert.equal(
      loadConfig({ cwd: dir, env: { REDRESS_OUTBOUND_PER_DOMAIN_PER_SECOND: '0.5' } }).outbound
        .perDomainPerSecond,
      0.5,
    );
    for (const bad of NOT_NUMBERS_IN_FILE) {
      const message = problemOf({
        env: {},
        configFile: configFile({ outbound: { perDomainPerSecond: bad } }),
      });
      assert.match(message ?? `${JSON.stringify(bad)} accepted`, /expected a number of messages per second/);
    }
  });
});

describe('yes/no settings given what is not one', () => {
  it('refuse it, naming the setting and the words allowed (not zod’s "Invalid input")', () => {
    for (const { env: name, path } of FLAGS) {
      for (const bad of ['', '  ', null, 1, 0, 'maybe', [], {}]) {
        const message = problemOf({ env: {}, configFile: configFile(nested(path, bad)) });
        assert.ok(message, `${path.join('.')}=${JSON.stringify(bad)} was accepted`);
        assert.match(message, /is not allowed: expected true or false/);
        assert.doesNotMatch(message, /Invalid input/);
      }
      for (const bad of ['maybe', ' ', '2', 'truee']) {
        const message = problemOf({ env: { [name]: bad } });
        assert.match(
          message ?? `${name}=${bad} accepted`,
          new RegExp(`${name}=.* is not allowed: expected true or false`),
        );
      }
    }
  });
});

describe('list settings given what is not a list', () => {
  it('refuse it, naming the setting', () => {
    for (const path of [['workingWeek'], ['closureDays'], ['smtp', 'trustedRelays'], ['alerts', 'leads']])
      for (const bad of ['', null, true, 3, {}, 'mon,tue']) {
        const message = problemOf({ env: {}, configFile: configFile(nested(path, bad)) });
        assert.ok(message, `${path.join('.')}=${JSON.stringify(bad)} was accepted`);
        assert.match(message, new RegExp(`${path.join('\\.')} in .* is not allowed: expected`));
        assert.doesNotMatch(message, /Invalid input/);
      }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
