// The IMAP door against a real Dovecot misbehaving as real mailboxes do: the folder deleted and made again (a new
// UIDVALIDITY, with messages already filed among new ones), messages no mail program would send (empty, without
// a header, of the size limit and just over it, 8-bit headers, bare LF), the folder or the processed folder gone
// while Redress runs, a folder Redress may read but not change (MOVE and STORE refused, or MOVE answered OK with
// the message left in place), the password changed, the connection cut in the middle of a FETCH, three hundred
// messages delivered at once, and Redress killed between filing a message and moving it. Each time: every message
// filed once or left with its reason in the log, never fetched again and again, the other mailbox going on, and
// the poller finding its way back by itself once the fault is gone.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { ImapPoller, type ImapPollerOptions } from '../../src/adapters/mail/imap-poller.ts';
import type { InboundEmail } from '../../src/app/prepare-email.ts';
import { ENGINES } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { adminClient, DOVECOT_MISSING, type Dovecot, startDovecot, testImapBox } from './support/dovecot.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

/** A logger whose lines the test reads (level warn and above). */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

/** A TCP proxy in front of Dovecot that cuts every connection once `cutAfter` more bytes came from the server. */
async function startCuttingProxy(targetPort: number) {
  const sockets = new Set<net.Socket>();
  let armed: number | null = null;
  let cuts = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.on('data', (d: Buffer) => {
      if (armed !== null) {
        armed -= d.byteLength;
        if (armed <= 0) {
          armed = null;
          cuts++;
          // Part of the literal reached the client, then the server went away.
          client.write(d.subarray(0, Math.max(0, d.byteLength / 2)));
          for (const s of sockets) s.destroy();
          return;
        }
      }
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cutAfter(bytes: number) {
      armed = bytes;
    },
    cuts: () => cuts,
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

for (const engine of ENGINES) {
  describe(`IMAP door probed with a misbehaving Dovecot (${engine})`, { skip: DOVECOT_MISSING }, () => {
    let dovecot: Dovecot;
    let h: Harness;
    let admin: ImapFlow;

    before(async () => {
      dovecot = await startDovecot();
      h = await startHarness(engine);
      admin = await adminClient(dovecot);
    });
    after(async () => {
      await admin?.logout().catch(() => {});
      await h?.close();
      await dovecot?.stop();
    });

    const countIn = async (path: string) => {
      if (admin.mailbox) await admin.mailboxClose();
      const status = await admin.status(path, { messages: true }).catch(() => null);
      return status ? (status.messages ?? 0) : -1;
    };
    const stored = async () => (await h.counts()).correspondence;
    /** Puts `raw` in `folder` as a delivery agent would: a file in its maildir, whatever its bytes. */
    const deliver = (folder: string, raw: Buffer | string) => {
      const dir = folder === 'INBOX' ? dovecot.mailDir : join(dovecot.mailDir, `.${folder}`);
      writeFileSync(join(dir, 'new', `${Date.now()}.${randomUUID()}.probe`), raw, { mode: 0o666 });
    };
    const poller = (folder: string, extra: Partial<ImapPollerOptions> = {}, port = dovecot.port) => {
      const log = capturedLogger();
      const handed: string[] = [];
      const p = new ImapPoller({
        box: { ...testImapBox(dovecot, port), folder },
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        logger: log.logger,
        async receive(email: InboundEmail) {
          handed.push(Buffer.from(email.raw).toString('latin1'));
          return h.intake.receive(email);
        },
        setAside: async () => {},
        ...extra,
      });
      return { p, lines: log.lines, handed };
    };

    it('files every odd message Dovecot serves, or leaves it with its reason, and goes on to the next', async () => {
      await admin.mailboxCreate('Odd');
      const limit = 4096;
      const head = (id: string) =>
        `From: Odd <odd@example.net>\r\nTo: complaint@example.org\r\nSubject: odd\r\nMessage-ID: <${id}@example.net>\r\n\r\n`;
      const sized = (id: string, size: number) => {
        const h0 = head(id);
        return Buffer.from(h0 + 'x'.repeat(size - h0.length - 2) + '\r\n');
      };
      const exact = sized('exact', limit);
      const over = sized('over', limit + 1);
      assert.equal(exact.byteLength, limit);
      const odd = {
        empty: Buffer.alloc(0),
        headerless: Buffer.from('Just a line of text, no header at all.\r\nAnother one.\r\n'),
        exact,
        over,
        eightBit: Buffer.concat([
          Buffer.from('From: J\xfcrgen M\xfcller <jm@example.net>\r\nSubject: Beschwerde \xfcber ', 'latin1'),
          Buffer.from(
            'Rechnung – größer\r\nTo: complaint@example.org\r\nMessage-ID: <8bit@example.net>\r\n\r\nText.\r\n',
          ),
        ]),
        bareLf: Buffer.from(
          'From: Lf <lf@example.net>\nTo: complaint@example.org\nSubject: bare LF\nMessage-ID: <lf@example.net>\n\nLine one.\nLine two.\n',
        ),
      };
      for (const raw of Object.values(odd)) deliver('Odd', raw);
      const last = rawMessage({ from: 'After <after@example.net>', body: 'The message after the odd ones.' });
      deliver('Odd', last);
      const before = await stored();
      const { p, lines, handed } = poller('Odd', { maxMessageBytes: limit });
      p.start();
      try {
        await until('the message after the odd ones filed', () =>
          handed.some((r) => r.includes(messageIdOf(last))),
        );
        await until(
          () => `only the message over the limit left (${JSON.stringify(lines.map((l) => l.msg))})`,
          async () => (await countIn('Odd')) === 1,
          20_000,
        );
        assert.equal(p.stats.tooLarge, 1);
        assert.ok(
          handed.some((r) => r.includes('<exact@example.net>')),
          'the message of exactly the limit',
        );
        assert.ok(!handed.some((r) => r.includes('<over@example.net>')), 'the one over it never fetched');
        assert.equal(await stored(), before + 6, 'each of the others filed once');
        assert.ok(handed.includes(''), 'the empty message was handed over');
        assert.equal(p.stats.failures, 0);
      } finally {
        await p.stop();
      }
    });

    it('files nothing twice and skips nothing when the folder is deleted and made again (a new UIDVALIDITY)', async () => {
      await admin.mailboxCreate('Again');
      const a = rawMessage({
        from: 'A <a@example.net>',
        body: 'First, filed before the folder is made again.',
      });
      const b = rawMessage({ from: 'B <b@example.net>', body: 'Second, filed before too.' });
      await admin.append('Again', a);
      await admin.append('Again', b);
      const before = await stored();
      const { p, lines } = poller('Again');
      const other = poller('Other');
      await admin.mailboxCreate('Other');
      p.start();
      other.p.start();
      try {
        await until('a and b filed and moved', async () => (await countIn('Again')) === 0);
        assert.equal(await stored(), before + 2);
        const first = await admin.status('Again', { uidValidity: true });
        assert.ok(first);
        // Deleted while the poller has it open, then made again with the same messages and a new one.
        await admin.mailboxDelete('Again');
        const c = rawMessage({ from: 'C <c@example.net>', body: 'New, in the folder made again.' });
        await admin.append('Other', rawMessage({ from: 'O <o@example.net>', body: 'The other mailbox.' }));
        await until('the other mailbox goes on', async () => (await countIn('Other')) === 0);
        await new Promise((r) => setTimeout(r, 1500));
        await admin.mailboxCreate('Again');
        const now = await admin.status('Again', { uidValidity: true });
        assert.ok(now);
        assert.notEqual(now.uidValidity, first.uidValidity, 'a new UIDVALIDITY');
        await admin.append('Again', b);
        await admin.append('Again', c);
        await admin.append('Again', a);
        await until(
          () => `the folder made again emptied (${JSON.stringify(lines.map((l) => l.msg))})`,
          async () => (await countIn('Again')) === 0,
          30_000,
        );
        assert.equal(await stored(), before + 4, 'only c and the other mailbox message were new');
        assert.ok(
          lines.some((l) => String(l.msg).includes('the folder Again is not on the server')),
          `the log says the folder is gone: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        await p.stop();
        await other.p.stop();
      }
    });

    it('makes the processed folder again when it is deleted, instead of fetching the same message for ever', async () => {
      await admin.mailboxCreate('Moves');
      const { p, handed } = poller('Moves');
      p.start();
      try {
        const first = rawMessage({ from: 'M1 <m1@example.net>', body: 'Before the processed folder goes.' });
        await admin.append('Moves', first);
        await until('the first message moved', async () => (await countIn('Moves')) === 0);
        await admin.mailboxDelete('Redress-Processed');
        const before = await stored();
        const second = rawMessage({ from: 'M2 <m2@example.net>', body: 'After the processed folder went.' });
        await admin.append('Moves', second);
        await until('the second message filed', async () => (await stored()) === before + 1);
        await until(
          () =>
            `the second message moved (fetched ${handed.filter((r) => r.includes(messageIdOf(second))).length} times)`,
          async () => (await countIn('Moves')) === 0,
          10_000,
        );
        assert.equal(await countIn('Redress-Processed'), 1, 'in the processed folder made again');
        const fetched = handed.filter((r) => r.includes(messageIdOf(second))).length;
        assert.ok(fetched <= 2, `fetched ${fetched} times`);
        assert.equal(await stored(), before + 1);
      } finally {
        await p.stop();
      }
    });

    it('waits longer and longer while the server refuses to move filed messages, and moves them once it accepts', async () => {
      await admin.mailboxCreate('Stuck');
      await admin.mailboxCreate('Stuck-Processed');
      const target = join(dovecot.mailDir, '.Stuck-Processed');
      const { p, lines, handed } = poller('Stuck', {
        box: { ...testImapBox(dovecot), folder: 'Stuck', processedFolder: 'Stuck-Processed' },
      });
      // Dovecot (not root) may no longer write the processed folder: every MOVE there is refused.
      for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(target, sub), 0o555);
      const raw = rawMessage({ from: 'S <s@example.net>', body: 'Filed, but the move is refused.' });
      await admin.append('Stuck', raw);
      const before = await stored();
      p.start();
      try {
        await until('filed', async () => (await stored()) === before + 1);
        // Fetched at once, after 1 s, after 2 s more: three times in 5 s (five with a pause that stays at 1 s).
        await new Promise((r) => setTimeout(r, 5000));
        const fetched = handed.filter((r) => r.includes(messageIdOf(raw))).length;
        assert.ok(fetched <= 3, `fetched ${fetched} times in 5 s`);
        assert.ok(
          lines.some((l) => String(l.msg).includes('refused to move')),
          `the log says why: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
        for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(target, sub), 0o777);
        await until('moved once the server accepts', async () => (await countIn('Stuck')) === 0, 30_000);
        assert.equal(await countIn('Stuck-Processed'), 1);
        assert.equal(await stored(), before + 1, 'filed once');
      } finally {
        for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(target, sub), 0o777);
        await p.stop();
      }
    });

    it('counts a message over the limit once and does not ask for it again and again where it cannot be flagged', async () => {
      await admin.mailboxCreate('Frozen');
      const big = rawMessage({
        from: 'Big <big@example.net>',
        body: 'x'.repeat(70).concat('\r\n').repeat(200),
      });
      await admin.append('Frozen', big);
      // Seen by Dovecot, then its folder can no longer be written (a folder shared read-only, a full disk): the
      // keyword that marks the message too large is refused.
      await countIn('Frozen');
      const folder = join(dovecot.mailDir, '.Frozen');
      for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o555);
      const { p, lines } = poller('Frozen', { maxMessageBytes: 4096 });
      p.start();
      try {
        await until('polling', () => p.stats.connections === 1);
        await new Promise((r) => setTimeout(r, 3000));
        assert.equal(p.stats.tooLarge, 1, 'counted once');
        assert.ok(
          lines.some((l) => String(l.msg).includes('could not be flagged')),
          `the log says so: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o777);
        await p.stop();
      }
    });

    it('puts a message set aside before staff once where the server will neither move nor flag it', async () => {
      await admin.mailboxCreate('Locked');
      const raw = rawMessage({ from: 'U <u@example.net>', body: 'Never stored.' });
      await admin.append('Locked', raw);
      await countIn('Locked');
      const folder = join(dovecot.mailDir, '.Locked');
      for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o555);
      let toStaff = 0;
      const { p, lines } = poller('Locked', {
        maxFailures: 1,
        retryDelay: () => 0,
        async receive() {
          throw new Error('this message cannot be read');
        },
        async setAside() {
          toStaff++;
        },
      });
      p.start();
      try {
        await until('set aside', () => p.stats.setAside >= 1);
        await new Promise((r) => setTimeout(r, 3000));
        assert.equal(toStaff, 1, 'put before staff once');
        assert.ok(
          (await countIn('Redress.Unprocessable')) <= 1,
          'copied to the set-aside folder once at most',
        );
        assert.equal(p.stats.setAside, 1);
        assert.ok(
          lines.some((l) => String(l.msg).includes('still in Locked')),
          `the log says so: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o777);
        await p.stop();
      }
    });

    it('files a message of a folder the server will not let it move out of once, and fetches it no more', async () => {
      await admin.mailboxCreate('ReadOnly');
      const raw = rawMessage({ from: 'R <r@example.net>', body: 'In a folder Redress may only read.' });
      await admin.append('ReadOnly', raw);
      await countIn('ReadOnly');
      const folder = join(dovecot.mailDir, '.ReadOnly');
      for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o555);
      const before = await stored();
      const processedBefore = await countIn('Redress-Processed');
      const { p, lines, handed } = poller('ReadOnly');
      p.start();
      try {
        await until('filed', async () => (await stored()) === before + 1);
        await new Promise((r) => setTimeout(r, 3000));
        const fetched = handed.filter((r) => r.includes(messageIdOf(raw))).length;
        assert.equal(fetched, 1, 'fetched once');
        assert.equal(await stored(), before + 1);
        assert.ok((await countIn('Redress-Processed')) <= processedBefore + 1, 'copied once at most');
        assert.ok(
          lines.some((l) => String(l.msg).includes('still in ReadOnly')),
          `the log says so: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o777);
        await p.stop();
      }
    });

    it('files the messages behind one the server cannot read, and sets that one aside', async () => {
      await admin.mailboxCreate('Broken');
      const first = rawMessage({ from: 'B1 <b1@example.net>', body: 'Before the broken one.' });
      const broken = rawMessage({ from: 'Bx <bx@example.net>', body: 'The server cannot read this one.' });
      const behind = rawMessage({ from: 'B2 <b2@example.net>', body: 'Behind the broken one.' });
      await admin.append('Broken', first);
      await admin.append('Broken', broken);
      await admin.append('Broken', behind);
      await countIn('Broken');
      // The file of the second message can no longer be read by Dovecot (restored with the wrong owner, a disk
      // error): its FETCH fails every time, whatever Redress does.
      const bad = ['new', 'cur']
        .flatMap((sub) =>
          readdirSync(join(dovecot.mailDir, '.Broken', sub)).map((f) =>
            join(dovecot.mailDir, '.Broken', sub, f),
          ),
        )
        .find((f) => readFileSync(f).includes(messageIdOf(broken)))!;
      chmodSync(bad, 0o000);
      const before = await stored();
      const { p, lines, handed } = poller('Broken', { maxFailures: 2, retryDelay: () => 0 });
      p.start();
      try {
        await until(
          () => `the messages around it filed (${JSON.stringify(lines.map((l) => l.msg))})`,
          async () =>
            handed.some((r) => r.includes(messageIdOf(behind))) &&
            handed.some((r) => r.includes(messageIdOf(first))) &&
            (await stored()) === before + 2,
          20_000,
        );
        await until('the broken one set aside', () => p.stats.setAside === 1, 20_000);
        assert.equal(await stored(), before + 2);
        assert.ok(
          lines.some((l) => String(l.msg).includes('the server failed again while giving a message')),
          `the log says why: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        // Dovecot may have moved it from new/ to cur/ meanwhile: whatever is left is made readable again.
        for (const sub of ['new', 'cur'])
          for (const f of readdirSync(join(dovecot.mailDir, '.Broken', sub)))
            chmodSync(join(dovecot.mailDir, '.Broken', sub, f), 0o666);
        await p.stop();
      }
    });

    it('says which folder it could not make when the processed folder has a name the server refuses', async () => {
      await admin.mailboxCreate('Sep');
      // Dovecot's separator here is ".", and it refuses "/" in a name.
      const { p, lines } = poller('Sep', {
        box: { ...testImapBox(dovecot), folder: 'Sep', processedFolder: 'Redress/Filed' },
      });
      p.start();
      try {
        await until('a failure logged', () => lines.length > 0);
        assert.match(
          String(lines[0]!.msg),
          /could not make the folder Redress\/Filed on the server \(the server said: .*'\/'/,
        );
      } finally {
        await p.stop();
      }
    });

    it('files the messages around one whose size Dovecot cannot tell, and sets that one aside', async () => {
      await admin.mailboxCreate('WrongSize');
      const a = rawMessage({ from: 'W1 <w1@example.net>', body: 'Before.' });
      const bad = rawMessage({
        from: 'Wx <wx@example.net>',
        body: 'Its file name says another size. '.repeat(50),
      });
      const b = rawMessage({ from: 'W2 <w2@example.net>', body: 'After.' });
      // A maildir file whose name gives a wrong size (S=), as a copy or a migration by hand leaves: Dovecot fails
      // every FETCH of it, its size's included, with an internal error, and drops the connection.
      const cur = join(dovecot.mailDir, '.WrongSize', 'cur');
      writeFileSync(join(cur, `1700000001.a.probe,S=${a.byteLength}:2,`), a);
      writeFileSync(join(cur, '1700000002.x.probe,S=100:2,'), bad);
      writeFileSync(join(cur, `1700000003.b.probe,S=${b.byteLength}:2,`), b);
      const before = await stored();
      const { p, lines, handed } = poller('WrongSize', { maxFailures: 2, retryDelay: () => 0 });
      p.start();
      try {
        await until(
          () => `the messages around it filed (${JSON.stringify(lines.map((l) => l.msg))})`,
          async () => handed.length === 2 && (await stored()) === before + 2,
          20_000,
        );
        await until(
          () => `the broken one set aside (${JSON.stringify(lines.map((l) => l.msg))})`,
          () => p.stats.setAside === 1,
          20_000,
        );
        assert.equal(await stored(), before + 2);
        assert.ok(!handed.some((r) => r.includes('Wx <wx@example.net>')));
        // Neither moved nor flagged (Dovecot fails those too), it stays, skipped: asked about no more.
        const failures = p.stats.failures;
        await new Promise((r) => setTimeout(r, 2000));
        assert.equal(p.stats.failures, failures, 'no round failed since');
      } finally {
        await p.stop();
      }
    });

    it('says the password was refused, keeps the other mailbox going, and comes back once it works again', async () => {
      await admin.mailboxCreate('Creds');
      await admin.mailboxCreate('Other2');
      const proxy = await startCuttingProxy(dovecot.port);
      const { p, lines, handed } = poller('Creds', {}, proxy.port);
      const other = poller('Other2');
      p.start();
      other.p.start();
      const passwd = join(dovecot.dir, 'passwd');
      try {
        await until('polling', () => p.stats.connections === 1);
        writeFileSync(passwd, `${dovecot.user}:{PLAIN}a-new-password\n`);
        proxy.dropAll();
        await until('a refusal logged', () => lines.some((l) => JSON.stringify(l).includes('uthenticat')));
        const waiting = rawMessage({ from: 'W <w@example.net>', body: 'Waits for the password.' });
        await admin.append('Creds', waiting);
        const elsewhere = rawMessage({ from: 'E <e@example.net>', body: 'The other mailbox.' });
        await admin.append('Other2', elsewhere);
        await until('the other mailbox goes on', () =>
          other.handed.some((r) => r.includes(messageIdOf(elsewhere))),
        );
        assert.ok(!handed.some((r) => r.includes(messageIdOf(waiting))));
        writeFileSync(passwd, `${dovecot.user}:{PLAIN}${dovecot.password}\n`);
        await until(
          'filed once the password works again',
          async () => (await countIn('Creds')) === 0,
          40_000,
        );
        assert.equal(handed.filter((r) => r.includes(messageIdOf(waiting))).length, 1);
        assert.ok(
          lines.some((l) => String(l.msg).includes('refused the user name or password of redress@127.0.0.1')),
          `the log says why: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        writeFileSync(passwd, `${dovecot.user}:{PLAIN}${dovecot.password}\n`);
        await p.stop();
        await other.p.stop();
        await proxy.close();
      }
    });

    it('files a message once when the server closes the connection in the middle of its FETCH', async () => {
      await admin.mailboxCreate('Cut');
      const proxy = await startCuttingProxy(dovecot.port);
      const { p, lines, handed } = poller('Cut', {}, proxy.port);
      p.start();
      try {
        await until('polling', () => p.stats.connections === 1);
        const before = await stored();
        const big = rawMessage({
          from: 'Big <big@example.net>',
          body: 'Zeile mit Text. '.repeat(5).concat('\n').repeat(4000),
        });
        proxy.cutAfter(100_000);
        await admin.append('Cut', big);
        await until('filed after the cut', async () => (await countIn('Cut')) === 0, 30_000);
        assert.equal(proxy.cuts(), 1, 'cut once');
        assert.equal(await stored(), before + 1);
        assert.equal(handed.filter((r) => r.includes(messageIdOf(big))).length, 1);
        assert.ok(
          lines.some((l) => String(l.msg).includes('the connection to the server was closed')),
          `the log says why: ${JSON.stringify(lines.map((l) => l.msg))}`,
        );
      } finally {
        await p.stop();
        await proxy.close();
      }
    });

    it('files a folder of three hundred messages delivered at once in rounds of at most the batch size, each once', async () => {
      await admin.mailboxCreate('Many');
      // Six rounds of the batch size and more keep the suite short; REDRESS_IMAP_PROBE_MESSAGES=3000 runs it as
      // large as asked.
      const n = Number(process.env.REDRESS_IMAP_PROBE_MESSAGES ?? 300);
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const raw = rawMessage({ from: `Many ${i} <many${i}@example.net>`, body: `Complaint number ${i}.` });
        ids.push(messageIdOf(raw));
        deliver('Many', raw);
      }
      const before = await stored();
      let inFlight = 0;
      let most = 0;
      const started = Date.now();
      const { p, handed } = poller('Many', {
        async receive(email: InboundEmail) {
          handed.push(Buffer.from(email.raw).toString('latin1'));
          most = Math.max(most, ++inFlight);
          try {
            return await h.intake.receive(email);
          } finally {
            inFlight--;
          }
        },
      });
      p.start();
      try {
        await until(
          () => `all filed (${handed.length})`,
          async () => (await countIn('Many')) === 0,
          120_000,
        );
        if (process.env.REDRESS_IMAP_PROBE_MESSAGES)
          console.error(`${n} messages in ${Date.now() - started} ms`);
        assert.equal(await stored(), before + n);
        assert.equal(handed.length, n, 'each fetched once');
        assert.ok(most <= 50, `at most a batch at once (${most})`);
        assert.ok(p.stats.largestRoundBytes <= 50 * 400, `a round's bytes (${p.stats.largestRoundBytes})`);
      } finally {
        await p.stop();
      }
    });

    const killedCases: Array<[string, () => Buffer]> = [
      [
        'with a Message-ID',
        () => rawMessage({ from: 'K <k@example.net>', body: 'Filed, then Redress was killed.' }),
      ],
      [
        'without a Message-ID',
        () => rawMessage({ from: 'K <k2@example.net>', messageId: null, body: 'No id.' }),
      ],
      ['without any header', () => Buffer.from('Only a line, no header, then Redress was killed.\r\n')],
      ['that is empty', () => Buffer.alloc(0)],
    ];
    for (const [i, [what, make]] of killedCases.entries())
      it(`does not file twice a message ${what} filed but not moved when Redress was killed`, async () => {
        const folder = `Killed${i}`;
        await admin.mailboxCreate(folder);
        const proxy = await startCuttingProxy(dovecot.port);
        let killed!: () => void;
        const gone = new Promise<void>((resolve) => {
          killed = resolve;
        });
        const first = poller(
          folder,
          {
            async receive(email: InboundEmail) {
              const r = await h.intake.receive(email);
              // Committed; the process dies before it can move the message.
              proxy.dropAll();
              killed();
              return r;
            },
          },
          proxy.port,
        );
        const before = await stored();
        deliver(folder, make());
        first.p.start();
        await gone;
        await first.p.stop();
        await proxy.close();
        // (An empty message was filed already by an earlier test: the same bytes, it is its duplicate.)
        const filed = await stored();
        assert.ok(filed === before + 1 || (what === 'that is empty' && filed === before));
        assert.equal(await countIn(folder), 1, 'left in the folder');
        const second = poller(folder);
        second.p.start();
        try {
          await until('moved by the next instance', async () => (await countIn(folder)) === 0);
          assert.equal(await stored(), filed, 'filed once');
          assert.equal(second.p.stats.duplicates, 1);
        } finally {
          await second.p.stop();
        }
      });
  });
}
