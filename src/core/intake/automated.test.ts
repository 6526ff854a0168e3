// Recognition of automated mail, sign by sign, and the properties that protect complainants: nothing a person
// writes in a subject they reply to or forward, or in the text of their message, makes it automated mail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type AutomatedReason, automatedReasons } from './automated.ts';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';

function message(over: Partial<ParsedMessage> & { headerLines?: [string, string][] } = {}): ParsedMessage {
  const m = { ...emptyMessage(), ...over };
  m.headers = [
    ...(m.from ? [{ name: 'from', value: `${m.from.name ?? ''} <${m.from.address}>` }] : []),
    ...(over.headerLines ?? []).map(([name, value]) => ({ name, value })),
  ];
  return m;
}

const person = {
  from: { name: 'Marie Martin', address: 'marie.martin@example.fr' },
  subject: 'Mon site est en panne',
  text: 'Bonjour,\n\nmon site est en panne depuis lundi.\nJe demande un remboursement.\n\nMarie Martin',
};

const reasons = (over: Parameters<typeof message>[0]): AutomatedReason[] =>
  automatedReasons(message({ ...person, ...over }));

test('a message a person wrote has no sign of automated mail', () => {
  assert.deepEqual(reasons({}), []);
});

test('each header sign, standard or not, on its own', () => {
  const cases: [AutomatedReason, [string, string][]][] = [
    ['auto_submitted', [['auto-submitted', 'auto-generated']]],
    ['auto_submitted', [['auto-submitted', 'auto-replied (vacation)']]],
    ['autoreply_header', [['x-autoreply', 'yes']]],
    ['autoreply_header', [['x-autorespond', 'Thanks']]],
    ['autoreply_header', [['x-auto-response-suppress', 'All']]],
    ['autoreply_header', [['x-auto-response-suppress', 'DR, AutoReply']]],
    ['autoreply_header', [['x-ms-exchange-generated-message-source', 'Mailbox Rules Agent']]],
    ['autoreply_header', [['x-loop', 'support@shop.example']]],
    ['autoreply_header', [['delivered-to', 'Autoresponder']]],
    ['precedence', [['precedence', 'bulk']]],
    ['precedence', [['precedence', 'auto_reply']]],
    ['precedence', [['x-precedence', 'list']]],
    ['mailing_list', [['list-id', '<a.lists.example>']]],
    ['mailing_list', [['list-post', '<mailto:a@lists.example>']]],
    ['mailing_list', [['x-mailman-version', '2.1.39']]],
    ['mailing_list', [['mailing-list', 'list a@groups.example']]],
    ['delivery_report', [['content-type', 'multipart/report; report-type=delivery-status; boundary=x']]],
    ['delivery_report', [['x-failed-recipients', 'a@b.c']]],
    ['delivery_report', [['x-ms-exchange-message-is-ndr', '']]],
    ['abuse_report', [['content-type', 'multipart/report; report-type="feedback-report"']]],
    ['abuse_report', [['x-arf', 'YES']]],
    ['read_receipt', [['content-type', 'multipart/report; report-type=disposition-notification']]],
    ['bounce_sender', [['return-path', '<>']]],
    ['bounce_sender', [['return-path', '<MAILER-DAEMON>']]],
    ['spam_flag', [['x-spam-flag', 'YES']]],
  ];
  for (const [reason, headerLines] of cases)
    assert.ok(reasons({ headerLines }).includes(reason), `${reason}: ${JSON.stringify(headerLines)}`);
  // What says "no", or what a person's mail program writes, is no sign.
  for (const headerLines of [
    [['auto-submitted', 'no']],
    [['x-auto-response-suppress', 'RN, NRN, OOF']],
    [['precedence', 'first-class']],
    [['x-spam-status', 'No, score=1.0']],
    [['x-ms-exchange-organization-authas', 'Internal']],
    // A customer's mail that a colleague's inbox rule redirected to the complaints address.
    [['x-ms-exchange-inbox-rules-loop', 'support@example.org']],
    [['x-ms-exchange-organization-autoforwarded', 'true']],
    [['content-type', 'multipart/mixed; boundary=x']],
  ] as [string, string][][])
    assert.deepEqual(reasons({ headerLines }), [], JSON.stringify(headerLines));
});

test("Exchange's generated mail, but not its rule forwards of a person's mail", () => {
  const headerLines: [string, string][] = [['x-ms-exchange-generated-message-source', 'Mailbox Rules Agent']];
  assert.deepEqual(reasons({ headerLines, subject: 'Thank you for your message' }), ['autoreply_header']);
  for (const subject of ['FW: Beschwerde', 'WG: Beschwerde', 'TR: Réclamation'])
    assert.deepEqual(reasons({ headerLines, subject }), [], subject);
});

test('senders: the null sender, the system mailboxes, list software; never a no-reply address', () => {
  const from = (address: string) => reasons({ from: { name: null, address } });
  for (const a of [
    'MAILER-DAEMON@mx.example',
    'mailer_daemon@x.example',
    'postmaster@x.example',
    'post_master@x.jp',
  ])
    assert.ok(from(a).includes('bounce_sender'), a);
  for (const a of ['listserv@lists.example', 'kunden-bounces@lists.example', 'sympa@x.fr'])
    assert.ok(from(a).includes('list_notice'), a);
  assert.ok(from('staff@hotmail.com').includes('abuse_report'));
  for (const a of [
    'no-reply@forms.example',
    'noreply@shop.example',
    'lars@noreply-hosting.example',
    'shop-owner@x.de',
    'service-request@firma.example',
  ])
    assert.deepEqual(from(a), [], a);
  assert.ok(
    reasons({ from: { name: 'Mail Delivery System', address: 'notices@mx.example' } }).includes(
      'bounce_sender',
    ),
  );
  const nullFrom = message({ ...person, from: null, headerLines: [['from', '"Mail Delivery" <>']] });
  assert.ok(automatedReasons(nullFrom).includes('bounce_sender'));
});

test('subjects in the shape software gives them, in many languages; a reply or forward of one is a person', () => {
  const automated = [
    'Auto reply: Transmission de réclamation - Etape 1',
    'Automatic reply: Your complaint',
    'Réponse automatique : Accusé de réception',
    'Automatische Antwort: Ihre Beschwerde',
    'Abwesend: Ihre Beschwerde',
    'Abwesenheitsnotiz: Ihre Beschwerde',
    'Out of Office: back on Monday',
    'Out of office',
    '[Auto-Reply] Your complaint',
    'Respuesta automática: Su reclamación',
    'Risposta automatica: reclamo',
    'Automatisch antwoord: klacht',
    'Автоматический ответ: жалоба',
    '自動返信: お問い合わせ',
    '自动回复: 投诉',
    'Undelivered Mail Returned to Sender',
    'Mail delivery failed: returning message to sender',
    'Delivery Status Notification (Failure)',
    'Returned mail: see transcript for details',
    'Warning: could not send message for past 4 hours',
    'Benachrichtigung zum Zustellstatus (Fehler)',
    "Notification d'état de remise (échec)",
    'Kunden Digest, Vol 3, Issue 17',
    'Digest for kunden@googlegroups.com - 3 updates in 1 topic',
    'Your message to kunden@lists.example awaits moderator approval',
    'complaint about message from 203.0.113.25',
    '[SpamCop (http://example.org/) id:7123456789]Earn money',
    'Report domain: example.org Submitter: google.com Report-ID: <1234567890>',
    'End User Digest: 3 New Messages',
    'Delivery Status Notification (Success)',
    '부재중: 문의',
    'Ausente: su reclamación',
  ];
  for (const subject of automated) assert.notDeepEqual(reasons({ subject }), [], subject);
  const people = [
    'Out of office hours support was rude',
    'Absence de réponse à ma réclamation',
    'Abwesenheit Ihres Supports',
    'Auto: Domain meiner Werkstatt',
    'Undeliverable: mails to my own domain',
    'Mail delivery failed for my domain',
    'Returned mail',
    'failure notice',
    'Vacation rental site offline',
    'Complaint about message from your support',
    'Delivery failure of my hardware token',
    'Report on my domain example.org',
    'Quarantine of my mailbox',
    'Delivery status of my order',
  ];
  for (const subject of people) assert.deepEqual(reasons({ subject }), [], subject);
  fc.assert(
    fc.property(
      fc.constantFrom('Re: ', 'RE: ', 'AW: ', 'Fwd: ', 'TR: ', 'WG: ', 'Fw: '),
      fc.constantFrom(...automated),
      (prefix, subject) => assert.deepEqual(reasons({ subject: prefix + subject }), []),
    ),
  );
});

/** First lines of reports as mail servers write them. */
const OPENINGS = [
  'This is the mail system at host mx.example.org.',
  'Hi. This is the qmail-send program at mx.example.org.',
  'This message was created automatically by mail delivery software.',
  'Delivery has failed to these recipients or groups:',
  "Your message to anna@example.de couldn't be delivered.",
  '** Address not found **',
  'The original message was received at Fri, 16 Oct 2026 10:59:58 +0200',
  'Your message did not reach some or all of the intended recipients.',
  'Sorry, we were unable to deliver your message to the following address.',
  'このメールは、メールシステムより自動送信されています。',
  '很抱歉您发送的邮件被退回',
];

test("a report's first line makes a bounce; the same words under a person's own are a person's", () => {
  for (const opening of OPENINGS)
    assert.ok(
      reasons({ subject: 'Problem', text: `${opening}\n\n<a@b.c>: user unknown` }).includes(
        'delivery_report',
      ),
      opening,
    );
  // A complainant who pastes or quotes a bounce below their own words, or forwards one: never automated.
  fc.assert(
    fc.property(
      fc.constantFrom(...OPENINGS),
      fc.constantFrom('Bonjour,', 'Guten Tag,', 'Hello, look at this:', 'Voici le message :'),
      fc.constantFrom('', '> ', '    '),
      fc.string({ maxLength: 200 }),
      (opening, greeting, quote, tail) => {
        const text = `${greeting}\n\n${quote}${opening}\n${quote}${tail}\n\nJe demande une réparation.`;
        assert.deepEqual(reasons({ text }), []);
      },
    ),
  );
  // With the complaint marker in the subject, a person chose the subject: the body is not read for signs.
  assert.deepEqual(
    automatedReasons(message({ ...person, text: `${OPENINGS[0]}\n\nMy mail bounces.` }), {
      markerFound: true,
    }),
    [],
  );
});

test('Amazon SES notifications as JSON, plain or with the SNS footer', () => {
  const json = '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent"}}';
  assert.deepEqual(reasons({ text: json }), ['notification_service']);
  const sns = `Notice:\n${json}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\nhttps://sns.eu-central-1.amazonaws.com/unsubscribe.html?SubscriptionArn=arn:aws:sns:x`;
  assert.deepEqual(reasons({ text: sns }), ['notification_service']);
  const envelope = `{\n  "Type" : "Notification",\n  "MessageId" : "1a2b",\n  "TopicArn" : "arn:aws:sns:eu-central-1:123456789012:ses",\n  "Message" : "{\\"notificationType\\":\\"Bounce\\"}"\n}`;
  assert.deepEqual(reasons({ text: envelope }), ['notification_service']);
  // A person who quotes such JSON in their complaint is a person.
  assert.deepEqual(reasons({ text: `Bonjour, votre système m'envoie ceci : ${json}` }), []);
});

test('any Auto-Submitted value but "no" is automated; any value of the list headers is a list', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 40 }), (value) => {
      fc.pre(!/^\s*no\b/i.test(value));
      assert.ok(reasons({ headerLines: [['auto-submitted', value]] }).includes('auto_submitted'));
      assert.ok(reasons({ headerLines: [['list-id', value]] }).includes('mailing_list'));
    }),
  );
});

test('never throws, and a person-written subject and body with no machine sign stay a person', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 300 }),
      fc.string({ maxLength: 2000 }),
      fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 })), { maxLength: 5 }),
      (subject, text, headerLines) => {
        automatedReasons(message({ ...person, subject, text, headerLines }));
        // Text a person types starts with their own words: a letter, not a machine's banner.
        assert.deepEqual(reasons({ subject: `Re: ${subject}`, text: `Bonjour,\n${text}` }), []);
      },
    ),
  );
});

test('hostile header values of any length are matched in bounded time', () => {
  const long = ' '.repeat(200_000);
  const hostile = message({
    ...person,
    subject: `${'a'.repeat(200_000)}:`,
    headerLines: [
      ['from', long],
      ['return-path', long],
      ['sender', `${'x'.repeat(200_000)}-bounces`],
      ['content-type', `multipart/report; report-type${' '.repeat(200_000)}`],
    ],
  });
  // Each of these took seconds or more with patterns that backtrack; the whole reading takes a glance.
  assert.deepEqual(automatedReasons(hostile).includes('bounce_sender'), false);
});

test('the envelope sender the door got: the null sender and mail systems are automated, a person is not', () => {
  const withSender = (envelopeSender: string | null | undefined) =>
    automatedReasons(message({ ...person }), { envelopeSender });
  // A complaint as a person writes it, sent with `MAIL FROM:<>` through a hop that writes no Return-Path.
  assert.deepEqual(withSender(''), ['bounce_sender']);
  assert.deepEqual(withSender('<>'), ['bounce_sender']);
  // Postfix's pipe writes the null sender as MAILER-DAEMON by default.
  assert.deepEqual(withSender('MAILER-DAEMON'), ['bounce_sender']);
  assert.deepEqual(withSender('postmaster@mx.example'), ['bounce_sender']);
  assert.deepEqual(withSender('marie.martin@example.fr'), []);
  // Unknown (IMAP: the Return-Path field says it) is no sign.
  assert.deepEqual(withSender(undefined), []);
  assert.deepEqual(withSender(null), []);
});
