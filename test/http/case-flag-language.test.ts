// The flags Redress itself puts on a case (a colleague's message filed on it, the limits on automatic mail) are
// shown in the case's history in the reader's language, as its notes on inbox items are
// (src/core/intake/staff-notes.ts); a person's own reason stays as written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { staffNote } from '../../src/core/intake/staff-notes.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

describe('Redress’s own flags on a case, in the reader’s language', () => {
  let t: TestApp;
  const readers: Record<'en' | 'fr' | 'de', User> = {} as never;
  before(async () => {
    t = await createTestApp();
    for (const language of ['en', 'fr', 'de'] as const)
      readers[language] = await createUser(t.ctx, 'lead', {
        email: `lead-${language}@example.org`,
        language,
      });
  });
  after(async () => {
    await t?.close();
  });

  const historyOf = async (caseId: string, language: 'en' | 'fr' | 'de') => {
    const page = await getPage(t.app, await sessionFor(t.ctx, readers[language]), `/cases/${caseId}`);
    assert.equal(page.statusCode, 200);
    return page.body.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  };

  it('writes a flag of its own sentences in the reader’s language, and a person’s reason as written', async () => {
    const flagged = await openComplaint(t.ctx, { name: 'Ida Ink', subject: 'Complaint escalation - Step 1' });
    const reason = `${staffNote('colleagueNamesCase', { sender: 'jo@example.org' })} ${staffNote('overLimitToHour', { limit: 3, address: 'ida@example.net' })}`;
    await actOnCase(t.ctx, flagged.caseId, { type: 'flag', reason }, 'system');
    const en = await historyOf(flagged.caseId, 'en');
    const fr = await historyOf(flagged.caseId, 'fr');
    const de = await historyOf(flagged.caseId, 'de');
    // In English as full sentences (stored, the second begins in lower case, without a full stop).
    assert.ok(
      en.includes(
        "A message from jo@example.org, of the organisation's own domains, names this case: filed as a colleague's message, not the complainant's; check who wrote it. More than 3 automatic mails to ida@example.net this hour: no automatic reply (flood protection); a person decides.",
      ),
      en,
    );
    assert.ok(
      fr.includes('Un message de jo@example.org, des propres domaines de l’organisation, cite ce dossier'),
      fr,
    );
    assert.ok(fr.includes('Plus de 3 courriels automatiques à ida@example.net dans l’heure'));
    assert.ok(!fr.includes("of the organisation's own domains"), 'nothing of it left in English');
    assert.ok(de.includes('Eine Nachricht von jo@example.org, aus den eigenen Domains der Organisation'));

    const own = await openComplaint(t.ctx, { name: 'Jon Jay', subject: 'Complaint escalation - Step 1' });
    await actOnCase(
      t.ctx,
      own.caseId,
      { type: 'flag', reason: 'Rude on the phone, check before calling.' },
      'system',
    );
    assert.ok((await historyOf(own.caseId, 'fr')).includes('Rude on the phone, check before calling.'));
  });
});
