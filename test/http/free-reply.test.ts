// Free replies from the case page, end to end on both engines: an administrator keeps French snippets (each change
// audited); an agent inserts one into a reply, previews it and sends it; the mail leaves through the outbox to a
// real SMTP server in the thread of the complainant's message, with the reference in the subject, in French, and
// the case's clock and status do not move. An auditor is refused on both doors; under a designated-contact
// restriction only that person may write (P8.4), and the mail still goes to the complainant's one address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import type { MailTransport } from '../../src/core/correspondence/outgoing-mail.ts';
import { mailIn, type SmtpSink, startSmtpSink, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint, PDF, postMultipart } from '../support/staff.ts';

/**
 * Does the page offer the free-reply form of this case? The form's address carries the CSRF token after a `?`
 * (a form with files must work without scripts), and its preview buttons' `formaction` must not count.
 */
const offersReply = (body: string, caseId: string) =>
  new RegExp(`\\saction="/cases/${caseId}/reply[?"]`).test(body);

const decode = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

for (const engine of ENGINES) {
  describe(`free replies on ${engine}`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let transport: MailTransport;
    const users: Record<'agent' | 'contact' | 'lead' | 'auditor' | 'admin', User> = {} as never;
    let n = 0;

    before(async () => {
      t = await createTestApp({ engine });
      users.agent = await createUser(t.ctx, 'agent', { language: 'fr' });
      users.contact = await createUser(t.ctx, 'agent', { name: 'Dominique Contact' });
      users.lead = await createUser(t.ctx, 'lead');
      users.auditor = await createUser(t.ctx, 'auditor');
      users.admin = await createUser(t.ctx, 'administrator');
      sink = await startSmtpSink();
      transport = smtpTransport({ host: '127.0.0.1', port: sink.port, secure: false, requireTls: false });
    });
    after(async () => {
      transport?.close();
      await sink?.stop();
      await t?.close();
    });

    /** A French complaint received by e-mail, acknowledged at once (the acknowledgement is sent and set aside). */
    const frenchCase = async () => {
      n += 1;
      const opened = await mailIn({ ctx: t.ctx } as World, {
        from: `camille${n}@example.net`,
        name: 'Camille Martin',
        language: 'fr',
        subject: 'Transmission de réclamation - Etape 1',
        messageId: `<question-${engine}-${n}@example.net>`,
      });
      assert.deepEqual(await sendDueMail(t.ctx, transport), { sent: 1, retried: 0, failed: 0 });
      return {
        ...opened,
        email: `camille${n}@example.net`,
        messageId: `<question-${engine}-${n}@example.net>`,
      };
    };
    const stateOf = async (caseId: string) =>
      (await inTransaction(t.ctx, (agg) => agg.loadCase(caseId))).state!;
    const audit = (action: string) =>
      t.ctx.database.db
        .selectFrom('audit_log')
        .select(['action', 'target_id', 'actor'])
        .where('action', '=', action)
        .execute();

    it('keeps snippets per language, each change audited; the auditor reads and may not change', async () => {
      const admin = await sessionFor(t.ctx, users.admin);
      const added = await postForm(t.app, admin, '/admin/snippets', {
        language: 'fr',
        title: 'Remboursement en cours',
        body: 'Votre remboursement a été émis lundi ; il apparaîtra sur votre compte sous cinq jours ouvrés.',
      });
      assert.equal(added.statusCode, 303, added.body.slice(0, 300));
      const [row] = await t.ctx.database.db.selectFrom('reply_snippets').selectAll().execute();
      assert.ok(row);
      assert.deepEqual(
        (await audit('snippet_saved')).map((a) => [a.target_id, a.actor]),
        [[row.id, `user:${users.admin.id}`]],
      );
      const changed = await postForm(t.app, admin, `/admin/snippets/${row.id}`, {
        language: 'fr',
        title: 'Remboursement émis',
        body: row.body,
      });
      assert.equal(changed.statusCode, 303);
      assert.equal((await audit('snippet_saved')).length, 2);
      // A blank title is refused with the field named, and nothing is written.
      const blank = await postForm(t.app, admin, '/admin/snippets', {
        language: 'fr',
        title: ' ',
        body: 'x',
      });
      assert.equal(blank.statusCode, 422);
      assert.match(blank.body, /id="snippet-title-error"/);
      const other = await postForm(t.app, admin, '/admin/snippets', {
        language: 'fr',
        title: 'Ancien texte',
        body: 'Ce texte ne sert plus.',
      });
      assert.equal(other.statusCode, 303);
      const old = await t.ctx.database.db
        .selectFrom('reply_snippets')
        .select('id')
        .where('title', '=', 'Ancien texte')
        .executeTakeFirstOrThrow();
      assert.equal((await postForm(t.app, admin, `/admin/snippets/${old.id}/retire`, {})).statusCode, 303);
      assert.deepEqual(
        (await audit('snippet_retired')).map((a) => a.target_id),
        [old.id],
      );
      const auditor = await sessionFor(t.ctx, users.auditor);
      assert.equal((await getPage(t.app, auditor, '/admin/snippets')).statusCode, 200);
      const refused = await postForm(t.app, auditor, '/admin/snippets', {
        language: 'fr',
        title: 'x',
        body: 'y',
      });
      assert.equal(refused.statusCode, 403);
    });

    it('sends a free reply in French, threaded, with the reference, through the outbox; the clock is unchanged', async () => {
      const c = await frenchCase();
      const before = await stateOf(c.caseId);
      const agent = await sessionFor(t.ctx, users.agent);
      const page = await getPage(t.app, agent, `/cases/${c.caseId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(offersReply(page.body, c.caseId), 'the reply form is offered');
      assert.ok(page.body.includes('Remboursement émis'), 'the French snippet is offered');
      assert.ok(!page.body.includes('Ancien texte'), 'a retired snippet is not offered');
      const snippet = await t.ctx.database.db
        .selectFrom('reply_snippets')
        .select(['id', 'body'])
        .where('title', '=', 'Remboursement émis')
        .executeTakeFirstOrThrow();
      // Inserting the snippet shows the form again with the text in place, and a preview in French.
      const inserted = await postMultipart(t.app, agent, `/cases/${c.caseId}/reply/preview`, {
        kind: 'reply',
        text: 'Merci pour votre question.',
        snippet: snippet.id,
        insert: '1',
      });
      assert.equal(inserted.statusCode, 200);
      const textarea = /<textarea id="reply-text"[^>]*>([^<]*)<\/textarea>/.exec(inserted.body)?.[1] ?? '';
      assert.equal(decode(textarea), `Merci pour votre question.\n\n${snippet.body}`);
      assert.match(decode(inserted.body), /Réponse à votre message/);
      const text = decode(textarea);
      const sent = await postMultipart(t.app, agent, `/cases/${c.caseId}/reply`, { kind: 'reply', text }, [
        { field: 'attachments', filename: 'justificatif.pdf', type: 'application/pdf', content: PDF },
      ]);
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
      const count = sink.received.length;
      assert.deepEqual(await sendDueMail(t.ctx, transport), { sent: 1, retried: 0, failed: 0 });
      assert.equal(sink.received.length, count + 1);
      const got = sink.received.at(-1)!;
      assert.deepEqual(got.envelopeTo, [c.email]);
      assert.equal(got.mail.inReplyTo, c.messageId);
      assert.match(got.mail.references ?? '', new RegExp(c.messageId));
      assert.match(got.mail.subject ?? '', new RegExp(`^\\[${c.reference}\\] Réponse à votre message$`));
      const body = got.mail.text ?? '';
      assert.ok(body.startsWith('Bonjour Camille Martin,'), body);
      assert.ok(body.includes(snippet.body), body);
      assert.ok(body.includes('Avec nos salutations distinguées'), body);
      assert.equal(got.header('auto-submitted'), null, 'written by a person');
      assert.deepEqual(
        got.mail.attachments.map((a) => [a.filename, a.mimeType]),
        [['justificatif.pdf', 'application/pdf']],
      );
      // Not the definitive answer: the status, the clock and the outcome are as they were.
      const afterwards = await stateOf(c.caseId);
      assert.equal(afterwards.status, before.status);
      assert.deepEqual(afterwards.deadline, before.deadline);
      assert.equal(afterwards.answeredAt, null);
      assert.equal(afterwards.outcome, null);
      // The history shows the reply and the mail, newest first.
      const shown = await getPage(t.app, agent, `/cases/${c.caseId}?history=correspondence`);
      assert.match(shown.body, /Réponse à votre message/);
      const events = await getPage(t.app, agent, `/cases/${c.caseId}?history=events`);
      assert.match(events.body, /event-replied/);
      assert.doesNotMatch(events.body, /timeline-mail/);
    });

    it('sends an interim update that repeats the promised date', async () => {
      const c = await frenchCase();
      const agent = await sessionFor(t.ctx, users.agent);
      const sent = await postMultipart(t.app, agent, `/cases/${c.caseId}/reply`, {
        kind: 'update',
        text: 'Nous attendons la réponse de l’hébergeur.',
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      await sendDueMail(t.ctx, transport);
      const got = sink.received.at(-1)!;
      assert.match(got.mail.subject ?? '', new RegExp(`^\\[${c.reference}\\] Où en est votre dossier$`));
      assert.match(got.mail.text ?? '', /au plus tard le \d+ \S+ \d{4}/);
    });

    it('refuses the auditor on both doors and shows them no reply form', async () => {
      const c = await frenchCase();
      const auditor = await sessionFor(t.ctx, users.auditor);
      const page = await getPage(t.app, auditor, `/cases/${c.caseId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!offersReply(page.body, c.caseId));
      const web = await postMultipart(t.app, auditor, `/cases/${c.caseId}/reply`, {
        kind: 'reply',
        text: 'x',
      });
      assert.equal(web.statusCode, 403);
      const token = (
        await createApiToken(
          t.ctx,
          { name: `audit-${engine}`, role: 'auditor', expiresInDays: null },
          {
            actor: 'cli',
            label: null,
            address: null,
          },
        )
      ).secret;
      const api = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.caseId}/reply`,
        headers: { authorization: `Bearer ${token}` },
        payload: { kind: 'reply', text: 'x' },
      });
      assert.equal(api.statusCode, 403);
      const outbound = await t.ctx.database.db
        .selectFrom('outbound_items')
        .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
        .select('correspondence.id')
        .where('correspondence.case_id', '=', c.caseId)
        .where('outbound_items.purpose', '=', 'reply')
        .execute();
      assert.deepEqual(outbound, []);
    });

    it('to a complainant with a postal address only: a letter to post, which refuses attached files', async () => {
      const c = await openComplaint(t.ctx, { email: null, language: 'fr', name: 'Paul Lettre' });
      await actOnComplainant(
        t.ctx,
        c.complainantId,
        { type: 'change_details', details: { postalAddress: ['12 rue de la Paix', '75002 Paris'] } },
        'user:agent',
      );
      const agent = await sessionFor(t.ctx, users.agent);
      const withFile = await postMultipart(
        t.app,
        agent,
        `/cases/${c.caseId}/reply`,
        { kind: 'reply', text: 'Voici le justificatif.' },
        [{ field: 'attachments', filename: 'justificatif.pdf', type: 'application/pdf', content: PDF }],
      );
      assert.equal(withFile.statusCode, 409, 'refused as the procedure refuses (invalid_command)');
      // Said in the agent's language (French), without the core's English beside it.
      assert.match(
        decode(withFile.body),
        /cette réponse est imprimée comme courrier, qui ne porte pas de pièces jointes/,
      );
      assert.doesNotMatch(decode(withFile.body), /printed as a letter/);
      const sent = await postMultipart(t.app, agent, `/cases/${c.caseId}/reply`, {
        kind: 'reply',
        text: 'Nous avons bien noté votre nouvelle adresse.',
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      const letters = await t.ctx.database.db
        .selectFrom('outbound_items')
        .innerJoin('correspondence', 'correspondence.id', 'outbound_items.correspondence_id')
        .select(['correspondence.channel', 'correspondence.status', 'outbound_items.purpose'])
        .where('correspondence.case_id', '=', c.caseId)
        .execute();
      assert.deepEqual(
        letters.filter((l) => l.purpose === 'reply'),
        [{ channel: 'letter', status: 'to_post', purpose: 'reply' }],
      );
      assert.equal((await stateOf(c.caseId)).lettersToPost.length > 0, true);
    });

    it('under a designated-contact restriction, only that person writes, and to the complainant only', async () => {
      const c = await frenchCase();
      await actOnComplainant(
        t.ctx,
        c.complainantId,
        {
          type: 'restrict',
          restrictionId: `r-${engine}`,
          kind: 'designated_contact',
          reason: 'Abusive calls to several staff.',
          reviewBy: '2099-01-01',
          designatedContactId: users.contact.id,
        },
        `user:${users.lead.id}`,
      );
      const agent = await sessionFor(t.ctx, users.agent);
      const page = await getPage(t.app, agent, `/cases/${c.caseId}`);
      assert.ok(!offersReply(page.body, c.caseId), 'no reply form for another agent');
      assert.match(page.body, /Dominique Contact/);
      const refused = await postMultipart(t.app, agent, `/cases/${c.caseId}/reply`, {
        kind: 'reply',
        text: 'x',
      });
      assert.equal(refused.statusCode, 403);
      const contact = await sessionFor(t.ctx, users.contact);
      assert.ok(offersReply((await getPage(t.app, contact, `/cases/${c.caseId}`)).body, c.caseId));
      const sent = await postMultipart(t.app, contact, `/cases/${c.caseId}/reply`, {
        kind: 'reply',
        text: 'Je suis votre interlocuteur pour ce dossier.',
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      const count = sink.received.length;
      assert.deepEqual(await sendDueMail(t.ctx, transport), { sent: 1, retried: 0, failed: 0 });
      const got = sink.received.slice(count);
      assert.equal(got.length, 1);
      assert.deepEqual(got[0]!.envelopeTo, [c.email]);
    });
  });
}
