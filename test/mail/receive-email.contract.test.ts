// Filing rules of the mail doors (issue 4 item 5; P1.2, P1.4, P5.3, P8.4, P9), on SQLite and PostgreSQL:
// where each message goes, that nothing is stored twice, and what may be answered automatically.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ReceivedEmail, receiveEmail } from '../../src/app/receive-email.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import type { Mailbox } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { createUser } from '../support/http.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const STEP2 = 'Transmission de réclamation - Etape 2';

for (const engine of ENGINES) {
  describe(`receiving e-mail (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T12:00:00.000Z');
    const mailbox = (name: string): Mailbox => h.config.mailboxes.find((m) => m.name === name)!;
    const receive = (spec: MessageSpec | Buffer, box = 'complaints'): Promise<ReceivedEmail> =>
      receiveEmail(h.ctx, {
        raw: Buffer.isBuffer(spec) ? spec : rawMessage(spec),
        mailbox: mailbox(box),
        door: 'pipe',
      });
    const caseRow = (id: string) =>
      h.test.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const eventTypes = async (caseId: string) =>
      (
        await h.test.database.db
          .selectFrom('events')
          .select('type')
          .where('stream', '=', `case:${caseId}`)
          .orderBy('seq')
          .execute()
      ).map((e) => e.type);

    before(async () => {
      h = await startHarness(engine, { clock, overrides: { autoReplyLimitPerDay: 3 } });
    });
    after(() => h.close());

    it('opens a step-1 case for a new complaint and records that it may be acknowledged', async () => {
      const r = await receive({ from: 'Anna Schmidt <anna@example.de>' });
      assert.equal(r.filing, 'case_opened');
      assert.equal(r.duplicate, false);
      assert.equal(r.autoReply, 'allowed');
      const c = await caseRow(r.caseId!);
      assert.equal(c.kind, 'complaint');
      assert.equal(c.step, 1);
      assert.equal(c.reference, r.reference);
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .selectAll()
        .where('id', '=', r.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(row.case_id, r.caseId);
      assert.equal(row.filing, 'case_opened');
      assert.equal(row.auto_reply, 'allowed');
      assert.equal(row.door, 'pipe');
      assert.equal(JSON.parse(row.reading!).autoReply, 'allowed');
    });

    it('files a reply on its case by In-Reply-To to our own Message-ID, and by References', async () => {
      const first = await receive({
        from: 'Bruno <bruno@example.fr>',
        messageId: '<first-bruno@example.fr>',
      });
      // Our acknowledgement (the outbox writes such rows): its Message-ID is on the case.
      await h.test.database.db
        .insertInto('correspondence')
        .values({
          id: 'ack-bruno',
          case_id: first.caseId,
          inbox_item_id: null,
          direction: 'out',
          channel: 'email',
          mailbox: 'complaints',
          message_id: '<ack-bruno@redress.example.org>',
          in_reply_to: '<first-bruno@example.fr>',
          body_sha256: null,
          original_sha256: null,
          subject: `[${first.reference}] Accusé de réception`,
          from_address: 'complaint@example.org',
          from_name: null,
          to_address: 'bruno@example.fr',
          at: clock.now(),
          language: 'fr',
          reading: null,
          text_body: 'Nous avons bien reçu votre réclamation.',
          status: 'sent',
          status_detail: null,
          attempts: 1,
          next_attempt_at: null,
          created_at: clock.now(),
        })
        .execute();
      const casesBefore = (await h.counts()).cases;
      const reply = await receive({
        from: 'Bruno <bruno@example.fr>',
        subject: 'Re: Accusé de réception',
        inReplyTo: '<ack-bruno@redress.example.org>',
      });
      assert.equal(reply.filing, 'filed_on_case');
      assert.equal(reply.caseId, first.caseId);
      const byReferences = await receive({
        from: 'Bruno <bruno@example.fr>',
        subject: 'Re: Re: Accusé de réception',
        references: ['<first-bruno@example.fr>', '<unknown@elsewhere>'],
      });
      assert.equal(byReferences.caseId, first.caseId, 'by References, from the complainant');
      // Anybody can copy a Message-ID: someone else's message in the thread is not the complainant's reply.
      const stranger = await receive({
        from: 'Someone Else <else@example.com>',
        subject: 'Re: Re: Accusé de réception',
        references: ['<first-bruno@example.fr>', '<unknown@elsewhere>'],
      });
      assert.equal(stranger.filing, 'inbox');
      assert.equal(stranger.caseId, null);
      assert.equal((await h.counts()).cases, casesBefore, 'no new case');
      assert.deepEqual((await eventTypes(first.caseId!)).slice(-2), [
        'correspondence_filed',
        'correspondence_filed',
      ]);
    });

    it("files a message quoting a case reference in the subject on that case when it is the complainant's", async () => {
      const first = await receive({ from: 'Chloé <chloe@example.fr>' });
      const again = await receive({ from: 'chloe@example.fr', subject: `Complément ${first.reference}` });
      assert.equal(again.filing, 'filed_on_case');
      assert.equal(again.caseId, first.caseId);
    });

    it('sends a stranger quoting a reference in the subject to the inbox, flagged as such', async () => {
      const first = await receive({ from: 'Dora <dora@example.fr>' });
      const before = await h.counts();
      const stranger = await receive({
        from: 'Mallory <mallory@example.com>',
        subject: `About ${first.reference}`,
      });
      assert.equal(stranger.filing, 'inbox');
      assert.equal(stranger.caseId, null);
      const item = await h.test.database.db
        .selectFrom('inbox_items')
        .selectAll()
        .where('id', '=', stranger.inboxItemId!)
        .executeTakeFirstOrThrow();
      assert.equal(item.reason, 'stranger_reference');
      assert.equal(item.correspondence_id, stranger.correspondenceId);
      const after = await h.counts();
      assert.equal(after.cases, before.cases);
      assert.equal(after.inbox, before.inbox + 1);
    });

    it('files a step-2 request by e-mail on the step-1 case under the by-post policy (P1.2): no step-2 case', async () => {
      const step1 = await receive({ from: 'Emil <emil@example.de>', subject: STEP1 });
      const before = await h.counts();
      const step2 = await receive(
        { from: 'Emil <emil@example.de>', subject: `${STEP2} ${step1.reference}` },
        'management',
      );
      assert.equal(step2.filing, 'step2_by_email');
      assert.equal(step2.caseId, step1.caseId);
      assert.equal((await h.counts()).cases, before.cases);
      assert.deepEqual((await eventTypes(step1.caseId!)).slice(-3), [
        'correspondence_filed',
        'step2_requested_by_email',
        'correspondence_filed',
      ]);
      const purposes = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select('outbound_items.purpose')
        .where('correspondence.case_id', '=', step1.caseId)
        .execute();
      assert.deepEqual(purposes.map((p) => p.purpose).sort(), ['acknowledgement', 'step2_by_post']);
    });

    it('receives a step-2 request with no step-1 case as a step-1 complaint under the by-post policy (P1.2)', async () => {
      const r = await receive({ from: 'Fanny <fanny@example.fr>', subject: STEP2 });
      assert.equal(r.filing, 'case_opened');
      assert.equal(r.inboxItemId, null);
      assert.equal((await caseRow(r.caseId!)).step, 1);
      const types = await eventTypes(r.caseId!);
      assert.ok(types.includes('acknowledged'));
      assert.deepEqual(types.slice(-2), ['step2_requested_by_email', 'correspondence_filed']);
    });

    it('opens a suggestion case for the suggestions address (P9)', async () => {
      const r = await receive(
        { from: 'Gil <gil@example.fr>', subject: 'Une idée', to: 'info@example.org' },
        'suggestions',
      );
      assert.equal(r.filing, 'case_opened');
      assert.equal((await caseRow(r.caseId!)).kind, 'suggestion');
    });

    it('puts automated mail and bounces in the inbox, never on a case, never answered', async () => {
      const before = await h.counts();
      const auto = await receive({
        from: 'Hugo <hugo@example.fr>',
        subject: 'Réponse automatique : absent',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      assert.equal(auto.filing, 'inbox');
      assert.equal(auto.autoReply, 'automated');
      const bounce = await receive({
        from: 'Mail Delivery System <MAILER-DAEMON@mx.example.net>',
        subject: 'Undelivered Mail Returned to Sender',
        body: 'This is the mail system at host mx.example.net.\n\nI am sorry to have to inform you...',
      });
      assert.equal(bounce.autoReply, 'automated');
      const reasons = await h.test.database.db
        .selectFrom('inbox_items')
        .select('reason')
        .where('id', 'in', [auto.inboxItemId!, bounce.inboxItemId!])
        .execute();
      assert.deepEqual(reasons.map((r) => r.reason).sort(), ['automated', 'bounce']);
      const after = await h.counts();
      assert.equal(after.cases, before.cases);
    });

    it('keeps a message that cannot be read: stored raw, byte for byte, in the inbox', async () => {
      const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x0a, 0x0a, 0x80, 0x81]);
      const r = await receive(garbage);
      assert.equal(r.filing, 'inbox');
      assert.equal(r.autoReply, 'no_address');
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
        .innerJoin('inbox_items', 'inbox_items.id', 'correspondence.inbox_item_id')
        .select(['originals.content', 'inbox_items.reason'])
        .where('correspondence.id', '=', r.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.ok(Buffer.from(row.content).equals(garbage));
      assert.equal(row.reason, 'unparseable');
      assert.equal((await receive(garbage)).duplicate, true, 'and only once');
    });

    it("routes a restricted complainant's mail to the designated contact, with no automatic reply (P8.4)", async () => {
      const first = await receive({ from: 'Ivan <ivan@example.com>' });
      const c = await caseRow(first.caseId!);
      // The contact is a team lead's account: it may own the complainant's step-1 cases.
      const lead1 = (await createUser(h.ctx, 'lead')).id;
      await actOnComplainant(
        h.ctx,
        c.complainant_id,
        {
          type: 'restrict',
          restrictionId: 'r-ivan',
          kind: 'designated_contact',
          reason: 'Repeated insults to the support team',
          reviewBy: '2027-06-01',
          designatedContactId: lead1,
        },
        'user:manager',
      );
      const next = await receive({ from: 'Ivan <ivan@example.com>', subject: STEP1 });
      assert.equal(next.filing, 'case_opened');
      assert.notEqual(next.caseId, first.caseId);
      assert.equal((await caseRow(next.caseId!)).owner_id, lead1);
      assert.equal(next.autoReply, 'restricted_channel');
      const stored = await h.test.database.db
        .selectFrom('correspondence')
        .select(['case_id', 'auto_reply', 'reading'])
        .where('id', '=', next.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(stored.case_id, next.caseId);
      assert.equal(stored.auto_reply, 'restricted_channel');
      assert.equal(JSON.parse(stored.reading!).autoReply, 'restricted_channel');
    });

    it('allows a few automatic replies per sender and day, then files without them and flags the case', async () => {
      const results: ReceivedEmail[] = [];
      for (let i = 0; i < 5; i++)
        results.push(await receive({ from: 'Jo <jo@example.fr>', body: `Message ${i}` }));
      assert.deepEqual(
        results.map((r) => r.autoReply),
        ['allowed', 'allowed', 'allowed', 'flood_limited', 'flood_limited'],
      );
      assert.equal((await caseRow(results[3]!.caseId!)).flagged, 1);
      assert.equal((await caseRow(results[0]!.caseId!)).flagged, 0);
      clock.advance(24 * 3600_000);
      assert.equal((await receive({ from: 'Jo <jo@example.fr>', body: 'Next day' })).autoReply, 'allowed');
      clock.set('2026-11-23T12:00:00.000Z');
    });

    it('stores a message delivered twice at the same time exactly once', async () => {
      const raw = rawMessage({ from: 'Kim <kim@example.com>' });
      const before = await h.counts();
      const results = await Promise.all(Array.from({ length: 8 }, () => receive(raw)));
      assert.equal(new Set(results.map((r) => r.correspondenceId)).size, 1);
      assert.equal(results.filter((r) => !r.duplicate).length, 1);
      const after = await h.counts();
      assert.equal(after.correspondence, before.correspondence + 1);
      assert.equal(after.cases, before.cases + 1);
    });

    it('knows a message again whatever the line endings or trace headers of its delivery', async () => {
      const crlf = rawMessage({ from: 'Lea <lea@example.de>' });
      const first = await receive(crlf);
      const lf = Buffer.from(
        `Received: from mx2.example.net\n${crlf.toString('utf8').replace(/\r\n/g, '\n')}`,
      );
      const second = await receive(lf);
      assert.equal(second.duplicate, true);
      assert.equal(second.correspondenceId, first.correspondenceId);
    });

    it('tells messages without a Message-ID apart, and still stores each only once', async () => {
      const a = rawMessage({ from: 'Max <max@example.de>', messageId: null, subject: `${STEP1} A` });
      const b = rawMessage({ from: 'Max <max@example.de>', messageId: null, subject: `${STEP1} B` });
      const ra = await receive(a);
      const rb = await receive(b);
      assert.notEqual(ra.correspondenceId, rb.correspondenceId);
      assert.equal((await receive(a)).duplicate, true);
    });
  });
}

describe('receiving a step-2 request when step 2 is accepted by e-mail', () => {
  for (const engine of ENGINES)
    it(`opens a step-2 case linked to step 1, with a warning when step 1 is not answered (${engine}, P5.3)`, async () => {
      const h = await startHarness(engine, { overrides: { step2ByEmail: 'accept' } });
      try {
        const mailbox = h.config.mailboxes.find((m) => m.name === 'management')!;
        const complaints = h.config.mailboxes.find((m) => m.name === 'complaints')!;
        const step1 = await receiveEmail(h.ctx, {
          raw: rawMessage({ from: 'Nina <nina@example.fr>', subject: STEP1 }),
          mailbox: complaints,
          door: 'smtp',
        });
        const step2 = await receiveEmail(h.ctx, {
          raw: rawMessage({ from: 'Nina <nina@example.fr>', subject: STEP2, to: mailbox.address }),
          mailbox,
          door: 'smtp',
        });
        assert.equal(step2.filing, 'step2_case_opened');
        assert.notEqual(step2.caseId, step1.caseId);
        const c = await h.test.database.db
          .selectFrom('cases')
          .selectAll()
          .where('id', '=', step2.caseId!)
          .executeTakeFirstOrThrow();
        assert.equal(c.step, 2);
        assert.equal(c.step1_case_id, step1.caseId);
        assert.equal(c.flagged, 1, 'the warning flags the case');
        const s1 = await h.test.database.db
          .selectFrom('cases')
          .select('step2_case_id')
          .where('id', '=', step1.caseId!)
          .executeTakeFirstOrThrow();
        assert.equal(s1.step2_case_id, step2.caseId);
      } finally {
        await h.close();
      }
    });
});
