// `redress backup` while the server receives mail over SMTP, then `redress restore` into a fresh folder: the copy
// is owner-only, the restored archive verifies, and a server started on it answers. Restore refuses what it must.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress, startServer } from '../mail/support/server.ts';
import { smtpClient } from '../support/smtp-client.ts';

const none = Buffer.alloc(0);

/** Sends messages one after another until `stop()`; resolves with how many were accepted and refused. */
function keepSending(port: number) {
  let stopped = false;
  let accepted = 0;
  let refused = 0;
  const transport = smtpClient(port);
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      try {
        const info = await transport.sendMail({
          envelope: { from: 'sender@example.net', to: ['complaint@example.org'] },
          raw: rawMessage({ from: `Sender ${i} <sender${i}@example.net>`, body: `Complaint ${i}.\nFix it.` }),
        });
        if (/^250 /.test(String(info.response))) accepted++;
        else refused++;
      } catch {
        refused++;
      }
    }
    transport.close();
    return { accepted, refused };
  })();
  return {
    accepted: () => accepted,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}

it('backs up while the server files mail; the restored copy verifies and serves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-backup-'));
  const live = `sqlite:${join(dir, 'live', 'redress.db')}`;
  const backup = join(dir, 'backups', 'redress-backup.db');
  const freshDb = join(dir, 'fresh', 'redress.db');
  let server = await startServer(live);
  try {
    const sender = keepSending(server.smtpPort);
    await until(() => sender.accepted() >= 20);
    const first = await runRedress(['backup', backup], none, { REDRESS_DATABASE_URL: live });
    const during = sender.accepted();
    await until(() => sender.accepted() >= during + 10);
    const second = await runRedress(['backup', `${backup}.2`], none, { REDRESS_DATABASE_URL: live });
    const sent = await sender.stop();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(sent.refused, 0, 'the server kept accepting mail during the backups');
    assert.match(first.stdout, /backed up to .*: \d+ cases/);
    assert.equal(statSync(backup).mode & 0o777, 0o600, 'the backup is readable by its owner only');

    // A backup never overwrites.
    const again = await runRedress(['backup', backup], none, { REDRESS_DATABASE_URL: live });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);

    // Restore refuses the live database, even with --force.
    const onLive = await runRedress(['restore', '--force', backup], none, { REDRESS_DATABASE_URL: live });
    assert.equal(onLive.code, 2);
    assert.match(onLive.stderr, /in use/);

    const restored = await runRedress(['restore', backup], none, {
      REDRESS_DATABASE_URL: `sqlite:${freshDb}`,
    });
    assert.equal(restored.code, 0, restored.stderr);
    assert.equal(statSync(freshDb).mode & 0o777, 0o600);
    const fromBackup = new SqliteDatabase(freshDb, { readonly: true });
    const cases = (fromBackup.prepare('select count(*) as n from cases').get() as { n: number }).n;
    fromBackup.close();
    assert.ok(cases >= 20 && cases <= sent.accepted, `cases in the backup: ${cases}`);

    const verify = await runRedress(['archive', 'verify'], none, {
      REDRESS_DATABASE_URL: `sqlite:${freshDb}`,
    });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /archive intact/);

    // Restoring over an existing (stopped) database needs --force.
    const over = await runRedress(['restore', `${backup}.2`], none, {
      REDRESS_DATABASE_URL: `sqlite:${freshDb}`,
    });
    assert.equal(over.code, 2);
    assert.match(over.stderr, /already exists.*--force/);
    const forced = await runRedress(['restore', '--force', `${backup}.2`], none, {
      REDRESS_DATABASE_URL: `sqlite:${freshDb}`,
    });
    assert.equal(forced.code, 0, forced.stderr);

    await server.stop();
    server = await startServer(`sqlite:${freshDb}`);
    const url = /listening on (http:\/\/[^\s]+)/.exec(server.output())![1]!;
    const health = await fetch(new URL('/health', url));
    assert.equal(health.status, 200);
    const page = await fetch(new URL('/sign-in', url));
    assert.equal(page.status, 200);
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('restore refuses a file that is not a Redress database, or one from a newer version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-restore-'));
  const env = { REDRESS_DATABASE_URL: `sqlite:${join(dir, 'target', 'redress.db')}` };
  try {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough');
    const r1 = await runRedress(['restore', text], none, env);
    assert.equal(r1.code, 2);
    assert.match(r1.stderr, /not an SQLite database/);

    const other = join(dir, 'other.db');
    const o = new SqliteDatabase(other);
    o.exec('create table things (x)');
    o.close();
    const r2 = await runRedress(['restore', other], none, env);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /not a Redress database/);

    // A real backup from a newer version: one migration this version does not know.
    const source = `sqlite:${join(dir, 'src', 'redress.db')}`;
    assert.equal((await runRedress(['migrate'], none, { REDRESS_DATABASE_URL: source })).code, 0);
    const newer = join(dir, 'newer.db');
    assert.equal((await runRedress(['backup', newer], none, { REDRESS_DATABASE_URL: source })).code, 0);
    const n = new SqliteDatabase(newer);
    n.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(
      '209912312359-from-the-future',
      new Date().toISOString(),
    );
    n.close();
    const r3 = await runRedress(['restore', newer], none, env);
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /newer Redress.*209912312359-from-the-future/);
    assert.equal(existsSync(join(dir, 'target', 'redress.db')), false, 'nothing was restored');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('backup on PostgreSQL points to pg_dump', async () => {
  const r = await runRedress(['backup', '/tmp/never-written.db'], none, {
    REDRESS_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pg_dump/);
});
