// The request time limit (http.requestTimeoutMs) is kept to within about a second, whatever a client does: one that
// sends its request a few bytes at a time, each soon enough that the connection never goes idle (a slow-headers
// attack, "slowloris"), is cut once the limit has passed, not when Node happens to look next. Node looks for
// requests over their time every `connectionsCheckingInterval`, thirty seconds unless the server sets it, so
// without app.ts setting it a request could take the limit and up to thirty seconds more.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { listeningTestApp } from '../support/http.ts';

/** Sends a request's header lines one every `everyMs`, never ending them; resolves when the server closes. */
function dripHeaders(
  port: number,
  everyMs: number,
  giveUpMs: number,
): Promise<{ closedAfterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const t0 = performance.now();
    let answer = '';
    let n = 0;
    socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\nHost: redress.test\r\n'));
    socket.on('data', (d) => {
      answer += d;
    });
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Drip-${n++}: a\r\n`);
    }, everyMs);
    const giveUp = setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error(`the server still read the request after ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: performance.now() - t0, answer });
    });
    socket.on('error', () => {});
  });
}

test('a request that never ends is cut soon after the request time limit, not up to thirty seconds later', async () => {
  const t = await listeningTestApp({ env: { REDRESS_HTTP_REQUEST_TIMEOUT_MS: '1000' } });
  try {
    // A header line every 200 ms: the connection is never idle, so only the request time limit can end it. The
    // bound of 12 s is a safety net far above the limit and its check (about 2 s), and far below the thirty
    // seconds Node would otherwise take to look.
    const { closedAfterMs, answer } = await dripHeaders(t.port, 200, 12_000);
    assert.ok(closedAfterMs >= 900, `cut before its time limit: ${closedAfterMs} ms`);
    // Node answers 408 when it cuts a request over its time, unless the socket could not be written.
    if (answer) assert.match(answer, /^HTTP\/1\.1 408/);
    // A request within its limit is still served on a fresh connection.
    const res = await fetch(`http://127.0.0.1:${t.port}/health`);
    assert.equal(res.status, 200);
  } finally {
    await t.close();
  }
});
