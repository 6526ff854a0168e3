// An information request (P2.7) whose e-mail was not delivered, printed as a letter: the letter tells the
// complainant to write to our postal address, in their language, not to "reply to this message" (an e-mail that
// never reached them, to an address that bounces). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { recordBounce, resendAsLetter } from '../../src/app/record-bounce.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { ENGINES } from '../support/databases.ts';
import { deliveryFailure, mailIn, startSmtpSink, startWorld, type World } from './support.ts';

const BY_EMAIL = /répondre à ce message|reply to this message|antworten Sie auf diese Nachricht/i;

for (const engine of ENGINES) {
  describe(`an undelivered information request printed as a letter (${engine})`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    it('asks for the missing information by post, in the case’s language', async () => {
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(world, {
          from: 'gone@example.net',
          name: 'Dominique Gone',
          language: 'fr',
          subject: 'Réclamation',
          messageId: '<gone-request@example.net>',
        });
        await requestInformation(world.ctx, opened.caseId, {
          missing: ['expectations'],
          note: 'Merci de préciser le montant.',
          actor: 'user:agent',
        });
        await sendDueMail(world.ctx, world.transport(sink.port));
        const items = await outboxItemsOfCase(world.ctx.database.db, opened.caseId);
        const request = items.find((r) => r.purpose === 'information_request')!;
        assert.match(request.text ?? '', BY_EMAIL, 'the e-mail itself says to reply to it');
        const sent = sink.received.find((m) => m.mail.messageId === request.messageId)!;
        await recordBounce(world.ctx, {
          raw: deliveryFailure('gone@example.net', sent.mail),
          correspondenceId: null,
        });
        await actOnComplainant(
          world.ctx,
          opened.complainantId,
          { type: 'change_details', details: { postalAddress: ['12 rue de la Paix', '75002 Paris'] } },
          'user:agent',
        );
        const letter = await resendAsLetter(world.ctx, request.id, 'user:agent');
        assert.equal(letter.channel, 'letter');
        const printed = (await outboxItemsOfCase(world.ctx.database.db, opened.caseId)).find(
          (r) => r.id === letter.correspondenceId,
        )!;
        const text = printed.text ?? '';
        assert.doesNotMatch(text, BY_EMAIL, text);
        for (const line of world.config.organisation.complaintsPostalAddress)
          assert.ok(text.includes(line), `our postal address: ${text}`);
        assert.match(text, /Merci de préciser le montant\./, 'the note as written');
        assert.match(text, /ce que vous attendez de notre part/, 'what is missing, in French');
      } finally {
        await sink.stop();
      }
    });
  });
}
