// After a bulk action from a queue, the page says which cases were left as they were and why, each by its
// reference with the reason in the reader's language (as Request Tracker and Zendesk list a bulk update's results);
// the same after handing over someone's open cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { createTestApp, createUser, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** The skipped cases the page lists: reference and reason, tags removed. */
function skippedOf(body: string): Array<{ reference: string; reason: string }> {
  const list = /<ul class="bulk-skipped"[^>]*>([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => {
    const text = m[1]!.replace(/<[^>]+>/g, '').trim();
    const [reference, ...rest] = text.split(' — ');
    return { reference: reference!.trim(), reason: rest.join(' — ').trim() };
  });
}

describe('bulk actions say what they skipped', () => {
  let t: TestApp;
  let agent: User;
  before(async () => {
    t = await createTestApp();
    agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
  });
  after(async () => {
    await t?.close();
  });

  it('lists each skipped case by reference with the reason, in the lead’s language', async () => {
    const free = await openComplaint(t.ctx, { daysAgo: 1 });
    const taken = await openComplaint(t.ctx, { daysAgo: 1 });
    await actOnCase(t.ctx, taken.caseId, { type: 'assign', to: agent.id }, 'system');
    const step2 = await openComplaint(t.ctx, { step: 2, daysAgo: 1 });
    const ids = [free.caseId, taken.caseId, step2.caseId];
    const references = new Map<string, string>();
    for (const c of [free, taken, step2]) {
      const row = await t.ctx.database.db
        .selectFrom('cases')
        .select('reference')
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      references.set(c.caseId, row.reference);
    }
    for (const [lang, owner, step2Reason, done] of [
      [
        'fr',
        'Rien n’a changé : le dossier a déjà ce responsable.',
        'Les dossiers d’étape 2 sont traités par la direction.',
        /1 dossier modifié, 2 laissés tels quels/,
      ],
      [
        'en',
        'Nothing changed: the case already has this owner.',
        'Step-2 cases are handled by management.',
        /0 cases changed, 3 left as they were/,
      ],
    ] as const) {
      const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: lang }));
      const res = await postForm(t.app, lead, '/queues/bulk', {
        action: 'assign',
        to: agent.id,
        caseIds: ids,
        back: '/queues/all?status=open',
      });
      assert.equal(res.statusCode, 200, `${lang}: the queue page with the result, not a redirect`);
      assert.match(res.body, done);
      const skipped = skippedOf(res.body);
      // In English the free case is now taken too (the French run assigned it): all three are skipped.
      const expected = [
        ...(lang === 'en' ? [{ reference: references.get(free.caseId)!, reason: owner }] : []),
        { reference: references.get(taken.caseId)!, reason: owner },
        { reference: references.get(step2.caseId)!, reason: step2Reason },
      ];
      assert.deepEqual(skipped, expected, lang);
      // Each reference opens its case; the page is still the queue, its filter kept.
      assert.match(
        res.body,
        new RegExp(`<a href="/cases/${taken.caseId}">${references.get(taken.caseId)}</a>`),
      );
      assert.match(res.body, /<nav class="tabs"/);
    }
  });

  it('keeps the redirect and its short message when nothing was skipped', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead'));
    const res = await postForm(t.app, lead, '/queues/bulk', {
      action: 'categorise',
      category: t.ctx.config.categories[0]!,
      caseIds: [c.caseId],
      back: '/queues/step1',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/queues/step1');
  });

  it('lists what a hand-over left with its former owner, and why', async () => {
    const away = await createUser(t.ctx, 'agent', { name: 'Away Agent' });
    const colleague = await createUser(t.ctx, 'agent', { name: 'Colleague' });
    const moved = await openComplaint(t.ctx, { daysAgo: 1 });
    await actOnCase(t.ctx, moved.caseId, { type: 'assign', to: away.id }, 'system');
    // The away agent is this complainant's designated contact (P8.4): their case stays with them.
    const kept = await openComplaint(t.ctx, { daysAgo: 1 });
    await actOnComplainant(
      t.ctx,
      kept.complainantId,
      {
        type: 'restrict',
        restrictionId: 'r-hand-over',
        kind: 'designated_contact',
        reason: 'Abusive calls to several staff.',
        reviewBy: '2099-01-01',
        designatedContactId: away.id,
      },
      'system',
    );
    const { reference } = await t.ctx.database.db
      .selectFrom('cases')
      .select('reference')
      .where('id', '=', kept.caseId)
      .executeTakeFirstOrThrow();
    const lead = await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: 'de' }));
    const res = await postForm(t.app, lead, '/queues/reassign', {
      from: away.id,
      to: colleague.id,
      back: '/queues/step1',
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /1 offener Fall von Away Agent liegt jetzt bei Colleague\./);
    assert.deepEqual(skippedOf(res.body), [
      {
        reference,
        reason:
          'Die Fälle dieser Person gehen an ihre benannte Ansprechperson (P8.4): Um diesen Fall jemand anderem zuzuweisen, ändern Sie zuerst die Einschränkung auf ihrer Seite.',
      },
    ]);
  });
});
