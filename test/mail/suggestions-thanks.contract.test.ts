// The thank-you for a suggestion (P9.1) over the mail door, on SQLite and PostgreSQL: sent once in the writer's
// language to the address the suggestion comes from, never to a mailing list or an automatic sender, not again
// for a second delivery of the same message, and held back by the limits on automatic mail like any other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ReceivedEmail, receiveEmail } from '../../src/app/receive-email.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

for (const engine of ENGINES) {
  describe(`the thanks for a suggestion (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T12:00:00.000Z');
    const receive = (raw: Buffer): Promise<ReceivedEmail> =>
      receiveEmail(h.ctx, {
        raw,
        mailbox: h.config.mailboxes.find((m) => m.name === 'suggestions')!,
        door: 'pipe',
      });
    const suggestion = (spec: MessageSpec) =>
      rawMessage({
        to: 'info@example.org',
        subject: 'An idea',
        body: 'Could you offer invoices in PDF?\n',
        ...spec,
      });
    const thanks = async () =>
      h.test.database.db
        .selectFrom('outbound_items as o')
        .innerJoin('correspondence as c', 'c.id', 'o.correspondence_id')
        .select(['c.to_address as to', 'c.subject', 'c.language', 'c.case_id as caseId'])
        .where('o.purpose', '=', 'suggestion_thanks')
        .orderBy('c.created_at')
        .execute();

    before(async () => {
      h = await startHarness(engine, {
        clock,
        overrides: {
          autoReplyLimitPerDay: 2,
          departments: [{ name: 'Billing', email: 'billing@example.org', keywords: ['invoice'] }],
        },
      });
    });
    after(() => h.close());

    it('thanks the writer once, in their language, even when the message is delivered twice', async () => {
      const raw = suggestion({
        from: 'Jana Weber <jana@example.de>',
        subject: 'Eine Anregung',
        body: 'Guten Tag,\n\nich hätte eine Anregung: könnten Sie die Rechnungen auch als PDF schicken?\n\nViele Grüße\nJana Weber\n',
      });
      const first = await receive(raw);
      const second = await receive(raw);
      assert.equal(first.filing, 'case_opened');
      assert.equal(second.duplicate, true);
      const sent = (await thanks()).filter((m) => m.caseId === first.caseId);
      assert.equal(sent.length, 1, 'thanked once');
      assert.equal(sent[0]!.to, 'jana@example.de');
      assert.equal(sent[0]!.language, 'de');
      assert.match(sent[0]!.subject, /Vielen Dank für Ihre Anregung/);
    });

    it('does not thank a mailing list, an auto-reply or the null sender', async () => {
      const before = (await thanks()).length;
      const specs: MessageSpec[] = [
        {
          from: 'News <news@lists.example.com>',
          headers: { 'List-Id': '<news.lists.example.com>', Precedence: 'list' },
        },
        { from: 'Paul <paul@example.net>', headers: { 'Auto-Submitted': 'auto-replied' } },
        { from: 'MAILER-DAEMON <mailer-daemon@example.net>', headers: { 'Return-Path': '<>' } },
      ];
      for (const spec of specs) {
        const r = await receive(suggestion(spec));
        assert.notEqual(r.autoReply, 'allowed', `${spec.from}: not answered (${r.filing})`);
      }
      assert.equal((await thanks()).length, before, 'no thanks written');
    });

    it('holds back the thanks beyond the daily limit for one writer', async () => {
      const from = 'Eve <eve@example.org.uk>';
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await receive(suggestion({ from, subject: `Idea ${i}` })));
      assert.ok(results.every((r) => r.filing === 'case_opened'));
      const toEve = (await thanks()).filter((m) => m.to === 'eve@example.org.uk');
      assert.equal(toEve.length, 2, 'two thanks, the third waits for a person');
      assert.notEqual(results[2]!.autoReply, 'allowed');
    });
    // The department's mailbox is automatic mail's recipient too: beyond the limits on one sender, their
    // suggestions wait for a person to forward them, as their thanks do; a flood of suggestions naming a
    // department's keywords filled its mailbox, one forward each.
    it('forwards by the keyword rules only what it may answer automatically', async () => {
      const forwards = () =>
        h.test.database.db
          .selectFrom('outbound_items as o')
          .innerJoin('correspondence as c', 'c.id', 'o.correspondence_id')
          .select('c.to_address')
          .where('o.purpose', '=', 'department_forward')
          .execute();
      const before = (await forwards()).length;
      const from = 'Flo <flo@example.net>';
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(
          await receive(
            suggestion({ from, subject: `Invoice idea ${i}`, body: 'About the invoice layout.\n' }),
          ),
        );
      assert.ok(results.every((r) => r.filing === 'case_opened'));
      assert.equal((await forwards()).length - before, 2, 'the two answered are forwarded, the others wait');
      const rows = await h.test.database.db
        .selectFrom('cases')
        .select(['reference', 'department', 'suggestion_status', 'flagged'])
        .where(
          'id',
          'in',
          results.map((r) => r.caseId!),
        )
        .orderBy('reference')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.department, r.suggestion_status]),
        [
          ['Billing', 'forwarded'],
          ['Billing', 'forwarded'],
          [null, 'received'],
          [null, 'received'],
        ],
      );
      assert.ok(
        rows.slice(2).every((r) => r.flagged === 1),
        'the others are flagged for a person',
      );
    });
  });
}
