// A forward that carries, whole, a message Redress already holds (a colleague forwarding a customer's complaint
// "as attachment" after the customer also wrote to the complaints address) is filed onto that message's case,
// on SQLite and PostgreSQL; a forward of a message not held opens the case of its original sender. The original
// arriving after its forward, and a second forward of the same original, join the case the first forward opened,
// whether they come one by one or in one batch of the intake.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prepareEmail, receiveEmail } from '../../src/app/receive-email.ts';
import type { Mailbox } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';

/** A colleague's Outlook-style forward with the original attached as message/rfc822. */
function forwardAsAttachment(original: Buffer, messageId: string): Buffer {
  const head = [
    'From: Claire Morel <claire.morel@example.org>',
    'To: complaint@example.org',
    'Subject: TR: Transmission de réclamation - Etape 1',
    'Date: Mon, 23 Nov 2026 11:00:00 +0100',
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="fwd-boundary"',
    '',
    '--fwd-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Voir la réclamation ci-jointe.',
    '--fwd-boundary',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="reclamation.eml"',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), original, Buffer.from('\r\n--fwd-boundary--\r\n')]);
}

for (const engine of ENGINES) {
  describe(`forwards of a message held (${engine})`, () => {
    let h: Harness;
    const clock = fixedClock('2026-11-23T12:00:00.000Z');
    const mailbox = (): Mailbox => h.config.mailboxes.find((m) => m.name === 'complaints')!;

    before(async () => {
      h = await startHarness(engine, { clock });
    });
    after(() => h.close());

    it('files the forward onto the case of the message it carries', async () => {
      const original = rawMessage({
        from: 'Paul Girard <paul.girard@wanadoo.fr>',
        messageId: '<original-paul@wanadoo.fr>',
      });
      const first = await receiveEmail(h.ctx, { raw: original, mailbox: mailbox(), door: 'pipe' });
      assert.equal(first.filing, 'case_opened');
      const forward = await receiveEmail(h.ctx, {
        raw: forwardAsAttachment(original, '<forward-claire@example.org>'),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(forward.duplicate, false);
      assert.equal(forward.filing, 'filed_on_case');
      assert.equal(forward.caseId, first.caseId);
    });

    it('opens the case of the original sender when the carried message is not held', async () => {
      const original = rawMessage({
        from: 'Lucie Bernard <lucie.bernard@orange.fr>',
        messageId: '<original-lucie@orange.fr>',
      });
      const r = await receiveEmail(h.ctx, {
        raw: forwardAsAttachment(original, '<forward-claire-2@example.org>'),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(r.filing, 'case_opened');
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .select('reading')
        .where('id', '=', r.correspondenceId)
        .executeTakeFirstOrThrow();
      const reading = JSON.parse(row.reading!);
      assert.equal(reading.complainant.email, 'lucie.bernard@orange.fr');
      assert.deepEqual(reading.forwardedBy, { name: 'Claire Morel', email: 'claire.morel@example.org' });
    });

    // The other order: the forward comes first (its original is not held yet), then the original itself, sent
    // by the customer to the complaints address too. The forward opened the case of the original sender; the
    // original, under the Message-ID the forward carried, joins that case rather than open a second one and
    // acknowledge the same complaint twice.
    it('files the original arriving after its forward onto the case the forward opened', async () => {
      const original = rawMessage({
        from: 'Marc Petit <marc.petit@sfr.fr>',
        messageId: '<original-marc@sfr.fr>',
      });
      const forward = await receiveEmail(h.ctx, {
        raw: forwardAsAttachment(original, '<forward-claire-3@example.org>'),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(forward.filing, 'case_opened');
      const later = await receiveEmail(h.ctx, { raw: original, mailbox: mailbox(), door: 'pipe' });
      assert.equal(later.duplicate, false);
      assert.equal(later.filing, 'filed_on_case');
      assert.equal(later.caseId, forward.caseId);
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .select('carried_message_id')
        .where('id', '=', forward.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(row.carried_message_id, '<original-marc@sfr.fr>');
    });

    it('files a second forward of the same original onto the case the first forward opened', async () => {
      const original = rawMessage({
        from: 'Julie Roux <julie.roux@free.fr>',
        messageId: '<original-julie@free.fr>',
      });
      const first = await receiveEmail(h.ctx, {
        raw: forwardAsAttachment(original, '<forward-claire-4@example.org>'),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(first.filing, 'case_opened');
      const second = await receiveEmail(h.ctx, {
        raw: forwardAsAttachment(original, '<forward-claire-5@example.org>'),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(second.filing, 'filed_on_case');
      assert.equal(second.caseId, first.caseId);
    });

    it('does not file a message onto a case because a forward there carried another Message-ID', async () => {
      const original = rawMessage({
        from: 'Hugo Blanc <hugo.blanc@laposte.net>',
        messageId: '<original-hugo@laposte.net>',
      });
      const forward = await receiveEmail(h.ctx, {
        raw: forwardAsAttachment(original, '<forward-claire-6@example.org>'),
        mailbox: mailbox(),
        door: 'pipe',
      });
      const other = await receiveEmail(h.ctx, {
        raw: rawMessage({
          from: 'Hugo Blanc <hugo.blanc@laposte.net>',
          messageId: '<another-hugo@laposte.net>',
          body: 'Une autre affaire.',
        }),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(other.filing, 'case_opened');
      assert.notEqual(other.caseId, forward.caseId);
    });

    it('does not file a message onto the case of a forward that carried it only as evidence', async () => {
      // A customer forwards, with a long note of their own, a mail they received from someone else: the
      // complaint is the customer's, and the carried mail reaching the complaints address on its own is not.
      const evidence = rawMessage({
        from: 'Service Facturation <facturation@fournisseur-douteux.example>',
        messageId: '<evidence-1@fournisseur-douteux.example>',
        body: 'Votre abonnement sera prolongé automatiquement. Merci de régler la facture ci-jointe.',
      });
      const note = [
        'Bonjour,',
        '',
        'je reçois depuis une semaine des messages comme celui ci-joint, qui se servent du nom de votre société',
        'pour me réclamer une facture que je ne dois pas. Mon domaine bernard-conseil.fr est chez vous depuis',
        'dix ans et je n’ai jamais rien reçu de tel. Je vous demande de vérifier ce qui se passe et de me répondre.',
        '',
        'Cordialement,',
        'Luc Bernard',
      ].join('\r\n');
      const head = [
        'From: Luc Bernard <luc.bernard@bernard-conseil.fr>',
        'To: complaint@example.org',
        'Subject: Transmission de réclamation - Etape 1',
        'Date: Mon, 23 Nov 2026 11:30:00 +0100',
        'Message-ID: <note-luc@bernard-conseil.fr>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="note-boundary"',
        '',
        '--note-boundary',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        note,
        '--note-boundary',
        'Content-Type: message/rfc822',
        'Content-Disposition: attachment; filename="message.eml"',
        '',
        '',
      ].join('\r\n');
      const shown = await receiveEmail(h.ctx, {
        raw: Buffer.concat([Buffer.from(head, 'utf8'), evidence, Buffer.from('\r\n--note-boundary--\r\n')]),
        mailbox: mailbox(),
        door: 'pipe',
      });
      assert.equal(shown.filing, 'case_opened');
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .select(['carried_message_id', 'reading'])
        .where('id', '=', shown.correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.reading!).complainant.email, 'luc.bernard@bernard-conseil.fr');
      assert.equal(row.carried_message_id, null);
      const alone = await receiveEmail(h.ctx, { raw: evidence, mailbox: mailbox(), door: 'pipe' });
      assert.notEqual(alone.caseId, shown.caseId);
    });

    it('files the forward, its original and a second forward as one case within one batch of the intake', async () => {
      const original = rawMessage({
        from: 'Emma Faure <emma.faure@bbox.fr>',
        messageId: '<original-emma@bbox.fr>',
      });
      const list = [
        forwardAsAttachment(original, '<forward-claire-7@example.org>'),
        original,
        forwardAsAttachment(original, '<forward-claire-8@example.org>'),
      ];
      const prepared = await Promise.all(
        list.map((raw) => prepareEmail(h.ctx, { raw, mailbox: mailbox(), door: 'smtp' })),
      );
      const results = await Promise.all(prepared.map((p) => h.intake.receivePrepared(p)));
      assert.deepEqual(
        results.map((r) => r.filing),
        ['case_opened', 'filed_on_case', 'filed_on_case'],
      );
      assert.equal(new Set(results.map((r) => r.caseId)).size, 1);
    });
  });
}
