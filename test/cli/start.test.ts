// `redress start` (what `npm start` runs) on a fresh SQLite file: migrates, listens, prints its address, stops cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;

it('starts on an empty SQLite database, prints where it listens, answers, and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-start-'));
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      REDRESS_DATABASE_URL: `sqlite:${join(dir, 'redress.db')}`,
      REDRESS_PORT: '0',
      REDRESS_SMTP_PORT: '0',
      REDRESS_LOG_LEVEL: 'warn',
      // A name that is no setting, as an operator might guess it: started all the same, and told.
      REDRESS_HTTP_PORT: '8780',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      // A safety net, not a timing check: start-up takes a few seconds, but on a machine shared by several test
      // runs it has taken over 20 s (the same work, waiting for a core), as in test/mail/support/server.ts.
      const timer = setTimeout(
        () => reject(new Error(`no address printed; stdout: ${out}\nstderr: ${err}`)),
        180_000,
      );
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}\n${err}`)));
    });
    const res = await fetch(new URL('/health', url));
    assert.equal(res.status, 200);
    assert.match(
      err,
      /redress: warning: REDRESS_HTTP_PORT is not a setting of Redress and is ignored; did you mean .*\bREDRESS_PORT\b/,
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

it('stops with a clear message when the SMTP port is taken, naming the settings to change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-start-'));
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  try {
    const child = spawn(process.execPath, [bin, 'start'], {
      env: {
        ...process.env,
        REDRESS_DATABASE_URL: `sqlite:${join(dir, 'redress.db')}`,
        REDRESS_PORT: '0',
        REDRESS_SMTP_PORT: String(port),
        REDRESS_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(err, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
    assert.match(err, /REDRESS_SMTP_PORT/);
  } finally {
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
