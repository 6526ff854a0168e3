// docs/deploy.md, checked: every block with a `title=` (a file an operator copies) is checked by the tool that
// reads it: systemd units with `systemd-analyze verify` and by running their ExecStart command line on this
// checkout; environment and configuration files by loading them as Redress does; nginx with `nginx -t`; Caddy
// with `caddy validate`; Prometheus with `promtool`; the SQL on a migrated PostgreSQL database. A check whose
// tool is not installed is skipped, and says so (.ci/run installs them).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ENV_VARS, loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES } from '../support/databases.ts';

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8');

/** The blocks of the document that stand for a file, by title. */
const blocks = new Map<string, string>();
for (const m of doc.matchAll(/^```(\w+) title=(.+)\n([\s\S]*?)^```$/gm)) blocks.set(m[2]!.trim(), m[3]!);

function block(title: string): string {
  const text = blocks.get(title);
  assert.ok(text !== undefined, `docs/deploy.md has a block titled ${title}`);
  return text;
}

const missing = (tool: string) =>
  spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0 ? false : `${tool} is not installed`;

/** An environment file as systemd reads ours: KEY=value lines, # comments, no quoting. */
function envFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    assert.ok(m, `an environment line: ${line}`);
    assert.ok(!/["'\\$ ]/.test(m[2]!), `no quoting or spaces needed: ${line}`);
    env[m[1]!] = m[2]!;
  }
  return env;
}

/** The ExecStart of a unit as an argument vector, with the install folder replaced by this checkout. */
function execStart(unit: string): string[] {
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  assert.ok(line, 'the unit has an ExecStart');
  const argv = line.slice('ExecStart='.length).trim().split(/\s+/);
  assert.ok(!argv.some((a) => /["'\\$%;|&]/.test(a)), `plain words, nothing for systemd to expand: ${line}`);
  return argv.map((a) => a.replace(/^\/opt\/redress/, root));
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'redress-deploy-doc-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/deploy.md', () => {
  it('names only variables that Redress reads', () => {
    const known = new Set([
      ...ENV_VARS.map((v) => v.env),
      'REDRESS_CONFIG',
      'REDRESS_SECRET_KEY',
      'REDRESS_OUTBOUND_PASSWORD',
    ]);
    const named = new Set(doc.match(/\bREDRESS_[A-Z0-9_]+/g));
    const unknown = [...named].filter((n) => !known.has(n));
    assert.deepEqual(unknown, []);
  });

  it('names, here and in the README, only files of the installation that an install has', () => {
    // `npm ci` in /opt/redress links the commands of its dependencies into node_modules/.bin, never Redress's own:
    // a mail server's pipe or a unit that runs /opt/redress/node_modules/.bin/redress finds nothing.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const named = new Set(
      [...`${doc}\n${readme}`.matchAll(/\/opt\/redress\/[\w./-]*[\w/]/g)].map((m) => m[0]),
    );
    assert.ok(named.size > 0);
    const absent = [...named].filter((p) => !existsSync(p.replace(/^\/opt\/redress/, root)));
    assert.deepEqual(absent, []);
  });

  it("the mail server's pipe in the README names the configuration and the database", () => {
    // Postfix runs the pipe with an environment of its own, in its own folder: without them, `redress ingest`
    // would read no configuration and open ./var/redress.db there.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const lines = readme.split('\n').filter((l) => /redress\.js ingest\b/.test(l));
    assert.ok(lines.length >= 2, 'the pipe of master.cf and the alias');
    for (const line of lines) {
      assert.match(line, /REDRESS_CONFIG=\/etc\/redress\/redress\.config\.json/, line);
      assert.match(line, /REDRESS_DATABASE_URL=sqlite:\/var\/lib\/redress\/redress\.db/, line);
    }
  });

  it('is linked from the README', () => {
    assert.match(readFileSync(join(root, 'README.md'), 'utf8'), /\]\(docs\/deploy\.md\)/);
  });

  it('the configuration and environment files load, with the roles they say', () => {
    const configFile = join(dir, 'redress.config.json');
    writeFileSync(configFile, block('/etc/redress/redress.config.json'));
    const load = (env: Record<string, string>) =>
      loadConfig({ env: { ...env, REDRESS_CONFIG: configFile }, cwd: dir });
    const single = load(envFile(block('/etc/redress/redress.env')));
    assert.deepEqual(single.role, ['web', 'mail', 'worker']);
    assert.equal(single.mailboxes.length, 3);
    const common = envFile(block('/etc/redress/common.env'));
    assert.match(common.REDRESS_DATABASE_URL!, /^postgres:\/\//);
    for (const role of ['web', 'mail', 'worker'] as const) {
      const config = load({ ...common, ...envFile(block(`/etc/redress/${role}.env`)) });
      assert.deepEqual(config.role, [role]);
    }
    // Postfix relays the configured addresses to the listener's port.
    const port = envFile(block('/etc/redress/redress.env')).REDRESS_SMTP_PORT;
    const routes = block('/etc/postfix/transport')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    assert.deepEqual(routes.map((r) => r[0]).sort(), single.mailboxes.map((m) => m.address).sort());
    for (const r of routes) assert.equal(r[1], `smtp:[127.0.0.1]:${port}`);
  });

  for (const title of ['/etc/systemd/system/redress.service', '/etc/systemd/system/redress@.service'])
    it(`${title}: systemd-analyze verify`, { skip: missing('systemd-analyze') }, () => {
      const unitDir = mkdtempSync(join(dir, 'units-'));
      const name = title.split('/').pop()!;
      // The paths of this checkout, so that systemd finds the executable; the environment files are optional here.
      writeFileSync(
        join(unitDir, name),
        block(title)
          .replaceAll('/opt/redress', root)
          .replace(/^EnvironmentFile=/gm, 'EnvironmentFile=-'),
      );
      const unit = name.includes('@') ? name.replace('@', '@web') : name;
      const r = spawnSync('systemd-analyze', ['verify', join(unitDir, unit)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr.trim(), '', 'no warning');
    });

  const running: ChildProcess[] = [];
  after(() => {
    for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
  });

  for (const [title, envs, role] of [
    ['/etc/systemd/system/redress.service', ['/etc/redress/redress.env'], 'all'],
    ['/etc/systemd/system/redress@.service', ['/etc/redress/common.env', '/etc/redress/web.env'], 'web'],
  ] as const)
    it(`${title}: its ExecStart starts Redress (${role}) and SIGTERM stops it cleanly`, async () => {
      const argv = execStart(block(title));
      const configFile = join(dir, `config-${role}.json`);
      writeFileSync(configFile, block('/etc/redress/redress.config.json'));
      const keyFile = join(dir, `secret-${role}.key`);
      writeFileSync(keyFile, 'k'.repeat(48));
      chmodSync(keyFile, 0o600);
      const env = Object.assign({}, ...envs.map((e) => envFile(block(e)))) as Record<string, string>;
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          ...env,
          // This machine's own: a database, ports and files of the test.
          REDRESS_CONFIG: configFile,
          REDRESS_DATABASE_URL: `sqlite:${join(dir, `${role}.db`)}`,
          REDRESS_SECRET_KEY_FILE: keyFile,
          REDRESS_HOST: '127.0.0.1',
          REDRESS_PORT: '0',
          REDRESS_SMTP_PORT: '0',
          REDRESS_OUTBOUND_ENABLED: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.push(child);
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited ${code}:\n${out}`));
        });
      });
      assert.equal((await fetch(new URL('/readyz', url))).status, 200);
      assert.equal((await fetch(new URL('/sign-in', url))).status, 200);
      const metrics = await fetch(new URL('/metrics', url), {
        headers: { authorization: `Bearer ${env.REDRESS_METRICS_TOKEN}` },
      });
      assert.equal(metrics.status, 200);
      if (role === 'all') assert.match(out, /receives mail by SMTP/);
      else assert.doesNotMatch(out, /receives mail by SMTP/);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      if (!missing('jq')) logFilterReads(out);
    });

  /**
   * The document's `journalctl … | jq …` line, run over what a service wrote (the journal keeps standard output and
   * standard error alike, the plain start-up sentences among the JSON lines), with a warning added: it must go through
   * all of it and keep the warning.
   */
  function logFilterReads(written: string): void {
    const line = doc.split('\n').find((l) => l.startsWith('journalctl ') && l.includes('| jq '));
    assert.ok(line, 'the Logs section has a journalctl | jq line');
    const filter = line.slice(line.indexOf('| jq ') + 2);
    const warning = '{"level":40,"time":1,"msg":"a warning"}';
    const r = spawnSync('sh', ['-c', filter], { input: `${written}${warning}\n`, encoding: 'utf8' });
    assert.equal(r.status, 0, `${filter}: ${r.stderr}`);
    const kept = r.stdout.trim().split('\n');
    assert.ok(kept.includes(warning), r.stdout);
    for (const l of kept) assert.ok((JSON.parse(l) as { level: number }).level >= 40, l);
  }

  for (const title of [
    '/etc/nginx/sites-available/redress.conf',
    '/etc/nginx/sites-available/redress.conf (several machines)',
  ])
    it(`${title}: nginx -t`, { skip: missing('nginx') || missing('openssl') }, () => {
      const nginxDir = mkdtempSync(join(dir, 'nginx-'));
      const r0 = spawnSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=complaints.example.org',
          '-days',
          '1',
          '-keyout',
          join(nginxDir, 'key.pem'),
          '-out',
          join(nginxDir, 'cert.pem'),
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r0.status, 0, r0.stderr);
      writeFileSync(
        join(nginxDir, 'site.conf'),
        block(title)
          .replace('/etc/letsencrypt/live/complaints.example.org/fullchain.pem', join(nginxDir, 'cert.pem'))
          .replace('/etc/letsencrypt/live/complaints.example.org/privkey.pem', join(nginxDir, 'key.pem')),
      );
      writeFileSync(
        join(nginxDir, 'nginx.conf'),
        `pid ${nginxDir}/nginx.pid;\nerror_log ${nginxDir}/error.log;\nevents {}\nhttp {\n  access_log off;\n` +
          `  client_body_temp_path ${nginxDir}/body;\n  proxy_temp_path ${nginxDir}/proxy;\n` +
          `  include ${nginxDir}/site.conf;\n}\n`,
      );
      const r = spawnSync('nginx', ['-t', '-p', nginxDir, '-c', join(nginxDir, 'nginx.conf')], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /test is successful/);
    });

  for (const title of ['/etc/caddy/Caddyfile', '/etc/caddy/Caddyfile (several machines)'])
    it(`${title}: caddy validate`, { skip: missing('caddy') }, () => {
      const file = join(mkdtempSync(join(dir, 'caddy-')), 'Caddyfile');
      writeFileSync(file, block(title));
      const r = spawnSync('caddy', ['validate', '--config', file, '--adapter', 'caddyfile'], {
        encoding: 'utf8',
        env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });

  it('the Prometheus configuration and rules: promtool check', { skip: missing('promtool') }, () => {
    const promDir = mkdtempSync(join(dir, 'prometheus-'));
    writeFileSync(join(promDir, 'redress.rules.yml'), block('/etc/prometheus/redress.rules.yml'));
    writeFileSync(join(promDir, 'redress-metrics.token'), 'x'.repeat(48));
    writeFileSync(
      join(promDir, 'prometheus.yml'),
      block('/etc/prometheus/prometheus.yml').replaceAll('/etc/prometheus/', `${promDir}/`),
    );
    const r = spawnSync('promtool', ['check', 'config', join(promDir, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /SUCCESS: 10 rules found/);
  });

  it('the PostgreSQL settings: the SQL runs on a migrated database, the settings exist', {
    skip: ENGINES.includes('postgres') ? false : 'PostgreSQL tests are off',
  }, async () => {
    const test = await createTestDatabase('postgres');
    try {
      const name = new URL(test.url).pathname.slice(1);
      const client = new pg.Client({ connectionString: test.url });
      await client.connect();
      try {
        await client.query(
          block('autovacuum.sql').replace('alter database redress', `alter database ${name}`),
        );
        const tuned = await client.query<{ relname: string }>(
          `select relname from pg_class where reloptions is not null and relkind = 'r'`,
        );
        assert.ok(tuned.rows.length >= 13, `${tuned.rows.length} tables tuned`);
        const settings = block('postgresql.conf (excerpt)')
          .trim()
          .split('\n')
          .map((l) => l.split('=')[0]!.trim());
        const found = await client.query<{ name: string }>(
          'select name from pg_settings where name = any($1)',
          [settings],
        );
        assert.deepEqual(found.rows.map((r) => r.name).sort(), [...settings].sort());
      } finally {
        await client.end();
      }
    } finally {
      await test.drop();
    }
  });
});
