import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressMatcher } from './address-list.ts';

test('a relay is trusted by its address or network, IPv4 and IPv6, also as an IPv4-mapped address', () => {
  const trusted = addressMatcher(['127.0.0.1', '::1', '10.0.0.0/8', '2001:db8::/32']);
  for (const address of [
    '127.0.0.1',
    '::ffff:127.0.0.1',
    '::1',
    '10.20.30.40',
    '::ffff:10.1.2.3',
    '2001:db8::25',
  ])
    assert.equal(trusted(address), true, address);
  for (const address of [
    '127.0.0.2',
    '192.0.2.1',
    '::ffff:192.0.2.1',
    '2001:db9::1',
    'fe80::1%eth0',
    '',
    undefined,
  ])
    assert.equal(trusted(address), false, String(address));
  assert.equal(addressMatcher([])('127.0.0.1'), false);
  assert.equal(addressMatcher(['fe80::/10'])('fe80::1%eth0'), true);
});

test('proxy-addr’s names of ranges stand for their networks', () => {
  const local = addressMatcher(['loopback', 'uniquelocal']);
  for (const address of [
    '127.0.0.1',
    '127.8.9.10',
    '::1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    'fd00::1',
  ])
    assert.equal(local(address), true, address);
  for (const address of ['192.0.2.1', '172.32.0.1', 'fe80::1', '2001:db8::1'])
    assert.equal(local(address), false, address);
  assert.equal(addressMatcher(['linklocal'])('fe80::1%eth0'), true);
});
