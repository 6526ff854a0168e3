// `redress user …` as an administrator runs it on a fresh install, and `redress start` saying how to begin.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

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
    assert.deepEqual(rows[0], {
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
    assert.match(twice.stderr, /There is already an account with this e-mail address/);
    const dept = redress(
      ['user', 'add', '--email', 'd@example.org', '--role', 'department_member', '--password-stdin'],
      'another long password',
    );
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
