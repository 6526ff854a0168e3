// A plain SMTP client for tests that need what mail libraries do not send, such as the null envelope sender
// (`MAIL FROM:<>`) of bounces and auto-replies.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';

/**
 * One message through a plain SMTP exchange, with `mailFrom` as the envelope sender exactly as given ('' is the
 * null sender `<>`). Resolves with the reply to the message's data.
 */
export async function smtpSend(port: number, mailFrom: string, rcptTo: string, raw: Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('latin1');
  let buffered = '';
  const replies: string[] = [];
  let wake: (() => void) | null = null;
  socket.on('data', (d: string) => {
    buffered += d;
    // A reply ends with a line whose code is followed by a space.
    for (let m = /^(\d{3}) .*\r?\n/m.exec(buffered); m; m = /^(\d{3}) .*\r?\n/m.exec(buffered)) {
      replies.push(m[0].trim());
      buffered = buffered.slice(m.index + m[0].length);
    }
    wake?.();
  });
  const next = async (): Promise<string> => {
    while (replies.length === 0) {
      if (socket.destroyed) throw new Error('the connection closed');
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = null;
    }
    return replies.shift()!;
  };
  const command = async (line: string | Buffer, expect: RegExp) => {
    socket.write(Buffer.isBuffer(line) ? Buffer.concat([line, Buffer.from('\r\n')]) : `${line}\r\n`);
    const reply = await next();
    assert.match(reply, expect, `${Buffer.isBuffer(line) ? 'the message' : line} → ${reply}`);
    return reply;
  };
  await once(socket, 'connect');
  assert.match(await next(), /^220 /);
  await command('EHLO probe.example', /^250 /);
  await command(`MAIL FROM:<${mailFrom}>`, /^250 /);
  await command(`RCPT TO:<${rcptTo}>`, /^250 /);
  await command('DATA', /^354 /);
  // The message's bytes as they are (a string would be written as UTF-8, doubling every 8-bit byte), dot-stuffed
  // (RFC 5321: a line that starts with a dot gets one more), then the final dot.
  const stuffed = Buffer.from(raw.toString('latin1').replace(/(^|\r\n)\./g, '$1..'), 'latin1');
  const reply = await command(Buffer.concat([stuffed, Buffer.from('\r\n.')]), /^\d{3} /);
  socket.end('QUIT\r\n');
  return reply;
}
