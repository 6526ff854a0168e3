// A minimal SMTP client for the ingest benchmark: one connection, PIPELINING (MAIL, RCPT and DATA in one
// write), one message at a time, resolves with the reply to the message. Lighter than a full client, so the
// benchmark measures the server, not the client.
import net from 'node:net';

export class SmtpConnection {
  readonly #socket: net.Socket;
  #buffer = '';
  #waiting: Array<(line: string) => void> = [];
  #lines: string[] = [];

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let i = this.#buffer.indexOf('\r\n');
      while (i >= 0) {
        const line = this.#buffer.slice(0, i);
        this.#buffer = this.#buffer.slice(i + 2);
        // Multi-line replies (250-…) end with the line whose fourth character is a space.
        if (line[3] !== '-') {
          const w = this.#waiting.shift();
          if (w) w(line);
          else this.#lines.push(line);
        }
        i = this.#buffer.indexOf('\r\n');
      }
    });
  }

  static async open(port: number, host = '127.0.0.1'): Promise<SmtpConnection> {
    const socket = net.connect(port, host);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const c = new SmtpConnection(socket);
    await c.#expect('220');
    c.#socket.write('EHLO bench.example.net\r\n');
    await c.#expect('250');
    return c;
  }

  #reply(): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async #expect(code: string): Promise<string> {
    const line = await this.#reply();
    if (!line.startsWith(code)) throw new Error(`expected ${code}, got: ${line}`);
    return line;
  }

  /** Sends one message (dot-stuffed here); resolves with the final reply line (250 …) or throws. */
  async send(from: string, to: string, raw: Buffer): Promise<string> {
    this.#socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    await this.#expect('250');
    await this.#expect('250');
    await this.#expect('354');
    const text = raw.toString('latin1').replace(/^\./gm, '..');
    this.#socket.write(text.endsWith('\r\n') ? `${text}.\r\n` : `${text}\r\n.\r\n`);
    return this.#expect('250');
  }

  async close(): Promise<void> {
    this.#socket.write('QUIT\r\n');
    await this.#reply().catch(() => {});
    this.#socket.destroy();
  }
}
