// The dates a complainant reads on our pages are written as the texts we send them write them (P10): "7 December
// 2026" in English, as the acknowledgement says, never "December 7, 2026" or "Dec 7, 2026, 10:00 AM"; times in the
// organisation's time zone, on the 24-hour clock its texts use. The public form's thank-you page and the
// complainant's own page. On SQLite (the pages read nothing engine-specific).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { acknowledgementText, linkTokenOf } from '../support/complainant-documents.ts';
import { createTestApp, form, setCookies, type TestApp } from '../support/http.ts';

const US_DATE =
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}|\b\d{1,2}:\d{2} ?[AP]M\b/;

describe('dates on the pages a complainant reads', () => {
  let t: TestApp;
  // 09:00 UTC on Monday 23 November 2026: 10:00 in Berlin; the answer is due on Monday 7 December.
  const clock = fixedClock('2026-11-23T09:00:00.000Z');

  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => {
    await t?.close();
  });

  it('the public form’s thank-you page writes the answer date as the acknowledgement does', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/complain',
      headers: { 'accept-language': 'en' },
    });
    const set = setCookies(page).get('redress_csrf')!;
    const cookie = set.slice(0, set.indexOf(';'));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    clock.set('2026-11-23T09:00:10.000Z');
    const sent = await t.app.inject({
      method: 'POST',
      url: '/complain',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: form({
        _csrf: csrf,
        formToken,
        homepage: '',
        name: 'John Smith',
        email: 'john.smith@example.net',
        description: 'My domain has not resolved since Monday.',
        expectations: 'Please restore it.',
        consent: 'yes',
      }),
    });
    assert.equal(sent.statusCode, 303, sent.body);
    const thanksCookie = setCookies(sent).get('redress_complaint')!;
    const thanks = await t.app.inject({
      method: 'GET',
      url: '/complain/thanks',
      headers: { cookie: thanksCookie.slice(0, thanksCookie.indexOf(';')), 'accept-language': 'en' },
    });
    assert.equal(thanks.statusCode, 200);
    assert.doesNotMatch(thanks.body, US_DATE);
    assert.match(thanks.body, /7 December 2026/);
  });

  it('the complainant’s own page writes received and promised dates alike, in local time', async () => {
    const s = await submitComplaint(
      t.ctx,
      {
        complainant: { name: 'Ann Smith', email: 'ann.smith@example.net' },
        language: 'en',
        description: 'My domain has not resolved since Monday.',
        expectations: 'Please restore it.',
      },
      { channel: 'web', actor: 'web:test' },
    );
    assert.match(await acknowledgementText(t.ctx, s.caseId), /23 November 2026/);
    const token = await linkTokenOf(t.ctx, s.caseId);
    const res = await t.app.inject({
      method: 'GET',
      url: `/c/${token}`,
      headers: { 'accept-language': 'en' },
    });
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, US_DATE);
    assert.match(res.body, /7 December 2026/);
    // Received at 09:00:10 UTC, 10:00 in Berlin.
    assert.match(res.body, /23 November 2026[^<]*10:00/);
  });
});
