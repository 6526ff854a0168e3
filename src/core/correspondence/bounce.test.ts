// Reading a bounce of our own mail whatever its line endings: a report written with CR alone names the same
// status and Message-IDs as the same report with CRLF.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBounce } from './bounce.ts';

const report = [
  'From: MAILER-DAEMON@mx.example.net',
  'Subject: Undelivered Mail Returned to Sender',
  '',
  'Reporting-MTA: dns; mx.example.net',
  '',
  'Final-Recipient: rfc822; anna@example.net',
  'Action: failed',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
  '',
  'Message-ID: <ack-1@redress.example.org>',
  '',
];

test('a bounce reads the same with CRLF, LF or CR alone', () => {
  const crlf = readBounce(report.join('\r\n'));
  assert.deepEqual(crlf, {
    failed: true,
    status: '5.1.1',
    diagnostic: '550 5.1.1 user unknown',
    messageIds: ['<ack-1@redress.example.org>'],
  });
  assert.deepEqual(readBounce(report.join('\n')), crlf);
  assert.deepEqual(readBounce(report.join('\r')), crlf);
});
