// The extension picker and the case rule start windows on the same day (src/core/case/extension-window.ts): today,
// when it is a working day, is offered first (and said to be today) and accepted when sent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

describe('extension picker', () => {
  let t: TestApp;
  const clock = fixedClock(new Date().toISOString());
  // Today is the next working day from now, at 10:00 there: complaints opened a day before the real now are well
  // before their answer date, ten working days after receipt.
  let day: Temporal.PlainDate;
  before(async () => {
    t = await createTestApp({ clock });
    day = t.ctx.calendar.localDate(clock.now());
    while (!t.ctx.calendar.isWorkingDay(day)) day = day.add({ days: 1 });
    clock.set(
      day
        .toZonedDateTime({ timeZone: t.ctx.config.timezone, plainTime: Temporal.PlainTime.from('10:00') })
        .toInstant()
        .toString(),
    );
  });
  after(async () => {
    await t?.close();
  });

  it('offers today first on a working day, and the rule accepts the window it offers', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const s = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    const first =
      /<select id="extend-windowStart"[^>]*>\s*<option value="(\d{4}-\d{2}-\d{2})"[^>]*>([^<]*)</.exec(
        page.body,
      );
    assert.ok(first, 'the picker is shown');
    assert.equal(first[1], day.toString());
    assert.match(first[2]!, /\(today\)$/);
    const lastDay = /<select id="extend-windowEnd"[^>]*>\s*<option value="(\d{4}-\d{2}-\d{2})"/.exec(
      page.body,
    )![1]!;
    const sent = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
      reason: 'We are waiting for the registry.',
      windowStart: first[1],
      windowEnd: lastDay,
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  });

  it('says the days in French with 1er for the first working day and 2e for the next, and dates as French writes them', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const s = await sessionFor(t.ctx, await createUser(t.ctx, 'agent', { language: 'fr' }));
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    const options = [
      .../<select id="extend-windowStart"[^>]*>([\s\S]*?)<\/select>/
        .exec(page.body)![1]!
        .matchAll(/>([^<]+)<\/option>/g),
    ].map((m) => m[1]!);
    assert.match(options[0]!, /\(aujourd’hui\)$/);
    assert.match(options[1]!, /\(1er jour ouvré à partir d’aujourd’hui\)$/);
    assert.match(options[2]!, /\(2e jour ouvré à partir d’aujourd’hui\)$/);
    for (const o of options)
      assert.doesNotMatch(
        o,
        /\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b|\b1e\b/,
      );
  });
});
