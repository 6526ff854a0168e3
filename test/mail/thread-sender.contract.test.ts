// Whose words a message is, through the real SMTP door, on SQLite and PostgreSQL: a message joins a case as its
// complainant's reply only when its sender is that case's complainant. Anybody can copy a Message-ID into
// In-Reply-To or References, or reuse it for a message of their own (same Message-ID, another body: not a
// duplicate), so a stranger's message that names a complainant's case waits in the triage inbox: it is never
// filed as that complainant's reply or step-2 request, and never makes Redress write to them. Where one
// Message-ID is on several cases, the sender's own is taken, whatever order the database keeps the rows in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Transporter } from 'nodemailer';
import { bodySha256 } from '../../src/adapters/mail/raw-message.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { type MessageSpec, rawMessage } from './support/messages.ts';
import { complaintBody } from './support/sender-shapes.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';
const STEP2 = 'Transmission de réclamation - Etape 2';

for (const engine of ENGINES) {
  describe(`who may reply on a case (${engine})`, () => {
    let h: Harness;
    let transport: Transporter;
    const clock = fixedClock('2026-12-14T09:00:00.000Z');

    before(async () => {
      h = await startHarness(engine, { smtp: true, clock });
      transport = smtpClient(h.smtp!.port);
    });
    after(async () => {
      transport.close();
      await h.close();
    });

    const db = () => h.test.database.db;
    /** Sends a message through SMTP with its From: address as envelope sender; the row stored for it. */
    const send = async (spec: MessageSpec | Buffer, envelopeFrom: string) => {
      const raw = Buffer.isBuffer(spec) ? spec : rawMessage(spec);
      const info = await transport.sendMail({
        envelope: { from: envelopeFrom, to: ['complaint@example.org'] },
        raw,
      });
      const id = /stored as ([0-9a-f-]{36})/.exec(String(info.response))?.[1];
      assert.ok(id, `stored: ${info.response}`);
      return db()
        .selectFrom('correspondence')
        .leftJoin('inbox_items', 'inbox_items.id', 'correspondence.inbox_item_id')
        .select([
          'correspondence.id',
          'correspondence.case_id',
          'correspondence.filing',
          'inbox_items.reason',
          'inbox_items.id as inbox_id',
        ])
        .where('correspondence.id', '=', id)
        .executeTakeFirstOrThrow();
    };
    const outboundTo = async (address: string) =>
      (
        await db()
          .selectFrom('correspondence')
          .select(['subject', 'case_id'])
          .where('direction', '=', 'out')
          .where('to_address', '=', address)
          .execute()
      ).length;
    const outboundCount = async () =>
      Number(
        (
          await db()
            .selectFrom('correspondence')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('direction', '=', 'out')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const eventsOf = async (caseId: string) =>
      (
        await db()
          .selectFrom('events')
          .select(['type', 'payload'])
          .where('stream', '=', `case:${caseId}`)
          .orderBy('seq')
          .execute()
      ).map((e) => e.type);
    const complainantOf = (caseId: string) => h.complainantOf(caseId);

    it("files a reply on the sender's own case when a stranger reused the complaint's Message-ID, and a stranger's reply in the inbox", async () => {
      const victim = await send(
        {
          from: '"var08@third.example" <ar08@client.example>',
          messageId: '<AR08@probe.example>',
          subject: `${STEP1} AR08`,
          body: complaintBody('Marie Martin'),
        },
        'ar08@client.example',
      );
      assert.equal(victim.filing, 'case_opened');
      // The attacker's message under the same Message-ID with a body of their own, ground so that its body hash
      // sorts before the complainant's (the duplicate key's index then returns it first).
      const victimRow = await db()
        .selectFrom('correspondence')
        .select('body_sha256')
        .where('id', '=', victim.id)
        .executeTakeFirstOrThrow();
      let forged: Buffer | null = null;
      for (let i = 0; !forged; i++) {
        const raw = rawMessage({
          from: 'Attacker <attacker@evil.example>',
          messageId: '<AR08@probe.example>',
          subject: STEP1,
          body: `Mon service ne marche pas. Je veux un remboursement.\nA. Tacker ${i}`,
        });
        if (bodySha256(raw) < victimRow.body_sha256!) forged = raw;
      }
      const attacker = await send(forged, 'attacker@evil.example');
      assert.equal(attacker.filing, 'case_opened', 'another body: not a duplicate, a case of its own');
      assert.notEqual(attacker.case_id, victim.case_id);
      assert.equal(await complainantOf(attacker.case_id!), 'attacker@evil.example');

      const reply = await send(
        {
          from: 'Marie Martin <ar08@client.example>',
          subject: 'Re: Transmission de réclamation - Etape 1 AR08',
          inReplyTo: '<AR08@probe.example>',
          references: ['<AR08@probe.example>'],
          body: 'Voici mon IBAN pour le remboursement : DE89 3704 0044 0532 0130 00',
        },
        'ar08@client.example',
      );
      assert.equal(reply.filing, 'filed_on_case');
      assert.equal(reply.case_id, victim.case_id, "the complainant's reply is on the complainant's case");

      const attackerReply = await send(
        {
          from: 'Attacker <attacker@evil.example>',
          subject: 'Re: Transmission de réclamation - Etape 1',
          inReplyTo: '<AR08@probe.example>',
          body: 'Et alors ?',
        },
        'attacker@evil.example',
      );
      assert.equal(
        attackerReply.case_id,
        attacker.case_id,
        "the attacker's reply is on the attacker's own case",
      );

      const before = await outboundCount();
      const third = await send(
        {
          from: 'Someone <someone@elsewhere.example>',
          subject: 'Re: Transmission de réclamation - Etape 1 AR08',
          inReplyTo: '<AR08@probe.example>',
          body: 'Je réponds aussi.',
        },
        'someone@elsewhere.example',
      );
      assert.equal(third.filing, 'inbox');
      assert.equal(third.reason, 'stranger_reference');
      assert.equal(third.case_id, null);
      assert.equal(await outboundCount(), before, 'nothing is written to anyone');
    });

    it("sends a stranger's step-2 request naming a complainant's message to the inbox: no request recorded, no mail to the complainant", async () => {
      const ar01 = await send(
        {
          from: 'Marie Martin <ar01@client.example>',
          messageId: '<AR01@probe.example>',
          subject: `${STEP1} AR01`,
          body: complaintBody('Marie Martin'),
        },
        'ar01@client.example',
      );
      assert.equal(ar01.filing, 'case_opened');
      const eventsBefore = await eventsOf(ar01.case_id!);
      const mailBefore = await outboundTo('ar01@client.example');
      const allBefore = await outboundCount();

      const d11 = await send(
        {
          from: 'Stranger <stranger11@evil.example>',
          subject: STEP2,
          references: ['<nonexistent@x.example>', '<AR01@probe.example>'],
          body: 'Bonjour, je vous ecris au sujet de mon dossier. Merci de me rembourser.\nPierre',
        },
        'stranger11@evil.example',
      );
      assert.equal(d11.filing, 'inbox');
      assert.equal(d11.reason, 'stranger_reference');
      assert.deepEqual(await eventsOf(ar01.case_id!), eventsBefore, "nothing on the complainant's case");
      assert.equal(await outboundTo('ar01@client.example'), mailBefore, 'no mail to the complainant');
      assert.equal(await outboundCount(), allBefore, 'no automatic mail to anyone');
      const requests = await db()
        .selectFrom('events')
        .select('type')
        .where('stream', '=', `case:${ar01.case_id}`)
        .where('type', '=', 'step2_requested_by_email')
        .execute();
      assert.equal(requests.length, 0);

      // The complainant's own step-2 request on the same thread is theirs (P1.2): filed and answered by post.
      const own = await send(
        {
          from: 'Marie Martin <ar01@client.example>',
          subject: STEP2,
          references: ['<AR01@probe.example>'],
          body: 'Je demande la deuxième étape.\nMarie Martin',
        },
        'ar01@client.example',
      );
      assert.equal(own.filing, 'step2_by_email');
      assert.equal(own.case_id, ar01.case_id);
    });

    it('does not take a Reply-To for the sender when the From: field is not one address', async () => {
      const first = await send(
        {
          from: 'Paul Durand <paul@client.example>',
          messageId: '<paul-1@client.example>',
          body: complaintBody('Paul Durand'),
        },
        'paul@client.example',
      );
      const before = await eventsOf(first.case_id!);
      const forged = await send(
        {
          from: 'Paul Durand <paul@client.example>, Mallory <mallory@evil.example>',
          subject: STEP2,
          inReplyTo: '<paul-1@client.example>',
          headers: { 'Reply-To': 'Paul Durand <paul@client.example>' },
          body: 'Je demande la deuxième étape.',
        },
        'mallory@evil.example',
      );
      assert.equal(forged.filing, 'inbox');
      assert.equal(forged.reason, 'stranger_reference');
      assert.deepEqual(await eventsOf(first.case_id!), before);
    });

    it('opens a new complaint whose From: cannot be read on a record of its own, not on the person its Reply-To or text names', async () => {
      const victim = await send(
        {
          from: 'Louise Petit <louise@client.example>',
          messageId: '<louise-1@client.example>',
          body: complaintBody('Louise Petit'),
        },
        'louise@client.example',
      );
      const theirs = await db()
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', victim.case_id!)
        .executeTakeFirstOrThrow();
      const sentBefore = await outboundTo('louise@client.example');
      const forged = await send(
        {
          from: 'Mallory <not an address>',
          subject: STEP1,
          headers: { 'Reply-To': 'louise@client.example' },
          body: `${complaintBody('Louise Petit')}\nE-mail : louise@client.example`,
        },
        'mallory@evil.example',
      );
      assert.equal(forged.filing, 'case_opened');
      const opened = await db()
        .selectFrom('cases')
        .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
        .select(['cases.complainant_id', 'complainants.email'])
        .where('cases.id', '=', forged.case_id!)
        .executeTakeFirstOrThrow();
      assert.notEqual(opened.complainant_id, theirs.complainant_id, "not on Louise's record");
      assert.equal(opened.email, null, 'an address nobody has shown to be the sender is not kept as theirs');
      assert.equal(await outboundTo('louise@client.example'), sentBefore, 'nothing written to Louise');
    });

    it("does not take a stranger's own noreply@ robot for a relay: its Reply-To is nobody's thread, record or mail", async () => {
      const owner = await send(
        {
          from: 'Nora Weiss <nora@client.example>',
          messageId: '<nora-1@client.example>',
          body: complaintBody('Nora Weiss'),
        },
        'nora@client.example',
      );
      const before = await eventsOf(owner.case_id!);
      const sentBefore = await outboundTo('nora@client.example');
      // The default relay patterns (noreply@*, …) match any domain; only our own domains' robots are trusted.
      const robot = (extra: Partial<MessageSpec>) =>
        send(
          {
            from: 'Robot <noreply@evil.example>',
            headers: { 'Reply-To': 'nora@client.example' },
            body: complaintBody('Nora Weiss'),
            ...extra,
          },
          'noreply@evil.example',
        );
      const step2 = await robot({ subject: STEP2, inReplyTo: '<nora-1@client.example>' });
      assert.equal(step2.filing, 'inbox');
      assert.equal(step2.reason, 'stranger_reference');
      const fresh = await robot({ subject: STEP1 });
      const opened = await db()
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', fresh.case_id!)
        .executeTakeFirstOrThrow();
      const noras = await db()
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', owner.case_id!)
        .executeTakeFirstOrThrow();
      assert.notEqual(opened.complainant_id, noras.complainant_id);
      assert.deepEqual(await eventsOf(owner.case_id!), before);
      assert.equal(await outboundTo('nora@client.example'), sentBefore, 'nothing written to Nora');
    });

    it("files a colleague's message in a case's thread on the case as theirs, flagged, answering no one", async () => {
      const first = await send(
        {
          from: 'Lea Roth <lea@client.example>',
          messageId: '<lea-1@client.example>',
          body: complaintBody('Lea Roth'),
        },
        'lea@client.example',
      );
      const mailBefore = await outboundCount();
      const note = await send(
        {
          from: 'Claire Morel <claire.morel@example.org>',
          subject: `${STEP2} (pour information)`,
          inReplyTo: '<lea-1@client.example>',
          body: 'Le domaine de cette cliente est rétabli depuis ce matin.\nClaire',
        },
        'claire.morel@example.org',
      );
      assert.equal(note.filing, 'filed_on_case');
      assert.equal(note.case_id, first.case_id);
      const types = await eventsOf(first.case_id!);
      assert.deepEqual(types.slice(-2), ['correspondence_filed', 'flagged']);
      assert.ok(!types.includes('step2_requested_by_email'), "a colleague's message is no step-2 request");
      assert.equal(await outboundCount(), mailBefore);
    });

    /** A delivery report naming `messageId`, as an MTA writes one (multipart/report with the returned headers). */
    const dsn = (from: string, recipient: string, messageId: string) =>
      Buffer.from(
        [
          `From: ${from}`,
          'To: complaint@example.org',
          'Subject: Undelivered Mail Returned to Sender',
          `Message-ID: <dsn-${Math.random().toString(36).slice(2)}@mx.example>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
          '',
          '--b',
          'Content-Type: text/plain',
          '',
          'Your message could not be delivered.',
          '--b',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example',
          '',
          `Final-Recipient: rfc822; ${recipient}`,
          'Action: failed',
          'Status: 5.1.1',
          '--b',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${messageId}`,
          '--b--',
          '',
        ].join('\r\n'),
      );
    const unreachable = async (email: string) =>
      (
        await db()
          .selectFrom('complainants')
          .select('unreachable')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).unreachable;

    it("does not mark a complainant unreachable on a stranger's report naming the complainant's own Message-ID", async () => {
      const opened = await send(
        {
          from: 'Nora Weiss <nora@client.example>',
          messageId: '<nora-1@client.example>',
          body: complaintBody('Nora Weiss'),
        },
        'nora@client.example',
      );
      assert.equal(opened.filing, 'case_opened');
      // The stranger knows the complainant's Message-ID (it is what they copied), not ours: the report names no
      // mail of ours, and nothing changes.
      const forged = await send(
        dsn(
          'Mail Delivery System <MAILER-DAEMON@evil.example>',
          'nora@client.example',
          '<nora-1@client.example>',
        ),
        'mailer-daemon@evil.example',
      );
      assert.equal(forged.filing, 'inbox');
      assert.equal(await unreachable('nora@client.example'), 0);
      const ack = await db()
        .selectFrom('correspondence')
        .select('status')
        .where('direction', '=', 'out')
        .where('case_id', '=', opened.case_id)
        .executeTakeFirstOrThrow();
      assert.notEqual(ack.status, 'failed');
    });

    it('does not mark a complainant unreachable when mail to an address they no longer have bounces', async () => {
      const opened = await send(
        {
          from: 'Otto Berg <otto.old@client.example>',
          messageId: '<otto-1@client.example>',
          body: complaintBody('Otto Berg'),
        },
        'otto.old@client.example',
      );
      const ack = await db()
        .selectFrom('correspondence')
        .select(['message_id', 'to_address'])
        .where('direction', '=', 'out')
        .where('case_id', '=', opened.case_id)
        .executeTakeFirstOrThrow();
      assert.equal(ack.to_address, 'otto.old@client.example');
      const { complainant_id } = await db()
        .selectFrom('cases')
        .select('complainant_id')
        .where('id', '=', opened.case_id!)
        .executeTakeFirstOrThrow();
      await actOnComplainant(
        h.ctx,
        complainant_id,
        { type: 'change_details', details: { email: 'otto@client.example' } },
        'user:agent',
      );
      const late = await send(
        dsn('MAILER-DAEMON@mx.client.example', 'otto.old@client.example', ack.message_id!),
        'mailer-daemon@mx.client.example',
      );
      assert.equal(late.filing, 'inbox');
      assert.equal(late.reason, 'bounce');
      assert.equal(await unreachable('otto@client.example'), 0, 'the address on file still works');
      const after = await db()
        .selectFrom('correspondence')
        .select('status')
        .where('message_id', '=', ack.message_id!)
        .executeTakeFirstOrThrow();
      assert.equal(after.status, 'failed', 'the mail itself is marked as not delivered');
    });
  });
}
