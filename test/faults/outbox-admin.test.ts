// The administration page says when outbound mail is stuck: nothing while mail waits less than
// REDRESS_OUTBOX_ALERT_MINUTES, a warning with the count, the wait and the server's last answer once it has
// waited longer (on the app's clock, which the test moves), and nothing once the outbox is empty again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { heldDetail } from '../../src/core/correspondence/outgoing-mail.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

describe('the administration page and a stuck outbox', () => {
  const clock = fixedClock('2026-12-07T08:00:00.000Z');
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock, env: { REDRESS_OUTBOX_ALERT_MINUTES: '30' } });
  });
  after(async () => {
    await t?.close();
  });

  it('warns once mail has waited longer than the alert delay, and not before or after', async () => {
    const admin = await createUser(t.ctx, 'administrator', { email: 'admin@example.org', language: 'en' });
    const mailbox = t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
    // A complaint by e-mail: its acknowledgement waits in the outbox (no sender runs here).
    await receiveEmail(t.ctx, { raw: rawMessage(), mailbox, door: 'pipe' });
    const page = async () => {
      const s = await sessionFor(t.ctx, admin);
      const r = await getPage(t.app, s, '/admin');
      assert.equal(r.statusCode, 200);
      return r.body;
    };
    assert.doesNotMatch(await page(), /id="outbox-late"/);
    clock.advance(29 * 60_000);
    assert.doesNotMatch(await page(), /id="outbox-late"/, 'not before the delay');

    clock.advance(2 * 60_000);
    await t.ctx.database.db
      .updateTable('correspondence')
      .set({ status_detail: 'attempt 3 failed, will retry: 451 4.3.2 service busy' })
      .where('direction', '=', 'out')
      .execute();
    const late = await page();
    assert.match(late, /id="outbox-late"/);
    assert.match(late, /1 message has waited 31 minutes in the outbox \(the alert comes after 30 minutes\)/);
    assert.match(
      late,
      /Attempt 3 failed; the message will be sent again later\. The error was: “451 4\.3\.2 service busy”\./,
    );

    await t.ctx.database.db
      .updateTable('correspondence')
      .set({ status: 'sent' })
      .where('direction', '=', 'out')
      .execute();
    assert.doesNotMatch(await page(), /id="outbox-late"/, 'gone once the mail is sent');
  });

  it('says at once when mail is held because the server refuses our own sending', async () => {
    const admin = await createUser(t.ctx, 'administrator', {
      email: 'held-admin@example.org',
      language: 'en',
    });
    const mailbox = t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
    await receiveEmail(t.ctx, {
      raw: rawMessage({ from: 'Jean Held <jean.held@example.net>', messageId: '<held@example.net>' }),
      mailbox,
      door: 'pipe',
    });
    await t.ctx.database.db
      .updateTable('correspondence')
      .set({ status_detail: heldDetail('535 5.7.8 Error: authentication failed') })
      .where('direction', '=', 'out')
      .where('status', '=', 'pending')
      .execute();
    const r = await getPage(t.app, await sessionFor(t.ctx, admin), '/admin');
    assert.match(r.body, /id="outbox-held"/, 'before the alert delay');
    assert.match(r.body, /refuses Redress’s own sending .*not the recipient\. 1 message waits/);
    assert.match(
      r.body,
      /Held until the outbound mail settings are fixed: .*“535 5\.7\.8 Error: authentication failed”/,
    );
    assert.doesNotMatch(r.body, /id="outbox-late"/);
  });
});
