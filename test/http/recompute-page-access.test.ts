// The page of deadlines a calendar change would move (/admin/calendar/recompute) is read by administrators and
// auditors. An administrator configures and reads no case (canRead, core/access/case-access.ts): the page names
// each case by its reference only, links it only for a role that may open it, and never shows what the case is
// about or who wrote it, so that a link on it never leads to a refusal and nothing of a case is shown to a role
// that may not read it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openCase } from '../../src/app/open-case.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

describe('the recompute page shows each role only what it may read', () => {
  let t: TestApp;
  let admin: TestSession;
  let auditor: TestSession;
  let caseId = '';
  let reference = '';
  const name = 'Wilhelmina Quaresma-Oyelaran';
  const subject = 'Zebra-striped invoice 4471 never arrived';

  before(async () => {
    // Thursday 28 May 2026, 10:00 in Berlin: Corpus Christi (4 June) is a holiday in Baden-Württemberg, not in Berlin.
    t = await createTestApp({ clock: fixedClock('2026-05-28T08:00:00.000Z') });
    admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator'));
    auditor = await sessionFor(t.ctx, await createUser(t.ctx, 'auditor'));
    const opened = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: '2026-05-28T08:00:00.000Z',
      language: 'en',
      subject,
      complainant: { name, email: 'wilhelmina@example.org' },
      fields: { ticketRefs: [], domains: [], description: 'Down', expectations: 'Fix' },
      missing: [],
      correspondenceId: null,
      actor: 'test',
    });
    caseId = opened.caseId;
    reference = opened.reference;
    const saved = await postForm(t.app, admin, '/admin/calendar', {
      intent: 'save',
      country: 'DE',
      state: 'BE',
      timezone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closureDays: '',
    });
    assert.equal(saved.statusCode, 303, saved.body);
  });
  after(async () => {
    await t?.close();
  });

  it('gives an administrator the reference without a link, and nothing of the case', async () => {
    const page = await getPage(t.app, admin, '/admin/calendar/recompute');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1 open case would get a new deadline\./);
    const table = page.body.slice(page.body.indexOf('id="recompute-moves"'));
    assert.ok(table.includes(reference), 'the reference is named');
    assert.doesNotMatch(
      page.body,
      /href="\/cases\//,
      'no link to a case page the administrator may not open',
    );
    assert.ok(!page.body.includes(caseId), 'not even the case id');
    assert.ok(!page.body.includes(name), 'no complainant name');
    assert.ok(!page.body.includes('Wilhelmina'), 'no part of it');
    assert.ok(!page.body.includes(subject), 'no subject');
    assert.ok(!page.body.includes('Zebra'), 'no part of it');
    // What the link would have led to: the case is not shown to an administrator.
    const refused = await getPage(t.app, admin, `/cases/${caseId}`);
    assert.ok([403, 404].includes(refused.statusCode), String(refused.statusCode));
  });

  it('links the reference for an auditor, and the link opens the case', async () => {
    const page = await getPage(t.app, auditor, '/admin/calendar/recompute');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<a href="/cases/${caseId}">${reference}</a>`));
    assert.ok(!page.body.includes(name), 'the page itself names no complainant');
    assert.ok(!page.body.includes(subject), 'nor a subject');
    const opened = await getPage(t.app, auditor, `/cases/${caseId}`);
    assert.equal(opened.statusCode, 200);
  });
});
