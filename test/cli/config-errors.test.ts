// What an operator reads when a setting is wrong: the setting named as they gave it (the variable, the place inside
// its JSON, or the key of the file), what to do, and never a secret of theirs (a password of the database URL, of
// an IMAP mailbox, the metrics token): the message goes to a terminal's scrollback and to the journal.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ServerKeyError, serverKeyFrom } from '../../src/adapters/crypto/secrets.ts';
import { EXIT, exitCodeOf } from '../../src/cli/common.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'redress-config-errors-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The message of the configuration error that loading gives (fails when it loads). */
function problemOf(options: Parameters<typeof loadConfig>[0]): string {
  try {
    loadConfig({ cwd: dir, ...options });
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(exitCodeOf(e), EXIT.usage);
    return e.message;
  }
  assert.fail('the configuration loaded');
}

const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `Sx${s}`);

/** Ways to get a setting wrong while a secret stands in the same value, each by the variable or the file. */
const mistakes: Array<(s: string) => Parameters<typeof loadConfig>[0]> = [
  (s) => ({ env: { REDRESS_IMAP: `[{"host":"h","user":"u","password":"${s}",}]` } }),
  (s) => ({ env: { REDRESS_IMAP: `[{"host":"h","user":"u","password":"${s}"}]` } }),
  (s) => ({ env: { REDRESS_IMAP: `[{"mailbox":"complaints","host":"","user":"u","password":"${s}"}]` } }),
  (s) => ({ env: { REDRESS_IMAP: `{"host":"h","user":"u","password":"${s}"}` } }),
  (s) => ({ env: { REDRESS_IMAP: `["h:u:${s}"]` } }),
  (s) => ({ env: { REDRESS_IMAP: `[{"mailbox":"complaints","host":"h","user":"u","password":["${s}"]}]` } }),
  (s) => ({ env: { REDRESS_DATABASE_URL: `mysql://redress:${s}@db.example.org/redress` } }),
  (s) => ({ env: { REDRESS_DATABASE_URL: `postgres://redress:${s}@db.example.org:99999/redress` } }),
  (s) => ({ env: { REDRESS_DATABASE_URL: `postgres://redress:${s}@[db/redress` } }),
  (s) => ({ env: { REDRESS_METRICS_TOKEN: s.slice(0, 15) } }),
  (s) => ({ configFile: configFile({ imap: [{ host: 'h', user: 'u', password: s }] }) }),
  (s) => ({
    configFile: configFile({ imap: [{ mailbox: 'complaints', host: 'h', user: 'u', password: s, port: 0 }] }),
  }),
  (s) => ({ configFile: configFile({ imap: { host: 'h', user: 'u', password: s } }) }),
  (s) => ({ configFile: configFile({ databaseUrl: `mysql://redress:${s}@db/redress` }) }),
  (s) => ({ configFile: configFile({ metrics: { token: s.slice(0, 15) } }) }),
  (s) => ({ configFile: writeText(`{"imap":[{"host":"h","user":"u","password":"${s}",}]}`) }),
  (s) => ({ configFile: writeText(`{"imap":[{"host":"h","user":"u","password":"${s}" "port": 1}]}`) }),
];

let files = 0;
function writeText(text: string): string {
  const file = join(dir, `config-${files++}.json`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
function configFile(value: unknown): string {
  return writeText(JSON.stringify(value));
}

describe('configuration errors', () => {
  it('never repeat a secret, whatever is wrong around it', () => {
    fc.assert(
      fc.property(secret, fc.constantFrom(...mistakes.keys()), (s, i) => {
        const message = problemOf(mistakes[i]!(s));
        assert.ok(!message.includes(s) && !message.includes(s.slice(0, 15)), message);
      }),
      { numRuns: 60 },
    );
  });

  it('name the place inside a variable of JSON, and say that a required value is missing', () => {
    const message = problemOf({
      env: { REDRESS_IMAP: '[{"host":"h","user":"u","passwordEnv":"P"}]', P: 'x' },
    });
    assert.match(message, /REDRESS_IMAP\[0\]\.mailbox is missing/);
    assert.doesNotMatch(message, /undefined/);
    assert.match(
      problemOf({
        env: {
          REDRESS_IMAP: '[{"mailbox":"complaints","host":"h","user":"u","port":"x","passwordEnv":"P"}]',
          P: 'x',
        },
      }),
      /REDRESS_IMAP\[0\]\.port="x" is not allowed: expected a whole number from 1 to 65535/,
    );
  });

  it('name a setting of the file by its key in the file, and one not given by its variable', () => {
    const key = join(dir, 'named-key.pem');
    writeFileSync(key, 'key', { mode: 0o600 });
    const file = configFile({ smtp: { tlsKeyFile: key, maxConnections: -1 } });
    assert.match(problemOf({ env: {}, configFile: file }), /smtp\.maxConnections in .*=-1 is not allowed/);
    assert.match(
      problemOf({ env: {}, configFile: configFile({ smtp: { tlsKeyFile: key } }) }),
      /smtp\.tlsKeyFile in .* is set without REDRESS_SMTP_TLS_CERT/,
    );
  });

  it('refuse a PostgreSQL URL that does not parse as a configuration mistake, its password masked', () => {
    const message = problemOf({
      env: { REDRESS_DATABASE_URL: 'postgres://redress:pw@db.example.org:99999/redress' },
    });
    assert.match(message, /REDRESS_DATABASE_URL=.* is not allowed/);
    assert.doesNotMatch(message, /:pw@/);
  });

  it('refuse an outbound SMTP login without its password', () => {
    const message = problemOf({ env: { REDRESS_OUTBOUND_USER: 'redress' } });
    assert.match(message, /REDRESS_OUTBOUND_USER is set, but REDRESS_OUTBOUND_PASSWORD .* is not/);
    loadConfig({ cwd: dir, env: { REDRESS_OUTBOUND_USER: 'redress', REDRESS_OUTBOUND_PASSWORD: 'x' } });
    loadConfig({ cwd: dir, env: { REDRESS_OUTBOUND_USER: 'redress', REDRESS_OUTBOUND_ENABLED: 'false' } });
  });

  it('refuse a configuration file that holds a password and that other users may read', () => {
    const file = configFile({
      mailboxes: [
        { name: 'complaints', address: 'complaint@example.org', role: 'complaints', language: 'en' },
      ],
      imap: [{ mailbox: 'complaints', host: 'imap.example.org', user: 'u', password: 'the-imap-password' }],
    });
    loadConfig({ cwd: dir, env: {}, configFile: file });
    chmodSync(file, 0o640);
    const message = problemOf({ env: {}, configFile: file });
    assert.match(
      message,
      /holds the password of u@imap\.example\.org and may be read by other users \(mode 640\): run chmod 600/,
    );
    assert.doesNotMatch(message, /the-imap-password/);
  });

  it('refuse STARTTLS files given half, unreadable, or a private key every user may read', () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    writeFileSync(key, 'key', { mode: 0o600 });
    writeFileSync(cert, 'cert', { mode: 0o644 });
    assert.match(
      problemOf({ env: { REDRESS_SMTP_TLS_KEY: key } }),
      /REDRESS_SMTP_TLS_KEY is set without REDRESS_SMTP_TLS_CERT: give both/,
    );
    assert.match(
      problemOf({ env: { REDRESS_SMTP_TLS_KEY: key, REDRESS_SMTP_TLS_CERT: join(dir, 'none.pem') } }),
      /REDRESS_SMTP_TLS_CERT=".*none\.pem" cannot be read \(ENOENT\)/,
    );
    loadConfig({ cwd: dir, env: { REDRESS_SMTP_TLS_KEY: key, REDRESS_SMTP_TLS_CERT: cert } });
    chmodSync(key, 0o644);
    assert.match(
      problemOf({ env: { REDRESS_SMTP_TLS_KEY: key, REDRESS_SMTP_TLS_CERT: cert } }),
      /REDRESS_SMTP_TLS_KEY=.*may be read by every user of this machine \(mode 644\): run chmod 600/,
    );
    // A process that runs no mail door does not read them.
    loadConfig({ cwd: dir, env: { REDRESS_SMTP_TLS_KEY: key, REDRESS_ROLE: 'web' } });
  });

  it('a server key file others may read is a configuration mistake (exit 2), not a failure to retry', () => {
    const file = join(dir, 'secret.key');
    writeFileSync(file, 'k'.repeat(48), { mode: 0o644 });
    chmodSync(file, 0o644);
    let error: unknown;
    try {
      serverKeyFrom(file, {});
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ServerKeyError);
    assert.equal(exitCodeOf(error), EXIT.usage);
  });
});
