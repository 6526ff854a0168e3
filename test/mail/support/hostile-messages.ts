// Messages an attacker would send to stall a mail intake (tests and bench/hostile.bench.ts).

/** A message whose HTML part is about `bytes` of nested unclosed tags (parsers take quadratic time on it). */
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
