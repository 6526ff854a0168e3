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

    /** What the API gives for one item, read in French and in German (as a browser asks for it). */
    const readsAs = async (
      caseId: string,
      id: string,
      expected: { status: string; stored: string; code: string; values: Record<string, string> },
      words: { fr: string; de: string },
    ) => {
      const fr = await correspondenceOf(caseId, id, 'fr');
      const de = await correspondenceOf(caseId, id, 'de-DE,de;q=0.9');
      for (const item of [fr, de]) {
        assert.equal(item.status, expected.status);
        assert.equal(item.statusDetail, expected.stored, 'as stored');
        assert.equal(item.statusDetailCode, expected.code);
        assert.deepEqual(item.statusDetailValues, expected.values);
      }
      assert.equal(fr.statusDetailText, words.fr);
      assert.equal(de.statusDetailText, words.de);
    };

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
      await readsAs(
        opened.caseId,
        letter.correspondenceId,
        {
          status: 'posted',
          stored: `posted by user:${poster.id}`,
          code: 'posted',
          values: { actor: `user:${poster.id}` },
        },
        { fr: 'Mis à la poste par Élodie Facteur.', de: 'Zur Post gegeben von Élodie Facteur.' },
      );
    });

    it('a text that is none of Redress’s sentences: no code, no values, the words as stored', async () => {
      const { caseId, mailId } = await queued();
      const words = '250 2.0.0 Ok: queued as 4F1A2';
      await t.ctx.database.db
        .updateTable('correspondence')
        .set({ status: 'sent', status_detail: words })
        .where('id', '=', mailId)
        .execute();
      for (const language of ['fr', 'de']) {
        const item = await correspondenceOf(caseId, mailId, language);
        assert.equal(item.statusDetail, words);
        assert.equal(item.statusDetailCode, null);
        assert.deepEqual(item.statusDetailValues, {});
        assert.equal(item.statusDetailText, words);
      }
      // An acknowledgement not yet tried has no detail: none of the three.
      const waiting = await queued();
      const item = await correspondenceOf(waiting.caseId, waiting.mailId, 'fr');
      assert.equal(item.statusDetail, null);
      assert.deepEqual(
        [item.statusDetailCode, item.statusDetailValues, item.statusDetailText],
        [null, null, null],
      );
    });

    // Through the outbox, refused for the recipient, then refused for our own set-up (last: it holds the outbox).
    const sends: Array<{
      kind: SendFailureKind;
      reply: string;
      status: string;
      stored: (reply: string) => string;
      code: string;
      fr: (reply: string) => string;
      de: (reply: string) => string;
    }> = [
      {
        kind: 'recipient',
        reply: '550 5.1.1 <x>: Recipient address rejected: User unknown',
        status: 'failed',
        stored: (reply) => `refused by the mail server: ${reply}`,
        code: 'refused',
        fr: (reply) => `Le serveur de messagerie a refusé ce message, avec la réponse : « ${reply} ».`,
        de: (reply) => `Der Mailserver hat diese Nachricht abgelehnt, mit der Antwort: „${reply}“.`,
      },
      {
        kind: 'setup',
        reply: '535 5.7.8 Authentication credentials invalid',
        status: 'pending',
        stored: (reply) =>
          `held until the outbound mail settings are fixed (the mail server refused our own sending, not the recipient): ${reply}`,
        code: 'held',
        fr: (reply) =>
          `En attente jusqu’à ce que les réglages d’envoi du courrier soient corrigés : le serveur de messagerie a refusé notre propre envoi, non le destinataire. Sa réponse était : « ${reply} ».`,
        de: (reply) =>
          `Zurückgehalten, bis die Einstellungen für ausgehende E-Mails korrigiert sind: Der Mailserver hat unseren eigenen Versand abgelehnt, nicht den Empfänger. Seine Antwort war: „${reply}“.`,
      },
    ];

    it('a send refused for the recipient (code refused) and one held for our own set-up (code held), with the reply', async () => {
      for (const send of sends) {
        const { caseId, mailId } = await queued();
        await sendDueMail(t.ctx, refusing(send.reply, send.kind));
        await readsAs(
          caseId,
          mailId,
          {
            status: send.status,
            stored: send.stored(send.reply),
            code: send.code,
            values: { reply: send.reply },
          },
          { fr: send.fr(send.reply), de: send.de(send.reply) },
        );
      }
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
