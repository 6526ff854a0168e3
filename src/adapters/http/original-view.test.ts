import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attachmentDisposition,
  safeFilename,
  sanitizeMailHtml,
  viewOriginal,
  viewOriginalHere,
} from './original-view.ts';

describe('showing inbound mail', () => {
  it('removes scripts, event handlers, javascript: and data: links, styles, images, frames and forms', async () => {
    const out = await sanitizeMailHtml(
      '<p style="color:red" onclick="x()">Hi<script>alert(1)</script></p>' +
        '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt&#58;alert(1)">b</a><a href="data:text/html,x">c</a>' +
        '<a href="//evil.example">d</a><a href="mailto:a@example.org" target="_self">e</a>' +
        '<img src="https://t.example/p.gif"><iframe src="https://x"></iframe><form><input></form><svg onload="x()"></svg>',
    );
    assert.equal(
      out,
      '<p>Hi</p><a target="_blank" rel="noopener noreferrer nofollow">a</a>' +
        '<a target="_blank" rel="noopener noreferrer nofollow">b</a><a target="_blank" rel="noopener noreferrer nofollow">c</a>' +
        '<a target="_blank" rel="noopener noreferrer nofollow">d</a>' +
        '<a href="mailto:a@example.org" target="_blank" rel="noopener noreferrer nofollow">e</a>',
    );
  });

  it('shows a message written with CR alone as the same message written with CRLF', async () => {
    const lines = [
      'From: a@example.net',
      'Subject: x',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html',
      '',
      '<p>Bonjour</p>',
      '--b',
      'Content-Type: application/pdf; name="a.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--b--',
      '',
    ];
    const crlf = await viewOriginalHere(new TextEncoder().encode(lines.join('\r\n')), 'message/rfc822');
    const cr = await viewOriginalHere(new TextEncoder().encode(lines.join('\r')), 'message/rfc822');
    assert.match(crlf.html ?? '', /Bonjour/);
    assert.equal(crlf.attachments.length, 1);
    assert.deepEqual(cr, crlf);
  });

  it('names downloads safely: no paths or control characters, a UTF-8 name beside an ASCII one', () => {
    assert.equal(safeFilename('../../etc/passwd', 0), '_.._etc_passwd');
    assert.equal(safeFilename('a\r\nb.pdf', 0), 'a_b.pdf');
    assert.equal(safeFilename('', 2), 'attachment-3');
    assert.equal(
      attachmentDisposition('Rechnung März "final".pdf'),
      `attachment; filename="Rechnung M_rz _final_.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%22final%22.pdf`,
    );
  });
});

describe('the viewer thread', () => {
  it('does not keep the process alive while it waits for the next view (a command or test file can end)', async () => {
    const holding = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'MessagePort' || r === 'Worker').length;
    const before = holding();
    const view = await viewOriginal(
      Buffer.from('From: a@example.org\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n<p>Hello</p>\r\n'),
      'message/rfc822',
    );
    // The view came from the worker: it is running and idle now, and must not be what holds the event loop.
    assert.match(view.html ?? '', /Hello/);
    assert.equal(holding(), before, process.getActiveResourcesInfo().join(', '));
  });
});
