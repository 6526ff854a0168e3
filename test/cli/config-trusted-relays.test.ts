// The SMTP listener's trusted relays (smtp.trustedRelays, REDRESS_SMTP_TRUSTED_RELAYS): the organisation's mail
// servers whose Received line is believed for a message's arrival. This machine's by default; addresses and CIDR
// networks, IPv4 and IPv6, from the file or a comma-separated variable; anything else refused, naming the entry and
// giving an example. `redress start` notes when the listener is reachable from other machines and trusts none.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigError, configNotes, loadConfig } from '../../src/config.ts';

const load = (env: Record<string, string>, overrides: Record<string, unknown> = {}) =>
  loadConfig({ env, cwd: '/nonexistent', overrides });

it("trusts this machine's mail server by default, and the addresses and networks given", () => {
  assert.deepEqual(load({}).smtp.trustedRelays, ['127.0.0.1', '::1']);
  assert.deepEqual(
    load({ REDRESS_SMTP_TRUSTED_RELAYS: '127.0.0.1, 192.0.2.25,10.0.0.0/8,2001:db8::/32' }).smtp
      .trustedRelays,
    ['127.0.0.1', '192.0.2.25', '10.0.0.0/8', '2001:db8::/32'],
  );
  assert.deepEqual(load({}, { 'smtp.trustedRelays': [] }).smtp.trustedRelays, []);
});

it('refuses an entry that is no address or network, naming it and giving an example', () => {
  for (const [env, overrides, where] of [
    [
      { REDRESS_SMTP_TRUSTED_RELAYS: '127.0.0.1,10.0.0.300/8' },
      {},
      'REDRESS_SMTP_TRUSTED_RELAYS="10.0.0.300/8"',
    ],
    [{}, { 'smtp.trustedRelays': ['mx.example.org'] }, 'smtp.trustedRelays.0'],
    [{}, { 'smtp.trustedRelays': ['10.0.0.0/33'] }, 'smtp.trustedRelays.0'],
  ] as const)
    assert.throws(
      () => load(env, overrides),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 1, e.message);
        assert.ok(e.problems[0]!.startsWith(where), e.problems[0]);
        assert.match(
          e.problems[0]!,
          /is not allowed: expected an IP address or a CIDR network .*"10\.0\.0\.0\/8"/,
        );
        return true;
      },
    );
});

it('notes at start a listener reachable from other machines that trusts only this one', () => {
  const [note, ...more] = configNotes(load({ REDRESS_SMTP_HOST: '0.0.0.0' }));
  assert.deepEqual(more, []);
  assert.match(
    note!,
    /listens on 0\.0\.0\.0 .*counts as received when it reaches Redress.*REDRESS_SMTP_TRUSTED_RELAYS/,
  );
  assert.equal(
    configNotes(load({ REDRESS_SMTP_HOST: '::', REDRESS_SMTP_TRUSTED_RELAYS: '127.0.0.0/8,::1' })).length,
    1,
  );
  assert.equal(configNotes(load({ REDRESS_SMTP_HOST: '0.0.0.0' }, { 'smtp.trustedRelays': [] })).length, 1);
  // On this machine only, or with the organisation's mail server named, or without the listener: nothing to say.
  assert.deepEqual(configNotes(load({})), []);
  assert.deepEqual(configNotes(load({ REDRESS_SMTP_HOST: '::1' })), []);
  assert.deepEqual(
    configNotes(load({ REDRESS_SMTP_HOST: '0.0.0.0', REDRESS_SMTP_TRUSTED_RELAYS: '192.0.2.25' })),
    [],
  );
  assert.deepEqual(configNotes(load({ REDRESS_SMTP_HOST: '0.0.0.0', REDRESS_SMTP_ENABLED: 'false' })), []);
  assert.deepEqual(configNotes(load({ REDRESS_SMTP_HOST: '0.0.0.0', REDRESS_ROLE: 'web,worker' })), []);
});
