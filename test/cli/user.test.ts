// `redress user …` as an administrator runs it on a fresh install, and `redress start` saying how to begin.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { migrateToLatest } from '../../src/adapters/db/migrate.ts';
import { createAppContext } from '../../src/app/context.ts';
import { updateSettings } from '../../src/app/settings.ts';
import { loadConfig } from '../../src/config.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'redress-user-'));
const env = {
  ...process.env,
  REDRESS_DATABASE_URL: `sqlite:${join(dir, 'redress.db')}`,
  REDRESS_LOG_LEVEL: 'warn',
};

function redress(args: string[], input = '') {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redress user', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('on an empty database, `redress start` says how to create the first administrator', async () => {
    const child = spawn(process.execPath, [bin, 'start'], {
      env: { ...env, REDRESS_PORT: '0', REDRESS_SMTP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no hint printed: ${out}`)), 20_000);
        child.stdout.on('data', (d) => {
          out += d;
          if (/sign in at/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      assert.match(out, /There is no user account yet/);
      assert.match(out, /npx redress user add --email you@example.org --role administrator/);
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('adds the first administrator with the password from stdin, and lists accounts as JSON lines', () => {
    const r = redress(
      [
        'user',
        'add',
        '--email',
        'Root@Example.org',
        '--role',
        'administrator',
        '--name',
        'Root Admin',
        '--password-stdin',
      ],
      'a long and secret passphrase\n',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /added root@example.org \(administrator\)/);
    const list = redress(['user', 'list']);
    assert.equal(list.code, 0);
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The id is what `redress report --owner` takes.
    const { id, ...rest } = rows[0];
    assert.equal(typeof id, 'string');
    assert.deepEqual(rest, {
      email: 'root@example.org',
      name: 'Root Admin',
      role: 'administrator',
      departments: [],
      status: 'active',
      lastSignInAt: null,
    });
    assert.ok(!list.stdout.includes('passphrase'));
  });

  it('refuses bad input with a sentence that names the option and the fix', () => {
    const role = redress(
      ['user', 'add', '--email', 'x@example.org', '--role', 'boss', '--password-stdin'],
      'x'.repeat(20),
    );
    assert.equal(role.code, 2);
    assert.match(
      role.stderr,
      /--role "boss" is not a role; use one of: agent, lead, management, department_member/,
    );
    const email = redress(
      ['user', 'add', '--email', 'nope', '--role', 'agent', '--password-stdin'],
      'x'.repeat(20),
    );
    assert.equal(email.code, 2);
    assert.match(email.stderr, /--email "nope" is not an e-mail address/);
    const short = redress(
      ['user', 'add', '--email', 'bo@example.org', '--role', 'agent', '--password-stdin'],
      'short\n',
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /Choose a password of at least 12 characters/);
    const twice = redress(
      ['user', 'add', '--email', 'root@example.org', '--role', 'agent', '--password-stdin'],
      'another long password',
    );
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /There is already an account for root@example.org/);
    const dept = redress(
      ['user', 'add', '--email', 'd@example.org', '--role', 'department_member', '--password-stdin'],
      'another long password',
    );
    assert.equal(dept.code, 2);
    assert.match(dept.stderr, /A department member needs at least one department/);
  });

  it('sets a password and disables and enables an account, never the last administrator', () => {
    assert.equal(
      redress(
        ['user', 'set-password', '--email', 'root@example.org', '--password-stdin'],
        'a brand new passphrase',
      ).code,
      0,
    );
    const last = redress(['user', 'disable', '--email', 'root@example.org']);
    assert.equal(last.code, 1);
    assert.match(last.stderr, /last active administrator/);
    redress(
      ['user', 'add', '--email', 'a@example.org', '--role', 'agent', '--password-stdin'],
      'an agent passphrase',
    );
    const off = redress(['user', 'disable', '--email', 'a@example.org']);
    assert.equal(off.code, 0);
    assert.match(off.stdout, /a@example.org is disabled/);
    assert.match(redress(['user', 'enable', '--email', 'a@example.org']).stdout, /a@example.org is active/);
  });
});

describe('redress user add: a department member only in departments that exist', () => {
  const own = mkdtempSync(join(tmpdir(), 'redress-user-dept-'));
  const url = `sqlite:${join(own, 'redress.db')}`;
  after(() => rmSync(own, { recursive: true, force: true }));
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...env, REDRESS_DATABASE_URL: url, ...extra },
      input: 'a department passphrase\n',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const member = (email: string, ...departments: string[]) => [
    'user',
    'add',
    '--email',
    email,
    '--role',
    'department_member',
    ...departments.flatMap((d) => ['--department', d]),
    '--password-stdin',
  ];
  const emails = () =>
    run(['user', 'list'])
      .stdout.trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { email: string; departments: string[] });
  const configured = {
    REDRESS_DEPARTMENTS: JSON.stringify([
      { name: 'Billing', email: 'billing@example.org', keywords: [] },
      { name: 'Hosting', email: 'hosting@example.org', keywords: [] },
    ]),
  };

  it('refuses a department when none exists, saying where to add one, as a usage error; no account is made', () => {
    const r = run(member('d1@example.org', 'Billing'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /There is no department “Billing”, and no department exists yet: add it first under Administration › Departments/,
    );
    assert.deepEqual(emails(), []);
  });

  it('names the unknown department and the existing ones, and keeps the configured spelling of a known one', () => {
    const typo = run(member('d2@example.org', 'Billing', 'Biling'), configured);
    assert.equal(typo.code, 2, typo.stderr);
    assert.match(
      typo.stderr,
      /There is no department “Biling”\. Choose among Billing, Hosting, or add it first/,
    );
    assert.deepEqual(emails(), []);
    const ok = run(member('d2@example.org', 'billing', 'Hosting'), configured);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(
      emails().map((u) => [u.email, u.departments]),
      [['d2@example.org', ['Billing', 'Hosting']]],
    );
  });

  it('knows the departments an administrator added in the application (stored settings), not only the file’s', async () => {
    const database = await openDatabase(url);
    try {
      await migrateToLatest(database);
      const config = loadConfig({ env: { REDRESS_DATABASE_URL: url }, cwd: '/nonexistent' });
      const ctx = createAppContext(config, database);
      await updateSettings(
        ctx,
        config,
        { departments: [{ name: 'Legal', email: 'legal@example.org', keywords: [] }] },
        { actor: 'cli', label: null, address: null },
      );
    } finally {
      await database.close();
    }
    const r = run(member('d3@example.org', 'legal'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(emails().find((u) => u.email === 'd3@example.org')?.departments, ['Legal']);
  });
});
