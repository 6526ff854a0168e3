// Messages an attacker would send to stall a mail intake (tests and bench/hostile.bench.ts).

/**
 * A message whose HTML part is about `bytes` of nested unclosed tags (HTML parsers take quadratic time on it
 * unless its depth is bounded first: src/adapters/mail/html-nesting.ts).
 */
export function nestedHtmlMessage(bytes: number, messageId: string): Buffer {
  const unit = '<div><span><b><i><font>';
  return Buffer.from(
    [
      'From: Eve <eve@example.net>',
      'To: complaint@example.org',
      'Subject: nested',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><body>${unit.repeat(Math.ceil(bytes / unit.length))}`,
      '',
    ].join('\r\n'),
  );
}

/**
 * A message whose HTML part is about `bytes` of short bold words: well formed and within every bound, yet the
 * costliest kind of HTML to read per byte (one element per few bytes). At 2 MB its reading takes a good part of
 * a second of CPU time, so a test that lowers the reading budget sees it go over.
 */
export function costlyHtmlMessage(bytes: number, messageId: string): Buffer {
  const unit = '<b>x</b> ';
  return Buffer.from(
    [
      'From: Eve <eve@example.net>',
      'To: complaint@example.org',
      'Subject: costly',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><body><p>${unit.repeat(Math.ceil(bytes / unit.length))}</p></body></html>`,
      '',
    ].join('\r\n'),
  );
}

/** A plain-text message of about `bytes` (lines of 76 characters), within a 25 MB limit when asked for less. */
export function hugeTextMessage(bytes: number, messageId: string): Buffer {
  const line = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod te'.slice(0, 76)}\r\n`;
  return Buffer.from(
    [
      'From: Eve <eve@example.net>',
      'To: complaint@example.org',
      'Subject: huge',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      line.repeat(Math.ceil(bytes / line.length)),
    ].join('\r\n'),
  );
}
