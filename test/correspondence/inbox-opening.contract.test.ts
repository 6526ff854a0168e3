// A case a person opens from the triage inbox gets what a case opened by any other door gets (P3.1, P2.7,
// P9.1): the complaint is acknowledged to the sender's one address, in the thread of their message, with its
// promise renewed first when the message waited past its answer date; a suggestion is thanked and forwarded.
// What the mail door would not answer (automated mail, no sender address) is not answered here either: the case
// is flagged and waits for a person. On both engines, through the real mail intake where the message allows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readStream } from '../../src/adapters/db/event-store.ts';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { type HandledInboxItem, handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { ActingStaff } from '../../src/core/access/case-access.ts';
import { formatDate } from '../../src/core/correspondence/compose.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { startWorld, type World } from './support.ts';

const AGENT: ActingStaff = { role: 'agent', userId: 'agent-1', departments: [], actor: 'user:agent-1' };

const BODY = [
  'Hello,',
  '',
  'My domain carter-garden.co.uk has not answered for three days since the migration.',
  '',
  'I expect the domain to be restored and the three days to be refunded.',
  '',
  'Kind regards,',
  'Bob Carter',
].join('\n');

for (const engine of ENGINES) {
  describe(`a case opened from the triage inbox (${engine})`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(engine, '2026-11-16T09:00:00.000Z', {
        departments: [{ name: 'Hosting', email: 'hosting@example.org', keywords: ['backup'] }],
      });
    });
    after(() => w.close());

    const mail = (m: { from: string; subject: string; messageId: string; body?: string; headers?: object }) =>
      receiveEmail(w.ctx, {
        raw: rawMessage({
          from: m.from,
          subject: m.subject,
          messageId: m.messageId,
          body: m.body ?? BODY,
          date: new Date(w.ctx.clock.now()).toUTCString().replace('GMT', '+0000'),
          headers: (m.headers ?? {}) as Record<string, string>,
        }),
        mailbox: w.config.mailboxes.find((b) => b.name === 'complaints')!,
        door: 'pipe',
      });
    const typesOf = async (caseId: string) =>
      (await readStream(w.test.database.db, `case:${caseId}`)).map((e) => e.type);
    const stateOf = async (caseId: string) =>
      (await inTransaction(w.ctx, (agg) => agg.loadCase(caseId))).state!;
    const open = (itemId: string, kind: 'complaint' | 'suggestion' = 'complaint') =>
      handleInboxItem(
        w.ctx,
        itemId,
        { type: 'open_case', kind, step: kind === 'complaint' ? 1 : null },
        AGENT,
      );

    it('acknowledges a complaint that waited past its answer date, with a new date recorded first, in the thread', async () => {
      w.clock.set('2026-11-16T09:00:00.000Z');
      const anna = await mail({
        from: 'Anna Beck <anna@example.net>',
        subject: 'Complaint escalation - Step 1',
        messageId: '<anna-1@example.net>',
      });
      // Someone else quotes Anna's reference: the inbox first (a stranger's reference), nothing answered.
      const bob = await mail({
        from: 'Bob Carter <bob@example.net>',
        subject: `Complaint escalation - Step 1 ${anna.reference}`,
        messageId: '<bob-1@example.net>',
      });
      assert.equal(bob.filing, 'inbox');
      assert.ok(bob.inboxItemId);
      // A person looks at it on Wednesday 2 December: the answer date of 16 November (30 November) has gone.
      w.clock.set('2026-12-02T09:00:00.000Z');
      const done: HandledInboxItem = await open(bob.inboxItemId!);
      const types = await typesOf(done.caseId!);
      assert.ok(types.includes('promise_renewed'), types.join(', '));
      assert.ok(types.includes('acknowledged'), types.join(', '));
      assert.ok(
        types.indexOf('promise_renewed') < types.indexOf('acknowledged'),
        'renewed before it is named',
      );
      const state = await stateOf(done.caseId!);
      assert.equal(state.originalDeadline?.answerByDate, '2026-11-30');
      assert.equal(state.deadline?.answerByDate, '2026-12-16', '10 working days after 2 December');
      const [ack, ...more] = await outboxItemsOfCase(w.test.database.db, done.caseId!);
      assert.equal(more.length, 0);
      assert.equal(ack!.purpose, 'acknowledgement');
      assert.equal(ack!.toAddress, 'bob@example.net');
      const threaded = await w.test.database.db
        .selectFrom('correspondence')
        .select('in_reply_to')
        .where('id', '=', ack!.id)
        .executeTakeFirstOrThrow();
      assert.equal(threaded.in_reply_to, '<bob-1@example.net>', 'it answers Bob’s message');
      const tz = w.config.timezone;
      assert.ok(ack!.text!.includes(formatDate('2026-12-16', 'en', tz)), ack!.text!);
      assert.ok(!ack!.text!.includes(formatDate('2026-11-30', 'en', tz)), 'no date in the past');
      assert.deepEqual(done.afterOpened, { acknowledged: 'email', correspondenceId: ack!.id });
      assert.equal(state.flagged, false);
    });

    it('opened past the limits on automatic mail, a person’s decision: acknowledged', async () => {
      w.clock.set('2026-12-02T10:00:00.000Z');
      const { itemId, correspondenceId } = await addInboxItem(w.ctx, {
        subject: 'My server is down',
        fromName: 'Zoe Lane',
        fromAddress: 'zoe@example.fr',
        at: w.ctx.clock.now(),
        reading: {
          language: 'en',
          complainant: { name: 'Zoe Lane', email: 'zoe@example.fr' },
          description: 'Down since Monday.',
          expectations: 'A refund.',
          missing: ['marker'],
          autoReply: 'flood_limited',
        },
      });
      await w.test.database.db
        .updateTable('correspondence')
        .set({ auto_reply: 'flood_limited' })
        .where('id', '=', correspondenceId)
        .execute();
      const done = await open(itemId);
      const [ack] = await outboxItemsOfCase(w.test.database.db, done.caseId!);
      assert.equal(ack?.purpose, 'acknowledgement');
      assert.equal(ack?.toAddress, 'zoe@example.fr');
      assert.ok((await stateOf(done.caseId!)).acknowledgedAt);
    });

    it('automated mail opened as a complaint is not answered: the case is flagged and waits for a person', async () => {
      w.clock.set('2026-12-03T09:00:00.000Z');
      const shop = await mail({
        from: 'Shop system <orders@shop.example.com>',
        subject: 'Your order could not be delivered',
        messageId: '<auto-1@shop.example.com>',
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      assert.equal(shop.filing, 'inbox');
      assert.equal(shop.autoReply, 'automated');
      const done = await open(shop.inboxItemId!);
      assert.deepEqual(await outboxItemsOfCase(w.test.database.db, done.caseId!), []);
      const state = await stateOf(done.caseId!);
      assert.equal(state.acknowledgedAt, null);
      assert.equal(state.flagged, true, 'it waits visibly for a person');
      assert.deepEqual(done.afterOpened, { acknowledged: null, reason: 'automated' });
    });

    it('a message with no sender address: flagged, and shown waiting for an address', async () => {
      w.clock.set('2026-12-03T10:00:00.000Z');
      const { itemId } = await addInboxItem(w.ctx, {
        subject: 'Complaint',
        fromAddress: null,
        fromName: null,
        at: w.ctx.clock.now(),
        reading: null,
        reason: 'unparseable',
      });
      const done = await open(itemId);
      assert.deepEqual(await outboxItemsOfCase(w.test.database.db, done.caseId!), []);
      assert.equal((await stateOf(done.caseId!)).flagged, true);
      const row = (await listQueue(w.ctx, { queue: 'step1' })).rows.find((r) => r.id === done.caseId);
      assert.equal(row?.toAddress, true, 'shown "to address" in the queue');
    });

    it('a suggestion opened from the inbox is thanked and forwarded to its department (P9.1)', async () => {
      w.clock.set('2026-12-03T11:00:00.000Z');
      const { itemId } = await addInboxItem(w.ctx, {
        subject: 'An idea about backups',
        fromName: 'Ida Sommer',
        fromAddress: 'ida@example.de',
        at: w.ctx.clock.now(),
        reading: {
          language: 'en',
          complainant: { name: 'Ida Sommer', email: 'ida@example.de' },
          description: 'A daily backup download button would help.',
          missing: [],
          autoReply: 'allowed',
        },
        reason: 'other_kind',
      });
      const done = await open(itemId, 'suggestion');
      const items = await outboxItemsOfCase(w.test.database.db, done.caseId!);
      const thanks = items.find((o) => o.purpose === 'suggestion_thanks');
      assert.equal(thanks?.toAddress, 'ida@example.de', JSON.stringify(items.map((o) => o.purpose)));
      assert.deepEqual(done.afterOpened, { thanked: true, forwardedTo: 'Hosting' });
      assert.ok((await typesOf(done.caseId!)).includes('suggestion_forwarded'));
    });
  });
}
