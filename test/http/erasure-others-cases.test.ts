// The erasure page of a person whose message staff filed on someone else's case: it tells the administrator that the
// message stays with that case and is not erased by the request, and the answer to the person it shows says so in
// the person's language, naming neither the other person nor their case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { subjectDe } from '../../src/adapters/http/i18n/subject.de.ts';
import { subjectEn } from '../../src/adapters/http/i18n/subject.en.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { openCase } from '../../src/app/open-case.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';

describe('the erasure page and messages on other people’s cases', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t?.close();
  });

  it('tells the administrator and the person, naming no one', async () => {
    const ada = await openCase(
      t.ctx,
      complaintAt('2026-11-02T09:00:00.000Z', {
        complainant: { name: 'Ada Achterberg', email: 'ada.achterberg@example.net' },
        language: 'en',
      }),
    );
    const bert = await openCase(
      t.ctx,
      complaintAt('2026-11-03T09:00:00.000Z', {
        complainant: { name: 'Bert Brinkmann', email: 'bert.brinkmann@example.org' },
        language: 'de',
      }),
    );
    const about = await addInboxItem(t.ctx, {
      fromAddress: 'bert.brinkmann@example.org',
      fromName: 'Bert Brinkmann',
      subject: `Re: ${ada.reference}`,
      text: 'Ich bin der Nachbar.',
      at: '2026-11-04T09:00:00.000Z',
    });
    await handleInboxItem(
      t.ctx,
      about.itemId,
      { type: 'file_onto_case', caseReference: ada.reference },
      'user:agent',
    );
    const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: 'en' }));

    const page = await getPage(t.app, admin, `/complainants/${bert.complainantId}/erasure`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(subjectEn.subject.erasure.othersCasesOne), 'the administrator is told');
    assert.ok(
      page.body.includes(subjectDe.subject.answer.othersCasesOne),
      'the answer tells Bert, in German',
    );
    for (const other of [ada.reference, 'Achterberg'])
      assert.ok(!page.body.includes(other), `${other} is not on Bert's erasure page`);

    // Ada has none of hers on another case: nothing said.
    const hers = await getPage(t.app, admin, `/complainants/${ada.complainantId}/erasure`);
    assert.ok(!hers.body.includes(subjectEn.subject.erasure.othersCasesOne));
    assert.ok(!hers.body.includes('othersCases'));
  });
});
