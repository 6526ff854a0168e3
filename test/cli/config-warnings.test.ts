// What the configuration names that Redress does not know is ignored, as it always was, but said: each `REDRESS_`
// variable that is no setting with the closest names, each key of the configuration file that is none.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { configWarnings, loadConfig } from '../../src/config.ts';

it('names the variables that are no setting, with the closest names, and leaves the known ones alone', () => {
  const config = loadConfig({
    cwd: '/nonexistent',
    env: {
      REDRESS_PORT: '8080',
      REDRESS_HTTP_PORT: '8780',
      REDRESS_TIMEZNOE: 'Europe/Paris',
      REDRESS_QUUX: '1',
      // The tests' own variables, the server key and a password named by the configuration are no typos.
      REDRESS_TEST_ENGINES: 'sqlite',
      REDRESS_SECRET_KEY: 'x'.repeat(40),
      REDRESS_OUTBOUND_PASSWORD: 'secret',
      PATH: '/usr/bin',
    },
  });
  assert.deepEqual(configWarnings(config), [
    'REDRESS_HTTP_PORT is not a setting of Redress and is ignored; did you mean REDRESS_SMTP_PORT or REDRESS_PORT?',
    'REDRESS_QUUX is not a setting of Redress and is ignored',
    'REDRESS_TIMEZNOE is not a setting of Redress and is ignored; did you mean REDRESS_TIMEZONE?',
  ]);
});

it('names the keys of the configuration file that are no setting, nested ones and in lists too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-config-'));
  try {
    const file = join(dir, 'redress.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        smpt: { port: 25 },
        smtp: { port: 2526, prot: 2527 },
        timezone: 'Europe/Berlin',
        mailboxes: [
          {
            name: 'complaints',
            address: 'complaint@example.org',
            role: 'complaints',
            language: 'fr',
            adress: 'x',
          },
        ],
      }),
    );
    const config = loadConfig({ cwd: dir, env: {} });
    assert.equal(config.smtp.port, 2526);
    assert.deepEqual(
      configWarnings(config).map((w) => w.replace(file, 'FILE')),
      ['smpt', 'smtp.prot', 'mailboxes[0].adress'].map(
        (key) =>
          `FILE: "${key}" is not a setting of Redress and is ignored (the settings are in the README's Configuration section)`,
      ),
    );
    assert.deepEqual(configWarnings(loadConfig({ cwd: '/nonexistent', env: {} })), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
