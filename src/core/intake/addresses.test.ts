// The address rules: one address or none, and the normalised form that limits count by.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainToASCII, domainToUnicode } from 'node:url';
import fc from 'fast-check';
import { autoReplyCounters, overAutoReplyLimit } from '../correspondence/auto-reply-limits.ts';
import {
  addressForms,
  addressKey,
  asciiDomain,
  canonicalAddress,
  isOneAddress,
  normalisedAddress,
  sameAddress,
  storedAddress,
} from './addresses.ts';
import { answersOnFile, isRelay, isTrustedRelay, messageSender } from './complainant.ts';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';

/** Where automatic mail about a message may go (the sender rule's `answer`). */
const autoReplyAddressOf = (...args: Parameters<typeof messageSender>) => messageSender(...args).answer;

const localChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'.split(''));
const local = fc.array(localChar, { minLength: 1, maxLength: 20 }).map((c) => c.join(''));
const label = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), {
  minLength: 1,
  maxLength: 12,
});
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('org', 'de', 'fr', 'com', 'co.uk'))
  .map(([labels, tld]) => `${labels.map((l) => l.join('')).join('.')}.${tld}`);
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
/** Upper-cases some letters at random. */
const mixCase = (text: string, mask: readonly boolean[]) =>
  [...text].map((c, i) => (mask[i % Math.max(1, mask.length)] ? c.toUpperCase() : c)).join('');

describe('addresses', () => {
  it('takes exactly one plain address, and nothing that could be a list, a group or a route', () => {
    for (const ok of ['jean@example.fr', 'Jean.Dupont+shop@Example.FR', 'jérôme@exemple.fr', 'x@münchen.de'])
      assert.equal(isOneAddress(ok), true, ok);
    for (const bad of [
      'a@e.test,b@v.test',
      'a@e.test;b@v.test',
      'a@e.test b@v.test',
      '<a@e.test>',
      'Jean <a@e.test>',
      '"a b"@e.test',
      'a@[127.0.0.1]',
      'a@localhost',
      'a@@e.test',
      '@e.test',
      'a@',
      '.a@e.test',
      '=?utf-8?Q?a@e.test',
      'a@e.test\r\nBcc: x@y.test',
      `${'a'.repeat(65)}@e.test`,
      `a@${'b'.repeat(250)}.de`,
      'a@e.test\u202e',
      '',
    ])
      assert.equal(isOneAddress(bad), false, JSON.stringify(bad));
  });

  it('property: an address joined to another by any separator is never one address', () => {
    fc.assert(
      fc.property(address, address, fc.constantFrom(',', ';', ' ', ', ', '\t', '\n', '>,<'), (a, b, sep) => {
        assert.equal(isOneAddress(`${a}${sep}${b}`), false);
        assert.equal(storedAddress(`${a}${sep}${b}`), null);
        assert.equal(normalisedAddress(`${a}${sep}${b}`), null);
      }),
    );
  });

  it('property: case and sub-address tags do not change the normalised address; it is idempotent', () => {
    fc.assert(
      fc.property(address, local, fc.array(fc.boolean(), { maxLength: 30 }), (a, tag, mask) => {
        const base = normalisedAddress(a);
        assert.ok(base && isOneAddress(base));
        const [l, d] = a.split('@') as [string, string];
        assert.equal(normalisedAddress(mixCase(`${l}+${tag}@${d}`, mask)), base);
        assert.equal(normalisedAddress(mixCase(a, mask)), base);
        assert.equal(normalisedAddress(base), base);
        assert.equal(storedAddress(mixCase(a, mask)), a.toLowerCase());
      }),
    );
  });

  it('normalises Unicode domains to their ASCII form, and Gmail’s dots and alias', () => {
    assert.equal(normalisedAddress('Jo@MÜNCHEN.de'), 'jo@xn--mnchen-3ya.de');
    assert.equal(normalisedAddress('jo@xn--mnchen-3ya.de'), 'jo@xn--mnchen-3ya.de');
    assert.equal(normalisedAddress('J.o.h.n+x@googlemail.com'), 'john@gmail.com');
    assert.equal(normalisedAddress('+tag@example.org'), '+tag@example.org');
  });
});

// Local parts RFC 5322's dot-atom does not allow, but that mail systems deliver to: two dots in a row, a dot before
// the `@` (Japanese mobile carriers handed such addresses out for years), and the same written in quotes.
describe('addresses mail systems deliver', () => {
  it('takes dots in a row or before the @, bare or quoted, and keeps them without the quotes', () => {
    for (const [written, kept] of [
      ['taro..yamada@docomo.example', 'taro..yamada@docomo.example'],
      ['alerts.@device.example', 'alerts.@device.example'],
      ['"j..doe"@client.example', 'j..doe@client.example'],
      ['"J..Doe"@Client.example', 'j..doe@client.example'],
      ['"jo.doe"@client.example', 'jo.doe@client.example'],
      ['a...b..@x.example', 'a...b..@x.example'],
      ['"jérôme..d"@exemple.fr', 'jérôme..d@exemple.fr'],
    ] as const) {
      assert.equal(isOneAddress(written), true, written);
      assert.equal(storedAddress(written), kept, written);
      assert.equal(isOneAddress(kept), true, kept);
    }
    assert.equal(canonicalAddress('"J..Doe"@client.example'), 'J..Doe@client.example', 'the case is kept');
    assert.ok(sameAddress('"j..doe"@client.example', 'J..DOE@client.example'), 'one complainant');
    assert.equal(normalisedAddress('"j..doe+x"@client.example'), 'j..doe@client.example', 'one count');
  });

  it('still refuses lists, names, separators, injection and what is not an address', () => {
    for (const bad of [
      'a..b@x.example,c@y.example',
      'a..b@x.example; c@y.example',
      'Taro <taro..yamada@docomo.example>',
      '<taro..yamada@docomo.example>',
      'taro..yamada@docomo.example\r\nBcc: x@y.example',
      'taro..yamada@docomo.example\nBcc: x@y.example',
      '"a\r\nBcc: x@y.example"@client.example',
      'taro..yamada@',
      'taro..yamada',
      'taro..yamada@docomo',
      'taro yamada@docomo.example',
      '"taro yamada"@docomo.example',
      '"a,b"@client.example',
      '"a;b"@client.example',
      '"a<b>"@client.example',
      '"a@b"@client.example',
      '"a\\"b"@client.example',
      '"a\\\\b"@client.example',
      '"a"."b"@client.example',
      'a."b"@client.example',
      '""@client.example',
      '".a"@client.example',
      '"a"b@client.example',
      '.a@client.example',
      '..@client.example',
      'a\u0000b@client.example',
      'a\tb@client.example',
      'a\u007fb@client.example',
      '"a\u0007"@client.example',
      '"=?utf-8?q?a?="@client.example',
      `"${'a'.repeat(65)}"@client.example`,
      `${'a'.repeat(61)}..@client.example`,
    ])
      assert.equal(isOneAddress(bad), false, JSON.stringify(bad));
    // At the limit as it goes on the wire: quoted when it is not a dot-atom.
    assert.equal(isOneAddress(`${'a'.repeat(60)}..@client.example`), true);
    assert.equal(isOneAddress(`${'a'.repeat(64)}@client.example`), true);
  });
});

describe('the key a complainant is matched by', () => {
  it('is one key for the domain in Unicode, in ASCII form and in any letter case, local part included', () => {
    const key = 'jo@xn--mnchen-3ya.de';
    for (const written of [
      'jo@münchen.de',
      'Jo@MÜNCHEN.de',
      'JO@XN--MNCHEN-3YA.DE',
      ' jo@xn--mnchen-3ya.de ',
    ])
      assert.equal(addressKey(written), key, written);
    assert.equal(addressKey('Victim@Example.ORG'), 'victim@example.org');
    assert.ok(sameAddress('X@Example.ORG', 'x@example.org'));
    assert.ok(sameAddress('x@münchen.de', 'x@xn--mnchen-3ya.de'));
  });

  it('keeps sub-addresses and dots apart (they are the limits’ business, not identity)', () => {
    assert.ok(!sameAddress('jo+shop@example.org', 'jo@example.org'));
    assert.ok(!sameAddress('j.o@gmail.com', 'jo@gmail.com'));
    assert.ok(!sameAddress('jo@example.org', null));
    assert.ok(!sameAddress(null, null));
  });

  it('is the text itself for lower-case printable ASCII (what the upgrade copies without the rule)', () => {
    const ascii = fc
      .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.-_+@!#$%&*/=?^{|}~'.split('')), {
        minLength: 1,
        maxLength: 40,
      })
      .map((c) => c.join(''));
    fc.assert(fc.property(ascii, (text) => assert.equal(addressKey(text), text)));
    fc.assert(
      fc.property(local, domain, (l, d) =>
        assert.equal(addressKey(`${l}@xn--mnchen-3ya.${d}`), `${l}@xn--mnchen-3ya.${d}`),
      ),
    );
  });

  it('keeps the key an older record’s text always had when it is not one valid address', () => {
    assert.equal(addressKey(' Not An Address '), 'not an address');
    assert.equal(addressKey(''), null);
    assert.equal(addressKey(undefined), null);
  });

  it('is its own key, and what limits count by folds it further', () => {
    fc.assert(
      fc.property(local, domain, (l, d) => {
        const key = addressKey(`${l}@${d}`)!;
        assert.equal(addressKey(key), key);
        assert.equal(normalisedAddress(key), normalisedAddress(`${l}@${d}`));
      }),
    );
    for (const d of ['münchen.de', 'müller-bau.de', 'straße.de', 'bücher.example']) {
      const key = addressKey(`jo@${d}`)!;
      assert.equal(addressKey(key), key, d);
      assert.deepEqual(addressForms(key).sort(), [key, `jo@${d}`].sort(), d);
    }
  });
});

describe('limits on automatic mail', () => {
  const limits = {
    perRecipientPerDay: 5,
    perRecipientPerHour: 3,
    perSenderPerHour: 50,
    perSenderPerDay: 200,
  };

  it('property: every variant of one address takes the same recipient counters', () => {
    fc.assert(
      fc.property(
        address,
        local,
        fc.array(fc.boolean(), { maxLength: 30 }),
        fc.nat(23),
        (a, tag, mask, hour) => {
          const [l, d] = a.split('@') as [string, string];
          const keys = (x: string) =>
            autoReplyCounters(x, null, hour, limits)!
              .map((c) => c.key)
              .join(' ');
          assert.equal(keys(mixCase(`${l}+${tag}@${d}`, mask)), keys(a));
        },
      ),
    );
  });

  it('counts a sender once however the domain of their address is written', () => {
    const keys = (sender: string) =>
      autoReplyCounters('jo@example.org', sender, 9, limits)!
        .map((c) => c.key)
        .join(' ');
    assert.equal(keys('Robot@XN--MNCHEN-3YA.DE'), keys('robot@münchen.de'));
    assert.equal(keys('Robot@Example.ORG'), keys('robot@example.org'));
  });

  it('takes no counter for a recipient that is not one address, and names the limit that is passed', () => {
    assert.equal(autoReplyCounters('a@e.test,b@v.test', null, 9, limits), null);
    const counters = autoReplyCounters('a@example.org', 'robot@forms.example.org', 9, limits)!;
    assert.equal(counters.length, 4);
    assert.deepEqual(
      counters.map((c) => c.key),
      [...counters.map((c) => c.key)].sort(),
      'in key order (rows locked in one order)',
    );
    assert.equal(overAutoReplyLimit(counters.map((counter) => ({ counter, count: counter.limit }))), null);
    const hour = counters.find((c) => c.key.startsWith('to@'))!;
    assert.match(
      overAutoReplyLimit(counters.map((counter) => ({ counter, count: counter === hour ? 4 : 1 })))!,
      /more than 3 automatic mails to a@example.org this hour/,
    );
  });
});

describe('where automatic mail may go', () => {
  const context = { relaySenders: ['no-reply@forms.example.com'], ownDomains: ['example.org'] };
  const message = (m: Partial<ParsedMessage>): ParsedMessage => ({ ...emptyMessage(), ...m });

  it('to the From: address only, never to an ordinary sender’s Reply-To or an address in the body', () => {
    const from = { address: 'Jo@Example.net', name: 'Jo' };
    assert.deepEqual(autoReplyAddressOf(message({ from }), 'jo@example.net', context), {
      address: 'jo@example.net',
      reason: null,
    });
    const replyTo = [{ address: 'victim@example.com', name: null }];
    assert.equal(autoReplyAddressOf(message({ from, replyTo }), 'victim@example.com', context).address, null);
  });

  it('to a relay’s single Reply-To; nowhere when the relay names nobody', () => {
    const from = { address: 'no-reply@forms.example.com', name: 'Form' };
    const replyTo = [{ address: 'ana@example.pt', name: 'Ana' }];
    assert.equal(
      autoReplyAddressOf(message({ from, replyTo }), 'ana@example.pt', context).address,
      'ana@example.pt',
    );
    assert.deepEqual(autoReplyAddressOf(message({ from }), 'someone@example.pt', context), {
      address: null,
      reason: 'no_address',
    });
  });

  it('to the Reply-To of a robot matched by a pattern for any domain only when the robot is of our own domains', () => {
    const defaults = { relaySenders: ['no-reply@*', 'noreply@*'], ownDomains: ['example.org'] };
    const replyTo = [{ address: 'ana@example.pt', name: 'Ana' }];
    const ours = message({ from: { address: 'noreply@example.org', name: 'Our form' }, replyTo });
    assert.equal(autoReplyAddressOf(ours, 'ana@example.pt', defaults).address, 'ana@example.pt');
    // Anyone may run a noreply@ of their own and name a stranger in Reply-To: that is no relay we trust.
    const theirs = message({ from: { address: 'noreply@evil.example', name: 'Robot' }, replyTo });
    assert.deepEqual(autoReplyAddressOf(theirs, 'ana@example.pt', defaults), {
      address: null,
      reason: 'no_address',
    });
    assert.equal(isTrustedRelay(theirs.from, defaults.relaySenders, defaults.ownDomains), false);
    assert.equal(isRelay(theirs.from, defaults.relaySenders), true, 'still read as a relay');
  });

  it('nowhere when a sender field is a red flag', () => {
    const m = message({
      from: { address: 'a@e.test', name: null },
      addressProblems: [{ field: 'from', problem: 'From: holds 2 addresses, not one' }],
    });
    assert.deepEqual(autoReplyAddressOf(m, 'a@e.test', context), {
      address: null,
      reason: 'suspicious_address',
    });
  });

  it('a Reply-To that is a red flag leaves From: the sender (for filing and registration), answered by no one', () => {
    const m = message({
      from: { address: 'ines@client.example', name: 'Ines' },
      addressProblems: [{ field: 'reply-to', problem: 'Reply-To: is not an address' }],
    });
    assert.deepEqual(messageSender(m, 'ines@client.example', context), {
      address: 'ines@client.example',
      answer: { address: null, reason: 'suspicious_address' },
      colleague: false,
    });
  });

  it('to the address on file of the record it is filed for only when that is the address the message comes from', () => {
    const sender = messageSender(
      message({ from: { address: 'Jo@Example.net', name: null } }),
      'jo@example.net',
      context,
    );
    assert.equal(answersOnFile(sender, 'jo@example.net'), true);
    assert.equal(answersOnFile(sender, 'JO@example.net'), true);
    // A record kept in a merge holds the person's other address.
    assert.equal(answersOnFile(sender, 'jo@newmail.example'), false);
    assert.equal(answersOnFile(sender, null), false);
    const flagged = messageSender(
      message({
        from: { address: 'jo@example.net', name: null },
        addressProblems: [{ field: 'reply-to', problem: 'Reply-To: is not an address' }],
      }),
      'jo@example.net',
      context,
    );
    assert.equal(answersOnFile(flagged, 'jo@example.net'), false);
  });

  it('property: the sender is the complainant read or nobody, From: or ours; mail goes to it or nowhere', () => {
    const defaults = { relaySenders: ['no-reply@*', 'noreply@*', 'forms@*'], ownDomains: ['example.org'] };
    const address = fc.constantFrom(
      'ana@example.pt',
      'Ana@Example.PT',
      'jo@example.net',
      'noreply@example.org',
      'noreply@evil.example',
      'forms@example.org',
      'claire@example.org',
      'not an address',
    );
    const named = (a: string) => ({ address: a, name: null });
    const ours = (a: string) => a.endsWith('@example.org');
    fc.assert(
      fc.property(
        fc.option(address),
        fc.array(address, { maxLength: 2 }),
        fc.subarray(['from', 'reply-to'] as const),
        fc.option(address),
        (from, replyTo, flagged, complainant) => {
          const m = message({
            from: from === null ? null : named(from),
            replyTo: replyTo.map(named),
            addressProblems: flagged.map((field) => ({ field, problem: `${field} is a list` })),
          });
          const s = messageSender(m, complainant, defaults);
          const fromAddress = flagged.includes('from') ? null : storedAddress(from);
          // Filing and registration take `address`; automatic mail goes to it or nowhere.
          assert.ok(s.answer.address === null || s.answer.address === s.address);
          if (flagged.length > 0) assert.equal(s.answer.reason, 'suspicious_address');
          if (s.address === null) return;
          assert.equal(s.address, storedAddress(complainant), 'the complainant read, not another address');
          assert.ok(
            s.address === fromAddress || (fromAddress !== null && ours(fromAddress)),
            'From: itself, or a colleague or relay of our own domains writing for them',
          );
          // A red flag on Reply-To alone stops automatic mail, not the sender.
          const unflagged = messageSender({ ...m, addressProblems: [] }, complainant, defaults);
          if (!flagged.includes('from')) assert.equal(s.address, unflagged.address);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// A plain ASCII domain skips the conversion to ASCII: it must come out as the conversion would have it.
describe('asciiDomain', () => {
  it('property: a domain of ASCII letters, digits, dots and hyphens reads as its conversion to ASCII reads', () => {
    const converted = (domain: string): string | null => {
      const ascii = domainToASCII(domain.normalize('NFC')).toLowerCase();
      const labels = ascii.split('.');
      if (!ascii || ascii.length > 253 || labels.length < 2) return null;
      if (!labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l))) return null;
      return /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels.at(-1)!) ? ascii : null;
    };
    const piece = fc.constantFrom(...'aZx0129.-n'.split(''), 'xn--', 'XN--', '0x', '..', 'example', 'COM');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 14 }), (pieces) => {
        const domain = pieces.join('');
        assert.equal(asciiDomain(domain), converted(domain), domain);
      }),
      { numRuns: 5_000 },
    );
    for (const domain of [
      `${'a'.repeat(63)}.fr`,
      `${'a'.repeat(64)}.fr`,
      'a-.fr',
      '-a.fr',
      'a--b.fr',
      'A.FR',
      'a_b.fr',
    ])
      assert.equal(asciiDomain(domain), converted(domain), domain);
  });
});

// Look-alike characters: an address that holds a character that shows nothing, or that stands for another, is no
// one's address as written. One rule (isOneAddress) for every door, for what is stored and for what limits count.
describe('addresses written with look-alike characters', () => {
  /** Characters that show nothing, and compatibility characters that normalisation turns into others. */
  const lookAlike = fc.constantFrom(
    '\u200b', // zero-width space
    '\u200c',
    '\u200d',
    '\u2060', // word joiner
    '\u00ad', // soft hyphen
    '\ufeff', // byte-order mark
    '\u200e', // left-to-right mark
    '\u202e', // right-to-left override
    '\u034f', // combining grapheme joiner
    '\ufe0f', // variation selector
    '\u3164', // Hangul filler
    '\uff43', // full-width c
    '\uff10', // full-width 0
    '\uff0e', // full-width full stop
    '\u3002', // ideographic full stop
    '\ufb01', // ligature fi
    '\u2170', // small roman numeral one
    '\u00b9', // superscript one
    '\u2024', // one dot leader
  );

  it('refuses them anywhere in the address: no complainant address, no outbox recipient, nothing counted', () => {
    for (const bad of [
      'x@client.example\u200b',
      'x@\uff43lient.example',
      'x@client\u3002example',
      '\uff41@x.example',
      'a\u00adb@x.example',
      'x@\ufb01rm.example',
    ]) {
      assert.equal(isOneAddress(bad), false, JSON.stringify(bad));
      assert.equal(storedAddress(bad), null, JSON.stringify(bad));
      assert.equal(normalisedAddress(bad), null, JSON.stringify(bad));
    }
    // Internationalised addresses written as mail systems write them stay.
    for (const ok of [
      'jérôme@exemple.fr',
      'x@münchen.de',
      'x@MÜNCHEN.de',
      'x@xn--mnchen-3ya.de',
      'δοκιμή@παράδειγμα.δοκιμή',
    ])
      assert.notEqual(storedAddress(ok), null, ok);
  });

  it('property: an address with a look-alike character inserted anywhere is never one address', () => {
    fc.assert(
      fc.property(address, lookAlike, fc.nat(), (a, odd, at) => {
        // Inside the address (around it, white space and the byte-order mark are trimmed, as any other space).
        const i = 1 + (at % (a.length - 1));
        const written = `${a.slice(0, i)}${odd}${a.slice(i)}`;
        assert.equal(isOneAddress(written), false, JSON.stringify(written));
        assert.equal(storedAddress(written), null);
        assert.equal(normalisedAddress(written), null);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses a domain written with a symbol the URL library would convert (found by the property below)', () => {
    assert.equal(storedAddress('a@\u218aa.org'), null);
    assert.equal(storedAddress('a@b\u2192c.org'), null);
    assert.equal(storedAddress('jürgen@müller-bau.de'), 'jürgen@müller-bau.de');
  });

  it('property: what is kept is within what RFC 5321/6531 allow, shows what it is, and is counted as itself', () => {
    // Any text of address pieces, ASCII and not, look-alikes included.
    const piece = fc.oneof(
      local,
      domain,
      lookAlike,
      fc.constantFrom('@', '.', '-', '+', 'é', 'Ü', 'ß', 'ü', 'δ', '日本', ' ', ',', '<', '>', '"'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const written = pieces.join('');
        const stored = storedAddress(written);
        if (stored === null) return;
        // RFC 5321 atext and dots, or (RFC 6531) characters beyond ASCII that are letters, marks or digits.
        for (const ch of stored)
          assert.match(ch, /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]|[\p{L}\p{M}\p{N}]/u, JSON.stringify(written));
        assert.doesNotMatch(stored, /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Z}]/u);
        assert.equal(stored.normalize('NFKC'), stored, 'no compatibility character');
        // The domain is the Unicode form of its own ASCII form: it reaches what it shows.
        const d = stored.slice(stored.lastIndexOf('@') + 1);
        assert.equal(domainToUnicode(asciiDomain(d)!), d);
        // The outbox takes it, and the limits count it.
        assert.equal(isOneAddress(stored), true);
        assert.notEqual(normalisedAddress(stored), null);
      }),
      { numRuns: 3_000 },
    );
  });
});
