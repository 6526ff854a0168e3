// Hostile senders (issue 12, items 1, 2, 13 `$&`, 14 "letter for nobody"), on SQLite and PostgreSQL: Redress
// never becomes a spam relay. A list in From:/Reply-To: is filed and flagged, never answered; automatic mail
// counts per normalised recipient and per sender, whatever door it comes through; every outbound item reaches
// exactly one RCPT TO at a real SMTP server; outside names cannot write our texts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { Mailbox } from '../../src/config.ts';
import { startSmtpSink, startWorld, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';

for (const engine of ENGINES) {
  describe(`one recipient, limits an outsider cannot dodge (${engine})`, () => {
    let w: World;
    const complaints = (): Mailbox => w.config.mailboxes.find((m) => m.name === 'complaints')!;
    const receive = (spec: MessageSpec) =>
      receiveEmail(w.ctx, {
        raw: rawMessage({ subject: STEP1, ...spec }),
        mailbox: complaints(),
        door: 'pipe',
      });
    const db = () => w.test.database.db;
    const outboxOf = (caseId: string | null) => outboxItemsOfCase(db(), caseId ?? '');
    const caseOf = (id: string) =>
      db().selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const eventsOf = async (caseId: string) =>
      db()
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('stream', '=', `case:${caseId}`)
        .orderBy('seq')
        .execute();
    const nextDay = () => w.clock.set(new Date(Date.parse(w.clock.now()) + 86_400_000).toISOString());

    before(async () => {
      w = await startWorld(engine, '2026-11-24T09:00:00.000Z', {
        relaySenders: ['no-reply@forms.example.com'],
        autoReplyLimitPerDay: 3,
        autoReplyLimits: { perRecipientPerHour: 3, perSenderPerHour: 50, perSenderPerDay: 200 },
      });
    });
    after(() => w.close());

    for (const [what, from, replyTo] of [
      ['a comma list in From: <…>', '<attacker@evil.test,victim@victim.test>', null],
      ['a plain list in From:', 'attacker@evil.test, victim@victim.test, other@victim.test', null],
      ['an encoded word hiding a list', '=?utf-8?Q?a@evil.test,_victim@victim.test?= <c@evil.test>', null],
      ['a group in From:', 'Everyone: a@victim.test, b@victim.test;', null],
      ['a list in a relay’s Reply-To:', 'Form <no-reply@forms.example.com>', 'a@victim.test, b@victim.test'],
      ['a list in an ordinary sender’s Reply-To:', 'Jo <jo@example.net>', 'a@victim.test, b@victim.test'],
    ] as const) {
      it(`files ${what}, flags it for a person, and answers nobody`, async () => {
        const r = await receive({ from, ...(replyTo ? { headers: { 'Reply-To': replyTo } } : {}) });
        assert.equal(r.duplicate, false);
        assert.equal(r.autoReply, 'suspicious_address');
        const row = await db()
          .selectFrom('correspondence')
          .selectAll()
          .where('id', '=', r.correspondenceId)
          .executeTakeFirstOrThrow();
        assert.ok(row.original_sha256, 'the original is stored');
        assert.equal(row.auto_reply, 'suspicious_address');
        assert.ok(!row.from_address?.includes(','), `no list kept as an address: ${row.from_address}`);
        if (r.caseId) {
          assert.deepEqual(await outboxOf(r.caseId), [], 'no acknowledgement, no letter');
          assert.equal((await caseOf(r.caseId)).flagged ? true : null, true, 'the case is flagged');
          const flag = (await eventsOf(r.caseId)).find((e) => e.type === 'flagged');
          assert.match(String(flag?.payload), /not one|group|not a valid address|addresses/);
          const complainant = await db()
            .selectFrom('complainants')
            .select('email')
            .innerJoin('cases', 'cases.complainant_id', 'complainants.id')
            .where('cases.id', '=', r.caseId)
            .executeTakeFirstOrThrow();
          assert.ok(!complainant.email?.includes(','), `one address at most: ${complainant.email}`);
        } else assert.ok(r.inboxItemId, 'else it waits in the inbox');
      });
    }

    it('counts victim@, Victim@ and victim+N@ as one recipient: at most the day’s limit are answered', async () => {
      const variants = [
        'victim@example.net',
        'Victim@Example.NET',
        'victim+1@example.net',
        'VICTIM+shop@example.net',
        'victim+2@example.net',
      ];
      const verdicts = [];
      for (const from of variants) verdicts.push((await receive({ from: `V <${from}>` })).autoReply);
      assert.deepEqual(verdicts, ['allowed', 'allowed', 'allowed', 'flood_limited', 'flood_limited']);
      nextDay();
    });

    it('counts the public form and forged From: variants on the same recipient', async () => {
      const form = (email: string) =>
        submitComplaint(
          w.ctx,
          {
            complainant: { name: 'Victor', email },
            description: 'My domain has not resolved since Monday after the migration.',
            expectations: 'Please restore it.',
          },
          { channel: 'web', actor: 'public-form' },
        );
      const a = await form('target+a@example.org.uk');
      const b = await receive({ from: 'Target <TARGET+b@example.org.uk>' });
      const c = await form('target@EXAMPLE.org.uk');
      const d = await receive({ from: 'target+c@example.org.uk' });
      const e = await form('target+d@example.org.uk');
      assert.equal(a.acknowledgement, 'email');
      assert.equal(b.autoReply, 'allowed');
      assert.equal(c.acknowledgement, 'email');
      assert.equal(d.autoReply, 'flood_limited');
      assert.equal(e.acknowledgement, null, 'the form is over the same limit');
      assert.equal(
        (await caseOf(e.caseId)).flagged ? true : null,
        true,
        'the form’s case is flagged for a person',
      );
      const row = await db()
        .selectFrom('correspondence')
        .select('auto_reply')
        .where('case_id', '=', e.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(row.auto_reply, 'flood_limited');
      nextDay();
    });

    it('limits per hour too, and per sender address (a web form robot writing for many people)', async () => {
      const limits = w.ctx.config.autoReplyLimits;
      const saved = { day: w.ctx.config.autoReplyLimitPerDay, limits: { ...limits } };
      w.ctx.config.autoReplyLimitPerDay = 10;
      limits.perRecipientPerHour = 2;
      limits.perSenderPerHour = 3;
      try {
        const relayed = async (to: string) =>
          (await receive({ from: 'Form <no-reply@forms.example.com>', headers: { 'Reply-To': to } }))
            .autoReply;
        const byRobot = [];
        for (let i = 0; i < 4; i++) byRobot.push(await relayed(`person${i}@example.com`));
        assert.deepEqual(
          byRobot,
          ['allowed', 'allowed', 'allowed', 'flood_limited'],
          'the robot’s hour is full',
        );
        const hour = () => w.clock.set(new Date(Date.parse(w.clock.now()) + 3_600_000).toISOString());
        hour();
        assert.equal(await relayed('person9@example.com'), 'allowed', 'a new hour');
        const same = [];
        for (let i = 0; i < 3; i++) same.push((await receive({ from: `hourly+${i}@example.com` })).autoReply);
        assert.deepEqual(same, ['allowed', 'allowed', 'flood_limited'], 'one recipient’s hour is full');
        hour();
        assert.equal((await receive({ from: 'hourly@example.com' })).autoReply, 'allowed', 'the next hour');
      } finally {
        w.ctx.config.autoReplyLimitPerDay = saved.day;
        Object.assign(limits, saved.limits);
      }
      nextDay();
    });

    it('keeps a 2,000-character display name and "$&" out of the greeting as written', async () => {
      const long = `Dear customer your account is suspended ${'click https://evil.test/login now '.repeat(60)}`;
      assert.ok(long.length > 2000);
      const r1 = await receive({
        from: `"${long}" <long-name@example.com>`,
        body: 'Mein Server ist seit Montag nicht erreichbar, bitte helfen.',
      });
      const r2 = await receive({
        from: '"Jo $& $\' $` $1 Smith" <dollar@example.com>',
        body: 'My server has been down since Monday, please help me to fix it quickly.',
      });
      const [ack1] = await outboxOf(r1.caseId);
      const [ack2] = await outboxOf(r2.caseId);
      assert.ok(ack1 && ack2, 'both acknowledged');
      assert.ok(!ack1.text!.includes(long.trim()), 'the long name is not in the text whole');
      assert.ok(!ack1.text!.includes('click https://evil.test/login now '.repeat(5)), 'nor most of it');
      assert.ok(ack2.text!.includes("Jo $& $' $` $1 Smith"), `"$&" stays as written:\n${ack2.text}`);
      assert.ok(!ack2.text!.includes('{{name}}'));
    });

    it('prepares no letter for nobody: a no-reply sender with no findable complainant waits for a person', async () => {
      const r = await receive({
        from: 'Robot <no-reply@forms.example.com>',
        body: 'Jemand hat ein Formular abgeschickt, aber ohne Adresse. Der Server ist nicht erreichbar.',
      });
      assert.equal(r.autoReply, 'no_address');
      assert.deepEqual(await outboxOf(r.caseId), [], 'no e-mail and no letter to post');
      const state = await caseOf(r.caseId!);
      assert.equal(state.flagged ? true : null, true, 'flagged for a person');
    });

    it('sends every outbound item to exactly one RCPT TO, and fails a row that names a list', async () => {
      const sink = await startSmtpSink();
      try {
        const r = await receive({ from: 'Ana <ana@example.pt>' });
        // A row written before this release (or by hand) with a list as its recipient.
        const [ack] = await outboxOf(r.caseId);
        await db()
          .updateTable('correspondence')
          .set({ to_address: 'ana@example.pt, victim1@victim.test, victim2@victim.test' })
          .where('id', '=', ack!.id)
          .execute();
        const second = await receive({ from: 'Bea <bea@example.pt>' });
        const report = await sendDueMail(w.ctx, w.transport(sink.port));
        assert.ok(report.failed >= 1, 'the list row failed');
        const [listRow] = await outboxOf(r.caseId);
        assert.equal(listRow?.status, 'failed');
        assert.match(String(listRow?.statusDetail), /not exactly one e-mail address/);
        assert.ok(sink.received.length >= 1);
        for (const m of sink.received) assert.equal(m.envelopeTo.length, 1, `one RCPT TO: ${m.envelopeTo}`);
        assert.ok(sink.received.some((m) => m.envelopeTo[0] === 'bea@example.pt'));
        assert.ok(!sink.received.some((m) => m.envelopeTo.some((t) => t.includes('@victim.test'))));
        void second;
      } finally {
        await sink.stop();
      }
    });

    it('never sends the definitive answer to a list kept for a complainant: staff are told to fix the address', async () => {
      const r = await receive({ from: 'Cleo <cleo@example.pt>' });
      const state = await caseOf(r.caseId!);
      const list = Array.from({ length: 100 }, (_, i) => `p${i}@victim.test`).join(',');
      // Staff can no longer store a list as the address…
      await assert.rejects(
        actOnComplainant(
          w.ctx,
          state.complainant_id,
          { type: 'change_details', details: { email: list } },
          'user:x',
        ),
        /is not one e-mail address/,
      );
      // …but a record may hold one, as the attack left them before this release: written as that release did.
      await inTransaction(w.ctx, async (agg) => {
        const loaded = await agg.loadComplainant(state.complainant_id);
        await agg.saveComplainant(
          state.complainant_id,
          loaded,
          [{ type: 'complainant_details_changed', payload: { email: list } }],
          { at: w.ctx.clock.now(), actor: 'user:x' },
        );
      });
      const before = (await outboxOf(r.caseId)).length;
      await assert.rejects(
        answerCase(w.ctx, r.caseId!, { outcome: 'upheld', text: 'We agree.', remedy: null, actor: 'user:x' }),
        /no e-mail address that mail can go to/,
      );
      assert.equal(
        (await outboxOf(r.caseId)).length,
        before,
        'nothing written, nothing lost: the case is unchanged',
      );
    });
  });
}
