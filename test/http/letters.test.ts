// The letter form over HTTP: an empty form is refused with a clear error and nothing is opened; a letter whose
// answer date has passed is registered only knowingly (the warning before, the new date after); "Record a letter
// on this case" starts from the case's language and its complainant's details; and after a refusal the address
// bar holds an address that can be reloaded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { MAX_SCAN_BYTES, multipartBudget } from '../../src/adapters/http/uploads.ts';
import { getCase } from '../../src/app/get-case.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint, postMultipart } from '../support/staff.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';

describe('the letter form', () => {
  let t: TestApp;
  let agent: User;
  const clock = fixedClock('2026-11-23T09:00:00.000Z'); // Monday
  before(async () => {
    t = await createTestApp({ clock });
    agent = await createUser(t.ctx, 'agent');
  });
  after(() => t?.close());

  const caseCount = async () =>
    Number(
      (
        await t.ctx.database.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses an empty letter (no name, no text, no scan) and opens nothing', async () => {
    const s = await sessionFor(t.ctx, agent);
    const before = await caseCount();
    const res = await postForm(t.app, s, '/letters/new', {
      arrived: '2026-11-23',
      kind: 'complaint',
      language: 'fr',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /id="letter-description-error">The letter is empty/);
    assert.equal(await caseCount(), before, 'no case "(name unknown)" was opened');
  });

  it('reads a letter up to one scan at its limit and its fields; past that, the form comes back with what was typed (413)', async () => {
    const s = await sessionFor(t.ctx, agent);
    const before = await caseCount();
    // The form takes one scan: what it reads is one scan's worth (about 20 MB), not five files' worth.
    const budget = multipartBudget(MAX_SCAN_BYTES, 1);
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.alloc(budget, 0x61)]);
    const res = await postMultipart(
      t.app,
      s,
      '/letters/new',
      { arrived: '2026-11-23', kind: 'complaint', language: 'fr', name: 'Jeanne Lettre-Trop-Lourde' },
      [{ field: 'scan', filename: 'courrier.pdf', type: 'application/pdf', content: scan }],
    );
    assert.equal(res.statusCode, 413, res.body.slice(0, 2000));
    assert.match(res.body, /value="Jeanne Lettre-Trop-Lourde"/, 'what was typed is kept');
    assert.match(
      res.body,
      /id="letter-scan-error"[^>]*>What you sent was too large to be received[^<]*a scan of at most 20 MB/,
    );
    assert.equal(await caseCount(), before, 'nothing is registered');
  });

  it('after a refusal the address shown is the form’s own, which reloads', async () => {
    const s = await sessionFor(t.ctx, agent);
    const form = await getPage(t.app, s, '/letters/new');
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.body)![1]!;
    const refused = await postForm(t.app, s, action, { arrived: '2026-11-23', kind: 'complaint' });
    assert.equal(refused.statusCode, 422);
    // A browser (and htmx's boost) shows the address posted to: reloading it must give the form, not a 404.
    const reload = await getPage(t.app, s, action);
    assert.equal(reload.statusCode, 200, `GET ${action}`);
    assert.match(reload.body, /name="arrived"/);
  });

  it('warns before registering a letter whose answer date has passed, and promises a new date', async () => {
    const s = await sessionFor(t.ctx, agent);
    const letter = {
      arrived: '2026-10-26', // due by 9 November
      kind: 'complaint',
      language: 'fr',
      title: STEP1,
      name: 'Claire Petit',
      email: 'claire.petit@example.fr',
      description: 'Ma facture est fausse.',
      expectations: 'Un remboursement.',
    };
    // The warning shows as soon as the date is typed (htmx asks the form's own address for it).
    const live = await getPage(t.app, s, '/letters/new?arrived=2026-10-26&kind=complaint', {
      'hx-request': 'true',
      'hx-target': 'letter-promise',
    });
    assert.equal(live.statusCode, 200);
    assert.ok(!live.body.includes('<html'), 'only the warning');
    assert.match(live.body, /has already passed/);
    assert.match(live.body, /December 7, 2026/, 'the new date: 10 working days from today');
    const unconfirmed = await postForm(t.app, s, '/letters/new', letter);
    assert.equal(unconfirmed.statusCode, 422, 'not registered without the confirmation');
    assert.match(unconfirmed.body, /id="letter-confirmLate-error"/);
    const ok = await postForm(t.app, s, '/letters/new', { ...letter, confirmLate: 'yes' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const caseId = String(ok.headers.location).replace('/cases/', '');
    const view = await getCase(t.ctx, caseId);
    assert.equal(view.state.deadline?.answerByDate, '2026-12-07');
    assert.ok(view.events.some((e) => e.type === 'promise_renewed'));
  });

  it('records a letter on a case in the case’s language, with the complainant’s details, missing nothing known', async () => {
    const s = await sessionFor(t.ctx, agent);
    const step1 = await openComplaint(t.ctx, {
      // Received the morning of the letter's arrival, on the test's clock: a letter cannot quote a case received after it.
      receivedAt: '2026-11-23T08:00:00.000Z',
      language: 'fr',
      name: 'Jeanne Roux',
      email: 'jeanne.roux@example.fr',
    });
    const form = await getPage(t.app, s, `/letters/new?case=${step1.reference}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<option value="fr" selected>/, 'the case’s language, not the default');
    assert.match(form.body, /value="Jeanne Roux"/);
    assert.match(form.body, /value="jeanne\.roux@example\.fr"/);
    // A step-2 letter that gives only the name: the e-mail address is known, so contact details are not missing.
    const res = await postForm(t.app, s, '/letters/new', {
      arrived: '2026-11-23',
      kind: 'complaint',
      step: '2',
      caseReference: step1.reference,
      language: '',
      name: 'Jeanne Roux',
      title: 'Transmission de réclamation - Etape 2',
      description: 'La réponse ne me convient pas.',
      expectations: 'Un geste commercial.',
    });
    // Step 2 is management's: an agent may not open it; a manager does.
    assert.equal(res.statusCode, 403);
    const manager = await sessionFor(t.ctx, await createUser(t.ctx, 'management'));
    const done = await postForm(t.app, manager, '/letters/new', {
      arrived: '2026-11-23',
      kind: 'complaint',
      step: '2',
      caseReference: step1.reference,
      language: '',
      name: 'Jeanne Roux',
      title: 'Transmission de réclamation - Etape 2',
      description: 'La réponse ne me convient pas.',
      expectations: 'Un geste commercial.',
    });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    const step2 = await getCase(t.ctx, String(done.headers.location).replace('/cases/', ''));
    assert.equal(step2.state.step, 2);
    assert.equal(step2.state.language, 'fr', 'the complainant’s language, not the default');
    assert.deepEqual(step2.state.missing, [], 'the known e-mail address counts as contact details');
  });

  it('a complaint with no address waits "to address" until staff add one, then is acknowledged', async () => {
    const s = await sessionFor(t.ctx, agent);
    const res = await postForm(t.app, s, '/letters/new', {
      arrived: '2026-11-23',
      kind: 'complaint',
      language: 'fr',
      title: STEP1,
      name: 'Luc Vidal',
      description: 'Mon site ne répond plus.',
      expectations: 'Qu’il remarche.',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const caseId = String(res.headers.location).replace('/cases/', '');
    const queue = await getPage(t.app, s, '/queues/step1');
    const row = queue.body.slice(queue.body.indexOf(`/cases/${caseId}`));
    assert.match(row.slice(0, 1500), /<span class="tag tag-to-address">to address<\/span>/);
    const page = await getPage(t.app, s, `/cases/${caseId}`);
    assert.match(page.body, /To address: the complainant has no e-mail or postal address/);
    assert.match(page.body, new RegExp(`action="/cases/${caseId}/address"`));
    for (const refused of ['acknowledge', 'request-information', 'extend', 'answer'])
      assert.ok(
        // A form with files carries its CSRF token after a `?` in its address.
        !new RegExp(`\\saction="/cases/${caseId}/${refused}[?"]`).test(page.body),
        `${refused} is not offered: it would be refused for want of an address`,
      );
    const added = await postForm(t.app, s, `/cases/${caseId}/address`, { email: 'luc.vidal@example.fr' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `/cases/${caseId}`);
    const view = await getCase(t.ctx, caseId);
    assert.ok(view.state.acknowledgedAt, 'acknowledged once an address is known');
    assert.equal(view.complainant?.details.email, 'luc.vidal@example.fr');
    const after = await getPage(t.app, s, '/queues/step1');
    assert.ok(!after.body.includes('tag-to-address'), 'no longer waiting');
  });

  it('changes a case’s language (and its complainant’s) by events; the checklist counts what is known', async () => {
    const s = await sessionFor(t.ctx, agent);
    const c = await openComplaint(t.ctx, {
      daysAgo: 0,
      language: 'en',
      email: 'marie.dubois@example.fr',
      missing: ['contact'],
    });
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    assert.ok(
      !/<li class="missing"><span class="check-state">Missing<\/span> Contact details<\/li>/.test(page.body),
      'not "Missing: contact details" beside the complainant’s e-mail address',
    );
    const res = await postForm(t.app, s, `/cases/${c.caseId}/language`, {
      language: 'fr',
      forComplainant: 'yes',
    });
    assert.equal(res.statusCode, 303);
    const view = await getCase(t.ctx, c.caseId);
    assert.equal(view.state.language, 'fr');
    assert.ok(view.events.some((e) => e.type === 'language_changed'));
    assert.equal(view.complainant?.details.language, 'fr', 'the complainant’s language, by their own event');
  });

  it('the complainant’s open cases follow their language; a case set for itself alone keeps its own', async () => {
    const s = await sessionFor(t.ctx, agent);
    const email = 'ana.lopes@example.pt';
    const a = await openComplaint(t.ctx, { daysAgo: 0, language: 'en', email });
    const b = await openComplaint(t.ctx, { daysAgo: 0, language: 'en', email });
    const c = await openComplaint(t.ctx, { daysAgo: 0, language: 'en', email });
    // Case c alone in German (an override of the complainant's language).
    assert.equal(
      (await postForm(t.app, s, `/cases/${c.caseId}/language`, { language: 'de' })).statusCode,
      303,
    );
    // The complainant's language, from case a: their open cases follow, except c.
    const res = await postForm(t.app, s, `/cases/${a.caseId}/language`, {
      language: 'fr',
      forComplainant: 'yes',
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await getCase(t.ctx, a.caseId)).state.language, 'fr');
    assert.equal((await getCase(t.ctx, b.caseId)).state.language, 'fr', 'follows the complainant');
    assert.equal((await getCase(t.ctx, c.caseId)).state.language, 'de', 'keeps the language chosen for it');
  });
});
