// A letter marked posted records who posted it in its status detail, as an account id ("posted by user:<id>", the
// words of src/core/correspondence/status-words.ts). The correspondence page names that member of staff by their
// display name, as the case history does, in the reader's language; never the raw id. An account that is not on
// record is "a colleague". On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { afterCaseOpened } from '../../src/app/acknowledge-case.ts';
import { openCaseIn } from '../../src/app/open-case.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';

type Language = 'en' | 'fr' | 'de';

for (const engine of ENGINES)
  describe(`who posted a letter, on the correspondence page (${engine})`, () => {
    let t: TestApp;
    const leads = {} as Record<Language, User>;
    before(async () => {
      t = await createTestApp({ engine });
      for (const [language, name] of [
        ['en', 'Amelia Post'],
        ['fr', 'Élodie Facteur'],
        ['de', 'Jürgen Brief'],
      ] as const)
        leads[language] = await createUser(t.ctx, 'lead', {
          email: `lead-${language}@example.org`,
          name,
          language,
        });
    });
    after(async () => {
      await t?.close();
    });

    /** A complaint by letter, without an e-mail address: its acknowledgement waits as a letter to post. */
    const letterToPost = async () => {
      const ctx = t.ctx;
      const opened = await inTransaction(ctx, async (agg) => {
        const o = await openCaseIn(ctx, agg, {
          kind: 'complaint',
          step: 1,
          channel: 'letter',
          receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
          language: 'de',
          subject: 'Beschwerdeweiterleitung - Stufe 1',
          complainant: { name: 'Jürgen Weiß', postalAddress: ['Hauptstraße 5', '70173 Stuttgart'] },
          fields: {
            ticketRefs: [],
            domains: [],
            description: 'Die Domain ist nicht erreichbar.',
            expectations: null,
          },
          missing: ['expectations'],
          correspondenceId: null,
          actor: 'system',
        });
        await afterCaseOpened(ctx, agg, o, null, 'system');
        return o;
      });
      const [letter] = await outboxItemsOfCase(ctx.database.db, opened.caseId);
      assert.equal(letter?.status, 'to_post');
      return { caseId: opened.caseId, letterId: letter.id };
    };
    const read = async (path: string, language: Language) => {
      const page = await getPage(t.app, await sessionFor(t.ctx, leads[language]), path);
      assert.equal(page.statusCode, 200, path);
      return page.body.replaceAll('&#39;', "'");
    };

    it('names the member of staff who posted it, in each language, and no account id', async () => {
      const { caseId, letterId } = await letterToPost();
      const posted = await postForm(
        t.app,
        await sessionFor(t.ctx, leads.fr),
        `/cases/${caseId}/letters/${letterId}/posted`,
      );
      assert.equal(posted.statusCode, 303);
      const row = await t.ctx.database.db
        .selectFrom('correspondence')
        .select(['status', 'status_detail'])
        .where('id', '=', letterId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        row,
        { status: 'posted', status_detail: `posted by user:${leads.fr.id}` },
        'stored as before',
      );
      const expected = {
        fr: 'Mis à la poste par Élodie Facteur.',
        en: 'Posted by Élodie Facteur.',
        de: 'Zur Post gegeben von Élodie Facteur.',
      };
      for (const language of ['fr', 'en', 'de'] as const) {
        const page = await read(`/cases/${caseId}/correspondence/${letterId}`, language);
        assert.ok(page.includes(expected[language]), `${language}: ${expected[language]}`);
        assert.ok(!page.includes(leads.fr.id), `${language}: no account id`);
      }
    });

    it('says a colleague posted it when the account is not on record', async () => {
      const { caseId, letterId } = await letterToPost();
      await t.ctx.database.db
        .updateTable('correspondence')
        .set({ status: 'posted', status_detail: 'posted by user:0b7c2f1e-account-no-longer-here' })
        .where('id', '=', letterId)
        .execute();
      const expected = {
        fr: 'Mis à la poste par un collègue.',
        en: 'Posted by a colleague.',
        de: 'Von einem Kollegen zur Post gegeben.',
      };
      for (const language of ['fr', 'en', 'de'] as const) {
        const page = await read(`/cases/${caseId}/correspondence/${letterId}`, language);
        assert.ok(page.includes(expected[language]), `${language}: ${expected[language]}`);
        assert.ok(!page.includes('account-no-longer-here'), `${language}: no account id`);
      }
    });
  });
