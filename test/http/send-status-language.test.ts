// What Redress writes about a send (the status detail of an outgoing message), the note a bounce leaves on a case
// and the reason Redress gives when it closes a case itself are stored in English, as they always were, and shown
// to staff in their own language on the case page and the correspondence page, the words of others (the mail
// server's answer, a bounce report, a subject) quoted inside our sentence (src/core/correspondence/status-words.ts).
// Two ways in: rows stored in the words written out by hand here (as rows stored by earlier releases are), and
// rows the writers themselves store (the outbox sending through a transport that refuses, a bounce report, the
// quiet-period sweep, a suggestion handled). A text that is none of them stays as stored. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { staffStatusDe } from '../../src/adapters/http/i18n/staff-status.de.ts';
import { staffStatusEn } from '../../src/adapters/http/i18n/staff-status.en.ts';
import { staffStatusFr } from '../../src/adapters/http/i18n/staff-status.fr.ts';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { recordBounce } from '../../src/app/record-bounce.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import {
  type MailTransport,
  SendError,
  type SendFailureKind,
} from '../../src/core/correspondence/outgoing-mail.ts';
import { readCaseNote, readDeliveryDetail } from '../../src/core/correspondence/status-words.ts';
import { deliveryFailure } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, getPage, leadsInEachLanguage, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

type Language = 'en' | 'fr' | 'de';

/** A transport that answers every message the same way: refuses it with these words, or accepts it. */
const transport = (refusal: { message: string; kind: SendFailureKind } | null): MailTransport => ({
  send: async () => {
    if (refusal) throw new SendError(refusal.message, refusal.kind);
    return { response: '250 2.0.0 Ok: queued as 4F1A2' };
  },
  close: () => {},
});

describe('the sentences staff read for what Redress wrote about a send, a bounce and a closing', () => {
  const flat = (texts: typeof staffStatusEn) =>
    Object.entries(texts.staffStatus).flatMap(([group, v]) =>
      typeof v === 'string'
        ? [[group, v] as const]
        : Object.entries(v).map(([k, s]) => [`${group}.${k}`, s] as const),
    );
  const languages = { en: staffStatusEn, fr: staffStatusFr, de: staffStatusDe };

  it('are full sentences in each language: a capital first, a full stop last', () => {
    const notSentences = Object.entries(languages).flatMap(([language, texts]) =>
      flat(texts)
        .filter(([, text]) => !/^[A-ZÀ-ÖØ-Þ]/.test(text) || !/[.!?]$/.test(text))
        .map(([key, text]) => `${language} ${key}: ${text}`),
    );
    assert.deepEqual(notSentences, []);
  });

  it('carry the same values in each language', () => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const english = new Map(flat(staffStatusEn).map(([key, text]) => [key, names(text)]));
    for (const [language, texts] of Object.entries(languages))
      for (const [key, text] of flat(texts))
        assert.deepEqual(names(text), english.get(key), `${language} ${key}`);
  });
});

for (const engine of ENGINES)
  describe(`What Redress wrote about a send, a bounce and a closing, in the reader’s language (${engine})`, () => {
    let t: TestApp;
    let readers: Record<Language, User>;
    let n = 0;
    before(async () => {
      t = await createTestApp({ engine });
      readers = await leadsInEachLanguage(t.ctx);
    });
    after(async () => {
      await t?.close();
    });

    const read = async (path: string, language: Language) => {
      const page = await getPage(t.app, await sessionFor(t.ctx, readers[language]), path);
      assert.equal(page.statusCode, 200, path);
      return page.body
        .replaceAll('&#39;', "'")
        .replaceAll('&quot;', '"')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');
    };

    /** A case with its acknowledgement queued to a complainant of a domain of its own (no pace between them). */
    const queued = async () => {
      n += 1;
      const opened = await openComplaint(t.ctx, {
        name: 'Ida Ink',
        email: `ida@d${n}.example`,
        subject: 'Complaint escalation - Step 1',
      });
      const written = await acknowledgeCase(t.ctx, opened.caseId, 'system');
      return { caseId: opened.caseId, mailId: written.correspondenceId, to: `ida@d${n}.example` };
    };
    const stored = (mailId: string) =>
      t.ctx.database.db
        .selectFrom('correspondence')
        .select(['status', 'status_detail', 'subject', 'message_id'])
        .where('id', '=', mailId)
        .executeTakeFirstOrThrow();
    const notesOf = async (caseId: string) =>
      (
        await t.ctx.database.db
          .selectFrom('events')
          .select('payload')
          .where('stream', '=', `case:${caseId}`)
          .where('type', '=', 'note_added')
          .execute()
      ).map((e) => (JSON.parse(String(e.payload)) as { text: string }).text);

    // Each status detail in its stored words, and what a French and a German reader see.
    const details: Array<{ status: 'failed' | 'pending' | 'sent'; stored: string; fr: string; de: string }> =
      [
        {
          status: 'failed',
          stored:
            'refused by the mail server: 550 5.1.1 <ida@d.example>: Recipient address rejected: User unknown',
          fr: 'Le serveur de messagerie a refusé ce message, avec la réponse : « 550 5.1.1 <ida@d.example>: Recipient address rejected: User unknown ».',
          de: 'Der Mailserver hat diese Nachricht abgelehnt, mit der Antwort: „550 5.1.1 <ida@d.example>: Recipient address rejected: User unknown“.',
        },
        {
          status: 'failed',
          stored: 'gave up after 15 attempts: connect ECONNREFUSED 10.0.0.9:25',
          fr: 'L’envoi a été abandonné après 15 tentatives ; la dernière erreur était : « connect ECONNREFUSED 10.0.0.9:25 ».',
          de: 'Der Versand wurde nach 15 Versuchen aufgegeben; der letzte Fehler war: „connect ECONNREFUSED 10.0.0.9:25“.',
        },
        {
          status: 'failed',
          stored:
            'not sent: the recipient "a@x.example, b@y.example" is not exactly one e-mail address (mail goes to one address only); correct the address and write again',
          fr: 'Non envoyé : le destinataire « a@x.example, b@y.example » n’est pas exactement une adresse électronique, et un courriel ne part qu’à une seule adresse. Corrigez l’adresse et écrivez à nouveau.',
          de: 'Nicht gesendet: Der Empfänger „a@x.example, b@y.example“ ist nicht genau eine E-Mail-Adresse, und eine E-Mail geht nur an eine Adresse. Bitte korrigieren Sie die Adresse und schreiben Sie erneut.',
        },
        {
          status: 'failed',
          stored: 'bounced: 5.1.1 smtp; 550 5.1.1 <ida@d.example>: Recipient address rejected',
          fr: 'Le message est revenu : le serveur de messagerie du destinataire a signalé « 5.1.1 smtp; 550 5.1.1 <ida@d.example>: Recipient address rejected ».',
          de: 'Die Nachricht kam zurück: Der Mailserver des Empfängers hat „5.1.1 smtp; 550 5.1.1 <ida@d.example>: Recipient address rejected“ gemeldet.',
        },
        {
          status: 'failed',
          stored: 'bounced: delivery failed',
          fr: 'Le message est revenu : le serveur de messagerie du destinataire a signalé qu’il n’a pas pu être remis.',
          de: 'Die Nachricht kam zurück: Der Mailserver des Empfängers hat gemeldet, dass sie nicht zugestellt werden konnte.',
        },
        {
          status: 'pending',
          stored: 'attempt 2 failed, will retry: 421 4.7.0 Try again later',
          fr: 'La tentative 2 a échoué ; le message sera renvoyé plus tard. L’erreur était : « 421 4.7.0 Try again later ».',
          de: 'Versuch 2 ist fehlgeschlagen; die Nachricht wird später erneut gesendet. Der Fehler war: „421 4.7.0 Try again later“.',
        },
        {
          status: 'pending',
          stored:
            'held until the outbound mail settings are fixed (the mail server refused our own sending, not the recipient): 535 5.7.8 Authentication credentials invalid',
          fr: 'En attente jusqu’à ce que les réglages d’envoi du courrier soient corrigés : le serveur de messagerie a refusé notre propre envoi, non le destinataire. Sa réponse était : « 535 5.7.8 Authentication credentials invalid ».',
          de: 'Zurückgehalten, bis die Einstellungen für ausgehende E-Mails korrigiert sind: Der Mailserver hat unseren eigenen Versand abgelehnt, nicht den Empfänger. Seine Antwort war: „535 5.7.8 Authentication credentials invalid“.',
        },
        {
          status: 'pending',
          stored:
            'held until the outbound mail settings are fixed (the mail server refused our own sending, not the recipient): attachment invoice.pdf is missing from the originals store',
          fr: 'En attente : le fichier joint « invoice.pdf » manque dans le stockage des originaux ; un administrateur doit le restaurer pour que le courriel puisse partir.',
          de: 'Zurückgehalten: Die angehängte Datei „invoice.pdf“ fehlt im Speicher der Originale; sie muss von der Administration wiederhergestellt werden, damit die E-Mail versendet werden kann.',
        },
        // A mail server's own answer on a sent message is no sentence of ours: shown as it is.
        {
          status: 'sent',
          stored: '250 2.0.0 Ok: queued as 4F1A2',
          fr: '250 2.0.0 Ok: queued as 4F1A2',
          de: '250 2.0.0 Ok: queued as 4F1A2',
        },
      ];

    it('writes each stored status detail in the reader’s language, on the correspondence page and (when not delivered) the case page', async () => {
      for (const detail of details) {
        const { caseId, mailId } = await queued();
        await t.ctx.database.db
          .updateTable('correspondence')
          // Pending far ahead, so that the outbox of the last test does not take it.
          .set({
            status: detail.status,
            status_detail: detail.stored,
            next_attempt_at: '2999-01-01T00:00:00.000Z',
          })
          .where('id', '=', mailId)
          .execute();
        for (const language of ['fr', 'de'] as const) {
          const mail = await read(`/cases/${caseId}/correspondence/${mailId}`, language);
          assert.ok(mail.includes(detail[language]), `${language} correspondence page: ${detail[language]}`);
          if (detail.status !== 'sent')
            assert.ok(!mail.includes(detail.stored), `${language}: nothing of it left in English`);
          if (detail.status === 'failed') {
            const page = await read(`/cases/${caseId}`, language);
            assert.ok(page.includes(detail[language]), `${language} case page: ${detail[language]}`);
            assert.ok(!page.includes(detail.stored), `${language}: nothing of it left in English`);
          }
        }
      }
    });

    it('writes the notes of a bounce and Redress’s own close reasons in the reader’s language, a person’s as written', async () => {
      const entries: Array<{ note?: string; close?: string; fr: string; de: string; en: string }> = [
        {
          note: 'The e-mail "Your complaint RC-2026-000001" to ida@d.example could not be delivered (bounced: 5.1.1 smtp; 550 user unknown). The complainant is marked unreachable by e-mail; send it as a letter instead.',
          fr: 'Le courriel « Your complaint RC-2026-000001 » adressé à ida@d.example n’a pas pu être remis. Le message est revenu : le serveur de messagerie du destinataire a signalé « 5.1.1 smtp; 550 user unknown ». Le réclamant est désormais marqué injoignable par courriel ; envoyez-le plutôt par lettre.',
          de: 'Die E-Mail „Your complaint RC-2026-000001“ an ida@d.example konnte nicht zugestellt werden. Die Nachricht kam zurück: Der Mailserver des Empfängers hat „5.1.1 smtp; 550 user unknown“ gemeldet. Die beschwerdeführende Person ist jetzt als per E-Mail unerreichbar markiert; bitte senden Sie die Nachricht stattdessen als Brief.',
          en: 'The e-mail “Your complaint RC-2026-000001” to ida@d.example could not be delivered. The message bounced: the recipient’s mail server reported “5.1.1 smtp; 550 user unknown”. The complainant is now marked unreachable by e-mail; please send it as a letter instead.',
        },
        {
          note: 'The e-mail "Re: (urgent) refund" to old@d.example could not be delivered (refused by the mail server: 550 5.1.1 No such user (old@d.example)). That is no longer the complainant\'s address on file, so they are not marked unreachable.',
          fr: 'Le courriel « Re: (urgent) refund » adressé à old@d.example n’a pas pu être remis. Le serveur de messagerie a refusé ce message, avec la réponse : « 550 5.1.1 No such user (old@d.example) ». Ce n’est plus l’adresse enregistrée dans la fiche du réclamant : il n’est donc pas marqué injoignable.',
          de: 'Die E-Mail „Re: (urgent) refund“ an old@d.example konnte nicht zugestellt werden. Der Mailserver hat diese Nachricht abgelehnt, mit der Antwort: „550 5.1.1 No such user (old@d.example)“. Dies ist nicht mehr die Adresse im Datensatz der beschwerdeführenden Person; sie wird daher nicht als unerreichbar markiert.',
          en: 'The e-mail “Re: (urgent) refund” to old@d.example could not be delivered. The mail server refused this message, with the answer: “550 5.1.1 No such user (old@d.example)”. That is no longer the complainant’s address on file, so they are not marked unreachable.',
        },
        {
          // A reason that is none of the status details: quoted as stored.
          note: 'The e-mail "Hello" to ida@d.example could not be delivered (mailbox full). The complainant is marked unreachable by e-mail; send it as a letter instead.',
          fr: 'Le courriel « Hello » adressé à ida@d.example n’a pas pu être remis. La raison indiquée était : « mailbox full ». Le réclamant est désormais marqué injoignable par courriel ; envoyez-le plutôt par lettre.',
          de: 'Die E-Mail „Hello“ an ida@d.example konnte nicht zugestellt werden. Der angegebene Grund war: „mailbox full“. Die beschwerdeführende Person ist jetzt als per E-Mail unerreichbar markiert; bitte senden Sie die Nachricht stattdessen als Brief.',
          en: 'The e-mail “Hello” to ida@d.example could not be delivered. The reason given was: “mailbox full”. The complainant is now marked unreachable by e-mail; please send it as a letter instead.',
        },
        {
          close: 'quiet_period',
          fr: 'Clos automatiquement : après la réponse, le réclamant n’a plus écrit pendant le délai prévu.',
          de: 'Automatisch geschlossen: Nach der Antwort hat die beschwerdeführende Person innerhalb der vorgesehenen Frist nicht mehr geschrieben.',
          en: 'Closed automatically: after the answer, the complainant did not write again within the quiet period.',
        },
        {
          close: 'suggestion handled by the department',
          fr: 'Clos : le service concerné a traité la suggestion.',
          de: 'Geschlossen: Die zuständige Abteilung hat den Vorschlag bearbeitet.',
          en: 'Closed: the department concerned has handled the suggestion.',
        },
        // A person's note and reason: as written, in every language.
        {
          note: 'The e-mail bounced, called her instead.',
          fr: 'The e-mail bounced, called her instead.',
          de: 'The e-mail bounced, called her instead.',
          en: 'The e-mail bounced, called her instead.',
        },
        {
          close: 'duplicate of a phone call',
          fr: 'duplicate of a phone call',
          de: 'duplicate of a phone call',
          en: 'duplicate of a phone call',
        },
      ];
      for (const entry of entries) {
        const { caseId } = await queued();
        if (entry.note) await actOnCase(t.ctx, caseId, { type: 'add_note', text: entry.note }, 'system');
        if (entry.close) await actOnCase(t.ctx, caseId, { type: 'close', reason: entry.close }, 'system');
        for (const language of ['fr', 'de', 'en'] as const) {
          const page = await read(`/cases/${caseId}`, language);
          assert.ok(page.includes(entry[language]), `${language}: ${entry[language]}`);
          const storedWords = entry.note ?? entry.close!;
          if (entry[language] !== storedWords)
            assert.ok(!page.includes(storedWords), `${language}: not as stored`);
        }
      }
    });

    it('reads back what the outbox and a bounce report store, with the same values', async () => {
      // Refused for good, the recipient: the item fails, the complainant is marked unreachable, the case noted.
      const refused = await queued();
      await sendDueMail(
        t.ctx,
        transport({ message: '550 5.1.1 <x>: Recipient address rejected: User unknown', kind: 'recipient' }),
      );
      const refusedRow = await stored(refused.mailId);
      assert.equal(refusedRow.status, 'failed');
      assert.deepEqual(readDeliveryDetail(refusedRow.status_detail!), {
        key: 'refused',
        values: { reply: '550 5.1.1 <x>: Recipient address rejected: User unknown' },
      });
      const [refusedNote] = await notesOf(refused.caseId);
      assert.deepEqual(readCaseNote(refusedNote!), {
        key: 'unreachable',
        values: { subject: refusedRow.subject, to: refused.to, reason: refusedRow.status_detail },
        reason: readDeliveryDetail(refusedRow.status_detail!),
      });
      assert.ok(
        (await read(`/cases/${refused.caseId}`, 'de')).includes(
          'Der Mailserver hat diese Nachricht abgelehnt, mit der Antwort: „550 5.1.1 <x>: Recipient address rejected: User unknown“. Die beschwerdeführende Person ist jetzt als per E-Mail unerreichbar markiert',
        ),
      );

      // A temporary failure: tried again later.
      const retried = await queued();
      await sendDueMail(t.ctx, transport({ message: '421 4.7.0 Try again later', kind: 'temporary' }));
      assert.deepEqual(readDeliveryDetail((await stored(retried.mailId)).status_detail!), {
        key: 'willRetry',
        values: { attempt: '1', reply: '421 4.7.0 Try again later' },
      });

      // The last attempt failed: given up.
      const gaveUp = await queued();
      await t.ctx.database.db
        .updateTable('correspondence')
        .set({ attempts: t.ctx.config.outbound.maxAttempts - 1 })
        .where('id', '=', gaveUp.mailId)
        .execute();
      await sendDueMail(t.ctx, transport({ message: 'connect ECONNREFUSED 10.0.0.9:25', kind: 'temporary' }));
      assert.deepEqual(readDeliveryDetail((await stored(gaveUp.mailId)).status_detail!), {
        key: 'gaveUp',
        values: {
          attempts: String(t.ctx.config.outbound.maxAttempts),
          reply: 'connect ECONNREFUSED 10.0.0.9:25',
        },
      });

      // A recipient that is not one address: never sent.
      const notOne = await queued();
      await t.ctx.database.db
        .updateTable('correspondence')
        .set({ to_address: 'a@x.example, b@y.example' })
        .where('id', '=', notOne.mailId)
        .execute();
      await sendDueMail(t.ctx, transport(null));
      assert.deepEqual(readDeliveryDetail((await stored(notOne.mailId)).status_detail!), {
        key: 'notOneAddress',
        values: { recipient: 'a@x.example, b@y.example' },
      });

      // Sent, then a delivery report came back for it.
      const bounced = await queued();
      await sendDueMail(t.ctx, transport(null));
      const sent = await stored(bounced.mailId);
      assert.equal(sent.status, 'sent');
      assert.equal(readDeliveryDetail(sent.status_detail!), null, 'the server’s own answer');
      await recordBounce(t.ctx, {
        raw: deliveryFailure(bounced.to, { messageId: sent.message_id!, subject: sent.subject }),
        correspondenceId: null,
      });
      const bouncedRow = await stored(bounced.mailId);
      assert.deepEqual(readDeliveryDetail(bouncedRow.status_detail!), {
        key: 'bounced',
        values: { report: `5.1.1 550 5.1.1 <${bounced.to}>: Recipient address rejected` },
      });
      const [bounceNote] = await notesOf(bounced.caseId);
      assert.equal(readCaseNote(bounceNote!)?.key, 'unreachable');
      assert.deepEqual(readCaseNote(bounceNote!)?.reason, readDeliveryDetail(bouncedRow.status_detail!));

      // Our own sending refused: held (last, since it holds the whole outbox).
      const held = await queued();
      await sendDueMail(
        t.ctx,
        transport({ message: '535 5.7.8 Authentication credentials invalid', kind: 'setup' }),
      );
      assert.deepEqual(readDeliveryDetail((await stored(held.mailId)).status_detail!), {
        key: 'held',
        values: { reply: '535 5.7.8 Authentication credentials invalid' },
      });
    });
  });
