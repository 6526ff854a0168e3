import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { autoReplyCounterKeysOf, autoReplyCounters } from './auto-reply-limits.ts';

const limits = { perRecipientPerDay: 5, perRecipientPerHour: 3, perSenderPerHour: 3, perSenderPerDay: 5 };
const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,20}[a-z0-9]$/);
const domain = fc.constantFrom('example.net', 'Example.ORG', 'gmail.com', 'exemple.fr');

it('names every counter an address can take, as recipient or sender, at any hour (retention forgets them all)', () => {
  fc.assert(
    fc.property(local, domain, fc.integer({ min: 0, max: 23 }), fc.boolean(), (l, d, hour, upper) => {
      const address = `${upper ? l.toUpperCase() : l}@${d}`;
      const keys = new Set(autoReplyCounterKeysOf(address));
      const asRecipient = autoReplyCounters(address, 'someone@else.example', hour, limits) ?? [];
      const asSender = autoReplyCounters('someone@else.example', address, hour, limits) ?? [];
      for (const c of asRecipient.filter((c) => c.key.startsWith('to')))
        assert.ok(keys.has(c.key), `${c.key} is named`);
      for (const c of asSender.filter((c) => c.key.startsWith('from')))
        assert.ok(keys.has(c.key), `${c.key} is named`);
    }),
  );
});

it('names only the address itself, not others that contain it', () => {
  const keys = autoReplyCounterKeysOf('ann@example.net');
  assert.ok(keys.includes('to@09:ann@example.net'));
  assert.ok(!keys.some((k) => k.endsWith(':joann@example.net')));
});
