// A real IMAP exchange with Debian's Dovecot: the poller stores every message of the folder (seen
// or not, whatever its date), moves each to the processed folder only after commit, survives a connection cut
// in the middle (a new client; what was committed but not moved is a duplicate and is moved then), and picks
// up new mail announced while it waits (IDLE).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { ImapPoller, TOO_LARGE_KEYWORD } from '../../src/adapters/mail/imap-poller.ts';
import { collectGarbageSoon } from '../../src/adapters/os/collect.ts';
import type { InboundEmail } from '../../src/app/prepare-email.ts';
import { ENGINES } from '../support/databases.ts';
import { until } from '../support/until.ts';
import {
  adminClient,
  DOVECOT_MISSING,
  type Dovecot,
  startDovecot,
  startProxy,
  type TcpProxy,
  testImapBox,
} from './support/dovecot.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

for (const engine of ENGINES) {
  describe(`IMAP poller with Dovecot (${engine})`, { skip: DOVECOT_MISSING }, () => {
    let dovecot: Dovecot;
    let proxy: TcpProxy;
    let h: Harness;
    let admin: ImapFlow;

    before(async () => {
      dovecot = await startDovecot();
      proxy = await startProxy(dovecot.port);
      h = await startHarness(engine);
      admin = await adminClient(dovecot);
    });
    after(async () => {
      await admin?.logout().catch(() => {});
      await h?.close();
      await proxy?.close();
      await dovecot?.stop();
    });

    const countIn = async (path: string) => {
      const status = await admin.status(path, { messages: true });
      return status ? (status.messages ?? 0) : 0;
    };
    const stored = async () => (await h.counts()).correspondence;
    /** The test mailbox, reached at `port` (Dovecot's own, or a proxy in front of it). */
    const boxAt = (port: number) => testImapBox(dovecot, port);

    it('stores every message once, moves it after commit, and recovers from a dropped connection', async () => {
      const first = Array.from({ length: 12 }, (_, i) =>
        rawMessage({ from: `Imap ${i} <imap${i}@example.net>`, body: `IMAP complaint ${i}.` }),
      );
      // Old, seen and unseen alike: every message in the folder is processed.
      await admin.append('INBOX', first[0]!, ['\\Seen'], new Date('2019-03-01T10:00:00Z'));
      for (const raw of first.slice(1)) await admin.append('INBOX', raw);

      let received = 0;
      let dropped = false;
      const poller = new ImapPoller({
        box: boxAt(proxy.port),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        batchSize: 5,
        logger: silentLogger,
        async receive(email: InboundEmail) {
          const result = await h.intake.receive(email);
          // Cut the connection in the middle: after this message is committed, before it can be moved.
          if (++received === 7 && !dropped) {
            dropped = true;
            proxy.dropAll();
          }
          return result;
        },
      });
      poller.start();
      try {
        await until('the first 12 messages stored and moved', async () => (await countIn('INBOX')) === 0);
        assert.ok(dropped, 'the connection was cut mid-way');
        assert.equal(await stored(), 12, 'each stored exactly once');
        assert.equal(await countIn('Redress-Processed'), 12);
        assert.ok(
          poller.stats.connections >= 2,
          `reconnected with a new client (${poller.stats.connections})`,
        );
        assert.ok(poller.stats.duplicates >= 1, 'what was committed but not moved came back as a duplicate');

        // New mail while the poller waits: announced by IDLE, stored, moved.
        const later = rawMessage({ from: 'Later <later@example.net>', body: 'Arrived while idle.' });
        await admin.append('INBOX', later);
        await until('the later message stored', async () => (await stored()) === 13);
        await until('the later message moved', async () => (await countIn('INBOX')) === 0);
        const row = await h.test.database.db
          .selectFrom('correspondence')
          .innerJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
          .select(['originals.content', 'correspondence.door', 'correspondence.case_id'])
          .where('correspondence.message_id', '=', messageIdOf(later))
          .executeTakeFirstOrThrow();
        assert.ok(Buffer.from(row.content).equals(later), 'byte for byte');
        assert.equal(row.door, 'imap');
        assert.ok(row.case_id);
      } finally {
        await poller.stop();
      }
    });

    it('leaves a message over the size limit in the folder, flagged and never fetched', async () => {
      const big = rawMessage({
        from: 'Big <big@example.net>',
        body: 'x'.repeat(76).concat('\r\n').repeat(2000),
      });
      const small = rawMessage({ from: 'Small <small@example.net>', body: 'A small complaint.' });
      await admin.append('INBOX', big);
      await admin.append('INBOX', small);
      const seen: string[] = [];
      const poller = new ImapPoller({
        box: boxAt(dovecot.port),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxMessageBytes: 64 * 1024,
        logger: silentLogger,
        async receive(email: InboundEmail) {
          seen.push(messageIdOf(Buffer.from(email.raw)));
          return h.intake.receive(email);
        },
      });
      poller.start();
      try {
        await until('the small message stored and moved', async () => seen.includes(messageIdOf(small)));
        await until('one round more', async () => (await countIn('INBOX')) === 1);
        assert.equal(poller.stats.tooLarge, 1);
        assert.ok(!seen.includes(messageIdOf(big)), 'the large message was never handed over');
        await admin.mailboxOpen('INBOX');
        const left = await admin.fetchAll('1:*', { uid: true, flags: true, size: true });
        assert.equal(left.length, 1);
        assert.ok(left[0]!.flags?.has(TOO_LARGE_KEYWORD), 'flagged for a person');
        assert.ok((left[0]!.size ?? 0) > 64 * 1024);
      } finally {
        await poller.stop();
      }
    });

    it('fetches no more bytes at once than its round budget, and collects after a large message', async () => {
      // Five messages of about 160 KB and one of 9 MB, with a budget of 400 KB a round: two of the small ones
      // a round, the large one alone (the first of a round is always taken); every one stored and moved.
      const line = 'Bitte prüfen Sie meine Beschwerde. '.repeat(2).concat('\r\n');
      const smalls = Array.from({ length: 5 }, (_, i) =>
        rawMessage({ from: `Client ${i} <c${i}@example.net>`, body: line.repeat(2200) }),
      );
      const large = rawMessage({ from: 'Scan <scan@example.net>', body: line.repeat(125_000) });
      assert.ok(large.byteLength > 8 * 1024 * 1024);
      // What an earlier test left in the folder (flagged too large) stays there. The folder it left open is
      // closed, so that STATUS reads the server's count, not the open folder's.
      if (admin.mailbox) await admin.mailboxClose();
      const leftBefore = await countIn('INBOX');
      for (const m of [smalls[0]!, smalls[1]!, large, smalls[2]!, smalls[3]!, smalls[4]!])
        await admin.append('INBOX', m);
      // The messages of one round are handed over together, in one turn of the event loop: grouped that way.
      const rounds: number[][] = [];
      let open: number[] | null = null;
      let collections = 0;
      let heldWhenCollected = 0;
      // This thread's handle on the large message's bytes, and whether the poller's collection let go of it: by
      // then nothing may refer to the round's messages any more, or the collection frees nothing.
      let largeBytes: WeakRef<ArrayBufferLike> | null = null;
      let largeFreed: boolean | null = null;
      const poller = new ImapPoller({
        box: boxAt(dovecot.port),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxRoundBytes: 400 * 1024,
        logger: silentLogger,
        async collect() {
          collections++;
          heldWhenCollected = (rounds.at(-1) ?? []).reduce((a, b) => a + b, 0);
          await collectGarbageSoon();
          largeFreed = largeBytes?.deref() === undefined;
        },
        async receive(email: InboundEmail) {
          if (!open) {
            const group: number[] = [];
            open = group;
            rounds.push(group);
            setImmediate(() => {
              open = null;
            });
          }
          open.push(email.raw.byteLength);
          if (email.raw.byteLength === large.byteLength) largeBytes = new WeakRef(email.raw.buffer);
          return h.intake.receive(email);
        },
      });
      poller.start();
      try {
        await until('every message moved', async () => (await countIn('INBOX')) === leftBefore);
        assert.deepEqual(
          rounds.map((r) => r.length),
          [2, 1, 2, 1],
          'two small messages a round, the large one alone, each message once',
        );
        assert.equal(rounds[1]![0], large.byteLength);
        assert.equal(poller.stats.largestRoundBytes, large.byteLength);
        assert.equal(collections, 1, 'one collection, after the round with the large message');
        assert.equal(heldWhenCollected, large.byteLength);
        assert.equal(
          largeFreed,
          true,
          "the large message's bytes were still referred to when the poller collected",
        );
      } finally {
        await poller.stop();
      }
    });
  });
}
