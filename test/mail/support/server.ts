// `redress start` as a child process, for tests that kill it or run other processes beside it.
import { type ChildProcess, spawn } from 'node:child_process';

const bin = new URL('../../../bin/redress.js', import.meta.url).pathname;

export interface ServerProcess {
  child: ChildProcess;
  smtpPort: number;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL at once: no chance to finish anything. */
  kill(): Promise<void>;
}

export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      REDRESS_DATABASE_URL: databaseUrl,
      REDRESS_PORT: '0',
      REDRESS_SMTP_PORT: '0',
      REDRESS_LOG_LEVEL: 'warn',
      // Acknowledgements are queued in the outbox; nothing is sent from tests.
      REDRESS_OUTBOUND_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const smtpPort = await new Promise<number>((resolve, reject) => {
    // Three minutes, a safety net and not a timing check: start-up takes a few seconds, but on a machine shared by
    // several test runs it has taken over 45 s (the same work, waiting for a core). If the server never says it
    // listens, the child is killed, so that no orphaned server keeps the test runner waiting.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server printed no SMTP address within 3 minutes:\n${out}`));
    }, 180_000);
    const look = () => {
      const m = /receives mail by SMTP on [^\s]+:(\d+)/.exec(out);
      if (m && /listening on http/.test(out)) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    child,
    smtpPort,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `redress ARGS` with a message on standard input; resolves with the exit code and output. */
export function runRedress(
  args: string[],
  input: Buffer,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
