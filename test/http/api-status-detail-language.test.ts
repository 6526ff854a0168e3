// The API gives a case's correspondence with each item's status detail as stored, in English (clients may rely on
// it), and beside it, as it gives the notes on inbox items: which of Redress's sentences it is (a stable code), its
// values, and its words in the language of Accept-Language (src/core/correspondence/status-words.ts). A letter's
// "posted by user:<id>" names who posted it. Rows stored by the writers themselves: the outbox sending through a
// transport that refuses for the recipient and one that refuses our own sending, and a letter marked posted on the
// page. A text that is none of Redress's sentences has no code and is given as stored. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sendReply } from '../../src/app/send-reply.ts';
import {
  type MailTransport,
  SendError,
  type SendFailureKind,
} from '../../src/core/correspondence/outgoing-mail.ts';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, createUser, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

/** A transport that refuses every message with these words. */
const refusing = (message: string, kind: SendFailureKind): MailTransport => ({
  send: async () => {
    throw new SendError(message, kind);
  },
  close: () => {},
});

interface CorrespondenceOut {
  id: string;
  status: string;
  statusDetail: string | null;
  statusDetailCode: string | null;
  statusDetailValues: Record<string, string> | null;
  statusDetailText: string | null;
}

for (const engine of ENGINES)
  describe(`a status detail through the API, with its code, values and words in the reader’s language (${engine})`, () => {
    let t: TestApp;
    let token = '';
    let n = 0;
    before(async () => {
      t = await createTestApp({ engine });
      token = await apiSecret(t.ctx, 'lead', 'api-status-detail');
    });
    after(async () => {
      await t?.close();
    });

    const correspondenceOf = async (caseId: string, id: string, language: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}/correspondence`,
        headers: { authorization: `Bearer ${token}`, 'accept-language': language },
      });
      assert.equal(res.statusCode, 200, res.body);
      const item = (res.json() as { correspondence: CorrespondenceOut[] }).correspondence.find(
        (c) => c.id === id,
      );
      assert.ok(item, `correspondence ${id}`);
      return item;
    };

    /** A case with its acknowledgement queued to a complainant of a domain of its own. */
    const queued = async () => {
      n += 1;
      const opened = await openComplaint(t.ctx, { email: `ida@d${n}.example` });
      const written = await acknowledgeCase(t.ctx, opened.caseId, 'system');
      return { caseId: opened.caseId, mailId: written.correspondenceId };
    };

    it('a send refused for the recipient: the stored words, the code refused, the reply, in French and German', async () => {
      const { caseId, mailId } = await queued();
      const reply = '550 5.1.1 <x>: Recipient address rejected: User unknown';
      await sendDueMail(t.ctx, refusing(reply, 'recipient'));
      const fr = await correspondenceOf(caseId, mailId, 'fr');
      const de = await correspondenceOf(caseId, mailId, 'de-DE,de;q=0.9');
      for (const item of [fr, de]) {
        assert.equal(item.status, 'failed');
        assert.equal(item.statusDetail, `refused by the mail server: ${reply}`, 'as stored');
        assert.equal(item.statusDetailCode, 'refused');
        assert.deepEqual(item.statusDetailValues, { reply });
      }
      assert.equal(
        fr.statusDetailText,
        `Le serveur de messagerie a refusé ce message, avec la réponse : « ${reply} ».`,
      );
      assert.equal(
        de.statusDetailText,
        `Der Mailserver hat diese Nachricht abgelehnt, mit der Antwort: „${reply}“.`,
      );
    });

    it('a letter marked posted: the stored account id in the values, the name of who posted it in the words', async () => {
      const poster = await createUser(t.ctx, 'lead', {
        email: 'poster@example.org',
        name: 'Élodie Facteur',
        language: 'fr',
      });
      // No e-mail address, a postal one: the reply is printed as a letter to post.
      const opened = await openComplaint(t.ctx, {
        email: null,
        postalAddress: ['12 rue Haute', '75001 Paris'],
      });
      const letter = await sendReply(t.ctx, opened.caseId, {
        kind: 'reply',
        text: 'Nous avons remboursé les jours perdus.',
        actor: 'system',
      });
      const posted = await postForm(
        t.app,
        await sessionFor(t.ctx, poster),
        `/cases/${opened.caseId}/letters/${letter.correspondenceId}/posted`,
      );
      assert.equal(posted.statusCode, 303);
      const fr = await correspondenceOf(opened.caseId, letter.correspondenceId, 'fr');
      const de = await correspondenceOf(opened.caseId, letter.correspondenceId, 'de');
      for (const item of [fr, de]) {
        assert.equal(item.status, 'posted');
        assert.equal(item.statusDetail, `posted by user:${poster.id}`, 'as stored');
        assert.equal(item.statusDetailCode, 'posted');
        assert.deepEqual(item.statusDetailValues, { actor: `user:${poster.id}` });
      }
      assert.equal(fr.statusDetailText, 'Mis à la poste par Élodie Facteur.');
      assert.equal(de.statusDetailText, 'Zur Post gegeben von Élodie Facteur.');
    });

    it('a text that is none of Redress’s sentences: no code, no values, the words as stored', async () => {
      const { caseId, mailId } = await queued();
      const words = '250 2.0.0 Ok: queued as 4F1A2';
      await t.ctx.database.db
        .updateTable('correspondence')
        // Far ahead, so that the outbox of the last test does not take it.
        .set({ status: 'sent', status_detail: words, next_attempt_at: '2999-01-01T00:00:00.000Z' })
        .where('id', '=', mailId)
        .execute();
      for (const language of ['fr', 'de']) {
        const item = await correspondenceOf(caseId, mailId, language);
        assert.equal(item.statusDetail, words);
        assert.equal(item.statusDetailCode, null);
        assert.deepEqual(item.statusDetailValues, {});
        assert.equal(item.statusDetailText, words);
      }
      // A piece of correspondence with no detail (the complaint as received): none of the three.
      const received = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases/${caseId}/correspondence`,
          headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr' },
        })
      ).json() as { correspondence: CorrespondenceOut[] };
      for (const item of received.correspondence.filter((c) => c.statusDetail === null))
        assert.deepEqual(
          [item.statusDetailCode, item.statusDetailValues, item.statusDetailText],
          [null, null, null],
        );
    });

    it('a send held because our own sending was refused (last: it holds the whole outbox), code held', async () => {
      const { caseId, mailId } = await queued();
      const reply = '535 5.7.8 Authentication credentials invalid';
      await sendDueMail(t.ctx, refusing(reply, 'setup'));
      const fr = await correspondenceOf(caseId, mailId, 'fr');
      const de = await correspondenceOf(caseId, mailId, 'de');
      for (const item of [fr, de]) {
        assert.equal(item.status, 'pending');
        assert.equal(
          item.statusDetail,
          `held until the outbound mail settings are fixed (the mail server refused our own sending, not the recipient): ${reply}`,
        );
        assert.equal(item.statusDetailCode, 'held');
        assert.deepEqual(item.statusDetailValues, { reply });
      }
      assert.equal(
        fr.statusDetailText,
        `En attente jusqu’à ce que les réglages d’envoi du courrier soient corrigés : le serveur de messagerie a refusé notre propre envoi, non le destinataire. Sa réponse était : « ${reply} ».`,
      );
      assert.equal(
        de.statusDetailText,
        `Zurückgehalten, bis die Einstellungen für ausgehende E-Mails korrigiert sind: Der Mailserver hat unseren eigenen Versand abgelehnt, nicht den Empfänger. Seine Antwort war: „${reply}“.`,
      );
    });

    it('the OpenAPI document describes the three fields beside statusDetail', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      };
      const text = JSON.stringify(doc.paths['/api/v1/cases/{id}/correspondence']?.get.responses['200']);
      for (const field of ['statusDetail', 'statusDetailCode', 'statusDetailValues', 'statusDetailText'])
        assert.ok(text.includes(`"${field}"`), field);
      for (const code of [
        'refused',
        'gave_up',
        'will_retry',
        'not_one_address',
        'held_missing_file',
        'posted',
      ])
        assert.ok(text.includes(`"${code}"`), code);
    });
  });
