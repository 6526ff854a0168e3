// Who a message is from, asked once, on SQLite and PostgreSQL: the address a message verifiably comes from is
// the one its new case's complainant is registered with, the one its replies are filed by (a reply joins a case
// as the complainant's words only when it comes from that address), and the only one automatic mail about it
// may go to. Anything else a message names (a Reply-To of an ordinary sender, a Sender: field, the envelope
// sender, a second address in From:, a look-alike) chooses neither a record, nor a case, nor where Redress writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import type { MessageSpec } from './support/messages.ts';
import {
  addressesOf,
  complaintBody,
  fieldsOf,
  forwardBody,
  replyBody,
  STEP1,
  shapes,
  verifiedSender,
} from './support/sender-shapes.ts';

for (const engine of ENGINES) {
  describe(`who a message is from, for filing, registration and automatic mail (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-12-14T09:00:00.000Z');
    let n = 0;

    before(async () => {
      h = await startHarness(engine, { clock, overrides: { autoReplyLimitPerDay: 1000 } });
    });
    after(() => h.close());

    const db = () => h.test.database.db;
    const receive = (spec: MessageSpec, envelopeSender?: string) => h.receive(spec, envelopeSender);
    const complainantOf = (caseId: string) => h.complainantOf(caseId);
    /** Whether the case is flagged for a person. */
    const flagged = async (caseId: string) =>
      Boolean(
        (await db().selectFrom('cases').select('flagged').where('id', '=', caseId).executeTakeFirstOrThrow())
          .flagged,
      );
    /** Where automatic mail went, among the given addresses. */
    const mailTo = async (addresses: string[]) =>
      (
        await db()
          .selectFrom('correspondence')
          .select('to_address')
          .where('direction', '=', 'out')
          .where('to_address', 'in', addresses)
          .execute()
      ).map((r) => r.to_address);
    it("files a complainant's reply on their case when their Reply-To cannot be read, as their case was registered by From:", async () => {
      const n0 = ++n;
      const spec = {
        from: `Ines Leroy <ines-${n0}@client.example>`,
        messageId: `<ines-${n0}@client.example>`,
        subject: STEP1,
        headers: { 'Reply-To': 'Ines Leroy <not an address>' },
        body: complaintBody('Ines Leroy'),
      };
      const first = await receive(spec);
      assert.equal(first.filing, 'case_opened');
      assert.equal(await complainantOf(first.caseId!), `ines-${n0}@client.example`);
      assert.equal(
        first.autoReply,
        'suspicious_address',
        'a sender field that is no address: no automatic mail',
      );
      const reply = await receive({
        ...spec,
        messageId: `<ines-${n0}-2@client.example>`,
        subject: `Re: ${STEP1}`,
        inReplyTo: `<ines-${n0}@client.example>`,
        body: replyBody,
      });
      assert.equal(
        reply.filing,
        'filed_on_case',
        'the reply comes from the address the case was registered with',
      );
      assert.equal(reply.caseId, first.caseId);
      assert.deepEqual(await mailTo([`ines-${n0}@client.example`]), []);
    });

    it('files, registers and answers a person whose Reply-To names someone else by From: only', async () => {
      const n0 = ++n;
      const a = addressesOf(n0);
      const spec = {
        from: `Marie Martin <${a.person}>`,
        messageId: `<m-${n0}@client.example>`,
        headers: { 'Reply-To': `Paul Autre <${a.other}>` },
        body: complaintBody('Marie Martin'),
      };
      const first = await receive(spec);
      assert.equal(first.filing, 'case_opened');
      assert.equal(await complainantOf(first.caseId!), a.person);
      assert.deepEqual(await mailTo([a.other]), [], 'nothing to the address Reply-To names');
      const reply = await receive({
        ...spec,
        messageId: `<m-${n0}-2@client.example>`,
        inReplyTo: `<m-${n0}@client.example>`,
        body: replyBody,
      });
      assert.equal(reply.caseId, first.caseId);
      const stranger = await receive({
        from: `Paul Autre <${a.other}>`,
        inReplyTo: `<m-${n0}@client.example>`,
        body: replyBody,
      });
      assert.equal(stranger.filing, 'inbox', 'the Reply-To address is not the case complainant');
    });

    it("does not tell staff that a message naming a complainant's case comes from the complainant when only its Reply-To names them", async () => {
      const n0 = ++n;
      const a = addressesOf(n0);
      const first = await receive({
        from: `Marie Martin <${a.person}>`,
        messageId: `<note-${n0}@client.example>`,
        body: complaintBody('Marie Martin'),
      });
      assert.equal(first.filing, 'case_opened');
      for (const from of [
        `Marie Martin <${a.person}>, Mallory <${a.other}>`,
        'Marie Martin <not an address>',
      ]) {
        const forged = await receive({
          from,
          messageId: `<note-${n0}-${from.length}@evil.example>`,
          inReplyTo: `<note-${n0}@client.example>`,
          headers: { 'Reply-To': `Marie Martin <${a.person}>` },
          body: replyBody,
        });
        assert.equal(forged.filing, 'inbox');
        const received = await db()
          .selectFrom('events')
          .select('payload')
          .where('stream', '=', `inbox:${forged.inboxItemId}`)
          .executeTakeFirstOrThrow();
        const payload =
          typeof received.payload === 'string' ? JSON.parse(received.payload) : received.payload;
        const note = String(payload.note);
        assert.match(note, /a case of another complainant/);
        assert.ok(!note.includes(`comes from ${a.person}`), note);
      }
    });

    it("writes nothing automatically to the kept address of a merged record when a complaint comes from the duplicate's address", async () => {
      const n0 = ++n;
      const kept = `kept-${n0}@client.example`;
      const old = `old-${n0}@oldmail.example`;
      const recordOf = async (caseId: string) =>
        (
          await db()
            .selectFrom('cases')
            .select('complainant_id')
            .where('id', '=', caseId)
            .executeTakeFirstOrThrow()
        ).complainant_id;
      const a = await receive({ from: `Marie Martin <${kept}>`, body: complaintBody('Marie Martin') });
      const b = await receive({ from: `Marie Martin <${old}>`, body: complaintBody('Marie Martin') });
      await mergeComplainants(h.ctx, await recordOf(a.caseId!), await recordOf(b.caseId!), 'user:lead');
      const mailBefore = (await mailTo([kept, old])).length;
      const next = await receive({
        from: `Marie Martin <${old}>`,
        subject: `${STEP1} (encore)`,
        body: `${complaintBody('Marie Martin')}\nUne autre panne ce matin.`,
      });
      assert.equal(next.filing, 'case_opened');
      assert.equal(await recordOf(next.caseId!), await recordOf(a.caseId!), "on the person's kept record");
      // The acknowledgement would go to the record's address, which is not the one the message comes from.
      assert.equal((await mailTo([kept, old])).length, mailBefore, 'no automatic mail');
      assert.notEqual(next.autoReply, 'allowed');
      assert.ok(await flagged(next.caseId!), 'the case waits for a person');
    });

    it('takes the Reply-To of a relay robot of our own domain for filing, registration and automatic mail alike', async () => {
      const n0 = ++n;
      const a = addressesOf(n0);
      const spec = {
        from: `Formulaire <${a.trustedRobot}>`,
        messageId: `<form-${n0}@example.org>`,
        headers: { 'Reply-To': `Paul Autre <${a.other}>` },
        body: complaintBody('Paul Autre'),
      };
      const first = await receive(spec);
      assert.equal(first.filing, 'case_opened');
      assert.equal(await complainantOf(first.caseId!), a.other);
      assert.deepEqual(await mailTo([a.other, a.trustedRobot]), [a.other]);
      const again = await receive({
        ...spec,
        messageId: `<form-${n0}-2@example.org>`,
        inReplyTo: `<form-${n0}@example.org>`,
        body: replyBody,
      });
      assert.equal(again.caseId, first.caseId);
      const direct = await receive({
        from: `Paul Autre <${a.other}>`,
        inReplyTo: `<form-${n0}@example.org>`,
        body: replyBody,
      });
      assert.equal(direct.caseId, first.caseId);
    });

    it('property: filing, registration and automatic mail agree on the sender, and mail goes to no one else', async () => {
      let opened = 0;
      await fc.assert(
        fc.asyncProperty(shapes, async (shape) => {
          const n0 = ++n;
          const a = addressesOf(n0);
          const everyone = Object.values(a);
          const verified = verifiedSender(shape, n0);
          const { spec, envelope } = fieldsOf(shape, n0);
          const firstId = `<first-${n0}@probe.example>`;
          // Mail to anyone but the verified sender (the robots' addresses are shared by the runs: counted).
          const others = everyone.filter((x) => x !== verified);
          const mailBefore = (await mailTo(others)).length;
          const first = await receive(
            {
              ...spec,
              messageId: firstId,
              body: shape.body === 'forward' ? forwardBody(a.third) : complaintBody('Marie Martin'),
            },
            envelope,
          );
          if (first.filing !== 'case_opened') {
            // Automated mail (a list, a null envelope sender): no case, no record, no mail.
            assert.equal(first.caseId, null);
            assert.equal((await mailTo(others)).length, mailBefore);
            if (verified) assert.deepEqual(await mailTo([verified]), []);
            return;
          }
          opened++;
          const caseId = first.caseId!;
          // Registration: the case's complainant is recorded with the verified sender, or with no address.
          assert.equal(await complainantOf(caseId), verified, 'registered address');
          // The same message's reply: filed on the case as the complainant's words only when it comes from them.
          const reply = await receive(
            {
              ...spec,
              messageId: `<reply-${n0}@probe.example>`,
              inReplyTo: firstId,
              body: shape.body === 'forward' ? forwardBody(a.third) : replyBody,
            },
            envelope,
          );
          if (verified) {
            assert.equal(reply.caseId, caseId, 'a reply of the same sender joins the case');
            assert.equal(reply.filing, 'filed_on_case');
            // And a reply written from the verified address alone joins it too: the same sender.
            const plain = await receive(
              {
                from: verified,
                messageId: `<plain-${n0}@probe.example>`,
                inReplyTo: firstId,
                body: replyBody,
              },
              verified,
            );
            assert.equal(plain.caseId, caseId, 'a reply from the registered address joins the case');
          } else if (reply.filing === 'filed_on_case') {
            // Nobody verified: nobody's reply. Only a message from our own domains naming the case is filed on
            // it, as a colleague's message, never the complainant's, and the case flagged (filing.ts).
            assert.equal(reply.caseId, caseId);
            assert.ok(
              shape.from === 'trusted_robot' || shape.from === 'colleague',
              `filed on the case: ${JSON.stringify(shape)}`,
            );
            assert.ok(await flagged(caseId), 'flagged for a person');
          }
          // Automatic mail: only ever to the verified sender.
          assert.equal(
            (await mailTo(others)).length,
            mailBefore,
            'no mail to anyone but the verified sender',
          );
        }),
        {
          numRuns: 100,
          examples: [
            [
              {
                from: 'person',
                replyTo: 'unreadable',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'robot_shape',
                replyTo: 'several',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'trusted_robot',
                replyTo: 'other',
                sender: 'other',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'unreadable',
                replyTo: 'other',
                sender: 'same',
                envelope: 'other',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'several',
                replyTo: 'same',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'look_alike',
                replyTo: 'none',
                sender: 'other',
                envelope: 'absent',
                list: false,
                body: 'own',
              },
            ],
            [
              {
                from: 'colleague',
                replyTo: 'look_alike',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'own',
              },
            ],
            [{ from: 'person', replyTo: 'other', sender: 'none', envelope: 'from', list: true, body: 'own' }],
            [
              {
                from: 'colleague',
                replyTo: 'unreadable',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
            ],
            [
              {
                from: 'person',
                replyTo: 'none',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
            ],
            [
              {
                from: 'unreadable',
                replyTo: 'other',
                sender: 'none',
                envelope: 'from',
                list: false,
                body: 'forward',
              },
            ],
          ],
        },
      );
      assert.ok(opened >= 10, `too few messages opened a case to tell anything (${opened})`);
    });
  });
}
