// The staff application over HTTP: queues (due first, urgency in words, filters, htmx partial, bulk and hand-over),
// the case page and its actions as events, refusals shown inline in the reader's words, who may act on what
// (management step 2, a department its suggestions, the auditor nothing), letters in with their scan,
// complainants (restrictions, merge, export), search; and a fixed number of queries per page (no N+1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pino from 'pino';
import { Temporal } from 'temporal-polyfill';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { buildHttpApp } from '../../src/adapters/http/app.ts';
import { localDayText } from '../../src/adapters/http/pages/components.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { openComplaint, PDF, PNG, postMultipart } from '../support/staff.ts';

describe('staff application over HTTP', () => {
  let t: TestApp;
  const u: Record<string, User> = {};

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
    u.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
    u.agent2 = await createUser(t.ctx, 'agent', { name: 'Ben Agent' });
    u.lead = await createUser(t.ctx, 'lead', { name: 'Lea Lead' });
    u.management = await createUser(t.ctx, 'management', { name: 'Max Manager' });
    u.department = await createUser(t.ctx, 'department_member', {
      name: 'Bill Dept',
      departments: ['Billing'],
    });
    u.auditor = await createUser(t.ctx, 'auditor', { name: 'Audrey Auditor' });
    u.administrator = await createUser(t.ctx, 'administrator');
  });
  after(async () => {
    await t?.close();
  });

  const as = (who: keyof typeof u) => sessionFor(t.ctx, u[who]!);

  it('lists step 1 due first, with the clock in working days and its urgency in words', async () => {
    const late = await openComplaint(t.ctx, { daysAgo: 30, subject: 'Late one' });
    const fresh = await openComplaint(t.ctx, { daysAgo: 0, subject: 'Fresh one' });
    // Acknowledged, so the clock is the answer's (an unacknowledged complaint is due by its acknowledgement).
    for (const c of [late, fresh])
      await actOnCase(
        t.ctx,
        c.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
    const s = await as('agent');
    const page = await getPage(t.app, s, '/queues/step1');
    assert.equal(page.statusCode, 200);
    const body = page.body;
    assert.ok(body.indexOf(late.reference) < body.indexOf(fresh.reference), 'the late case comes first');
    assert.match(
      body,
      /<span class="clock urgency-overdue"><span class="urgency-label">Late<\/span> \d+ working days overdue<\/span>/,
    );
    assert.match(
      body,
      /<span class="clock urgency-later"><span class="urgency-label">On time<\/span> \d+ working days left<\/span>/,
    );
    assert.match(body, new RegExp(`<a href="/cases/${late.caseId}">${late.reference}</a>`));
    // an agent has no check boxes (bulk is for leads)
    assert.ok(!body.includes('name="caseIds"'));
    // the filters are a GET form driving an htmx partial
    const partial = await getPage(t.app, s, '/queues/step1?due=overdue', {
      'hx-request': 'true',
      'hx-target': 'queue-list',
    });
    assert.ok(!partial.body.includes('<html'), 'only the list');
    assert.ok(partial.body.includes(late.reference));
    assert.ok(!partial.body.includes(fresh.reference));
    // French: dates and words follow the reader
    const fr = await getPage(t.app, s, '/queues/step1', { cookie: `${s.cookie}; redress_lang=fr` });
    assert.ok(fr.body.includes('<html lang="en">'), "a signed-in user's own language wins");
  });

  it('filters by waiting on the complainant and refuses other roles their queues', async () => {
    const waiting = await openComplaint(t.ctx, { daysAgo: 2, subject: 'Waits for us' });
    await actOnCase(
      t.ctx,
      waiting.caseId,
      { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
      'system',
    );
    const s = await as('agent');
    const page = await getPage(t.app, s, '/queues/step1?waiting=yes');
    assert.ok(page.body.includes(waiting.reference));
    assert.match(page.body, /waiting on complainant/);
    const step2 = await getPage(t.app, s, '/queues/step2', { accept: 'application/json' });
    assert.equal(step2.statusCode, 403);
    const m = await as('management');
    assert.equal((await getPage(t.app, m, '/queues/step2')).statusCode, 200);
    assert.equal((await getPage(t.app, m, '/queues/step1', { accept: 'application/json' })).statusCode, 403);
    const home = await getPage(t.app, m, '/queues');
    assert.equal(home.headers.location, '/queues/step2');
  });

  it('lets a lead assign and categorise in bulk, and hand over the open cases of someone away', async () => {
    const a = await openComplaint(t.ctx, { daysAgo: 3 });
    const b = await openComplaint(t.ctx, { daysAgo: 3 });
    const lead = await as('lead');
    const page = await getPage(t.app, lead, '/queues/step1');
    assert.match(
      page.body,
      new RegExp(
        `<input type="checkbox" id="select-${a.caseId}" name="caseIds" value="${a.caseId}" form="bulk">`,
      ),
    );
    assert.match(page.body, /<label for="select-[^"]+" class="visually-hidden">Select RC-/);
    const assigned = await postForm(t.app, lead, '/queues/bulk', {
      action: 'assign',
      to: u.agent!.id,
      caseIds: [a.caseId, b.caseId],
      back: '/queues/step1',
    });
    assert.equal(assigned.statusCode, 303);
    assert.equal(assigned.headers.location, '/queues/step1');
    const rows = await t.ctx.database.db
      .selectFrom('cases')
      .select(['id', 'owner_id'])
      .where('id', 'in', [a.caseId, b.caseId])
      .execute();
    assert.deepEqual(
      rows.map((r) => r.owner_id),
      [u.agent!.id, u.agent!.id],
    );
    const categorised = await postForm(t.app, lead, '/queues/bulk', {
      action: 'categorise',
      category: 'billing',
      caseIds: [a.caseId],
    });
    assert.equal(categorised.statusCode, 303);
    const mine = await getPage(t.app, await as('agent'), '/queues/mine');
    assert.ok(mine.body.includes(a.reference) && mine.body.includes(b.reference));
    const handed = await postForm(t.app, lead, '/queues/reassign', { from: u.agent!.id, to: u.agent2!.id });
    assert.equal(handed.statusCode, 303);
    const after = await t.ctx.database.db
      .selectFrom('cases')
      .select('owner_id')
      .where('id', 'in', [a.caseId, b.caseId])
      .execute();
    assert.deepEqual(
      after.map((r) => r.owner_id),
      [u.agent2!.id, u.agent2!.id],
    );
    const events = await readStream(t.tdb.database.db, `case:${a.caseId}`);
    assert.deepEqual(
      events.filter((e) => e.type === 'assigned').map((e) => e.actor),
      [`user:${u.lead!.id}`, `user:${u.lead!.id}`],
    );
    // an agent may not
    const refused = await postForm(
      t.app,
      await as('agent'),
      '/queues/bulk',
      { action: 'assign', caseIds: [a.caseId] },
      { accept: 'application/json' },
    );
    assert.equal(refused.statusCode, 403);
  });

  it('hands over the open cases of a disabled colleague: "from" names who owns open cases, "to" who may own them', async () => {
    const away = await createUser(t.ctx, 'agent', { name: 'Cleo Away' });
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const lead = await as('lead');
    await postForm(t.app, lead, '/queues/bulk', { action: 'assign', to: away.id, caseIds: [c.caseId] });
    await setUserEnabled(t.ctx, away.id, false, { actor: 'cli', label: null, address: null });
    const selectOf = (body: string, id: string) =>
      new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(body)?.[1] ?? '';
    const page = await getPage(t.app, lead, '/queues/step1');
    const from = selectOf(page.body, 'reassign-from');
    const to = selectOf(page.body, 'reassign-to');
    assert.match(
      from,
      new RegExp(`<option value="${away.id}">Cleo Away \\(Agent, account disabled\\)</option>`),
    );
    assert.ok(!to.includes(away.id), 'a disabled account may not be given cases');
    assert.ok(to.includes(u.agent!.id));
    // The case page shows its owner in the Assign list, selected and marked, rather than "Nobody".
    const casePage = await getPage(t.app, lead, `/cases/${c.caseId}`);
    assert.match(
      selectOf(casePage.body, 'assign-to'),
      new RegExp(`<option value="${away.id}" selected>Cleo Away \\(Agent, account disabled\\)</option>`),
    );
    // Sent unchanged, the Assign form keeps the owner and says whom the case may go to (it does not unassign).
    const unchanged = await postForm(t.app, lead, `/cases/${c.caseId}/assign`, { to: away.id });
    assert.equal(unchanged.statusCode, 422);
    assert.match(
      unchanged.body,
      /id="assign-to-error">This case can only be given to an active agent or team lead\.<\/p>/,
    );
    const handed = await postForm(t.app, lead, '/queues/reassign', { from: away.id, to: u.agent!.id });
    assert.equal(handed.statusCode, 303);
    const owner = await t.ctx.database.db
      .selectFrom('cases')
      .select('owner_id')
      .where('id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(owner.owner_id, u.agent!.id);
    const flash = await getPage(t.app, lead, '/queues/step1', {
      cookie: `${lead.cookie}; ${flashOf(handed)}`,
    });
    assert.match(flash.body, /1 open cases? of Cleo Away/);
    // With nothing left to hand over, the disabled colleague is no longer offered.
    const later = await getPage(t.app, lead, '/queues/step1');
    assert.ok(!selectOf(later.body, 'reassign-from').includes(away.id));
  });

  it('shows the case: checklist, clock, complainant, timeline, and only the actions allowed now', async () => {
    const c = await openComplaint(t.ctx, {
      daysAgo: 1,
      missing: ['expectations', 'marker'],
      name: 'Zoé Martin',
      language: 'fr',
    });
    const s = await as('agent');
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    assert.equal(page.statusCode, 200);
    const b = page.body;
    assert.match(
      b,
      /<li class="missing"><span class="check-state">Missing:<\/span> What the complainant expects<\/li>/,
    );
    assert.match(
      b,
      /<li class="present"><span class="check-state">Present:<\/span> Name of the complainant<\/li>/,
    );
    assert.match(b, /Answer by<\/dt><dd><strong><time datetime="\d{4}-\d{2}-\d{2}">/);
    assert.match(b, new RegExp(`<a href="/complainants/${c.complainantId}">Zoé Martin</a>`));
    assert.match(b, /Case received/);
    for (const a of ['answer', 'extend', 'request-information', 'assign', 'close', 'escalate'])
      assert.equal(new RegExp(`action="/cases/${c.caseId}/${a}[?"]`).test(b), a !== 'escalate', a);
    assert.match(b, /Closing does not stop an escalation to step 2 later/);
    assert.ok(!b.includes(`/cases/${c.caseId}/reopen"`), 'not closed: no reopen');
    // the answer preview is in the complainant's language
    assert.match(b, /<pre class="mail-text" lang="fr">Bonjour Zoé Martin,/);
  });

  it('records an internal note, extends with a window of working days, and shows a refusal in the reader’s words', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const s = await as('agent');
    const noted = await postForm(t.app, s, `/cases/${c.caseId}/note`, { text: 'Called the data centre.' });
    assert.equal(noted.statusCode, 303);
    const blank = await postForm(t.app, s, `/cases/${c.caseId}/note`, { text: '  ' });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /<p class="error-text" id="note-text-error">Fill this in.<\/p>/);
    const state = await t.ctx.database.db
      .selectFrom('cases')
      .select('answer_by_date')
      .where('id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    // the window must end after the current answer date: the core refuses, the form says so at the field
    const refused = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
      reason: 'Waiting for the report',
      windowStart: state.answer_by_date!,
      windowEnd: state.answer_by_date!,
    });
    assert.equal(refused.statusCode, 422);
    assert.match(
      refused.body,
      new RegExp(
        `<p class="error-text" id="extend-windowEnd-error">The window must end after the current answer date \\(${localDayText('en', state.answer_by_date!)}\\)\\.</p>`,
      ),
    );
    assert.match(refused.body, /<details class="action" id="action-extend" open>/);
    const page = await getPage(t.app, s, `/cases/${c.caseId}`);
    const lastDay = /<select id="extend-windowEnd"[^>]*>\s*<option value="(\d{4}-\d{2}-\d{2})"/.exec(
      page.body,
    )![1]!;
    const firstDay = /<select id="extend-windowStart"[^>]*>\s*<option value="(\d{4}-\d{2}-\d{2})"/.exec(
      page.body,
    )![1]!;
    // The days the complainant would be told: a first date that is not a working day, or a last date beyond the
    // last the picker offers, is refused at its field with a date to choose instead.
    const offeredEnds = [
      .../<select id="extend-windowEnd"[^>]*>([\s\S]*?)<\/select>/
        .exec(page.body)![1]!
        .matchAll(/value="([\d-]+)"/g),
    ].map((m) => m[1]!);
    const latest = offeredEnds.at(-1)!;
    let weekend = Temporal.PlainDate.from(firstDay);
    while (t.ctx.calendar.isWorkingDay(weekend)) weekend = weekend.add({ days: 1 });
    const notWorking = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
      reason: 'Waiting for the report',
      windowStart: weekend.toString(),
      windowEnd: latest,
    });
    assert.equal(notWorking.statusCode, 422);
    assert.match(
      notWorking.body,
      new RegExp(
        `<p class="error-text" id="extend-windowStart-error">The first date of the window \\(${localDayText('en', weekend.toString())}\\) is not a working day: choose a working day, such as ${localDayText('en', t.ctx.calendar.addWorkingDays(weekend, 1).toString())}\\.</p>`,
      ),
    );
    for (const end of [t.ctx.calendar.addWorkingDays(latest, 1).toString(), '2028-06-01']) {
      const tooFar = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
        reason: 'Waiting for the report',
        windowStart: firstDay,
        windowEnd: end,
      });
      assert.equal(tooFar.statusCode, 422);
      assert.match(
        tooFar.body,
        new RegExp(
          `<p class="error-text" id="extend-windowEnd-error">The window may end at most 20 working days after the answer date in force \\(${localDayText('en', state.answer_by_date!)}\\): choose a last date no later than ${localDayText('en', latest)}\\.</p>`,
        ),
      );
    }
    const ok = await postForm(t.app, s, `/cases/${c.caseId}/extend`, {
      reason: 'Waiting for the report',
      windowStart: firstDay,
      windowEnd: lastDay,
    });
    assert.equal(ok.statusCode, 303);
    const shown = await getPage(t.app, s, `/cases/${c.caseId}`, { cookie: `${s.cookie}; ${flashOf(ok)}` });
    assert.match(
      shown.body,
      // The day as the reader says it, not as it is stored.
      new RegExp(
        `The extension is sent by e-mail. The answer is now due by ${new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${lastDay}T12:00:00Z`))}.`,
      ),
    );
    assert.match(shown.body, /Time to answer extended/);
    assert.match(shown.body, /Called the data centre\./);
    // in French the refusal is in French alone, with the date as the page writes it
    const fr = await sessionFor(t.ctx, await createUser(t.ctx, 'agent', { language: 'fr' }));
    // The answer date in force is now the extended one: a window from it that ends on it is refused.
    const extended = await t.ctx.database.db
      .selectFrom('cases')
      .select('answer_by_date')
      .where('id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(extended.answer_by_date, lastDay);
    const frRefused = await postForm(t.app, fr, `/cases/${c.caseId}/extend`, {
      reason: 'x y z',
      windowStart: extended.answer_by_date!,
      windowEnd: extended.answer_by_date!,
    });
    const frSaid = /id="extend-windowEnd-error">([^<]*)</.exec(frRefused.body)?.[1];
    assert.equal(
      frSaid,
      `La période doit se terminer après la date de réponse actuelle (${localDayText('fr', extended.answer_by_date!)}).`,
    );
    assert.doesNotMatch(frRefused.body, /The window must end/);
  });

  it('answers with an attachment, refuses a file that is not a PDF or an image, and shows a closed case’s refusal', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const s = await as('agent');
    const bad = await postMultipart(
      t.app,
      s,
      `/cases/${c.caseId}/answer`,
      { outcome: 'upheld', text: 'We checked.' },
      [{ field: 'attachments', filename: 'notes.txt', type: 'text/plain', content: Buffer.from('hello') }],
    );
    assert.equal(bad.statusCode, 422);
    assert.match(
      bad.body,
      /id="answer-attachments-error">&quot;notes.txt&quot; is not a PDF, PNG or JPEG file.</,
    );
    assert.match(bad.body, />We checked.<\/textarea>/, 'what was typed is kept');
    const noOutcome = await postMultipart(t.app, s, `/cases/${c.caseId}/answer`, { text: 'We checked.' });
    assert.equal(noOutcome.statusCode, 422);
    assert.match(noOutcome.body, /Choose the outcome\./);
    const preview = await postMultipart(
      t.app,
      s,
      `/cases/${c.caseId}/answer/preview`,
      { outcome: 'not_upheld', text: 'Our logs show no outage.' },
      [],
      {
        'hx-request': 'true',
        'hx-target': 'answer-preview',
      },
    );
    assert.equal(preview.statusCode, 200);
    assert.ok(!preview.body.includes('<html'));
    assert.match(preview.body, /we are unable to uphold your complaint/);
    assert.match(preview.body, /Our logs show no outage\./);
    const ok = await postMultipart(
      t.app,
      s,
      `/cases/${c.caseId}/answer`,
      { outcome: 'partly_upheld', text: 'We checked the logs.', remedy: 'A credit of one month.' },
      [{ field: 'attachments', filename: 'credit-note.pdf', type: 'application/pdf', content: PDF }],
    );
    assert.equal(ok.statusCode, 303);
    const out = await t.ctx.database.db
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select(['o.purpose', 'o.attachments', 'c.text_body'])
      .where('c.case_id', '=', c.caseId)
      .where('o.purpose', '=', 'answer')
      .executeTakeFirstOrThrow();
    assert.match(out.attachments, /credit-note\.pdf/);
    assert.match(out.text_body ?? '', /A credit of one month\./);
    // answered: the answer form is gone; a forged second answer shows the core's refusal at the top
    const again = await postMultipart(t.app, s, `/cases/${c.caseId}/answer`, {
      outcome: 'upheld',
      text: 'Again',
    });
    assert.equal(again.statusCode, 409);
    assert.match(
      again.body,
      /<div class="error-summary" role="alert" tabindex="-1" autofocus><p>The case was answered on /,
    );
    // closed: close again is refused with the core's message
    await postForm(t.app, s, `/cases/${c.caseId}/close`, { reason: 'Answered and settled' });
    const closedAgain = await postForm(t.app, s, `/cases/${c.caseId}/close`, { reason: 'Once more' });
    assert.equal(closedAgain.statusCode, 409);
    assert.match(closedAgain.body, /The case is already closed\./);
    const reopen = await getPage(t.app, s, `/cases/${c.caseId}`);
    assert.ok(reopen.body.includes(`action="/cases/${c.caseId}/reopen"`));
  });

  it('merges a duplicate into the case, escalates an answered case, and resends bounced mail as a letter', async () => {
    const keep = await openComplaint(t.ctx, { daysAgo: 2, email: 'twice@example.net' });
    const dup = await openComplaint(t.ctx, { daysAgo: 2, email: 'twice@example.net' });
    const s = await as('agent');
    const unknown = await postForm(t.app, s, `/cases/${keep.caseId}/merge`, {
      duplicateReference: 'RC-2026-999999',
    });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /id="merge-duplicateReference-error">There is no case RC-2026-999999.</);
    const self = await postForm(t.app, s, `/cases/${keep.caseId}/merge`, {
      duplicateReference: keep.reference,
    });
    assert.equal(self.statusCode, 409);
    assert.match(self.body, /id="merge-duplicateReference-error">A case cannot be merged into itself./);
    assert.equal(
      (await postForm(t.app, s, `/cases/${keep.caseId}/merge`, { duplicateReference: dup.reference }))
        .statusCode,
      303,
    );
    const page = await getPage(t.app, s, `/cases/${keep.caseId}`);
    assert.match(
      page.body,
      new RegExp(`Duplicates merged in</dt><dd><a href="/cases/${dup.caseId}">${dup.reference}</a>`),
    );
    const dupPage = await getPage(t.app, s, `/cases/${dup.caseId}`);
    assert.match(dupPage.body, /This case was a duplicate and is merged into/);
    assert.ok(!dupPage.body.includes('id="actions-title"'), 'a merged duplicate offers nothing');

    // escalation needs the answer first (the core says so), then opens the linked step-2 case
    const early = await postForm(t.app, s, `/cases/${keep.caseId}/escalate`);
    assert.equal(early.statusCode, 409);
    assert.match(
      early.body,
      /Staff escalate a step-1 case only after its answer \(P5\.1\): answer it first\./,
    );
    await answerCase(t.ctx, keep.caseId, {
      outcome: 'not_upheld',
      text: 'No fault found.',
      remedy: null,
      actor: 'system',
    });
    const escalated = await postForm(t.app, s, `/cases/${keep.caseId}/escalate`);
    assert.equal(escalated.statusCode, 303);
    const linked = await t.ctx.database.db
      .selectFrom('cases')
      .select(['step2_case_id'])
      .where('id', '=', keep.caseId)
      .executeTakeFirstOrThrow();
    assert.ok(linked.step2_case_id);
    // A step-2 case's Close says what remains after the last step, not that it may still be escalated.
    const step2 = (await getPage(t.app, await as('management'), `/cases/${linked.step2_case_id}`)).body;
    assert.match(step2, new RegExp(`action="/cases/${linked.step2_case_id}/close"`));
    assert.match(step2, /Step 2 is the last step of the procedure/);
    assert.doesNotMatch(step2, /Closing does not stop an escalation to step 2 later/);
    assert.match(
      (await getPage(t.app, s, `/cases/${keep.caseId}`)).body,
      /Step-2 case<\/dt><dd><a href="\/cases\//,
    );

    // the answer bounced: it is offered as a letter, printed, and waits to be posted
    const answer = await t.ctx.database.db
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select('c.id')
      .where('c.case_id', '=', keep.caseId)
      .where('o.purpose', '=', 'answer')
      .executeTakeFirstOrThrow();
    await t.ctx.database.db
      .updateTable('correspondence')
      .set({ status: 'failed', status_detail: '550 no such user' })
      .where('id', '=', answer.id)
      .execute();
    const bounced = await getPage(t.app, s, `/cases/${keep.caseId}`);
    assert.match(bounced.body, /<span class="tag tag-delivery-failed">Not delivered<\/span>/);
    assert.ok(
      bounced.body.includes(`action="/cases/${keep.caseId}/correspondence/${answer.id}/resend-letter"`),
    );
    // A letter needs somewhere to go: the complainant's postal address (else staff are asked to add one).
    await actOnComplainant(
      t.ctx,
      keep.complainantId,
      { type: 'change_details', details: { postalAddress: ['12 rue de la Paix', '75002 Paris'] } },
      'user:agent',
    );
    const resent = await postForm(
      t.app,
      s,
      `/cases/${keep.caseId}/correspondence/${answer.id}/resend-letter`,
    );
    assert.equal(resent.statusCode, 303);
    const after = await t.ctx.database.db
      .selectFrom('cases')
      .select('letters_to_post')
      .where('id', '=', keep.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(after.letters_to_post, 1);
  });

  it('lets management act on step 2 only, and a department member on its suggestions only', async () => {
    const step1 = await openComplaint(t.ctx, { daysAgo: 4 });
    const step2 = await openComplaint(t.ctx, { daysAgo: 1, step: 2 });
    const m = await as('management');
    const read = await getPage(t.app, m, `/cases/${step1.caseId}`);
    assert.equal(read.statusCode, 200, 'management reads the step-1 history');
    assert.ok(!read.body.includes('method="post" action="/cases/'), 'but no action on step 1');
    const refused = await postForm(
      t.app,
      m,
      `/cases/${step1.caseId}/note`,
      { text: 'hello' },
      { accept: 'application/json' },
    );
    assert.equal(refused.statusCode, 403);
    const page = await getPage(t.app, m, `/cases/${step2.caseId}`);
    assert.match(page.body, /No step-1 case was found for this step-2 request/);
    const answered = await postMultipart(t.app, m, `/cases/${step2.caseId}/answer`, {
      outcome: 'not_upheld',
      text: 'Management reviewed it.',
    });
    assert.equal(answered.statusCode, 303);
    const agentOnStep2 = await postForm(
      t.app,
      await as('agent'),
      `/cases/${step2.caseId}/note`,
      { text: 'x' },
      { accept: 'application/json' },
    );
    assert.equal(agentOnStep2.statusCode, 403);

    const suggestion = await openComplaint(t.ctx, { kind: 'suggestion', subject: 'Idea for invoices' });
    await forwardSuggestion(t.ctx, suggestion.caseId, { department: 'Billing', note: null, actor: 'system' });
    const d = await as('department');
    const queue = await getPage(t.app, d, '/queues/suggestions');
    assert.ok(queue.body.includes(suggestion.reference));
    assert.equal(
      (await getPage(t.app, d, `/cases/${step1.caseId}`)).statusCode,
      404,
      'a complaint is not theirs to see',
    );
    const ack = await postForm(t.app, d, `/cases/${suggestion.caseId}/suggestion-acknowledge`);
    assert.equal(ack.statusCode, 303);
    const done = await postForm(t.app, d, `/cases/${suggestion.caseId}/suggestion-done`, {
      note: 'Added to the roadmap',
    });
    assert.equal(done.statusCode, 303);
    const state = await t.ctx.database.db
      .selectFrom('cases')
      .select(['status', 'suggestion_status'])
      .where('id', '=', suggestion.caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(state, { status: 'closed', suggestion_status: 'done' });
  });

  it('lets the auditor read everything and change nothing', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const a = await as('auditor');
    for (const url of [
      '/queues/step1',
      '/queues/step2',
      '/queues/suggestions',
      '/queues/all',
      `/cases/${c.caseId}`,
      `/complainants/${c.complainantId}`,
      `/search?q=${c.reference}`,
    ])
      assert.equal((await getPage(t.app, a, url)).statusCode, 200, url);
    const page = await getPage(t.app, a, `/cases/${c.caseId}`);
    assert.ok(!/<form method="post" action="\/(cases|complainants)\//.test(page.body), 'no action forms');
    const before = await t.ctx.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    for (const path of ['note', 'close', 'assign', 'answer'])
      assert.equal(
        (
          await postForm(
            t.app,
            a,
            `/cases/${c.caseId}/${path}`,
            { text: 'x', reason: 'xyz' },
            { accept: 'application/json' },
          )
        ).statusCode,
        403,
      );
    const after = await t.ctx.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('registers a letter with its scan (the clock from the day it arrived) and refuses bad input at the field', async () => {
    const s = await as('agent');
    const form = await getPage(t.app, s, '/letters/new');
    assert.match(
      form.body,
      /<input id="letter-arrived" name="arrived" type="date" value="\d{4}-\d{2}-\d{2}"/,
    );
    const badScan = await postMultipart(
      t.app,
      s,
      '/letters',
      { arrived: '2026-11-20', kind: 'complaint', language: 'de', name: 'Jürgen Weiß' },
      [{ field: 'scan', filename: 'letter.txt', type: 'text/plain', content: Buffer.from('not a scan') }],
    );
    assert.equal(badScan.statusCode, 422);
    assert.match(badScan.body, /id="letter-scan-error">The scan must be a PDF, PNG, JPEG or TIFF file/);
    assert.match(badScan.body, /value="Jürgen Weiß"/, 'what was typed is kept');
    const future = await postMultipart(t.app, s, '/letters', {
      arrived: '2099-01-01',
      kind: 'complaint',
      language: 'de',
    });
    assert.match(future.body, /id="letter-arrived-error">The letter cannot have arrived after today./);
    const badDomain = await postMultipart(t.app, s, '/letters', {
      arrived: '2026-11-20',
      kind: 'complaint',
      language: 'de',
      name: 'Jürgen Weiß',
      domains: 'not_a_domain',
      confirmLate: 'yes',
    });
    assert.equal(badDomain.statusCode, 409);
    assert.match(badDomain.body, /id="letter-domains-error">[^<]*not a domain name/);
    const ok = await postMultipart(
      t.app,
      s,
      '/letters',
      {
        arrived: '2026-11-20',
        kind: 'complaint',
        language: 'de',
        title: 'Beschwerdeweiterleitung - Stufe 1',
        name: 'Jürgen Weiß',
        postalAddress: 'Hauptstraße 5\n70173 Stuttgart',
        description: 'Mein Server ist seit Tagen nicht erreichbar.',
        expectations: 'Eine Gutschrift.',
        ticketRefs: '123456',
        domains: 'müller-bau.de',
        // Arrived on 20 November: its answer date may have passed by the day the test runs.
        confirmLate: 'yes',
      },
      [{ field: 'scan', filename: 'brief.png', type: 'image/png', content: PNG }],
    );
    assert.equal(ok.statusCode, 303);
    const caseId = ok.headers.location!.toString().replace('/cases/', '');
    const row = await t.ctx.database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 'letter');
    assert.equal(row.received_at, '2026-11-19T23:00:00.000Z', '00:00 in Berlin on the day it arrived');
    assert.equal(row.letters_to_post, 1, 'no e-mail address: the acknowledgement waits as a letter');
    const page = await getPage(t.app, s, `/cases/${caseId}`, { cookie: `${s.cookie}; ${flashOf(ok)}` });
    assert.match(page.body, /the acknowledgement is ready as a letter to post/);
    assert.match(page.body, /Letters to print and post/);
    const letterId = /href="\/cases\/[^/]+\/letters\/([^"]+)" download/.exec(page.body)![1]!;
    const pdf = await getPage(t.app, s, `/cases/${caseId}/letters/${letterId}`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 4).equals(Buffer.from('%PDF')));
    const posted = await postForm(t.app, s, `/cases/${caseId}/letters/${letterId}/posted`);
    assert.equal(posted.statusCode, 303);
    const ack = await t.ctx.database.db
      .selectFrom('cases')
      .select(['acknowledged_at', 'letters_to_post'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.ok(ack.acknowledged_at);
    assert.equal(ack.letters_to_post, 0);
    // the scan is kept as the original and can be opened from the history (the inbound letter's entry; the
    // history is newest first, so the printed acknowledgement comes before it)
    const scanId =
      /<li class="timeline-mail mail-in">[\s\S]*?href="\/cases\/[^/]+\/correspondence\/([^"/]+)\/original"/.exec(
        page.body,
      )![1]!;
    const original = await getPage(t.app, s, `/cases/${caseId}/correspondence/${scanId}/original`);
    assert.ok(original.rawPayload.equals(PNG));
  });

  it('restricts a complainant as a recorded decision, lifts it, merges two records and exports everything', async () => {
    const c = await openComplaint(t.ctx, {
      daysAgo: 1,
      email: 'same.person@example.net',
      name: 'Sam Person',
    });
    const dup = await openComplaint(t.ctx, {
      daysAgo: 1,
      email: 'other.address@example.net',
      name: 'Sam Person',
    });
    const lead = await as('lead');
    const past = await postForm(t.app, lead, `/complainants/${c.complainantId}/restrictions`, {
      kind: 'written_only',
      reason: 'Repeated abusive calls',
      reviewBy: '2020-01-01',
    });
    assert.equal(past.statusCode, 422);
    assert.match(
      past.body,
      new RegExp(
        `id="restrict-reviewBy-error">The review date \\(${localDayText('en', '2020-01-01')}\\) must be after today`,
      ),
    );
    const ok = await postForm(t.app, lead, `/complainants/${c.complainantId}/restrictions`, {
      kind: 'written_only',
      reason: 'Repeated abusive calls',
      reviewBy: '2099-06-30',
    });
    assert.equal(ok.statusCode, 303);
    const page = await getPage(t.app, lead, `/complainants/${c.complainantId}`);
    assert.match(page.body, /Written communication only/);
    assert.match(page.body, /Decided by<\/dt><dd>Lea Lead<\/dd>/);
    const casePage = await getPage(t.app, lead, `/cases/${c.caseId}`);
    assert.match(casePage.body, /Restrictions in force/);
    const rid = /\/restrictions\/([^/]+)\/lift/.exec(page.body)![1]!;
    assert.equal(
      (
        await postForm(t.app, lead, `/complainants/${c.complainantId}/restrictions/${rid}/lift`, {
          reason: 'Calm since',
        })
      ).statusCode,
      303,
    );
    assert.match(
      (await getPage(t.app, lead, `/complainants/${c.complainantId}`)).body,
      /Lifted restrictions/,
    );
    // an agent cannot decide a restriction
    assert.equal(
      (
        await postForm(
          t.app,
          await as('agent'),
          `/complainants/${c.complainantId}/restrictions`,
          {},
          { accept: 'application/json' },
        )
      ).statusCode,
      403,
    );
    // merge by the other record's e-mail address
    const unknown = await postForm(t.app, lead, `/complainants/${c.complainantId}/merge`, {
      other: 'nobody@example.net',
    });
    assert.equal(unknown.statusCode, 422);
    const merged = await postForm(t.app, lead, `/complainants/${c.complainantId}/merge`, {
      other: 'other.address@example.net',
    });
    assert.equal(merged.statusCode, 303);
    const moved = await t.ctx.database.db
      .selectFrom('cases')
      .select('complainant_id')
      .where('id', '=', dup.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(moved.complainant_id, c.complainantId);
    const exported = await postForm(t.app, lead, `/complainants/${c.complainantId}/export`);
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-disposition']), /^attachment; filename="complainant-/);
    const data = JSON.parse(
      Buffer.from(unzipSync(new Uint8Array(exported.rawPayload))['complainant.json']!).toString('utf8'),
    );
    assert.equal(data.complainant.details.name, 'Sam Person');
    assert.equal(data.cases.length, 2);
    const audit = await t.ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal_data_exported')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.target_id, c.complainantId);
  });

  it('searches by reference, e-mail and words, results linking to cases', async () => {
    const c = await openComplaint(t.ctx, {
      daysAgo: 1,
      description: 'Die Überweisung für die Domain wurde doppelt abgebucht.',
      email: 'search.me@example.net',
    });
    const s = await as('agent');
    for (const q of [c.reference, 'search.me@example.net', 'uberweis'])
      assert.ok(
        (await getPage(t.app, s, `/search?q=${encodeURIComponent(q)}`)).body.includes(
          `<a href="/cases/${c.caseId}">${c.reference}</a>`,
        ),
        q,
      );
    const none = await getPage(t.app, s, '/search?q=zzzzzz', {
      'hx-request': 'true',
      'hx-target': 'search-results',
    });
    assert.match(none.body, /Nothing matches &quot;zzzzzz&quot;\./);
  });

  it('reads the case page and the queue in a fixed number of queries, however long the history (no N+1)', async () => {
    let count = 0;
    // Counted as results come back: that covers the builder's queries and the SQL-text ones (statements.ts).
    const counting = {
      transformQuery: (args: { node: RootOperationNode }) => args.node,
      transformResult: async (args: { result: QueryResult<UnknownRow> }) => {
        count++;
        return args.result;
      },
    };
    const database = { ...t.tdb.database, db: t.tdb.database.db.withPlugin(counting) };
    const ctx = createAppContext(t.ctx.config, database);
    const app = await buildHttpApp(ctx, { logger: pino({ level: 'silent' }) });
    try {
      const short = await openComplaint(t.ctx, { daysAgo: 1 });
      const long = await openComplaint(t.ctx, { daysAgo: 1 });
      for (let i = 0; i < 30; i++)
        await actOnCase(t.ctx, long.caseId, { type: 'add_note', text: `note ${i}` }, `user:${u.agent!.id}`);
      await answerCase(t.ctx, long.caseId, {
        outcome: 'upheld',
        text: 'ok',
        remedy: null,
        actor: `user:${u.agent2!.id}`,
      });
      const s = await as('agent');
      const queries = async (url: string) => {
        count = 0;
        const res = await getPage(app, s, url);
        assert.equal(res.statusCode, 200, url);
        return count;
      };
      const a = await queries(`/cases/${short.caseId}`);
      const b = await queries(`/cases/${long.caseId}`);
      // the answered case offers fewer forms (no answer preview, no extension picker): never more queries
      assert.ok(b <= a, `long history ${b} queries, short ${a}`);
      // An open case with every form: the session, the case's state, history and correspondence, the
      // complainant, their other cases and the restrictions on their mailbox, then the forms' data (staff, answer
      // template, snippets); the forms work from the state already read (no second read of the case, no
      // transaction to show a page).
      assert.ok(a <= 11, `an open case's page took ${a} queries`);
      const q1 = await queries('/queues/step1');
      for (let i = 0; i < 10; i++) await openComplaint(t.ctx, { daysAgo: 1 });
      const q2 = await queries('/queues/step1');
      assert.equal(q2, q1, 'the queue does not grow its queries with its rows');
    } finally {
      await app.close();
    }
  });
});

/** The flash cookie a redirect sets, as a Cookie header part. */
function flashOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const flash = list.find((c) => c.startsWith('redress_flash='));
  return flash ? flash.split(';')[0]! : '';
}
