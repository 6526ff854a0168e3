// A message that can never be stored, first in a real Dovecot folder, must not stall the mailbox: the messages
// behind it are filed in the next round, it is set aside after a few tries (moved to a folder of its own and put
// in the inbox for staff), the count of its tries is kept in the database across a restart, and a database outage
// counts nothing against any message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { databaseFailureLog, type FailureLog } from '../../src/adapters/db/imap-failures.repo.ts';
import { ImapPoller, SET_ASIDE_KEYWORD } from '../../src/adapters/mail/imap-poller.ts';
import { getInboxItem, listInbox } from '../../src/app/list-inbox.ts';
import type { InboundEmail } from '../../src/app/prepare-email.ts';
import { fileSetAside } from '../../src/app/set-aside-email.ts';
import { ENGINES } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { adminClient, DOVECOT_MISSING, type Dovecot, startDovecot, testImapBox } from './support/dovecot.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

/** What the database says when its server is not there (pg's error for a refused connection). */
function databaseDown(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

for (const engine of ENGINES) {
  describe(`IMAP poller: a message that can never be stored (${engine})`, { skip: DOVECOT_MISSING }, () => {
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

    const box = () => testImapBox(dovecot);
    const countIn = async (path: string) => {
      if (admin.mailbox) await admin.mailboxClose();
      const status = await admin.status(path, { messages: true }).catch(() => null);
      return status ? (status.messages ?? 0) : 0;
    };
    /** The set-aside folder's path on this server (its separator), or null while it does not exist. */
    const setAsidePath = async () =>
      (await admin.list()).find((f) => f.path === ['Redress', 'Unprocessable'].join(f.delimiter))?.path ??
      null;
    const idsIn = async (path: string) => {
      await admin.mailboxOpen(path);
      const found = await admin.fetchAll('1:*', { envelope: true });
      await admin.mailboxClose();
      return found.map((m) => m.envelope?.messageId ?? '');
    };
    const storedIds = async () =>
      (await h.test.database.db.selectFrom('correspondence').select('message_id').execute()).map(
        (r) => r.message_id,
      );
    const failuresTable = async () =>
      h.test.database.db.selectFrom('imap_failures').select(['uid', 'failures']).execute();
    /** Messages whose receiving always fails for good (what the intake refuses whatever the moment). */
    const refused = (ids: Set<string>) => (email: InboundEmail) => {
      if (ids.has(messageIdOf(Buffer.from(email.raw))))
        throw new Error('value too long for type character varying(998)');
      return h.intake.receive(email);
    };
    const staffSees = async (messageId: string) => {
      const page = await listInbox(h.ctx, { filter: 'open', reason: null, page: 1, pageSize: 100 });
      for (const row of page.rows) {
        const view = await getInboxItem(h.ctx, row.id);
        const c = await h.test.database.db
          .selectFrom('correspondence')
          .select('message_id')
          .where('id', '=', row.correspondenceId)
          .executeTakeFirst();
        if (c?.message_id === messageId) return view;
      }
      return null;
    };

    it('files the messages behind it in the next round and sets it aside after three tries, for staff to see', async () => {
      // The poison message is large and first: alone it fills a round's byte budget.
      const poison = rawMessage({
        from: 'Poison <poison@example.net>',
        body: 'Lorem ipsum dolor sit amet. '.repeat(3).concat('\r\n').repeat(4000),
      });
      const goods = [1, 2].map((i) =>
        rawMessage({ from: `Good ${i} <good${i}@example.net>`, body: `Complaint ${i}.` }),
      );
      assert.ok(poison.byteLength > 300 * 1024);
      for (const m of [poison, ...goods]) await admin.append('INBOX', m);
      const poisonId = messageIdOf(poison);
      const handed: string[] = [];
      const fail = refused(new Set([poisonId]));
      const poller = new ImapPoller({
        box: box(),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxRoundBytes: 200 * 1024,
        maxFailures: 3,
        retryPauseMs: 100,
        failures: databaseFailureLog(h.test.database, 'imap:test/INBOX'),
        setAside: (email, problem) => fileSetAside(h.ctx, h.intake, email, problem),
        logger: silentLogger,
        async receive(email: InboundEmail) {
          handed.push(messageIdOf(Buffer.from(email.raw)));
          return fail(email);
        },
      });
      poller.start();
      try {
        await until('the good messages stored', async () => {
          const ids = await storedIds();
          return goods.every((g) => ids.includes(messageIdOf(g)));
        });
        // Round one: the poison message alone; round two: both good ones, before it is tried again.
        const second = handed.indexOf(poisonId, 1);
        for (const g of goods) {
          const at = handed.indexOf(messageIdOf(g));
          assert.ok(
            at > 0 && (second === -1 || at < second),
            `filed in the second round: ${handed.join(' ')}`,
          );
        }
        await until('the poison message set aside', async () => poller.stats.setAside === 1);
        assert.equal(handed.filter((id) => id === poisonId).length, 3, 'tried three times');
        const folder = await setAsidePath();
        assert.ok(folder, 'the set-aside folder was made');
        assert.deepEqual(await idsIn(folder), [poisonId], 'moved to the set-aside folder');
        assert.equal(await countIn('INBOX'), 0, 'the folder is empty: nothing stalls it');
        assert.equal(await countIn('Redress-Processed'), 2);
        assert.deepEqual(await failuresTable(), [], 'its count is forgotten once it is set aside');

        const view = await staffSees(poisonId);
        assert.ok(view, 'in the inbox for staff');
        assert.equal(view.item.reason, 'unparseable');
        assert.match(view.item.note ?? '', /could not be stored after 3 tries/);
        assert.match(view.item.note ?? '', /Unprocessable/);
        const original = await h.test.database.db
          .selectFrom('originals')
          .select('content')
          .where('sha256', '=', view.correspondence.originalSha256!)
          .executeTakeFirstOrThrow();
        assert.ok(Buffer.from(original.content).equals(poison), 'stored byte for byte');
      } finally {
        await poller.stop();
      }
    });

    it('counts nothing while the database is down, and goes on counting across a restart', async () => {
      const poison = rawMessage({ from: 'Poison <poison2@example.net>', body: 'Never stored.' });
      const good = rawMessage({
        from: 'Good <good3@example.net>',
        body: 'Stored once the database is back.',
      });
      for (const m of [poison, good]) await admin.append('INBOX', m);
      const poisonId = messageIdOf(poison);
      const fail = refused(new Set([poisonId]));
      const log = databaseFailureLog(h.test.database, 'imap:test/INBOX');
      // The outage: refused connections first, then a database that does not answer (past the time limit).
      let outage: 'refused' | 'silent' | null = 'refused';
      let triedInOutage = 0;
      let triedAfter = 0;
      const receive = async (email: InboundEmail) => {
        const isPoison = messageIdOf(Buffer.from(email.raw)) === poisonId;
        if (outage) {
          if (isPoison) triedInOutage++;
          if (outage === 'refused') throw databaseDown();
          return new Promise<never>(() => {});
        }
        if (isPoison) triedAfter++;
        return fail(email);
      };
      const options = {
        // Retried after the pause when the database fails, not after the poll interval (nor only on new mail).
        box: { ...box(), pollSeconds: 600 },
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxFailures: 3,
        retryPauseMs: 100,
        storeTimeoutMs: 300,
        setAside: (email: InboundEmail, problem: string) => fileSetAside(h.ctx, h.intake, email, problem),
        logger: silentLogger,
        receive,
      };
      // The first instance stops after the poison message's second counted failure.
      let first: ImapPoller | null = null;
      const stopsAtTwo: FailureLog = {
        ...log,
        async count(validity, uid, error) {
          const n = await log.count(validity, uid, error);
          if (n === 2) void first?.stop();
          return n;
        },
      };
      first = new ImapPoller({ ...options, failures: stopsAtTwo });
      first.start();
      try {
        await until('tried often during the outage', async () => triedInOutage >= 4);
        outage = 'silent';
        const before = triedInOutage;
        await until(
          'tried again while the database does not answer',
          async () => triedInOutage >= before + 3,
        );
        assert.equal(first.stats.setAside, 0, 'nothing set aside during the outage');
        assert.equal(first.stats.countedFailures, 0, 'no failure counted during the outage');
        assert.deepEqual(await failuresTable(), []);
        assert.equal(await countIn('INBOX'), 2, 'both wait in the folder');

        outage = null;
        await until('the first instance stopped', async () => !first!.polling);
        await first.stop();
      } finally {
        await first.stop();
      }
      assert.equal(triedAfter, 2);
      assert.equal(first.stats.setAside, 0);
      assert.deepEqual(
        (await failuresTable()).map((r) => Number(r.failures)),
        [2],
        'two failures counted, in the database',
      );
      // Another instance (or this one restarted) goes on from there: one more failure and it is set aside.
      const second = new ImapPoller({ ...options, failures: log });
      second.start();
      try {
        await until('the poison message set aside', async () => second.stats.setAside === 1);
        assert.equal(triedAfter, 3, 'tried once more, not three times more');
        assert.ok((await storedIds()).includes(messageIdOf(good)), 'the good message stored');
        const folder = await setAsidePath();
        assert.ok(folder);
        assert.ok((await idsIn(folder)).includes(poisonId));
        assert.ok(await staffSees(poisonId), 'in the inbox for staff');
        await until('the folder empty', async () => (await countIn('INBOX')) === 0);
      } finally {
        await second.stop();
      }
    });

    it('flags the message and skips it where the server will not make the set-aside folder', async () => {
      const poison = rawMessage({ from: 'Poison <poison3@example.net>', body: 'Never stored either.' });
      const good = rawMessage({ from: 'Good <good4@example.net>', body: 'Behind it.' });
      for (const m of [poison, good]) await admin.append('INBOX', m);
      const poisonId = messageIdOf(poison);
      let tries = 0;
      const fail = refused(new Set([poisonId]));
      const poller = new ImapPoller({
        box: box(),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxFailures: 2,
        retryPauseMs: 100,
        // A name the server refuses (a mailbox under a name that is not one).
        setAsideFolder: ['bad/name', 'x'],
        failures: databaseFailureLog(h.test.database, 'imap:test/INBOX'),
        setAside: (email, problem) => fileSetAside(h.ctx, h.intake, email, problem),
        logger: silentLogger,
        async receive(email: InboundEmail) {
          if (messageIdOf(Buffer.from(email.raw)) === poisonId) tries++;
          return fail(email);
        },
      });
      poller.start();
      try {
        await until('the poison message set aside', async () => poller.stats.setAside === 1);
        await until('the good one stored', async () => (await storedIds()).includes(messageIdOf(good)));
        // Rounds go on (the poller waits for new mail): the flagged message is not tried again.
        const idle = new Promise<void>((resolve) => {
          poller.onIdle = resolve;
        });
        await idle;
        assert.equal(tries, 2);
        await admin.mailboxOpen('INBOX');
        const left = await admin.fetchAll('1:*', { flags: true, envelope: true });
        await admin.mailboxClose();
        assert.equal(left.length, 1);
        assert.equal(left[0]!.envelope?.messageId, poisonId);
        assert.ok(left[0]!.flags?.has(SET_ASIDE_KEYWORD), 'flagged');
        const view = await staffSees(poisonId);
        assert.match(view?.item.note ?? '', new RegExp(`keyword \\${SET_ASIDE_KEYWORD}`));
      } finally {
        await poller.stop();
      }
    });
  });
}
