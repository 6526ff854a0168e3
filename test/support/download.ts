// A download the server cuts short by one of its time budgets (src/adapters/http/download-budget.ts), watched
// from a real client connection: the server's log says when and why it cut, because the client learns of it only
// once it has read what its side of the connection already holds.
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import type { TestApp } from './http.ts';

/** How many downloads the server has cut short so far for a reason matching `reason`. */
const downloadsCut = (t: TestApp, reason: RegExp) =>
  t.logs.filter((l) => l.includes('export download cut short') && reason.test(l)).length;

/**
 * Starts a download of `url` with `read` deciding how the client reads, and resolves when the server has cut it
 * short for `reason`, with the time that took and the bytes the client took by then (rejects after 30 s).
 */
export const downloadCutShort = (
  t: TestApp,
  url: string,
  cookie: string,
  read: (res: IncomingMessage) => void,
  reason: RegExp,
) =>
  new Promise<{ bytes: number; ms: number }>((resolve, reject) => {
    const started = Date.now();
    let bytes = 0;
    const req = get(url, { headers: { cookie } }, (res) => {
      assert.equal(res.statusCode, 200);
      res.on('data', (c: Buffer) => {
        bytes += c.byteLength;
      });
      res.on('error', () => {});
      read(res);
      const poll = setInterval(() => {
        if (downloadsCut(t, reason) === 0 && Date.now() - started < 30_000) return;
        clearInterval(poll);
        const ms = Date.now() - started;
        req.destroy();
        if (downloadsCut(t, reason) === 0) reject(new Error(`not cut short after ${ms} ms`));
        else resolve({ bytes, ms });
      }, 20);
    });
    req.on('error', () => {});
  });

/** A client that takes the first bytes and then nothing more. */
export const stopsReading = (res: IncomingMessage) => {
  res.once('data', () => res.pause());
};

/** A client that takes `bytes` every 100 ms: never idle for long, too slow to finish a large download in time. */
export const trickles = (bytes: number) => (res: IncomingMessage) => {
  res.pause();
  const tick = setInterval(() => {
    if (res.destroyed) clearInterval(tick);
    else res.read(bytes);
  }, 100);
  res.on('close', () => clearInterval(tick));
};
