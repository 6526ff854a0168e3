// A bounce says the complainant cannot be reached when it is for the address on file, however that address's
// domain is written: mail sent to `x@xn--mnchen-3ya.de` bouncing says `x@münchen.de` on file is unreachable (the
// same mailbox). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordBounce } from '../../src/app/record-bounce.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { ENGINES } from '../support/databases.ts';
import { deliveryFailure, mailIn, startSmtpSink, startWorld, type World } from './support.ts';

for (const engine of ENGINES) {
  describe(`a bounce for the address on file in its other form (${engine})`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    it('marks the complainant unreachable', async () => {
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(world, {
          from: 'gone@xn--mnchen-3ya.de',
          name: 'Dominique Gone',
          language: 'fr',
          subject: 'Réclamation',
          messageId: '<gone@xn--mnchen-3ya.de>',
        });
        await sendDueMail(world.ctx, world.transport(sink.port));
        const sent = sink.received.at(-1)!;
        // Staff write the address on file with its domain in Unicode: the same mailbox.
        await actOnComplainant(
          world.ctx,
          opened.complainantId,
          { type: 'change_details', details: { email: 'gone@münchen.de' } },
          'user:agent',
        );
        const dsn = deliveryFailure('gone@xn--mnchen-3ya.de', sent.mail);
        const outcome = await recordBounce(world.ctx, { raw: dsn, correspondenceId: null });
        assert.equal(outcome.matched, true);
        const complainant = await world.ctx.database.db
          .selectFrom('complainants')
          .select(['unreachable', 'email'])
          .where('id', '=', opened.complainantId)
          .executeTakeFirstOrThrow();
        assert.equal(complainant.email, 'gone@münchen.de');
        assert.equal(complainant.unreachable, 1, 'the address on file bounced');
      } finally {
        await sink.stop();
      }
    });
  });
}
