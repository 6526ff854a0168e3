// A keep-alive HTTP client for the page benchmarks: GET a path on a loopback port, resolve with the status and
// the whole body. The same client asks Redress and the ceiling, so what it costs weighs on both alike.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Lets the process exit: closes the idle keep-alive sockets. */
export function closeHttpClient(): void {
  agent.destroy();
}
