// The flags Redress itself puts on a case (a colleague's message filed on it, the limits on automatic mail, no
// address automatic mail may go to, a case opened from the triage inbox) are shown in the case's history in the
// reader's language, as its notes on inbox items are (src/core/intake/staff-notes.ts); a person's own reason stays
// as written. On both engines: the flags of the triage inbox are written from what each stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { staffNote } from '../../src/core/intake/staff-notes.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, getPage, leadsInEachLanguage, sessionFor, type TestApp } from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES)
  describe(`Redress’s own flags on a case, in the reader’s language (${engine})`, () => {
    let t: TestApp;
    let readers: Record<'en' | 'fr' | 'de', User>;
    before(async () => {
      t = await createTestApp({ engine });
      readers = await leadsInEachLanguage(t.ctx);
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
      const flagged = await openComplaint(t.ctx, {
        name: 'Ida Ink',
        subject: 'Complaint escalation - Step 1',
      });
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

    it('writes the flags of the doors and of the triage inbox in the reader’s language, stored as they always were', async () => {
      // Each flag in its stored words (written out by hand), and what a French, a German and an English reader see.
      const flags: Array<{ stored: string; fr: string; de: string; en: string }> = [
        {
          stored:
            'No address that automatic mail may go to (the sender’s From:, or a web form’s Reply-To): nothing was answered automatically.',
          fr: 'Il n’y a aucune adresse à laquelle un courriel automatique puisse être envoyé (le From: de l’expéditeur, ou le Reply-To d’un formulaire web) : rien n’a été répondu automatiquement.',
          de: 'Es gibt keine Adresse, an die automatische E-Mails gehen dürfen (das From: des Absenders oder das Reply-To eines Webformulars): Es wurde nichts automatisch beantwortet.',
          en: 'There is no address that automatic mail may go to (the sender’s From:, or a web form’s Reply-To): nothing was answered automatically.',
        },
        {
          stored:
            'The message comes from another address than the one on the complainant’s record (an address merged into it): nothing was answered automatically; check who wrote, then answer at the address on file.',
          fr: 'Le message vient d’une autre adresse que celle de la fiche du réclamant (une adresse fusionnée dans cette fiche) : rien n’a été répondu automatiquement ; vérifiez qui a écrit, puis répondez à l’adresse de la fiche.',
          de: 'Die Nachricht kommt von einer anderen Adresse als der im Datensatz der beschwerdeführenden Person (einer Adresse, die in diesen Datensatz zusammengeführt wurde): Es wurde nichts automatisch beantwortet; bitte prüfen Sie, wer geschrieben hat, und antworten Sie dann an die Adresse im Datensatz.',
          en: 'The message comes from another address than the one on the complainant’s record (an address merged into it): nothing was answered automatically; check who wrote, then answer at the address on file.',
        },
        {
          stored:
            'Opened from the triage inbox from automated mail, a message that could not be read or one whose sender is not verified: nothing was answered automatically; check who wrote, then acknowledge by hand.',
          fr: 'Ce dossier a été ouvert depuis la boîte de tri à partir d’un courriel automatique, d’un message illisible ou d’un message dont l’expéditeur n’est pas vérifié : rien n’a été répondu automatiquement ; vérifiez qui a écrit, puis accusez réception à la main.',
          de: 'Dieser Vorgang wurde im Eingangskorb zu einer automatischen E-Mail, einer nicht lesbaren Nachricht oder einer Nachricht ohne geprüften Absender eröffnet: Es wurde nichts automatisch beantwortet; bitte prüfen Sie, wer geschrieben hat, und bestätigen Sie den Eingang dann von Hand.',
          en: 'This case was opened from the triage inbox from automated mail, a message that could not be read or one whose sender is not verified: nothing was answered automatically; check who wrote, then acknowledge by hand.',
        },
      ];
      for (const flag of flags) {
        const opened = await openComplaint(t.ctx, {
          name: 'Kim Kay',
          subject: 'Complaint escalation - Step 1',
        });
        await actOnCase(t.ctx, opened.caseId, { type: 'flag', reason: flag.stored }, 'system');
        for (const language of ['fr', 'de', 'en'] as const) {
          const page = await historyOf(opened.caseId, language);
          assert.ok(page.includes(flag[language]), `${language}: ${flag[language]}`);
        }
        const fr = await historyOf(opened.caseId, 'fr');
        assert.ok(!fr.includes('nothing was answered automatically'), 'nothing of it left in English');
      }
    });

    it('writes the flags of a case opened from the triage inbox in the reader’s language', async () => {
      const open = async (item: { itemId: string }) => {
        const done = await handleInboxItem(
          t.ctx,
          item.itemId,
          { type: 'open_case', kind: 'complaint', step: 1, complainantEmail: null },
          'test',
        );
        return historyOf(done.caseId!, 'fr');
      };
      // A message that could not be read.
      assert.ok(
        (await open(await addInboxItem(t.ctx, { reason: 'unparseable', reading: null }))).includes(
          'Ce dossier a été ouvert depuis la boîte de tri à partir d’un courriel automatique, d’un message illisible',
        ),
      );
      // A message from no address that automatic mail may go to.
      assert.ok(
        (await open(await addInboxItem(t.ctx, { fromAddress: null, kind: 'complaint' }))).includes(
          'Il n’y a aucune adresse à laquelle un courriel automatique puisse être envoyé',
        ),
      );
      // A message whose sender field the mail door found doubtful.
      assert.ok(
        (
          await open(
            await addInboxItem(t.ctx, {
              kind: 'complaint',
              reading: { language: 'en', missing: ['marker'], autoReply: 'suspicious_address' },
            }),
          )
        ).includes(
          'Le champ d’expéditeur du message n’est pas une seule adresse : rien n’a été répondu automatiquement ; vérifiez qui a écrit avant de répondre.',
        ),
      );
    });
  });
