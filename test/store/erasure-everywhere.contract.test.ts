// An erasure request (P6.3) read as a data-protection auditor reads it, on SQLite and PostgreSQL. One person with a
// full history built through the use cases: complaints by e-mail from her own domain (her name, addresses, phone,
// street, ticket numbers and domain names in the text and in an attached PDF), the acknowledgement and the answer
// sent through a real SMTP exchange, her reply to the acknowledgement, an escalation to step 2, a request for
// information (with its private link), a restriction, a letter with its scan, a suggestion forwarded to a department,
// an out-of-office reply dismissed, and a search on her name. Once every case is past its retention period, her
// erasure request leaves nothing that identifies her in any table or column of the database (blobs and full-text
// index included), `archive verify` finds nothing, and the report figures of those years are the same.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { indexSearchDocs } from '../../src/adapters/db/search.repo.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { eraseComplainant } from '../../src/app/erase-complainant.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { completeSuggestion } from '../../src/app/forward-suggestion.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { requestInformation } from '../../src/app/request-information.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import type { MailTransport } from '../../src/core/correspondence/outgoing-mail.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type SmtpSink, startSmtpSink } from '../correspondence/support.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { whereFound } from '../support/where-found.ts';

const NOW = '2026-12-07T12:00:00.000Z';
const NAME = 'Annika Tiefenbach';
const EMAIL = 'Annika.Tiefenbach@tiefenbach-gaerten.de';
const PHONE = '+49 711 5550199';
const STREET = 'Lindenhofstraße 17';
const DOMAINS = ['tiefenbach-gaerten.de', 'rosenzucht-tiefenbach.de'] as const;
const TICKETS = ['TB-77231', 'KD-2016-884213'] as const;
/** Everything that identifies her, as an auditor would search for it (compared in any case). */
const NEEDLES = [
  'Tiefenbach',
  'Annika',
  EMAIL,
  '5550199',
  '711 555',
  'Lindenhof',
  ...DOMAINS,
  ...TICKETS,
  '884213',
  '77231',
];

/** Her words as a full-text index stores them (lower case, whole words). */
const HER_TERMS = /tiefenbach|annika|lindenhof|5550199|77231|884213|rosenzucht/;

/** The words the SQLite full-text index holds (read through FTS5's vocabulary table); none on PostgreSQL. */
async function indexTerms(db: Harness['test']['database']['db'], engine: string): Promise<string[]> {
  if (engine !== 'sqlite') return [];
  await sql`create virtual table if not exists temp.erasure_vocab using fts5vocab(main, search_fts, 'row')`.execute(
    db,
  );
  const terms = (await sql<{ term: string }>`select term from temp.erasure_vocab`.execute(db)).rows.map(
    (r) => r.term,
  );
  await sql`drop table temp.erasure_vocab`.execute(db);
  return terms;
}

/** A multipart e-mail with a text part and a PDF attachment, as a mail client writes it. */
function mimeWithPdf(o: {
  from: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  text: string;
  pdfName: string;
  pdf: string;
}): Buffer {
  const boundary = 'b-7f3a9c';
  const lines = [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Date: ${o.date}`,
    `Message-ID: ${o.messageId}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...o.text.split('\n'),
    `--${boundary}`,
    `Content-Type: application/pdf; name="${o.pdfName}"`,
    `Content-Disposition: attachment; filename="${o.pdfName}"`,
    'Content-Transfer-Encoding: base64',
    '',
    ...(Buffer.from(`%PDF-1.4\n% ${o.pdf}\n%%EOF\n`)
      .toString('base64')
      .match(/.{1,76}/g) ?? []),
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

function plain(o: {
  from: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  headers?: string[];
  text: string;
}): Buffer {
  const lines = [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Date: ${o.date}`,
    `Message-ID: ${o.messageId}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...o.text.split('\n'),
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const signature = [
  '',
  'Mit freundlichen Grüßen',
  NAME,
  STREET,
  '70173 Stuttgart',
  `Tel. ${PHONE}`,
  EMAIL,
  `https://www.${DOMAINS[0]}/`,
].join('\n');

for (const engine of ENGINES) {
  describe(`an erasure request leaves nothing of the person anywhere (${engine})`, () => {
    let h: Harness;
    let sink: SmtpSink;
    let transport: MailTransport;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, {
        clock: fixedClock(NOW),
        overrides: {
          departments: [{ name: 'Billing', email: 'billing@example.org', keywords: ['rechnung'] }],
        },
      });
      sink = await startSmtpSink();
      transport = smtpTransport({ host: '127.0.0.1', port: sink.port, secure: false, requireTls: false });
    });
    after(async () => {
      transport.close();
      await sink.stop();
      await h.close();
    });
    const mailbox = (role: string) => h.config.mailboxes.find((m) => m.role === role)!;
    const send = async (iso: string) => {
      const r = await sendDueMail(at(iso), transport);
      assert.equal(r.failed, 0);
      return r;
    };
    const outMessageIds = async (caseId: string) =>
      (
        await h.test.database.db
          .selectFrom('correspondence')
          .select(['message_id', 'status'])
          .where('case_id', '=', caseId)
          .where('direction', '=', 'out')
          .orderBy('at')
          .execute()
      ).map((r) => r.message_id);

    it('erases her from every table and column, and the archive and the figures still hold', async () => {
      const db = h.test.database.db;
      // 1. A complaint by e-mail with an attached invoice, from her own domain's mail server.
      const first = await receiveEmail(at('2017-03-01T09:00:00.000Z'), {
        raw: mimeWithPdf({
          from: `${NAME} <${EMAIL}>`,
          to: mailbox('complaints').address,
          subject: `Transmission de réclamation - Etape 1 [Ticket#${TICKETS[0]}]`,
          date: 'Wed, 01 Mar 2017 10:00:00 +0100',
          messageId: `<a1.4471@mail.${DOMAINS[0]}>`,
          text: [
            'Guten Tag,',
            '',
            `Name: ${NAME}`,
            `E-Mail: ${EMAIL}`,
            `Telefon: ${PHONE}`,
            `Adresse: ${STREET}, 70173 Stuttgart`,
            `Ticket: ${TICKETS[0]}, Kundennummer ${TICKETS[1]}`,
            '',
            `Meine Domains ${DOMAINS[0]} und ${DOMAINS[1]} sind seit der Migration nicht erreichbar.`,
            'Die Rechnung im Anhang ist falsch.',
            '',
            'Ich erwarte, dass die Domains wieder erreichbar sind und die Rechnung korrigiert wird.',
            signature,
          ].join('\n'),
          pdfName: 'Rechnung-Tiefenbach.pdf',
          pdf: `Rechnung an ${NAME}, ${STREET}, Kundennummer ${TICKETS[1]}`,
        }),
        mailbox: mailbox('complaints'),
        door: 'smtp',
      });
      assert.ok(first.caseId, 'a case is opened');
      const step1 = first.caseId!;
      // The acknowledgement goes out through a real SMTP exchange.
      await send('2017-03-01T09:05:00.000Z');
      const ack = (await outMessageIds(step1))[0];
      assert.ok(ack);
      assert.ok(
        sink.received.some((m) => m.envelopeTo.includes(EMAIL.toLowerCase()) || m.envelopeTo.includes(EMAIL)),
      );
      // 2. Her reply to the acknowledgement, quoting it.
      const reply = await receiveEmail(at('2017-03-02T08:00:00.000Z'), {
        raw: plain({
          from: `${NAME} <${EMAIL}>`,
          to: mailbox('complaints').address,
          subject: `Re: ${first.reference}`,
          date: 'Thu, 02 Mar 2017 09:00:00 +0100',
          messageId: `<a2.5512@mail.${DOMAINS[0]}>`,
          inReplyTo: ack!,
          text: [`Danke. Noch etwas: auch ${DOMAINS[1]} ist betroffen.`, signature].join('\n'),
        }),
        mailbox: mailbox('complaints'),
        door: 'smtp',
      });
      assert.equal(reply.caseId, step1, 'her reply is filed on her case');
      // 3. A request for information, with its private link, sent.
      await requestInformation(at('2017-03-03T09:00:00.000Z'), step1, {
        missing: ['expectations'],
        note: `Bitte bestätigen Sie, Frau ${NAME.split(' ')[1]}, die Kundennummer ${TICKETS[1]}.`,
        actor: 'user:agent',
      });
      await send('2017-03-03T09:05:00.000Z');
      // 4. The answer, with an attachment that names her, sent; then the escalation to step 2, answered; both closed.
      await answerCase(at('2017-03-10T09:00:00.000Z'), step1, {
        outcome: 'partly_upheld',
        text: `Sehr geehrte Frau ${NAME.split(' ')[1]}, die Domain ${DOMAINS[0]} ist wieder erreichbar.`,
        remedy: `Gutschrift für ${NAME}`,
        rootCause: 'our_error',
        rootCauseNote: `DNS-Zone von ${DOMAINS[0]} verloren`,
        attachments: [
          {
            filename: 'gutschrift.pdf',
            contentType: 'application/pdf',
            content: new TextEncoder().encode(`%PDF-1.4\n% Gutschrift ${NAME} ${TICKETS[1]}\n%%EOF\n`),
          },
        ],
        actor: 'user:agent',
      });
      await send('2017-03-10T09:05:00.000Z');
      const step2 = await escalateCase(at('2017-03-20T09:00:00.000Z'), step1, 'user:lead');
      assert.ok(step2.caseId);
      await send('2017-03-20T09:05:00.000Z');
      await answerCase(at('2017-04-01T09:00:00.000Z'), step2.caseId, {
        outcome: 'not_upheld',
        text: `Sehr geehrte Frau ${NAME.split(' ')[1]}, die Geschäftsleitung bestätigt die Antwort.`,
        remedy: null,
        attachments: [],
        actor: 'user:management',
      });
      await send('2017-04-01T09:05:00.000Z');
      for (const id of [step1, step2.caseId])
        await actOnCase(
          at('2017-05-01T09:00:00.000Z'),
          id,
          { type: 'close', reason: `Erledigt für ${NAME}.` },
          'user:agent',
        ).catch(() => undefined);
      // 5. A restriction on her record.
      const complainantId = (
        await db
          .selectFrom('cases')
          .select('complainant_id')
          .where('id', '=', step1)
          .executeTakeFirstOrThrow()
      ).complainant_id;
      await actOnComplainant(
        at('2017-04-10T09:00:00.000Z'),
        complainantId,
        {
          type: 'restrict',
          restrictionId: '00000000-0000-4000-8000-00000000aa01',
          kind: 'written_only',
          reason: `Frau ${NAME.split(' ')[1]} rief 40-mal unter ${PHONE} an.`,
          reviewBy: '2017-10-10',
          designatedContactId: null,
        },
        'user:lead',
      );
      // 6. A letter with its scan (her postal address, her phone), giving no e-mail address: a record of its own,
      // which staff then merge into hers (a letter never writes contact details onto a record that exists).
      const letter = await registerLetter(
        at('2017-06-02T09:00:00.000Z'),
        {
          arrived: '2017-06-01',
          title: 'Transmission de réclamation - Etape 1',
          complainant: {
            name: NAME,
            email: null,
            phone: PHONE,
            postalAddress: [NAME, STREET, '70173 Stuttgart'],
          },
          language: 'de',
          ticketRefs: ['77231'],
          domains: [DOMAINS[1]],
          description: `Per Brief: ${DOMAINS[1]} ist wieder ausgefallen.`,
          expectations: 'Eine Erklärung.',
        },
        {
          content: new TextEncoder().encode(`%PDF-1.4\n% Brief von ${NAME}, ${STREET}, ${PHONE}\n%%EOF\n`),
          contentType: 'application/pdf',
          filename: 'scan.pdf',
        },
        'user:clerk',
      );
      assert.ok(letter.caseId);
      const letterRecord = (
        await db
          .selectFrom('cases')
          .select('complainant_id')
          .where('id', '=', letter.caseId!)
          .executeTakeFirstOrThrow()
      ).complainant_id;
      assert.ok(letterRecord && letterRecord !== complainantId, 'the letter opened a record of its own');
      await mergeComplainants(at('2017-06-02T09:02:00.000Z'), complainantId, letterRecord, 'user:lead');
      await send('2017-06-02T09:05:00.000Z');
      await actOnCase(
        at('2017-07-01T09:00:00.000Z'),
        letter.caseId!,
        { type: 'close', reason: 'Erledigt.' },
        'user:agent',
      );
      // 7. A suggestion, routed to Billing by its keyword, done.
      const idea = await receiveEmail(at('2017-08-01T09:00:00.000Z'), {
        raw: plain({
          from: `${NAME} <${EMAIL}>`,
          to: mailbox('suggestions').address,
          subject: 'Vorschlag zur Rechnung',
          date: 'Tue, 01 Aug 2017 11:00:00 +0200',
          messageId: `<a3.6631@mail.${DOMAINS[0]}>`,
          text: [`Bitte die Rechnung für ${DOMAINS[0]} als PDF.`, signature].join('\n'),
        }),
        mailbox: mailbox('suggestions'),
        door: 'smtp',
      });
      assert.ok(idea.caseId);
      await send('2017-08-01T09:05:00.000Z');
      await completeSuggestion(at('2017-08-10T09:00:00.000Z'), idea.caseId!, {
        note: `Umgesetzt für ${NAME}`,
        actor: 'user:agent',
      });
      await actOnCase(
        at('2017-08-11T09:00:00.000Z'),
        idea.caseId!,
        { type: 'close', reason: 'Erledigt.' },
        'user:agent',
      ).catch(() => undefined);
      // 8. Her out-of-office reply, dismissed.
      const away = await receiveEmail(at('2017-09-01T09:00:00.000Z'), {
        raw: plain({
          from: `${NAME} <${EMAIL}>`,
          to: mailbox('complaints').address,
          subject: `Abwesenheitsnotiz: ${NAME}`,
          date: 'Fri, 01 Sep 2017 11:00:00 +0200',
          messageId: `<a4.7741@mail.${DOMAINS[0]}>`,
          headers: ['Auto-Submitted: auto-replied'],
          text: [`Ich bin bis 10.9. nicht erreichbar.`, signature].join('\n'),
        }),
        mailbox: mailbox('complaints'),
        door: 'smtp',
      });
      assert.ok(away.inboxItemId && !away.caseId);
      await handleInboxItem(
        at('2017-09-02T09:00:00.000Z'),
        away.inboxItemId!,
        { type: 'dismiss', reason: `Abwesenheit von ${NAME}` },
        'user:agent',
      );
      // 9. A search on her name.
      await indexSearchDocs(h.test.database, 100_000);
      const found = await searchCases(at('2017-09-03T09:00:00.000Z'), 'Tiefenbach');
      assert.ok(found.length >= 1, 'her cases are found by her name');

      const states = await db.selectFrom('cases').select(['reference', 'status']).execute();
      assert.ok(
        states.every((s) => s.status === 'closed'),
        JSON.stringify(states),
      );
      const before = await whereFound(db, engine, NEEDLES);
      if (engine === 'sqlite') assert.ok((await indexTerms(db, engine)).some((t) => HER_TERMS.test(t)));
      // Where she is before: the scan sees each place (so that finding nothing afterwards means something).
      for (const where of [
        'auto_reply_counts.sender',
        'case_keys.value',
        'cases.remedy',
        'cases.root_cause_note',
        'complainants.email',
        'complainants.name',
        'complainants.phone',
        'correspondence.in_reply_to',
        'correspondence.message_id',
        'correspondence.reading',
        'correspondence.text_body',
        'events.payload',
        'originals.content',
        'outbound_items.references_header',
        'search_docs.body',
        'streams.state',
      ])
        assert.ok(before.includes(where), `before the request, the scan finds her in ${where}`);

      const periods = [{ from: '2017-01-01', to: '2017-12-31' }];
      const figures = await Promise.all(periods.map((p) => reportCases(at(NOW), p)));

      // -- the request ------------------------------------------------------------------------------------------
      const erased = await eraseComplainant(at(NOW), EMAIL.toUpperCase(), {
        reason: 'Her letter of 1 December 2026 asking for erasure.',
        acting: { actor: 'user:admin', label: 'admin@example.org', address: null },
      });
      assert.equal(erased.erased.length, 4, JSON.stringify(erased.plan));
      assert.equal(erased.complainantErased, true);
      await indexSearchDocs(h.test.database, 100_000);

      const left = await whereFound(db, engine, NEEDLES);
      assert.deepEqual(left, [], 'nothing of her is left');
      // The full-text index's own words (SQLite: FTS5 keeps them apart from the documents, in its own tables).
      assert.deepEqual(
        (await indexTerms(db, engine)).filter((t) => HER_TERMS.test(t)),
        [],
      );
      assert.equal((await searchCases(at(NOW), 'Tiefenbach')).length, 0);
      assert.deepEqual((await verifyArchive(at(NOW))).problems, []);
      assert.deepEqual(await Promise.all(periods.map((p) => reportCases(at(NOW), p))), figures);
    });
  });
}
