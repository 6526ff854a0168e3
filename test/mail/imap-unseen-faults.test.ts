// Faults of the IMAP door that used to pass unseen, against a real Dovecot: a SEARCH the server refuses (or a
// connection dropped while it runs) is a failed round, with its reason in the log and the same growing pause as
// any other, never "the folder is empty"; the messages the poller leaves in the folder where the server would
// neither move nor flag them (set aside, over the size limit, filed but not removable) are remembered in the
// database, so a restart or another instance does not fetch and fail them again; and a message Redress has no bytes
// of (set aside after the server never gave it, or over the size limit) is stored nowhere as received mail (no
// correspondence, no original: nothing of it came in), but made known to staff once by a notice of the mail door
// on the inbox page, with where it is and what to do.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { databaseFailureLog, databaseNoticeLog } from '../../src/adapters/db/imap-failures.repo.ts';
import {
  ImapPoller,
  type ImapPollerOptions,
  SET_ASIDE_KEYWORD,
  TOO_LARGE_KEYWORD,
} from '../../src/adapters/mail/imap-poller.ts';
import { createMetrics, type RedressMetrics } from '../../src/adapters/metrics/metrics.ts';
import { openImapNotices } from '../../src/app/imap-notices.ts';
import type { InboundEmail } from '../../src/app/prepare-email.ts';
import { fileSetAside } from '../../src/app/set-aside-email.ts';
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

/**
 * A TCP proxy in front of Dovecot that, while armed, answers the client's next UID SEARCH itself with NO (a server
 * refusing the search) or cuts the connection when it is sent, instead of passing it on; and that can leave one
 * message out of every FETCH of messages' bytes (the server then answers OK without it, as a server does for a
 * message it cannot give, or one another session just removed).
 */
async function startSearchProxy(targetPort: number) {
  const sockets = new Set<net.Socket>();
  let fault: { kind: 'no' | 'drop'; times: number } | null = null;
  let faults = 0;
  let omitted: number | null = null;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    upstream.pipe(client);
    // The poller's commands are short lines (it appends nothing): each is looked at whole.
    let pending = '';
    client.on('data', (d: Buffer) => {
      pending += d.toString('latin1');
      let end = pending.indexOf('\r\n');
      while (end >= 0) {
        const line = pending.slice(0, end + 2);
        pending = pending.slice(end + 2);
        end = pending.indexOf('\r\n');
        const [tag, ...words] = line.trim().split(' ');
        if (fault && words.slice(0, 2).join(' ').toUpperCase() === 'UID SEARCH') {
          faults++;
          const kind = fault.kind;
          if (--fault.times === 0) fault = null;
          if (kind === 'no') client.write(`${tag} NO [SERVERBUG] Search failed for the test\r\n`);
          else for (const s of sockets) s.destroy();
          continue;
        }
        const fetch = /^(\S+ UID FETCH )([\d,:]+)( \(.*BODY.*)$/is.exec(line);
        if (omitted !== null && fetch) {
          // The set without the omitted UID (a UID no message has, when it was alone).
          const set = fetch[2]!.split(',').filter((u) => u !== String(omitted));
          upstream.write(Buffer.from(`${fetch[1]}${set.join(',') || '4000000000'}${fetch[3]}`, 'latin1'));
          continue;
        }
        upstream.write(Buffer.from(line, 'latin1'));
      }
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
    fail(kind: 'no' | 'drop', times: number) {
      fault = { kind, times };
    },
    faults: () => faults,
    omit(uid: number) {
      omitted = uid;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves after the poller's next `n` rounds that found nothing to do. */
function idleRounds(poller: ImapPoller, n: number): Promise<void> {
  let left = n;
  return new Promise((resolve) => {
    poller.onIdle = () => {
      if (--left > 0) return;
      poller.onIdle = null;
      resolve();
    };
  });
}

for (const engine of ENGINES) {
  describe(`IMAP door: faults that used to pass unseen (${engine})`, { skip: DOVECOT_MISSING }, () => {
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
    const poller = (folder: string, extra: Partial<ImapPollerOptions> = {}, port = dovecot.port) => {
      const log = capturedLogger();
      const handed: string[] = [];
      const p = new ImapPoller({
        box: { ...testImapBox(dovecot, port), folder },
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        logger: log.logger,
        async receive(email: InboundEmail) {
          handed.push(messageIdOf(Buffer.from(email.raw)));
          return h.intake.receive(email);
        },
        setAside: (email, problem) => fileSetAside(h.ctx, h.intake, email, problem),
        notices: databaseNoticeLog(h.test.database, `imap:test/${folder}`),
        ...extra,
      });
      return { p, lines: log.lines, handed };
    };
    /** A figure of /metrics, with its labels as Prometheus writes them; null when it is not there. */
    const figure = async (metrics: RedressMetrics, series: string): Promise<number | null> => {
      const line = (await metrics.expose()).body.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? null : Number(line.slice(series.length + 1));
    };
    const said = (lines: Array<Record<string, unknown>>) => JSON.stringify(lines.map((l) => l.msg));
    /** The open notices of the mail door for messages of `folder`, as the inbox page lists them. */
    const noticesOf = async (folder: string) =>
      (await openImapNotices(h.ctx)).rows.filter((n) => n.folder === folder);

    it('counts a SEARCH the server refuses as a failed round, pausing longer each time, and files the messages after', async () => {
      await admin.mailboxCreate('SearchNo');
      const messages = [1, 2].map((n) =>
        rawMessage({ from: `S${n} <s${n}@example.net>`, body: `Waiting behind a refused search (${n}).` }),
      );
      for (const m of messages) await admin.append('SearchNo', m);
      const proxy = await startSearchProxy(dovecot.port);
      proxy.fail('no', 3);
      const before = await stored();
      const { p, lines, handed } = poller('SearchNo', {}, proxy.port);
      const metrics = createMetrics(h.ctx);
      metrics.addImapMailbox('search-no', p);
      const startedAt = Date.now();
      p.start();
      try {
        await until('the first refusal', async () => p.stats.failures >= 1, 30_000);
        assert.equal(
          await figure(metrics, 'redress_imap_last_round_timestamp_seconds{mailbox="search-no"}'),
          null,
          'no round has gone through yet: /metrics gives no time for one',
        );
        await until(
          () => `both filed (${said(lines)})`,
          async () => (await stored()) === before + 2,
          30_000,
        );
        assert.equal(proxy.faults(), 3);
        assert.equal(p.stats.failures, 3, 'each refused search is a failed round');
        assert.equal(
          await figure(metrics, 'redress_imap_poll_failures_total{mailbox="search-no"}'),
          3,
          'operators see the failed rounds on /metrics',
        );
        // The round that filed them ends once it has moved them: its time is there then.
        let lastRound: number | null = null;
        await until('the time of a round that went through', async () => {
          lastRound = await figure(metrics, 'redress_imap_last_round_timestamp_seconds{mailbox="search-no"}');
          return lastRound !== null;
        });
        assert.ok(
          lastRound! * 1000 >= startedAt && lastRound! * 1000 <= Date.now(),
          `the time of the round that went through (${lastRound})`,
        );
        const failed = lines.filter((l) => /SEARCH/.test(String(l.reason ?? '')));
        assert.equal(failed.length, 3, `the log says why, each time: ${said(lines)}`);
        assert.match(String(failed[0]!.msg), /the server refused to search the folder SearchNo/);
        assert.deepEqual(
          failed.map((l) => l.retryInMs),
          [1000, 2000, 4000],
          'the pause before the next try grows',
        );
        assert.deepEqual(handed.sort(), messages.map(messageIdOf).sort());
      } finally {
        await p.stop();
        await proxy.close();
      }
    });

    it('counts a connection dropped during SEARCH as a failed round, and files the messages after', async () => {
      await admin.mailboxCreate('SearchCut');
      const raw = rawMessage({ from: 'C <c@example.net>', body: 'Waiting behind a cut search.' });
      await admin.append('SearchCut', raw);
      const proxy = await startSearchProxy(dovecot.port);
      proxy.fail('drop', 1);
      const before = await stored();
      const { p, lines } = poller('SearchCut', {}, proxy.port);
      p.start();
      try {
        await until(
          () => `filed (${said(lines)})`,
          async () => (await stored()) === before + 1,
          30_000,
        );
        assert.equal(proxy.faults(), 1);
        assert.equal(p.stats.failures, 1, 'the cut search is a failed round');
        assert.ok(
          lines.some((l) => /trying again in 1 s with a new connection/.test(String(l.msg))),
          `the log says so: ${said(lines)}`,
        );
      } finally {
        await p.stop();
        await proxy.close();
      }
    });

    it('counts a message the server leaves out of its FETCH against it, and sets it aside for staff in the end', async () => {
      await admin.mailboxCreate('Omitted');
      const a = rawMessage({ from: 'O1 <o1@example.net>', body: 'Before the omitted one.' });
      const x = rawMessage({ from: 'Ox <ox@example.net>', body: 'The server leaves this one out.' });
      const b = rawMessage({ from: 'O2 <o2@example.net>', body: 'After the omitted one.' });
      await admin.append('Omitted', a);
      const appended = await admin.append('Omitted', x);
      await admin.append('Omitted', b);
      const proxy = await startSearchProxy(dovecot.port);
      proxy.omit(appended ? appended.uid! : 2);
      const before = await stored();
      const { p, lines, handed } = poller('Omitted', { maxFailures: 2, retryDelay: () => 0 }, proxy.port);
      p.start();
      try {
        await until(
          () => `set aside (${said(lines)})`,
          () => p.stats.setAside === 1,
          15_000,
        );
        await until('the two others filed', async () => (await stored()) === before + 2);
        assert.deepEqual(handed.sort(), [a, b].map(messageIdOf).sort());
        assert.equal(p.stats.setAsideUnfiled, 0, 'staff were told');
        assert.equal(await stored(), before + 2, 'nothing stored in place of the one never given');
        const told = await noticesOf('Omitted');
        assert.equal(told.length, 1, 'one notice for staff');
        assert.equal(told[0]!.reason, 'not_given');
        assert.equal(told[0]!.uid, appended ? appended.uid : 2);
        assert.equal(await countIn('Omitted'), 0, 'nothing left behind');
      } finally {
        await p.stop();
        await proxy.close();
      }
    });

    it('remembers in the database what it left where the server keeps no mark, across a restart', async () => {
      await admin.mailboxCreate('Stuck');
      const good = rawMessage({ from: 'G <g@example.net>', body: 'Filed, but the server keeps it here.' });
      const poison = rawMessage({ from: 'P <p@example.net>', body: 'Never stored.' });
      const big = rawMessage({
        from: 'Big <big@example.net>',
        body: 'x'.repeat(70).concat('\r\n').repeat(200),
      });
      for (const m of [good, poison, big]) await admin.append('Stuck', m);
      await countIn('Stuck');
      // A folder Redress may read but no longer change (shared read-only, a full disk): Dovecot refuses the
      // keywords, and answers OK to a MOVE that leaves the message where it was.
      const folder = join(dovecot.mailDir, '.Stuck');
      for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o555);
      const poisonId = messageIdOf(poison);
      let toStaff = 0;
      const options: Partial<ImapPollerOptions> = {
        maxMessageBytes: 4096,
        maxFailures: 1,
        retryDelay: () => 0,
        failures: databaseFailureLog(h.test.database, 'imap:test/Stuck'),
        async receive(email: InboundEmail) {
          if (messageIdOf(Buffer.from(email.raw)) === poisonId)
            throw new Error('this message cannot be read');
          return h.intake.receive(email);
        },
        async setAside() {
          toStaff++;
        },
        notices: databaseNoticeLog(h.test.database, 'imap:test/Stuck'),
      };
      try {
        const first = poller('Stuck', options);
        first.p.start();
        try {
          await until(
            () => `set aside (${said(first.lines)})`,
            () => first.p.stats.setAside === 1 && first.p.stats.tooLarge === 1,
            30_000,
          );
          await idleRounds(first.p, 1);
        } finally {
          await first.p.stop();
        }
        assert.equal(toStaff, 1, 'the one set aside (the server gave it) filed for staff');
        assert.equal((await noticesOf('Stuck')).length, 1, 'a notice of the large one');
        const storedBefore = await stored();
        // Another instance (or this one restarted) fetches none of them again.
        const second = poller('Stuck', options);
        const idle = idleRounds(second.p, 2);
        second.p.start();
        try {
          await idle;
          assert.deepEqual(second.handed, [], 'nothing fetched again');
          assert.equal(second.p.stats.tooLarge, 0, 'the large one not counted again');
          assert.equal(second.p.stats.setAside, 0, 'nothing set aside again');
          assert.equal(second.p.stats.failures, 0);
          assert.equal(toStaff, 1, 'staff not told again');
          assert.equal((await noticesOf('Stuck')).length, 1, 'no second notice');
          assert.equal(await stored(), storedBefore);
        } finally {
          await second.p.stop();
        }
      } finally {
        for (const sub of ['cur', 'new', 'tmp']) chmodSync(join(folder, sub), 0o777);
      }
    });

    it('stores nothing of a message over the size limit, tells staff once by a notice, and leaves it in the folder', async () => {
      await admin.mailboxCreate('Large');
      const big = rawMessage({
        from: 'Big <big2@example.net>',
        body: 'y'.repeat(70).concat('\r\n').repeat(200),
      });
      const small = rawMessage({ from: 'Small <small2@example.net>', body: 'A small one.' });
      const appended = await admin.append('Large', big);
      await admin.append('Large', small);
      const before = await h.counts();
      const { p, lines } = poller('Large', { maxMessageBytes: 4096 });
      p.start();
      try {
        await until(
          () => `the small one filed, the large one left (${said(lines)})`,
          async () => (await countIn('Large')) === 1 && p.stats.tooLarge === 1,
          15_000,
        );
        await idleRounds(p, 2);
      } finally {
        await p.stop();
      }
      const after = await h.counts();
      assert.equal(after.correspondence, before.correspondence + 1, 'only the small one is correspondence');
      assert.equal(after.originals, before.originals + 1, 'only the small one has an original');
      assert.equal(after.inbox, before.inbox, 'no inbox entry in its place');
      const told = await noticesOf('Large');
      assert.equal(told.length, 1, `one notice for staff: ${JSON.stringify(told)}`);
      const n = told[0]!;
      assert.equal(n.reason, 'too_large');
      assert.equal(n.account, `${dovecot.user}@127.0.0.1`);
      assert.equal(n.uid, appended ? appended.uid : 1);
      assert.match(n.uidValidity, /^\d+$/);
      assert.equal(n.limit, 4096);
      assert.ok((n.bytes ?? 0) > 4096, `its size: ${n.bytes}`);
      assert.deepEqual(n.place, { movedTo: null, keyword: TOO_LARGE_KEYWORD });
      assert.equal(n.dealtWithAt, null);
      // Found again by another instance (a person took the keyword off): still one notice, and nothing stored.
      if (admin.mailbox) await admin.mailboxClose();
      await admin.mailboxOpen('Large');
      await admin.messageFlagsRemove(String(n.uid), [TOO_LARGE_KEYWORD], { uid: true });
      await admin.mailboxClose();
      const again = poller('Large', { maxMessageBytes: 4096 });
      again.p.start();
      try {
        await until(
          () => `found again (${said(again.lines)})`,
          () => again.p.stats.tooLarge === 1,
          15_000,
        );
        await idleRounds(again.p, 2);
      } finally {
        await again.p.stop();
      }
      assert.equal((await noticesOf('Large')).length, 1, 'no second notice');
      assert.deepEqual(await h.counts(), after, 'nothing stored the second time either');
    });

    it('stores nothing of a message set aside that the server never gave, and tells staff by a notice', async () => {
      await admin.mailboxCreate('Unread');
      const a = rawMessage({ from: 'U1 <u1@example.net>', body: 'Before.' });
      const bad = rawMessage({
        from: 'Ux <ux@example.net>',
        body: 'Its file name says another size. '.repeat(50),
      });
      // A maildir file whose name gives a wrong size (S=): Dovecot fails every FETCH of it and drops the connection.
      const cur = join(dovecot.mailDir, '.Unread', 'cur');
      writeFileSync(join(cur, `1700000001.a.unread,S=${a.byteLength}:2,`), a);
      writeFileSync(join(cur, '1700000002.x.unread,S=100:2,'), bad);
      const before = await h.counts();
      const { p, lines } = poller('Unread', { maxFailures: 2, retryDelay: () => 0 });
      p.start();
      try {
        await until(
          () => `set aside (${said(lines)})`,
          () => p.stats.setAside === 1,
          30_000,
        );
        assert.equal(p.stats.setAsideUnfiled, 0, 'staff were told');
      } finally {
        await p.stop();
      }
      const after = await h.counts();
      assert.equal(after.correspondence, before.correspondence + 1, 'only the good one is correspondence');
      assert.equal(after.originals, before.originals + 1, 'only the good one has an original');
      assert.equal(after.inbox, before.inbox, 'no inbox entry in its place');
      const told = await noticesOf('Unread');
      assert.equal(told.length, 1, `one notice for staff: ${JSON.stringify(told)}`);
      const n = told[0]!;
      assert.equal(n.reason, 'not_given');
      assert.equal(n.tries, 2);
      assert.match(n.error ?? '', /the server failed while giving this message/);
      // Where it ended, recorded once the move was done.
      // Where it ended, recorded once the door knew: Dovecot cannot copy a message it cannot read, so the move is
      // refused and the message keeps its place with the keyword; either way the notice says what the server did.
      assert.ok(n.place, 'where it ended is recorded');
      if (n.place.movedTo === null) {
        assert.deepEqual(n.place, { movedTo: null, keyword: SET_ASIDE_KEYWORD });
        assert.equal(await countIn('Unread'), 1, 'flagged in its folder (the good one moved out)');
      } else {
        assert.equal(n.place.keyword, null);
        assert.ok((await countIn(n.place.movedTo)) >= 1, 'in the set-aside folder');
      }
    });
  });
}
