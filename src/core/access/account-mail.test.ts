// The account e-mails say the link and until when it works, in each language; the reset limit refuses exactly
// when a count has reached its limit, and never depends on anything but the counts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LANGUAGES } from '../case/model.ts';
import { accountMail, resetRequestBlocked } from './account-mail.ts';

const values = {
  organisation: 'Example Hosting',
  name: 'Dora',
  email: 'dora@example.org',
  link: 'https://redress.example.org/reset-password/abcdefghijklmnopqrstuvwxyz',
  until: '23/11/2026 10:00',
};

describe('account e-mails', () => {
  for (const kind of ['account_invitation', 'password_reset'] as const)
    it(`${kind}: every language names the organisation, the link on its own line and the expiry`, () => {
      const subjects = new Set<string>();
      for (const language of LANGUAGES) {
        const mail = accountMail(kind, language, values);
        assert.ok(mail.subject.includes(values.organisation), `${language} subject`);
        assert.ok(mail.text.split('\n').includes(values.link), `${language}: the link alone on a line`);
        assert.ok(mail.text.includes(values.until), `${language}: until`);
        assert.ok(mail.text.includes(values.name), `${language}: the greeting names the person`);
        subjects.add(mail.subject);
      }
      assert.equal(subjects.size, LANGUAGES.length, 'each language has its own words');
    });
});

describe('reset request limit', () => {
  it('refuses exactly when the address or the client has reached its limit (the address first)', () => {
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.nat(50),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        (account, client, perAccount, perClient) => {
          const blocked = resetRequestBlocked({ account, client }, { perAccount, perClient });
          const expected = account >= perAccount ? 'account' : client >= perClient ? 'client' : null;
          assert.equal(blocked, expected);
        },
      ),
    );
  });
});
