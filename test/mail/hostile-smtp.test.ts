// Hostile senders at the SMTP door: a message that is costly to read does not hold up another session; one over
// the reading budget ends up stored byte for byte in the inbox with the budget problem; a message over the
// size limit is refused with 552 without being held; large messages beyond their budget (counted until their bytes
// are let go, not only until filed) are answered 451 while ordinary ones are still taken, and stored once when sent
// again; connections are capped in all and per address (421); idle, slow and endless sessions are cut. Timings are
// never asserted: only the order things happen in.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { DatabaseOriginals } from '../../src/adapters/db/originals.repo.ts';
import { type SmtpListener, startSmtpListener } from '../../src/adapters/mail/smtp-listener.ts';
import { EmailIntake } from '../../src/app/email-intake.ts';
import { OVER_BUDGET_PROBLEM } from '../../src/app/prepare-email.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { costlyHtmlMessage } from './support/hostile-messages.ts';
import { rawMessage } from './support/messages.ts';

const send = (port: number, raw: Buffer) =>
  nodemailer
    .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, socketTimeout: 120_000 })
    .sendMail({ envelope: { from: 'sender@example.net', to: ['complaint@example.org'] }, raw });

for (const engine of ENGINES) {
  describe(`a message costly to read (${engine})`, () => {
    let h: Harness;
    let listener: SmtpListener;
    let intake: EmailIntake;
    const received: string[] = [];
    before(async () => {
      h = await startHarness(engine, { overrides: { 'reading.budgetMs': 5000 } });
      // The harness's intake reads on one worker thread, as `redress start` does with REDRESS_READ_THREADS=1.
      intake = new EmailIntake(h.ctx, { readThreads: 1 });
      listener = await startSmtpListener({
        ...h.config.smtp,
        host: '127.0.0.1',
        port: 0,
        mailboxes: () => h.ctx.config.mailboxes,
        receive: (email) => {
          received.push(
            Buffer.from(email.raw)
              .toString('latin1')
              .match(/Message-ID: (<[^>]+>)/)?.[1] ?? '?',
          );
          return intake.receive(email);
        },
        logger: silentLogger,
      });
    });
    after(async () => {
      await listener?.close();
      await intake?.close();
      await h?.close();
    });

    it('does not delay another session while it is being read', { timeout: 180_000 }, async () => {
      // The reading threads start with a first message (the budget of a message counts from a warm thread).
      await send(listener.port, rawMessage({ messageId: '<plain-before-costly@example.net>' }));
      const costly = costlyHtmlMessage(2 * 1024 * 1024, '<costly-1@example.net>');
      const order: string[] = [];
      const slow = send(listener.port, costly).then((info) => {
        order.push('costly');
        return info;
      });
      // Once the costly message is handed over for reading, an ordinary one is sent on another connection.
      while (!received.includes('<costly-1@example.net>')) await new Promise((r) => setTimeout(r, 20));
      const info = await send(listener.port, rawMessage({ messageId: '<plain-after-costly@example.net>' }));
      order.push('plain');
      assert.match(String(info.response), /^250 /);
      assert.match(String((await slow).response), /^250 .*stored as /);
      assert.deepEqual(order, ['plain', 'costly'], "the ordinary message's 250 came first");
    });

    it('waits in the inbox stored byte for byte when its reading goes over the budget', {
      timeout: 60_000,
    }, async () => {
      // The budget is live configuration: lowered far below what this message costs to read.
      h.ctx.refresh({ ...h.ctx.config, reading: { ...h.ctx.config.reading, budgetMs: 50 } });
      const hostile = costlyHtmlMessage(2 * 1024 * 1024, '<costly-2@example.net>');
      const [hostileInfo, info] = await Promise.all([
        send(listener.port, hostile),
        send(listener.port, rawMessage({ messageId: '<plain-beside-costly@example.net>' })),
      ]);
      assert.match(String(hostileInfo.response), /^250 .*stored as /);
      assert.match(String(info.response), /^250 /);

      const row = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
        .leftJoin('inbox_items', 'inbox_items.correspondence_id', 'correspondence.id')
        .select(['originals.sha256', 'correspondence.case_id', 'inbox_items.reason', 'correspondence.id'])
        .where('correspondence.message_id', '=', '<costly-2@example.net>')
        .executeTakeFirstOrThrow();
      // Read through the store: an original this large is kept in pieces, not in the row.
      const original = await new DatabaseOriginals(h.test.database.db).get(row.sha256);
      assert.ok(Buffer.from(original!.content).equals(hostile), 'stored byte for byte');
      assert.equal(row.case_id, null, 'no case opened');
      assert.equal(row.reason, 'unparseable', 'waiting in the inbox');
      const events = await h.test.database.db.selectFrom('events').select('payload').execute();
      assert.ok(
        events.some((e) => String(e.payload).includes(OVER_BUDGET_PROBLEM.slice(0, 40))),
        'the inbox item says the message was too complex to read within its budget',
      );
      const plain = await h.test.database.db
        .selectFrom('correspondence')
        .leftJoin('inbox_items', 'inbox_items.correspondence_id', 'correspondence.id')
        .select([
          'correspondence.case_id',
          'correspondence.filing',
          'correspondence.reading',
          'inbox_items.reason',
        ])
        .where('correspondence.message_id', '=', '<plain-beside-costly@example.net>')
        .executeTakeFirstOrThrow();
      assert.ok(
        plain.case_id,
        `the ordinary message opened its case (filed: ${plain.filing}, inbox: ${plain.reason}, reading: ${plain.reading?.slice(0, 300)})`,
      );
    });

    it('recognises a second delivery of the unread message as a duplicate', { timeout: 60_000 }, async () => {
      const hostile = costlyHtmlMessage(2 * 1024 * 1024, '<costly-2@example.net>');
      const info = await send(listener.port, hostile);
      assert.match(String(info.response), /^250 .*already stored/);
    });
  });
}

/** A message of about `bytes` bytes, with its own Message-ID. */
const largeMessage = (messageId: string, bytes: number) =>
  rawMessage({
    messageId,
    body: 'y'
      .repeat(76)
      .concat('\r\n')
      .repeat(Math.ceil(bytes / 78)),
  });

/** The SMTP reply code of a send: 250, or the code it was refused with. */
const codeOf = (sending: Promise<unknown>) =>
  sending.then(
    () => 250,
    (e: { responseCode?: number }) => e.responseCode ?? 0,
  );

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { opened, open };
}

for (const engine of ENGINES) {
  describe(`large messages beyond their budget (${engine})`, () => {
    let h: Harness;
    let listener: SmtpListener;
    let intake: EmailIntake;
    /** Filing of the large message `<large-a@example.net>` waits for this gate (it stays held meanwhile). */
    const holdA = gate();
    const handed: string[] = [];
    before(async () => {
      h = await startHarness(engine);
      intake = new EmailIntake(h.ctx);
      listener = await startSmtpListener({
        ...h.config.smtp,
        host: '127.0.0.1',
        port: 0,
        maxMessageBytes: 4 * 1024 * 1024,
        // One large message of this size at a time (3 MB), ordinary ones beside it.
        maxLargeBytes: 3 * 1024 * 1024,
        mailboxes: () => h.ctx.config.mailboxes,
        receive: async (email) => {
          const id = Buffer.from(email.raw.subarray(0, 4096))
            .toString('latin1')
            .match(/Message-ID: (<[^>]+>)/)?.[1];
          handed.push(id ?? '?');
          if (id === '<large-a@example.net>') await holdA.opened;
          return intake.receive(email);
        },
        logger: silentLogger,
      });
    });
    after(async () => {
      holdA.open();
      await listener?.close();
      await intake?.close();
      await h?.close();
    });

    it('holds a large message beyond the budget paused until there is room, takes ordinary ones meanwhile, and stores it once', {
      timeout: 120_000,
    }, async () => {
      const a = largeMessage('<large-a@example.net>', 2_500_000);
      const b = largeMessage('<large-b@example.net>', 2_500_000);
      const sendingA = codeOf(send(listener.port, a));
      while (!handed.includes('<large-a@example.net>')) await new Promise((r) => setTimeout(r, 20));
      // A is held (its filing waits): B does not fit beside it, so its session waits, paused.
      const sendingB = codeOf(send(listener.port, b));
      while ((listener.stats?.heldBytes ?? 0) <= a.length) await new Promise((r) => setTimeout(r, 20));
      // An ordinary message is still taken while the large one is held and the other waits.
      const plain = await send(listener.port, rawMessage({ messageId: '<plain-beside-large@example.net>' }));
      assert.match(String(plain.response), /^250 /);
      assert.ok(!handed.includes('<large-b@example.net>'), 'the waiting message was not handed on');
      assert.ok(
        (listener.stats?.heldBytes ?? 0) < a.length + 1_200_000,
        `the waiting session is not read on (held ${listener.stats?.heldBytes} bytes)`,
      );
      holdA.open();
      assert.equal(await sendingA, 250);
      // Once A is let go, B goes on in the same session: no 451, no second sending of its megabytes.
      assert.equal(await sendingB, 250, 'the waiting message is taken once there is room');
      assert.equal(listener.stats?.refusedBusy, 0, 'nothing was asked to come back');
      assert.equal(await codeOf(send(listener.port, b)), 250, 'sent again, it is answered as already stored');
      const rows = await h.test.database.db
        .selectFrom('correspondence')
        .select(['original_sha256'])
        .where('message_id', '=', '<large-b@example.net>')
        .execute();
      assert.equal(rows.length, 1, 'stored once');
      const original = await new DatabaseOriginals(h.test.database.db).get(rows[0]!.original_sha256!);
      assert.ok(Buffer.from(original!.content).equals(b), 'byte for byte');
      while ((listener.stats?.largeBytes ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
      assert.equal(listener.stats?.heldBytes, 0, 'nothing is held afterwards');
    });
  });
}

/** A raw SMTP client: the lines the server sent, and a way to wait for the next one or for the close. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const lines: string[] = [];
  let buffered = '';
  let waiter: (() => void) | null = null;
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => {
    buffered += d;
    let i = buffered.indexOf('\n');
    while (i >= 0) {
      lines.push(buffered.slice(0, i).trimEnd());
      buffered = buffered.slice(i + 1);
      i = buffered.indexOf('\n');
    }
    waiter?.();
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close');
  socket.on('close', () => waiter?.());
  return {
    socket,
    lines,
    closed,
    async line(match: RegExp): Promise<string> {
      for (;;) {
        const found = lines.find((l) => match.test(l));
        if (found) return found;
        if (socket.destroyed) throw new Error(`closed without ${match}; got ${lines.join(' | ')}`);
        await new Promise<void>((r) => {
          waiter = r;
        });
        waiter = null;
      }
    },
  };
}

describe('SMTP listener bounds', () => {
  const listeners: SmtpListener[] = [];
  const clients: Socket[] = [];
  const listen = async (options: Record<string, number>) => {
    const l = await startSmtpListener({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 64 * 1024,
      ...options,
      mailboxes: () => [
        { name: 'complaints', address: 'complaint@example.org', role: 'complaints', language: 'en' },
      ],
      receive: async () => ({ correspondenceId: '00000000-0000-0000-0000-000000000000', duplicate: false }),
      logger: silentLogger,
    });
    listeners.push(l);
    return l;
  };
  const client = (port: number) => {
    const c = rawClient(port);
    clients.push(c.socket);
    return c;
  };
  after(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(listeners.map((l) => l.close()));
  });

  it('refuses a message over the size limit with 552 without holding it', { timeout: 60_000 }, async () => {
    const l = await listen({});
    const big = rawMessage({ body: 'x'.repeat(76).concat('\r\n').repeat(60_000) }); // about 4.6 MB
    await assert.rejects(send(l.port, big), (e: { responseCode?: number }) => {
      assert.equal(e.responseCode, 552);
      return true;
    });
    assert.ok(l.stats, 'the listener reports what it held');
    assert.ok(
      l.stats.largestHeldBytes <= 64 * 1024,
      `held at most the size limit for one message (held ${l.stats.largestHeldBytes} bytes)`,
    );
    assert.equal(l.stats.heldBytes, 0, 'nothing is held afterwards');
    // The same connection's next message is received as usual.
    const info = await send(l.port, rawMessage());
    assert.match(String(info.response), /^250 /);
  });

  /** A listener that files at once and says its large messages' bytes are let go only when `freed` opens. */
  const heldUntil = async (freed: Promise<void>, largeWaitMs?: number) => {
    const filed: string[] = [];
    const l = await startSmtpListener({
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 4 * 1024 * 1024,
      maxLargeBytes: 3 * 1024 * 1024,
      ...(largeWaitMs === undefined ? {} : { largeWaitMs }),
      mailboxes: () => [
        { name: 'complaints', address: 'complaint@example.org', role: 'complaints', language: 'en' },
      ],
      receive: async (email) => {
        filed.push(
          Buffer.from(email.raw.subarray(0, 4096))
            .toString('latin1')
            .match(/Message-ID: (<[^>]+>)/)?.[1] ?? '?',
        );
        return {
          correspondenceId: '00000000-0000-0000-0000-000000000000',
          duplicate: false,
          ...(email.raw.byteLength > 1024 * 1024 ? { freed } : {}),
        };
      },
      logger: silentLogger,
    });
    listeners.push(l);
    return { l, filed };
  };
  /** A session that says the size of its message, up to the answer to MAIL FROM. */
  const declaring = async (port: number, size: number) => {
    const c = client(port);
    await c.line(/^220 /);
    c.lines.length = 0;
    c.socket.write('EHLO mta.example.net\r\n');
    await c.line(/^250 /);
    c.lines.length = 0;
    c.socket.write(`MAIL FROM:<sender@example.net> SIZE=${size}\r\n`);
    return c.line(/^\d{3} /);
  };

  it('counts a large message until its bytes are let go, not only until it is filed', {
    timeout: 60_000,
  }, async () => {
    const freed = gate();
    // No wait for room: a message that does not fit is answered at once (the wait has tests of its own).
    const { l } = await heldUntil(freed.opened, 0);
    const a = largeMessage('<freed-a@example.net>', 2_500_000);
    const b = largeMessage('<freed-b@example.net>', 2_500_000);
    assert.equal(await codeOf(send(l.port, a)), 250, 'the first large message is filed');
    assert.equal(await codeOf(send(l.port, b)), 451, 'its bytes are not let go yet: the next one waits');
    assert.equal(await codeOf(send(l.port, rawMessage())), 250, 'an ordinary one does not');
    // A sender that says its size is told before it sends the message; one that says a small size is not.
    const c = client(l.port);
    await c.line(/^220 /);
    c.lines.length = 0;
    c.socket.write('EHLO mta.example.net\r\n');
    await c.line(/^250 /);
    c.lines.length = 0;
    c.socket.write(`MAIL FROM:<sender@example.net> SIZE=${b.length}\r\n`);
    assert.match(await c.line(/^\d{3} /), /^452 /);
    c.lines.length = 0;
    c.socket.write('MAIL FROM:<sender@example.net> SIZE=5000\r\n');
    assert.match(await c.line(/^\d{3} /), /^250 /);
    freed.open();
    await freed.opened;
    await new Promise((r) => setImmediate(r));
    assert.equal(await codeOf(send(l.port, b)), 250, 'once let go, the next large message is taken');
    assert.equal(l.stats?.refusedBusy, 2);
    await new Promise((r) => setImmediate(r));
    assert.equal(l.stats?.largeBytes, 0, 'nothing is counted once every large message is let go');
    assert.equal(l.stats?.heldBytes, 0);
  });

  it('holds large messages that do not fit, paused and in order, until the room is given back', {
    timeout: 60_000,
  }, async () => {
    const freed = gate();
    const { l, filed } = await heldUntil(freed.opened);
    const a = largeMessage('<wait-a@example.net>', 2_500_000);
    const b = largeMessage('<wait-b@example.net>', 2_500_000);
    const c = largeMessage('<wait-c@example.net>', 2_500_000);
    assert.equal(await codeOf(send(l.port, a)), 250, 'the first large message is filed');
    const sendingB = codeOf(send(l.port, b));
    while ((l.stats?.heldBytes ?? 0) <= a.length) await new Promise((r) => setTimeout(r, 10));
    const sendingC = codeOf(send(l.port, c));
    const answerToSize = declaring(l.port, b.length);
    let told = false;
    void answerToSize.then(() => {
      told = true;
    });
    assert.equal(await codeOf(send(l.port, rawMessage())), 250, 'an ordinary message does not wait');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      filed.filter((id) => id.startsWith('<wait-')),
      ['<wait-a@example.net>'],
      'the others wait',
    );
    assert.equal(told, false, 'a sender that said its size waits for the answer to MAIL FROM');
    assert.ok(
      (l.stats?.heldBytes ?? 0) < a.length + 2 * 1_200_000,
      `the waiting sessions are not read on (held ${l.stats?.heldBytes} bytes)`,
    );
    freed.open();
    assert.equal(await sendingB, 250, 'the first in line goes on once the room is given back');
    assert.equal(await sendingC, 250, 'then the next');
    assert.match(await answerToSize, /^250 /, 'the sender that said its size may send');
    assert.deepEqual(
      filed.filter((id) => id.startsWith('<wait-')),
      ['<wait-a@example.net>', '<wait-b@example.net>', '<wait-c@example.net>'],
    );
    assert.equal(l.stats?.refusedBusy, 0);
  });

  it('lets others in once a large message that stops part-way has kept its room as long as they would wait', {
    timeout: 60_000,
  }, async () => {
    const { l, filed } = await heldUntil(new Promise<void>(() => {}), 300);
    // A sender that says no size and stops after 1.2 MB: its message is large and keeps the room it may need.
    const stalled = client(l.port);
    await stalled.line(/^220 /);
    stalled.socket.write('EHLO slow.example.net\r\n');
    await stalled.line(/^250 /);
    stalled.lines.length = 0;
    stalled.socket.write('MAIL FROM:<slow@example.net>\r\nRCPT TO:<complaint@example.org>\r\nDATA\r\n');
    await stalled.line(/^354 /);
    const part = largeMessage('<stalled@example.net>', 1_200_000);
    stalled.socket.write(part.subarray(0, part.length - 5));
    while ((l.stats?.largeBytes ?? 0) === 0) await new Promise((r) => setTimeout(r, 10));
    // Another large message waits for it, but not for longer than it would wait for a message that arrives.
    const other = largeMessage('<after-stalled@example.net>', 1_500_000);
    assert.equal(await codeOf(send(l.port, other)), 250, 'taken beside the stalled message');
    assert.ok(filed.includes('<after-stalled@example.net>'));
    assert.equal(l.stats?.refusedBusy, 0);
    stalled.socket.destroy();
    while ((l.stats?.heldBytes ?? 0) > other.length) await new Promise((r) => setTimeout(r, 10));
  });

  it('asks a large message to come back (451, and 452 for a said size) when no room comes within the wait', {
    timeout: 60_000,
  }, async () => {
    const freed = gate();
    const { l, filed } = await heldUntil(freed.opened, 300);
    const a = largeMessage('<gone-a@example.net>', 2_500_000);
    const b = largeMessage('<gone-b@example.net>', 2_500_000);
    assert.equal(await codeOf(send(l.port, a)), 250);
    assert.equal(await codeOf(send(l.port, b)), 451, 'no room within the wait');
    assert.match(await declaring(l.port, b.length), /^452 /);
    assert.ok(!filed.includes('<gone-b@example.net>'));
    assert.equal(l.stats?.refusedBusy, 2);
    assert.equal(l.stats?.heldBytes, a.length, 'only the first message is held');
    freed.open();
    await freed.opened;
    await new Promise((r) => setImmediate(r));
    assert.equal(await codeOf(send(l.port, b)), 250, 'sent again once there is room, it is taken');
  });

  it('takes a large message alone even beyond a budget set below the size limit', {
    timeout: 60_000,
  }, async () => {
    const l = await listen({ maxMessageBytes: 4 * 1024 * 1024, maxLargeBytes: 1536 * 1024 });
    const alone = largeMessage('<alone@example.net>', 3_500_000);
    assert.equal(await codeOf(send(l.port, alone)), 250, 'not asked to come back for ever');
  });

  it('refuses connections beyond the per-address limit with 421', { timeout: 30_000 }, async () => {
    const l = await listen({ maxConnectionsPerAddress: 2 });
    const a = client(l.port);
    const b = client(l.port);
    await a.line(/^220 /);
    await b.line(/^220 /);
    const c = client(l.port);
    assert.match(await c.line(/^\d{3} /), /^421 .*too many connections from/);
    await c.closed;
    // When one leaves, the next is welcome.
    a.socket.end('QUIT\r\n');
    await a.closed;
    const d = client(l.port);
    assert.match(await d.line(/^\d{3} /), /^220 /);
  });

  it('refuses connections beyond the total limit with 421', { timeout: 30_000 }, async () => {
    const l = await listen({ maxConnections: 2 });
    const a = client(l.port);
    const b = client(l.port);
    await a.line(/^220 /);
    await b.line(/^220 /);
    const c = client(l.port);
    assert.match(await c.line(/^\d{3} /), /^421 /);
    await c.closed;
  });

  it('closes a connection that stays idle', { timeout: 30_000 }, async () => {
    const l = await listen({ idleTimeoutMs: 500 });
    const a = client(l.port);
    await a.line(/^220 /);
    await a.closed;
    assert.ok(
      a.lines.some((x) => /^421 /.test(x)),
      `told why: ${a.lines.join(' | ')}`,
    );
  });

  it('cuts a session that trickles bytes forever', { timeout: 30_000 }, async () => {
    const l = await listen({ idleTimeoutMs: 60_000, sessionTimeoutMs: 1500 });
    const a = client(l.port);
    await a.line(/^220 /);
    // One byte at a time, each well within the idle timeout: only the session's own limit ends it.
    const trickle = setInterval(() => a.socket.writable && a.socket.write('N'), 100);
    try {
      assert.match(await a.line(/^421 /), /^421 4\.4\.2 the session lasted longer/);
      await a.closed;
    } finally {
      clearInterval(trickle);
    }
  });

  it('cuts a message that arrives too slowly', { timeout: 30_000 }, async () => {
    const l = await listen({ idleTimeoutMs: 60_000, messageTimeoutMs: 1500 });
    const a = client(l.port);
    await a.line(/^220 /);
    a.socket.write('EHLO client.example.net\r\n');
    await a.line(/^250 /);
    a.socket.write('MAIL FROM:<sender@example.net>\r\n');
    a.socket.write('RCPT TO:<complaint@example.org>\r\n');
    a.socket.write('DATA\r\n');
    await a.line(/^354 /);
    const trickle = setInterval(() => a.socket.writable && a.socket.write('x'), 100);
    try {
      assert.match(await a.line(/^421 /), /^421 4\.4\.2 the message took longer/);
      await a.closed;
    } finally {
      clearInterval(trickle);
    }
  });
});
