// A complaint received by e-mail is acknowledged at once, in the complainant's language, in the thread of their
// message, over a real SMTP exchange; the outbox holds mail while the server is down and delivers each item once
// it is back; a bounce marks the complainant unreachable and the case offers a letter. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimDue, outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { recordBounce, resendAsLetter } from '../../src/app/record-bounce.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { Language } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import { deliveryFailure, mailIn, startSmtpSink, startWorld, type World } from './support.ts';

const EXPECTED: Record<Language, { subject: RegExp; answerBy: string; received: string }> = {
  // Received Friday 2026-11-20 in Berlin: the 10th working day after is Friday 2026-12-04.
  fr: {
    subject: /Nous avons bien reçu votre réclamation/,
    answerBy: '4 décembre 2026',
    received: '20 novembre 2026',
  },
  en: {
    subject: /We have received your complaint/,
    answerBy: '4 December 2026',
    received: '20 November 2026',
  },
  de: {
    subject: /Ihre Beschwerde ist bei uns eingegangen/,
    answerBy: '4. Dezember 2026',
    received: '20. November 2026',
  },
};

for (const engine of ENGINES) {
  describe(`acknowledgements over SMTP on ${engine}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    it('acknowledges an e-mail complaint at once, in the complainant’s language, in the thread', async () => {
      const sink = await startSmtpSink();
      try {
        for (const language of ['fr', 'en', 'de'] as const) {
          const opened = await mailIn(world, {
            from: `client-${language}@example.net`,
            name: language === 'de' ? 'Jürgen Weiß' : 'Camille Martin',
            language,
            subject: 'Transmission de réclamation - Etape 1',
            messageId: `<in-${language}@example.net>`,
            missing: ['expectations'],
          });
          assert.equal((opened.after as { acknowledged: string }).acknowledged, 'email');
          const report = await sendDueMail(world.ctx, world.transport(sink.port));
          assert.deepEqual(report, { sent: 1, retried: 0, failed: 0 });
          const got = sink.received.at(-1)!;
          assert.deepEqual(got.envelopeTo, [`client-${language}@example.net`]);
          assert.match(got.mail.subject ?? '', new RegExp(`^\\[${opened.reference}\\] `));
          assert.match(got.mail.subject ?? '', EXPECTED[language].subject);
          assert.equal(got.mail.inReplyTo, `<in-${language}@example.net>`);
          assert.match(got.mail.references ?? '', new RegExp(`<in-${language}@example.net>`));
          assert.equal(got.header('auto-submitted'), 'auto-replied');
          const text = got.mail.text ?? '';
          assert.ok(text.includes(opened.reference), 'reference in the text');
          assert.ok(text.includes(EXPECTED[language].answerBy), `answer-by date in ${language}: ${text}`);
          assert.ok(text.includes(EXPECTED[language].received));
          // The stored Message-ID is the one that went out.
          const [row] = await outboxItemsOfCase(world.ctx.database.db, opened.caseId);
          assert.equal(row!.status, 'sent');
          assert.equal(row!.messageId, got.mail.messageId);
          const state = (await inTransaction(world.ctx, (agg) => agg.loadCase(opened.caseId))).state!;
          assert.equal(state.acknowledgedAt, '2026-11-20T10:00:00.000Z');
          assert.equal(state.deadline?.answerByDate, '2026-12-04');
        }
      } finally {
        await sink.stop();
      }
    });

    it('keeps acknowledgements in the outbox while the SMTP server is down, then delivers each exactly once', async () => {
      const probe = await startSmtpSink();
      const port = probe.port;
      await probe.stop();
      const transport = world.transport(port);
      const refs: string[] = [];
      for (let i = 0; i < 3; i++)
        refs.push(
          (
            await mailIn(world, {
              from: `down-${i}@example.net`,
              name: 'Alex Down',
              language: 'en',
              subject: 'Complaint escalation - Step 1',
              messageId: `<down-${i}@example.net>`,
            })
          ).reference,
        );
      assert.deepEqual(await sendDueMail(world.ctx, transport), { sent: 0, retried: 3, failed: 0 });
      // Not due yet: nothing is tried again before the back-off.
      assert.deepEqual(await sendDueMail(world.ctx, transport), { sent: 0, retried: 0, failed: 0 });
      world.clock.advance(31_000);
      assert.deepEqual(await sendDueMail(world.ctx, transport), { sent: 0, retried: 3, failed: 0 });
      const pending = await world.ctx.database.db
        .selectFrom('correspondence')
        .select(['status', 'attempts', 'status_detail'])
        .where('to_address', 'like', 'down-%')
        .execute();
      assert.ok(
        pending.every((p) => p.status === 'pending' && p.attempts === 2),
        JSON.stringify(pending),
      );
      const sink = await startSmtpSink(port);
      try {
        world.clock.advance(61_000);
        assert.deepEqual(await sendDueMail(world.ctx, transport), { sent: 3, retried: 0, failed: 0 });
        world.clock.advance(3_600_000);
        assert.deepEqual(await sendDueMail(world.ctx, transport), { sent: 0, retried: 0, failed: 0 });
        assert.equal(sink.received.length, 3);
        assert.deepEqual(
          sink.received.map((r) => /\[(RC-[\d-]+)\]/.exec(r.mail.subject ?? '')?.[1]).sort(),
          [...refs].sort(),
        );
        assert.equal(new Set(sink.received.map((r) => r.mail.messageId)).size, 3);
      } finally {
        await sink.stop();
      }
    });

    it('sends again, with the same Message-ID, an item whose sender died mid-send (at most one duplicate)', async () => {
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(world, {
          from: 'crash@example.net',
          name: 'Sam Crash',
          language: 'fr',
          subject: 'Réclamation',
          messageId: '<crash@example.net>',
        });
        // A worker claims the item, "sends" it and dies before marking it sent.
        const now = world.ctx.clock.now();
        const claimed = await claimDue(
          world.ctx.database,
          now,
          new Date(Date.parse(now) + 120_000).toISOString(),
          10,
        );
        assert.equal(claimed.length, 1);
        // Another worker does not take it while the claim holds …
        assert.deepEqual(await sendDueMail(world.ctx, world.transport(sink.port)), {
          sent: 0,
          retried: 0,
          failed: 0,
        });
        // … and sends it once the claim has run out.
        world.clock.advance(121_000);
        assert.deepEqual(await sendDueMail(world.ctx, world.transport(sink.port)), {
          sent: 1,
          retried: 0,
          failed: 0,
        });
        const [row] = await outboxItemsOfCase(world.ctx.database.db, opened.caseId);
        assert.equal(sink.received.at(-1)!.mail.messageId, row!.messageId);
        assert.equal(claimed[0]!.messageId, row!.messageId);
      } finally {
        await sink.stop();
      }
    });

    it('takes over mail a dying sender claimed once the configured claim time has run out, not before', async () => {
      // A second installation whose claims last 30 s instead of the default two minutes.
      const short = await startWorld(engine, '2026-11-20T10:00:00.000Z', { outbound: { claimSeconds: 30 } });
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(short, {
          from: 'stuck@example.net',
          name: 'Alex Stuck',
          language: 'en',
          subject: 'Complaint',
          messageId: '<stuck@example.net>',
        });
        // A sender takes the item and its SMTP exchange never ends (a process frozen mid-send). Left pending.
        const frozen = { send: () => new Promise<never>(() => {}), close() {} };
        void sendDueMail(short.ctx, frozen, { concurrency: 1 });
        await new Promise((r) => setTimeout(r, 200));
        const none = { sent: 0, retried: 0, failed: 0 };
        short.clock.advance(29_000);
        assert.deepEqual(await sendDueMail(short.ctx, short.transport(sink.port)), none);
        short.clock.advance(2_000);
        assert.deepEqual(await sendDueMail(short.ctx, short.transport(sink.port)), { ...none, sent: 1 });
        const [row] = await outboxItemsOfCase(short.ctx.database.db, opened.caseId);
        assert.equal(sink.received.at(-1)!.mail.messageId, row!.messageId);
      } finally {
        await sink.stop();
        await short.close();
      }
    });

    it('marks the complainant unreachable when our mail bounces, and offers a letter', async () => {
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(world, {
          from: 'gone@example.net',
          name: 'Dominique Gone',
          language: 'fr',
          subject: 'Réclamation',
          messageId: '<gone@example.net>',
        });
        await sendDueMail(world.ctx, world.transport(sink.port));
        const sent = sink.received.at(-1)!;
        const dsn = deliveryFailure('gone@example.net', sent.mail);
        // A delay warning changes nothing.
        const delayed = await recordBounce(world.ctx, {
          raw: dsn.replace('Action: failed', 'Action: delayed').replace('Status: 5.1.1', 'Status: 4.4.1'),
          correspondenceId: null,
        });
        assert.equal(delayed.failed, false);
        const outcome = await recordBounce(world.ctx, { raw: dsn, correspondenceId: null });
        assert.equal(outcome.matched, true);
        assert.equal(outcome.caseId, opened.caseId);
        const complainant = await world.ctx.database.db
          .selectFrom('complainants')
          .select('unreachable')
          .where('id', '=', opened.complainantId)
          .executeTakeFirstOrThrow();
        assert.equal(complainant.unreachable, 1);
        const [row] = await outboxItemsOfCase(world.ctx.database.db, opened.caseId);
        assert.equal(row!.status, 'failed');
        assert.match(row!.statusDetail ?? '', /5\.1\.1/);
        // With no postal address there is nobody to print a letter for: staff are told to add one.
        await assert.rejects(resendAsLetter(world.ctx, row!.id, 'user:agent'), /no postal address/);
        await actOnComplainant(
          world.ctx,
          opened.complainantId,
          { type: 'change_details', details: { postalAddress: ['12 rue de la Paix', '75002 Paris'] } },
          'user:agent',
        );
        // The case offers a letter: the acknowledgement printed for the post.
        const letter = await resendAsLetter(world.ctx, row!.id, 'user:agent');
        assert.equal(letter.channel, 'letter');
        const state = (await inTransaction(world.ctx, (agg) => agg.loadCase(opened.caseId))).state!;
        assert.deepEqual(state.lettersToPost, [letter.correspondenceId]);
        // A new case of this complainant is acknowledged by letter, not by e-mail.
        const next = await mailIn(world, {
          from: 'gone@example.net',
          name: 'Dominique Gone',
          language: 'fr',
          subject: 'Encore',
          messageId: '<gone-2@example.net>',
        });
        assert.equal((next.after as { acknowledged: string }).acknowledged, 'letter');
      } finally {
        await sink.stop();
      }
    });
  });
}
