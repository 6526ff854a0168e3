// Tools for the fault tests: a TCP proxy in front of PostgreSQL that the test can cut and restore (the database
// "unreachable" as a network fault or a restarted server looks to Redress), and a small tmpfs so that a SQLite
// database can run out of disk for real.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smtpClient } from '../support/smtp-client.ts';

export interface CuttableProxy {
  port: number;
  /** Drops every open connection and refuses new ones at once (as a database that went away). */
  cut(): void;
  /**
   * Lets nothing through and answers nothing, as a network that drops packets: open connections stall, new ones
   * are accepted and never answered.
   */
  hang(): void;
  /** Lets connections through again (stalled ones resume; those opened meanwhile are dropped). */
  restore(): void;
  close(): Promise<void>;
}

/** A proxy on a free local port forwarding to `target`; `urlThrough` rewrites a database URL to go through it. */
export async function startProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  const stalled = new Set<net.Socket>();
  let down = false;
  let hanging = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    if (hanging) {
      // Accepted and never answered; dropped when the network comes back (the client then tries again).
      client.pause();
      client.on('error', () => {});
      stalled.add(client);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const proxy: CuttableProxy = {
    port,
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    hang() {
      hanging = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    restore() {
      down = false;
      if (hanging) {
        hanging = false;
        for (const [client, upstream] of pairs) {
          client.pipe(upstream);
          upstream.pipe(client);
        }
        for (const s of stalled) s.destroy();
        stalled.clear();
      }
    },
    async close() {
      proxy.cut();
      for (const s of stalled) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

/** The same database URL, through the proxy. */
export function urlThrough(url: string, proxy: CuttableProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}

export interface SmallDisk {
  dir: string;
  remove(): void;
}

/**
 * A tmpfs of `megabytes` mounted on a new temporary folder, or null with the reason when this machine does not
 * allow it (mounting needs root or CAP_SYS_ADMIN). Space on it runs out for real: SQLite then gets SQLITE_FULL.
 */
export function smallDisk(megabytes: number): SmallDisk | string {
  const dir = mkdtempSync(join(tmpdir(), 'redress-small-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${String(r.stderr).trim() || `exit ${r.status}`}); the disk-full test needs root`;
  }
  return {
    dir,
    remove() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { until } from '../support/until.ts';

/**
 * Sends one message by SMTP; resolves with the reply code (250, or the code of the refusal). A connection closed
 * before any reply is tried again, as a sending MTA would, a few times (said on stderr, so a run shows it): what
 * the test checks is the reply the server gives to a message, and the server's own output tells whether it was up.
 */
export async function smtpSend(port: number, raw: Buffer, output: () => string = () => ''): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const transport = smtpClient(port);
    try {
      const info = await transport.sendMail({
        envelope: { from: 'sender@example.net', to: ['complaint@example.org'] },
        raw,
      });
      return Number(String(info.response).slice(0, 3));
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      if (code !== undefined) return code;
      // Anything else (a connection refused: no listener on the port) fails with what the server said, so that a
      // failure names its cause (the server gone, its SMTP thread restarting).
      if ((e as { code?: string }).code !== 'ECONNECTION' || attempt === 3)
        throw new Error(`${(e as Error).message}; the server said:\n${output()}`, { cause: e });
      process.stderr.write(
        `SMTP connection closed before a reply (attempt ${attempt}); server said:\n${output()}\n`,
      );
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      transport.close();
    }
  }
}
