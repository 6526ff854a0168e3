// A private Dovecot IMAP server for tests: its own configuration in a temporary folder, a free port above
// 1024, no SSL, one user in a passwd-file, maildirs in the temporary folder. Debian's `dovecot-imapd`
// (.ci/run installs it). Started in the foreground (-F) as a child process and stopped at the end.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT_MISSING =
  spawnSync('dovecot', ['--version']).status !== 0
    ? 'dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it)'
    : false;

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  /** The server's own folder (its configuration, the passwd-file, the mail), for tests that change it under it. */
  dir: string;
  /** The user's maildir (INBOX at its top, a folder F in `.F`), for messages no IMAP client could append. */
  mailDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}):\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'redress-dovecot-'));
  // Dovecot's own users (dovecot, dovenull) must reach the passwd-file; mail is kept as `nobody`.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state']) mkdirSync(join(dir, sub));
  mkdirSync(join(dir, 'mail'), { mode: 0o777 });
  chmodSync(join(dir, 'mail'), 0o777);
  const port = await freePort();
  const user = 'redress';
  const password = 'imap-test-secret';
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = redress-test-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
default_internal_user = dovecot
default_login_user = dovenull
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/mail/%u
}
`,
  );
  const child = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => out);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    user,
    password,
    dir,
    mailDir: join(dir, 'mail', user),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP proxy in front of a server, whose connections a test can cut (a dropped connection). */
export interface TcpProxy {
  port: number;
  /** Cuts every open connection at once. */
  dropAll(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    dropAll() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    connections: () => sockets.size / 2,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An IMAP client signed in to the test server as its user, to put messages in and look at folders as a mail program would. */
export async function adminClient(dovecot: Dovecot): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  return client;
}

/**
 * The complaints mailbox as Redress is configured to poll it on the test server, at `port` (the server's own, or a
 * proxy in front of it): its INBOX, moved to `Redress-Processed` once stored, polled every second.
 */
export function testImapBox(dovecot: Dovecot, port = dovecot.port) {
  return {
    mailbox: 'complaints',
    host: '127.0.0.1',
    port,
    secure: false,
    user: dovecot.user,
    password: dovecot.password,
    folder: 'INBOX',
    processedFolder: 'Redress-Processed',
    pollSeconds: 1,
    leaseSeconds: 60,
  };
}
