// The `redress` command as a user runs it: deadline, bad input, migrate, archive verify on a tampered database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES } from '../support/databases.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
function redress(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redress deadline', () => {
  it('gives 2027-01-11 for 2026-12-23T17:00:00Z in DE-BW, one JSON line per instant, in order', () => {
    const r = redress(['deadline', '2026-12-23T17:00:00Z', '2026-12-26T10:00:00+01:00'], {
      REDRESS_HOLIDAYS: 'DE-BW',
    });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], {
      receivedAt: '2026-12-23T17:00:00.000Z',
      acknowledgeBy: '2026-12-24T17:00:00.000Z',
      answerBy: '2027-01-11T22:59:59.999Z',
      answerByDate: '2027-01-11',
    });
    assert.equal(lines[1].answerByDate, '2027-01-12');
  });

  it('follows the configured region: Epiphany is a working day in Berlin', () => {
    const r = redress(['deadline', '2026-12-23T17:00:00Z'], { REDRESS_HOLIDAYS: 'DE-BE' });
    assert.equal(JSON.parse(r.stdout).answerByDate, '2027-01-08');
  });

  it('refuses an instant without an offset with exit code 2 and says how to write it', () => {
    const r = redress(['deadline', '2026-12-23T17:00:00']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /with an offset.*2026-12-23T17:00:00Z/);
    assert.equal(r.stdout, '');
  });

  it('stops on a bad configuration value, naming the variable, the value and what is allowed', () => {
    const r = redress(['deadline', '2026-12-23T17:00:00Z'], {
      REDRESS_HOLIDAYS: 'DE-XX',
      REDRESS_ANSWER_BUSINESS_DAYS: 'ten',
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /REDRESS_HOLIDAYS="DE-XX".*DE-BW/);
    assert.match(r.stderr, /REDRESS_ANSWER_BUSINESS_DAYS="ten".*whole number/);
  });

  it('has --help on every command', () => {
    for (const args of [
      ['--help'],
      ['deadline', '--help'],
      ['migrate', '--help'],
      ['archive', 'verify', '--help'],
      ['start', '--help'],
    ]) {
      const r = redress(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /Usage: redress/);
    }
  });

  it('answers an unknown command with exit code 2', () => {
    assert.equal(redress(['nonsense']).code, 2);
  });
});

describe('redress migrate and archive verify', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('exits 75 (try again later) when the database cannot be reached', () => {
    const r = redress(['migrate'], { REDRESS_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    assert.equal(r.code, 75, r.stderr);
    assert.match(r.stderr, /cannot reach PostgreSQL/);
  });

  it('says which temporary folder it could not write and exits 73, not 1 (not intact), when it has no scratch file', async () => {
    const tdb = await createTestDatabase('sqlite');
    try {
      const r = redress(['archive', 'verify'], {
        REDRESS_DATABASE_URL: tdb.url,
        TMPDIR: '/nonexistent-redress-tmp',
      });
      assert.equal(r.code, 73, r.stderr);
      assert.match(
        r.stderr,
        /temporary folder \/nonexistent-redress-tmp, which could not be written \(ENOENT\)/,
      );
      assert.match(r.stderr, /set TMPDIR to a folder this user may write/);
      assert.doesNotMatch(r.stdout, /archive (NOT )?intact/);
    } finally {
      await tdb.drop();
    }
  });

  for (const engine of ENGINES) {
    it(`names a case whose event was edited by hand (${engine})`, async () => {
      const tdb = await createTestDatabase(engine);
      try {
        const ctx = createAppContext(loadConfig({ env: {} }), tdb.database);
        const c = await openCase(ctx, {
          kind: 'complaint',
          step: 1,
          channel: 'email',
          receivedAt: '2026-11-20T09:00:00.000Z',
          language: 'fr',
          subject: 'Réclamation',
          complainant: { name: 'Jeanne', email: 'jeanne@example.fr' },
          fields: { ticketRefs: [], domains: [], description: 'x', expectations: 'y' },
          missing: [],
          correspondenceId: null,
          actor: 'user:clerk',
        });
        await actOnCase(ctx, c.caseId, { type: 'add_note', text: 'genuine' }, 'user:clerk');
        const ok = redress(['archive', 'verify'], { REDRESS_DATABASE_URL: tdb.url });
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /archive intact: 2 streams, 3 events/);
        await tdb.database.db
          .updateTable('events')
          .set({ actor: 'user:mallory' })
          .where('stream', '=', `case:${c.caseId}`)
          .where('seq', '=', 2)
          .execute();
        const bad = redress(['archive', 'verify'], { REDRESS_DATABASE_URL: tdb.url });
        assert.equal(bad.code, 1);
        assert.match(bad.stdout, new RegExp(`altered: case:${c.caseId} #2`));
        assert.match(bad.stdout, /archive NOT intact/);
      } finally {
        await tdb.drop();
      }
    });
  }

  it('migrates an empty SQLite file and is idempotent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-cli-'));
    dirs.push(dir);
    const url = `sqlite:${join(dir, 'x.db')}`;
    const first = redress(['migrate'], { REDRESS_DATABASE_URL: url });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /applied: 202611230001-core/);
    const second = redress(['migrate'], { REDRESS_DATABASE_URL: url });
    assert.match(second.stdout, /up to date/);
    const db = await openDatabase(url);
    await db.close();
  });
});

describe('command dispatch', () => {
  it('finds the command after the global --config option', async () => {
    const { commandName } = await import('../../src/cli/common.ts');
    assert.equal(commandName(['deadline', 'x']), 'deadline');
    assert.equal(commandName(['-c', 'conf.json', 'ingest', '--mailbox', 'complaints']), 'ingest');
    assert.equal(commandName(['--config', 'conf.json', 'archive', 'verify']), 'archive');
    assert.equal(commandName(['--help']), null);
  });
});

describe('redress report', () => {
  it('prints the figures of a period as JSON, and refuses a bad date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-report-'));
    try {
      const url = `sqlite:${join(dir, 'r.db')}`;
      const r = redress(['report', '--year', '2026'], { REDRESS_DATABASE_URL: url });
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(report.period, { from: '2026-01-01', to: '2026-12-31' });
      assert.equal(report.complaints.received, 0);
      const bad = redress(['report', '--from', '2026-02-30'], { REDRESS_DATABASE_URL: url });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--from "2026-02-30".*2026-01-31/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redress started by an older Node', () => {
  // A mail server's pipe or a service manager finds the system's Node first, which may be older than 24.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
    (p) => spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0,
  );
  it('runs itself again with the pinned Node 24, passing arguments, input and exit code', {
    skip: systemNode ? false : 'no system Node on this machine',
  }, () => {
    const env = { ...process.env, PATH: '/usr/bin:/bin' };
    const parsed = spawnSync(systemNode!, [bin, 'parse', '--mailbox', 'complaints', '-'], {
      encoding: 'utf8',
      env,
      input:
        'From: Marie <marie@example.fr>\r\nSubject: Transmission de réclamation - Etape 1\r\n\r\nBonjour\r\n',
    });
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.equal(JSON.parse(parsed.stdout).complainant.email, 'marie@example.fr');
    const refused = spawnSync(systemNode!, [bin, 'deadline', 'not-an-instant'], { encoding: 'utf8', env });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /not-an-instant/);
  });
});
