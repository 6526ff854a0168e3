// A suggestion a person makes a complaint after it was opened (reclassify-case.ts) is acknowledged automatically
// only to the address its message verifiably comes from (complainant.ts `messageSender`), as at the mail door and
// for a case opened from the triage inbox: never to an address a person gave the case for a message that comes
// from no verified sender, such as the first address of a forged From: list or a Reply-To under an unreadable
// From:. The same for a row stored before the door kept who a message comes from, or before it kept its verdict:
// such a row is asked again of its original by the door's rule, not judged by its stored From:. SQLite and
// PostgreSQL, through the real mail intake.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { addComplainantAddress } from '../../src/app/case-contact.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { type ReceivedEmail, receiveEmail } from '../../src/app/receive-email.ts';
import { reclassifyCase } from '../../src/app/reclassify-case.ts';
import type { ActingStaff } from '../../src/core/access/case-access.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';
import { addressesOf, fieldsOf, type Shape, shapes, verifiedSender } from './support/sender-shapes.ts';

const AGENT: ActingStaff = { role: 'agent', userId: 'agent-1', departments: [], actor: 'user:agent-1' };

const IDEA = [
  'Bonjour,',
  '',
  'Une idée : afficher le nom de domaine à côté de chaque ligne de la facture.',
  '',
  'Cordialement,',
  'Marie Martin',
].join('\n');

/**
 * How the message's row is stored: as the door keeps it now; as before the door kept who it comes from; as before
 * it kept its verdict on automatic mail too (the oldest rows).
 */
type Stored = 'kept' | 'no_sender' | 'no_sender_no_verdict';

for (const engine of ENGINES) {
  describe(`a suggestion made a complaint is acknowledged only to who its message comes from (${engine})`, () => {
    let h: Harness;
    let n = 0;
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock('2026-12-14T09:00:00.000Z'),
        overrides: { autoReplyLimitPerDay: 1000 },
      });
    });
    after(() => h.close());

    const db = () => h.test.database.db;
    const suggestion = (spec: MessageSpec, envelopeSender?: string): Promise<ReceivedEmail> =>
      receiveEmail(h.ctx, {
        raw: rawMessage({ ...spec, subject: 'Une idée pour les factures', body: IDEA }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'suggestions')!,
        door: 'pipe',
        ...(envelopeSender === undefined ? {} : { envelopeSender }),
      });
    const store = async (correspondenceId: string, stored: Stored) => {
      if (stored === 'kept') return;
      const row = await db()
        .selectFrom('correspondence')
        .select('reading')
        .where('id', '=', correspondenceId)
        .executeTakeFirstOrThrow();
      const reading = row.reading ? (JSON.parse(row.reading) as Record<string, unknown>) : null;
      if (reading && stored === 'no_sender_no_verdict') delete reading.autoReply;
      await db()
        .updateTable('correspondence')
        .set({
          sender_address: null,
          ...(stored === 'no_sender_no_verdict'
            ? { auto_reply: null, reading: reading ? JSON.stringify(reading) : null }
            : {}),
        })
        .where('id', '=', correspondenceId)
        .execute();
    };
    const complainantOf = (caseId: string) => h.complainantOf(caseId);
    const acknowledgements = async (caseId: string) =>
      (await outboxItemsOfCase(db(), caseId))
        .filter((o) => o.purpose === 'acknowledgement')
        .map((o) => o.toAddress);
    /** The suggestion received, the address a person gave it when it had none, its row stored so, made a complaint. */
    const reclassified = async (got: ReceivedEmail, given: string | null, stored: Stored) => {
      assert.ok(got.caseId, `a suggestion case (${got.filing})`);
      const caseId = got.caseId!;
      if (given !== null && (await complainantOf(caseId)) === null)
        await addComplainantAddress(h.ctx, caseId, { email: given, postalAddress: null }, AGENT);
      await store(got.correspondenceId, stored);
      const done = await reclassifyCase(
        h.ctx,
        caseId,
        { kind: 'complaint', reason: null, note: null },
        AGENT,
      );
      return { caseId, done, acks: await acknowledgements(caseId), email: await complainantOf(caseId) };
    };

    for (const stored of ['kept', 'no_sender', 'no_sender_no_verdict'] as const) {
      it(`writes nothing to the victim a forged From: list names first, once given as the case's address (${stored})`, async () => {
        const n0 = ++n;
        const victim = `victim-${n0}@client.example`;
        const got = await suggestion({
          from: `Marie Martin <${victim}>, Mallory <mallory-${n0}@evil.example>`,
          messageId: `<list-${n0}@probe.example>`,
        });
        const r = await reclassified(got, victim, stored);
        assert.equal(r.email, victim);
        assert.deepEqual(r.acks, [], 'no acknowledgement to the victim');
        assert.ok(r.done.afterOpened && 'acknowledged' in r.done.afterOpened);
        assert.equal(r.done.afterOpened.acknowledged, null);
      });

      it(`writes nothing to the victim a Reply-To names under an unreadable From:, once given as the case's address (${stored})`, async () => {
        const n0 = ++n;
        const victim = `victim-${n0}@client.example`;
        const got = await suggestion({
          from: 'Marie Martin <not an address>',
          headers: { 'Reply-To': `Marie Martin <${victim}>` },
          messageId: `<unreadable-${n0}@probe.example>`,
        });
        const r = await reclassified(got, victim, stored);
        assert.deepEqual(r.acks, [], 'no acknowledgement to the victim');
      });

      it(`writes nothing to the address on file when the person's record was merged into another's (${stored})`, async () => {
        const n0 = ++n;
        const person = `person-${n0}@client.example`;
        const onFile = `on-file-${n0}@client.example`;
        const got = await suggestion({
          from: `Marie Martin <${person}>`,
          messageId: `<merged-${n0}@probe.example>`,
        });
        const earlier = await suggestion({
          from: `Marie Martin <${onFile}>`,
          messageId: `<file-${n0}@probe.example>`,
        });
        const idOf = async (caseId: string) =>
          (
            await db()
              .selectFrom('cases')
              .select('complainant_id')
              .where('id', '=', caseId)
              .executeTakeFirstOrThrow()
          ).complainant_id;
        await mergeComplainants(h.ctx, await idOf(earlier.caseId!), await idOf(got.caseId!), AGENT);
        const r = await reclassified(got, null, stored);
        assert.equal(r.email, onFile);
        assert.deepEqual(r.acks, [], 'the message does not come from the address on file');
      });

      it(`acknowledges the person a message comes from at their address (${stored})`, async () => {
        const n0 = ++n;
        const person = `person-${n0}@client.example`;
        const got = await suggestion({
          from: `Marie Martin <${person}>`,
          messageId: `<own-${n0}@probe.example>`,
        });
        const r = await reclassified(got, null, stored);
        assert.deepEqual(r.acks, [person]);
      });
    }

    it('any sender fields, any stored row, any address given: the acknowledgement goes only to the verified sender', async () => {
      await fc.assert(
        fc.asyncProperty(
          shapes.map((s): Shape => ({ ...s, body: 'own' })),
          fc.constantFrom<Stored>('kept', 'no_sender', 'no_sender_no_verdict'),
          fc.constantFrom('person', 'other', null),
          async (shape, stored, whom) => {
            const n0 = ++n;
            const { spec, envelope } = fieldsOf(shape, n0);
            const got = await suggestion({ ...spec, messageId: `<shape-${n0}@probe.example>` }, envelope);
            // Mail the door files elsewhere (the triage inbox) is not a case to reclassify.
            fc.pre(got.caseId !== null);
            const given = whom === null ? null : addressesOf(n0)[whom];
            const r = await reclassified(got, given, stored);
            const sender = verifiedSender(shape, n0);
            for (const to of r.acks) {
              assert.equal(to, sender, `acknowledged ${to}; the message comes from ${sender}`);
              assert.equal(r.email, sender);
            }
          },
        ),
        { numRuns: 60 },
      );
    });
  });
}
