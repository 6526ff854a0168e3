// The case page names the day a calendar change moved a deadline as the organisation's local day: a recompute
// applied at 00:30 in Berlin (22:30 UTC the day before) happened on the Berlin day, not on UTC's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openCase } from '../../src/app/open-case.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';

describe('local days on the case page', () => {
  let t: TestApp;
  // Thursday 28 May 2026, 10:00 in Berlin.
  const clock = fixedClock('2026-05-28T08:00:00.000Z');

  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => {
    await t?.close();
  });

  it('writes the day of a deadline recompute in the organisation’s time zone', async () => {
    const ada = await createUser(t.ctx, 'administrator', { email: 'ada@example.org' });
    const admin = await sessionFor(t.ctx, ada);
    const untold = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: '2026-05-28T08:00:00.000Z',
      language: 'en',
      subject: 'Complaint escalation - Step 1',
      complainant: { name: 'Cem', email: 'cem@example.org' },
      fields: { ticketRefs: [], domains: [], description: 'Down', expectations: 'Fix' },
      missing: [],
      correspondenceId: null,
      actor: 'test',
    });
    const saved = await postForm(t.app, admin, '/admin/calendar', {
      intent: 'save',
      country: 'DE',
      state: 'BW',
      timezone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closureDays: '2026-06-01',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    // 00:30 on Friday 29 May in Berlin.
    clock.set('2026-05-28T22:30:00.000Z');
    // A session of the evening (the morning's has gone idle).
    const applied = await postForm(t.app, await sessionFor(t.ctx, ada), '/admin/calendar/recompute', {
      reason: 'Office closed',
    });
    assert.equal(applied.statusCode, 303, applied.body);
    const auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
    const page = await getPage(t.app, auditor, `/cases/${untold.caseId}`);
    assert.equal(page.statusCode, 200);
    const sentence = /On ([^<]*?) the calendar changed the answer date/.exec(page.body)?.[1];
    assert.equal(sentence, 'May 29, 2026');
  });
});
