// The MIME adapter's reading of address fields (issue 12, items 1 and 14): sender fields are read with a real
// RFC 5322 parser and are good only as exactly one address; recipient lists are read within a budget.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LIST_FIELD, parseMime } from '../../src/adapters/mail/parse-mime.ts';

const message = (headers: string[], body = 'Hello') =>
  Buffer.from(`${[...headers, 'Subject: hi', 'MIME-Version: 1.0'].join('\r\n')}\r\n\r\n${body}\r\n`);

describe('sender fields', () => {
  it('reads one address with its decoded name, from a comment too', async () => {
    const m = await parseMime(message(['From: =?utf-8?B?w4lsb2RpZSBNYXJ0aW4=?= <elodie@exemple.fr>']));
    assert.deepEqual(m.from, { address: 'elodie@exemple.fr', name: 'Élodie Martin' });
    assert.deepEqual(m.addressProblems, []);
    const c = await parseMime(message(['From: jean@example.fr (Jean Dupont)']));
    assert.deepEqual(c.from, { address: 'jean@example.fr', name: 'Jean Dupont' });
  });

  it('takes the common slips of mail clients when one address is all there can be', async () => {
    const comma = await parseMime(message(['From: Dupont, Jean <jean@example.fr>']));
    assert.deepEqual(comma.from, { address: 'jean@example.fr', name: 'Dupont, Jean' });
    assert.deepEqual(comma.addressProblems, []);
    const semicolon = await parseMime(message(['From: Jean <jean@example.fr>;']));
    assert.deepEqual(semicolon.addressProblems, []);
    const two = await parseMime(message(['From: Dupont, Jean <jean@example.fr>, x@example.fr']));
    assert.equal(two.addressProblems.length, 1);
  });

  for (const [what, field, value] of [
    ['a list inside angle brackets', 'From', '<a@e.test,b@v.test>'],
    ['a list', 'From', 'a@e.test, b@v.test'],
    ['an encoded word hiding a list', 'From', '=?utf-8?Q?a@e.test,_b@v.test?= <c@d.test>'],
    ['a group', 'From', 'Team: a@e.test, b@e.test;'],
    ['an address literal', 'From', 'x <x@[127.0.0.1]>'],
    ['a field far too long for one address', 'From', `"${'x'.repeat(5000)}" <a@e.test>`],
    ['a list in Reply-To', 'Reply-To', 'a@e.test, b@v.test'],
  ] as const) {
    it(`flags ${what} and keeps no list as an address`, async () => {
      const others = field === 'From' ? [] : ['From: Jo <jo@example.net>'];
      const m = await parseMime(message([...others, `${field}: ${value}`]));
      assert.equal(m.addressProblems.length, 1, JSON.stringify(m.addressProblems));
      assert.equal(m.addressProblems[0]!.field, field.toLowerCase());
      assert.ok(!m.from?.address.includes(','), `from: ${m.from?.address}`);
      if (field === 'Reply-To') assert.deepEqual(m.replyTo, []);
    });
  }

  it('keeps a bounce sender that is not an address for automated-mail detection', async () => {
    const m = await parseMime(message(['From: Mail Delivery Subsystem <MAILER-DAEMON>']));
    assert.equal(m.from?.address, 'MAILER-DAEMON');
    assert.equal(m.addressProblems[0]?.field, 'from');
  });
});

describe('recipient lists', () => {
  it('reads only the first part of a To: of thousands of encoded words; the header stays as sent', async () => {
    const to = Array.from(
      { length: 2700 },
      (_, i) => `=?utf-8?B?${Buffer.from(`テスト ${i}`).toString('base64')}?= <user${i}@example.jp>`,
    ).join(',\r\n ');
    const m = await parseMime(message(['From: a@example.jp', `To: ${to}`]));
    assert.ok(m.to.length > 10, 'the first recipients are read');
    assert.ok(m.to.length < 2700 && m.to.length * 40 <= MAX_LIST_FIELD, `${m.to.length} recipients read`);
    const header = m.headers.find((h) => h.name === 'to')!.value;
    assert.ok(header.includes('user2699@example.jp'), 'the header field keeps its value');
  });
});
