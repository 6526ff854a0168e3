// REDRESS_PAUSE_CLOCK_WHILE_WAITING (P4.5): refused when malformed, off by default; when on, the case page shows
// in the clock's history the move of the answer date by the days waited on the complainant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { deadlinePolicy } from '../../src/config-values.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: '/nonexistent' });

describe('the setting that pauses the clock while a case waits on the complainant', () => {
  it('is off by default, takes true/false, and refuses anything else by its name', () => {
    assert.equal(load({}).pauseClockWhileWaiting, false);
    assert.equal(deadlinePolicy(load({})).pauseWhileWaiting, false);
    assert.equal(deadlinePolicy(load({ REDRESS_PAUSE_CLOCK_WHILE_WAITING: 'true' })).pauseWhileWaiting, true);
    assert.equal(load({ REDRESS_PAUSE_CLOCK_WHILE_WAITING: 'off' }).pauseClockWhileWaiting, false);
    assert.throws(
      () => load({ REDRESS_PAUSE_CLOCK_WHILE_WAITING: 'sometimes' }),
      (e: unknown) => e instanceof ConfigError && /REDRESS_PAUSE_CLOCK_WHILE_WAITING/.test(e.message),
    );
  });
});

describe('the case page with the clock paused while waiting', () => {
  let t: TestApp;
  // Monday 23 November 2026, 10:00 in Berlin.
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  before(async () => {
    t = await createTestApp({ clock, env: { REDRESS_PAUSE_CLOCK_WHILE_WAITING: 'true' } });
  });
  after(async () => {
    await t?.close();
  });

  it('shows the move of the answer date in the clock’s history', async () => {
    // The form without what the complainant expects: the acknowledgement asks for it, and the case waits.
    const opened = await submitComplaint(
      t.ctx,
      {
        complainant: { name: 'Cem Yilmaz', email: 'cem@example.org' },
        language: 'en',
        description: 'The site is down.',
        expectations: null,
      },
      { channel: 'web', actor: 'form:test' },
    );
    // Their answer comes on Wednesday: two working days waited.
    clock.set('2026-11-25T09:00:00.000Z');
    const reply = await receiveEmail(t.ctx, {
      raw: rawMessage({
        from: 'Cem Yilmaz <cem@example.org>',
        subject: `Re: [${opened.reference}] We have received your complaint`,
        body: 'I would like the site back.',
      }),
      mailbox: t.ctx.config.mailboxes.find((m) => m.role === 'complaints')!,
      door: 'pipe',
    });
    assert.equal(reply.caseId, opened.caseId);
    const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
    const page = await getPage(t.app, auditor, `/cases/${opened.caseId}`);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /On Nov 25, 2026 the complainant answered after 2 working day\(s\) of waiting on them: the answer date moved from [^<]+ to [^<]+\./,
    );
  });
});
