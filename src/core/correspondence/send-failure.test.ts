// The rule that sorts a failed send (sortSendFailure), over real servers' answers: which refusals are the
// recipient's address (a bounce), which are the message (the item fails), which are our own set-up (the item is
// held until the operator fixes the relay settings, and staff are told), and which are temporary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SendFailureKind, type SmtpRefusal, sortSendFailure } from './outgoing-mail.ts';

type Row = [server: string, refusal: SmtpRefusal, kind: SendFailureKind];

// As nodemailer reports them: `command` is the command refused, `response` the server's whole reply.
const ANSWERS: Row[] = [
  // Our relay's password wrong, or no login where one is required.
  [
    'Postfix',
    {
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      responseCode: 535,
      response: '535 5.7.8 Error: authentication failed: authentication failure',
    },
    'setup',
  ],
  [
    'Exim',
    {
      code: 'EAUTH',
      command: 'AUTH LOGIN',
      responseCode: 535,
      response: '535 Incorrect authentication data',
    },
    'setup',
  ],
  [
    'Gmail',
    {
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      responseCode: 535,
      response:
        '535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials',
    },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EAUTH',
      command: 'AUTH LOGIN',
      responseCode: 535,
      response:
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
    },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EAUTH',
      command: 'AUTH LOGIN',
      responseCode: 535,
      response: '535 5.7.3 Authentication unsuccessful',
    },
    'setup',
  ],
  ['nodemailer (no password configured)', { code: 'EAUTH', command: 'API' }, 'setup'],
  [
    'Gmail',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 530,
      response:
        '530-5.7.0 Authentication Required. For more information, go to\n530 5.7.0  https://support.google.com/mail/?p=WantAuthError',
    },
    'setup',
  ],
  [
    'Postfix',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 530,
      response: '530 5.7.0 Must issue a STARTTLS command first',
    },
    'setup',
  ],
  [
    'Exim',
    { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 530, response: '530 Authentication required' },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 530,
      response: '530 5.7.57 Client not authenticated to send mail. [AM0PR02CA0001.eurprd02.prod.outlook.com]',
    },
    'setup',
  ],
  // Our sender address not allowed by the relay.
  [
    'Postfix',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 553,
      response:
        '553 5.7.1 <complaint@example.org>: Sender address rejected: not owned by user relay@example.org',
    },
    'setup',
  ],
  [
    'Postfix (restrictions at RCPT)',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 553,
      response: '553 5.7.1 <complaint@example.org>: Sender address rejected: not logged in',
    },
    'setup',
  ],
  [
    'Postfix (restrictions at RCPT)',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response:
        '550 5.1.0 <complaint@example.org>: Sender address rejected: User unknown in local recipient table',
    },
    'setup',
  ],
  [
    'Postfix (restrictions at RCPT)',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 450,
      response: '450 4.1.8 <complaint@example.org>: Sender address rejected: Domain not found',
    },
    'temporary',
  ],
  [
    'Exim',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response:
        '550-Verification failed for <complaint@example.org>\n550-Unrouteable address\n550 Sender verify failed',
    },
    'setup',
  ],
  [
    'Exim',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 550,
      response: '550 Submission mode requires a fully qualified domain name',
    },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 554,
      response:
        '554 5.2.252 SendAsDenied; complaint@example.org not allowed to send as complaint@example.org',
    },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 550,
      response: '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    },
    'setup',
  ],
  // Relaying refused.
  [
    'Postfix',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 554,
      response: '554 5.7.1 <someone@example.net>: Relay access denied',
    },
    'setup',
  ],
  [
    'Exim',
    { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 relay not permitted' },
    'setup',
  ],
  [
    'Gmail (smtp-relay)',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response:
        '550 5.7.0 Mail relay denied [203.0.113.7]. Invalid credentials for relay for one of the domains in: example.org',
    },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 5.7.64 TenantAttribution; Relay Access Denied [AM0PR02MB1234.eurprd02.prod.outlook.com]',
    },
    'setup',
  ],
  [
    'Microsoft 365',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 550,
      response: '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
    },
    'setup',
  ],
  [
    'Postfix',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 554,
      response: '554 5.7.1 <unknown[203.0.113.7]>: Client host rejected: Access denied',
    },
    'setup',
  ],
  // The recipient's address or mailbox.
  [
    'Postfix',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response:
        '550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in local recipient table',
    },
    'recipient',
  ],
  [
    'Exim',
    { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 Unrouteable address' },
    'recipient',
  ],
  [
    'Gmail',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response:
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1 double-checking the recipient's email address for typos",
    },
    'recipient',
  ],
  [
    'Gmail',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 5.2.1 The email account that you tried to reach is disabled.',
    },
    'recipient',
  ],
  [
    'Microsoft 365',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    },
    'recipient',
  ],
  // The message itself.
  [
    'Postfix',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 552,
      response: '552 5.3.4 Message size exceeds fixed limit',
    },
    'message',
  ],
  [
    'Postfix (SIZE declared)',
    {
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      responseCode: 552,
      response: '552 5.3.4 Message size exceeds fixed limit',
    },
    'message',
  ],
  [
    'Gmail',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 552,
      response: "552-5.2.3 Your message exceeded Google's message size limits.",
    },
    'message',
  ],
  [
    'Gmail',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 550,
      response:
        '550-5.7.1 [203.0.113.7] Our system has detected that this message is likely unsolicited mail.',
    },
    'message',
  ],
  [
    'Exim',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 550,
      response: '550 Rejected: message contains a virus',
    },
    'message',
  ],
  [
    'Microsoft 365',
    {
      code: 'EMESSAGE',
      command: 'DATA',
      responseCode: 550,
      response: '550 5.7.520 Access denied, Your organization does not allow external forwarding.',
    },
    'message',
  ],
  // Temporary: 4xx answers and network faults, retried as before.
  [
    'Postfix',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 451,
      response: '451 4.3.0 Error: queue file write error',
    },
    'temporary',
  ],
  [
    'Gmail',
    {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 421,
      response: '421-4.7.0 Try again later, closing connection.',
    },
    'temporary',
  ],
  [
    'Microsoft 365',
    {
      code: 'EAUTH',
      command: 'AUTH LOGIN',
      responseCode: 454,
      response: '454 4.7.0 Temporary authentication failure',
    },
    'temporary',
  ],
  ['network', { code: 'ECONNECTION', command: 'CONN' }, 'temporary'],
  ['network', { code: 'ETIMEDOUT', command: 'CONN' }, 'temporary'],
];

describe('sorting a failed send (sortSendFailure)', () => {
  for (const [server, refusal, kind] of ANSWERS)
    it(`${kind}: ${server}, ${refusal.command ?? ''} ${refusal.response?.split('\n')[0] ?? refusal.code}`, () => {
      assert.equal(sortSendFailure(refusal), kind);
    });

  it('never fails an item for a 4xx answer or a fault without an answer', () => {
    for (const [, refusal] of ANSWERS)
      if (refusal.responseCode === undefined || refusal.responseCode < 500)
        assert.ok(['temporary', 'setup'].includes(sortSendFailure(refusal)));
  });
});
