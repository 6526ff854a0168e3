// A message that can never be stored, first in a real Dovecot folder, must not stall the mailbox: the messages
// behind it are filed in the next round, it is set aside after a few tries (moved to a folder of its own and put
// in the inbox for staff), the count of its tries is kept in the database across a restart, and a database outage
// counts nothing against any message. Its tries are spaced by a growing pause (on a clock the test moves), so a
// fault that passes does not get a good message set aside; its count is forgotten once it has left the folder,
// whichever way; /metrics counts the messages set aside, and says which of them staff were not told about.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { databaseFailureLog, type FailureLog } from '../../src/adapters/db/imap-failures.repo.ts';
import {
  FIRST_RETRY_MS,
  ImapPoller,
  LONGEST_RETRY_MS,
  RETRY_GROWTH,
  retryDelayMs,
  SET_ASIDE_KEYWORD,
} from '../../src/adapters/mail/imap-poller.ts';
import { createMetrics, type RedressMetrics } from '../../src/adapters/metrics/metrics.ts';
import { getInboxItem, listInbox } from '../../src/app/list-inbox.ts';
import type { InboundEmail } from '../../src/app/prepare-email.ts';
import { fileSetAside } from '../../src/app/set-aside-email.ts';
import { ENGINES } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { adminClient, DOVECOT_MISSING, type Dovecot, startDovecot, testImapBox } from './support/dovecot.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

/** A figure of /metrics, with its labels as Prometheus writes them (`name{a="x"}`); null when it is not there. */
async function figure(metrics: RedressMetrics, series: string): Promise<number | null> {
  const line = (await metrics.expose()).body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

/** Resolves after the poller's next round that found nothing to do (it then waits for the poll interval). */
function nextIdle(poller: ImapPoller): Promise<void> {
  return new Promise((resolve) => {
    poller.onIdle = () => {
      poller.onIdle = null;
      resolve();
    };
  });
}

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
    const failureRows = async () =>
      h.test.database.db
        .selectFrom('imap_failures')
        .select(['uid_validity', 'uid', 'failures', 'last_failed_at'])
        .execute();
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
        // Tried again at once (the pause between tries has a test of its own).
        retryDelay: () => 0,
        retryPauseMs: 100,
        failures: databaseFailureLog(h.test.database, 'imap:test/INBOX'),
        setAside: (email, problem) => fileSetAside(h.ctx, h.intake, email, problem),
        logger: silentLogger,
        async receive(email: InboundEmail) {
          handed.push(messageIdOf(Buffer.from(email.raw)));
          return fail(email);
        },
      });
      const metrics = createMetrics(h.ctx);
      metrics.addImapMailbox('test', poller);
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
        assert.equal(
          await figure(metrics, 'redress_imap_set_aside_total{mailbox="test",staff_note="filed"}'),
          1,
        );
        assert.equal(
          await figure(metrics, 'redress_imap_set_aside_total{mailbox="test",staff_note="not_filed"}'),
          0,
        );
        assert.equal(await figure(metrics, 'redress_imap_failing_messages{mailbox="test"}'), 0);

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
        retryDelay: () => 0,
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
        async count(validity, uid, error, at) {
          const n = await log.count(validity, uid, error, at);
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
        retryDelay: () => 0,
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
    it('tries a failed message again only after a pause that grows, and files it once the fault has passed', async () => {
      // 5 minutes after the first failure, 20 after the second; never more than 6 hours.
      assert.equal(retryDelayMs(1), FIRST_RETRY_MS);
      assert.equal(retryDelayMs(2), FIRST_RETRY_MS * RETRY_GROWTH);
      assert.equal(retryDelayMs(50), LONGEST_RETRY_MS);
      const flaky = rawMessage({
        from: 'Flaky <flaky@example.net>',
        body: 'Stored once the fault has passed.',
      });
      await admin.append('INBOX', flaky);
      const flakyId = messageIdOf(flaky);
      let now = Date.parse('2026-12-07T09:00:00.000Z');
      let tries = 0;
      // A fault the code cannot tell apart from the message's own, which passes after a while.
      let faulty = true;
      const poller = new ImapPoller({
        box: box(),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxFailures: 3,
        retryPauseMs: 100,
        clock: () => now,
        failures: databaseFailureLog(h.test.database, 'imap:test/INBOX'),
        setAside: (email, problem) => fileSetAside(h.ctx, h.intake, email, problem),
        logger: silentLogger,
        async receive(email: InboundEmail) {
          if (messageIdOf(Buffer.from(email.raw)) === flakyId) {
            tries++;
            if (faulty) throw new Error('the attachment store said: EIO, input/output error');
          }
          return h.intake.receive(email);
        },
      });
      const metrics = createMetrics(h.ctx);
      metrics.addImapMailbox('test', poller);
      const idleRounds = async (n: number) => {
        for (let i = 0; i < n; i++) await nextIdle(poller);
      };
      poller.start();
      try {
        await until('tried once', async () => tries >= 1);
        await idleRounds(2);
        assert.equal(tries, 1, 'not tried again at once');
        const first = await failureRows();
        assert.deepEqual(
          first.map((r) => [Number(r.failures), r.last_failed_at]),
          [[1, '2026-12-07T09:00:00.000Z']],
          'the count and the time of the try kept (on the clock given)',
        );
        assert.equal(await figure(metrics, 'redress_imap_failing_messages{mailbox="test"}'), 1);

        now += FIRST_RETRY_MS - 1000;
        await idleRounds(2);
        assert.equal(tries, 1, 'not before its pause is over');
        now += 1000;
        await until('tried a second time once the pause is over', async () => tries === 2);
        await idleRounds(2);
        assert.equal(tries, 2);
        assert.deepEqual(
          (await failureRows()).map((r) => [Number(r.failures), r.last_failed_at]),
          [[2, new Date(now).toISOString()]],
        );

        // The second pause is longer.
        now += FIRST_RETRY_MS;
        await idleRounds(2);
        assert.equal(tries, 2, 'the second pause is longer than the first');
        faulty = false;
        now += FIRST_RETRY_MS * (RETRY_GROWTH - 1);
        await until('stored at the third try', async () => (await storedIds()).includes(flakyId));
        assert.equal(tries, 3);
        assert.equal(poller.stats.setAside, 0, 'a good message is not set aside');
        await until('its count forgotten', async () => (await failuresTable()).length === 0);
        await until('the folder empty', async () => (await countIn('INBOX')) === 1);
        assert.equal(await figure(metrics, 'redress_imap_failing_messages{mailbox="test"}'), 0);
      } finally {
        await poller.stop();
      }
    });

    it('forgets the failures of a message gone from the folder, and those counted under an older UIDVALIDITY', async () => {
      const poison = rawMessage({ from: 'Poison <poison4@example.net>', body: 'A person takes it away.' });
      await admin.append('INBOX', poison);
      const poisonId = messageIdOf(poison);
      // A count left from before the folder was renumbered (its messages are not those UIDs any more).
      await h.test.database.db
        .insertInto('imap_failures')
        .values({
          mailbox: 'imap:test/INBOX',
          uid_validity: '1',
          uid: 7,
          failures: 2,
          last_error: 'long gone',
          last_failed_at: '2026-11-01T00:00:00.000Z',
        })
        .execute();
      const fail = refused(new Set([poisonId]));
      const poller = new ImapPoller({
        box: box(),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxFailures: 3,
        retryPauseMs: 100,
        clock: () => Date.parse('2026-12-07T09:00:00.000Z'),
        failures: databaseFailureLog(h.test.database, 'imap:test/INBOX'),
        setAside: (email, problem) => fileSetAside(h.ctx, h.intake, email, problem),
        logger: silentLogger,
        receive: fail,
      });
      poller.start();
      try {
        await until('its failure counted', async () => poller.stats.countedFailures >= 1);
        await until(
          'the older count forgotten',
          async () => (await failureRows()).every((r) => r.uid_validity !== '1'),
          10_000,
        );
        assert.equal(poller.stats.setAside, 0, 'waiting for its next try');
        // A person moves it out of the folder before it is set aside.
        await admin.mailboxCreate('Kept-by-hand');
        await admin.mailboxOpen('INBOX');
        const moved = await admin.messageMove({ header: { 'message-id': poisonId } }, 'Kept-by-hand');
        await admin.mailboxClose();
        assert.ok(moved, 'moved by hand');
        await until('its count forgotten', async () => (await failuresTable()).length === 0, 10_000);
        assert.equal(poller.stats.setAside, 0);
        assert.equal(poller.stats.failing, 0);
      } finally {
        await poller.stop();
      }
    });

    it('sets the message aside all the same, with an error in the log and on /metrics, when staff cannot be told', async () => {
      const poison = rawMessage({ from: 'Poison <poison5@example.net>', body: 'Nor can the note be filed.' });
      await admin.append('INBOX', poison);
      const poisonId = messageIdOf(poison);
      const logged: Array<{ level: number; msg: string; uid?: number }> = [];
      const logger = pino(
        { level: 'info' },
        {
          write(line: string) {
            logged.push(JSON.parse(line));
          },
        },
      );
      const poller = new ImapPoller({
        box: box(),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        maxFailures: 2,
        retryDelay: () => 0,
        retryPauseMs: 100,
        failures: databaseFailureLog(h.test.database, 'imap:test/INBOX'),
        // Filing the note fails for good (not a database outage: trying again would not help).
        async setAside() {
          throw new Error('value too long for type character varying(998)');
        },
        logger,
        receive: refused(new Set([poisonId])),
      });
      const metrics = createMetrics(h.ctx);
      metrics.addImapMailbox('test', poller);
      poller.start();
      try {
        await until('the poison message set aside', async () => poller.stats.setAside === 1);
        const folder = await setAsidePath();
        assert.ok(folder);
        assert.ok((await idsIn(folder)).includes(poisonId), 'moved to the set-aside folder all the same');
        assert.equal(await staffSees(poisonId), null, 'not in the inbox');
        assert.ok(
          logged.some((l) => l.level >= 50 && /could not put a message set aside/.test(l.msg)),
          `an error logged: ${logged.map((l) => l.msg).join(' | ')}`,
        );
        assert.equal(
          await figure(metrics, 'redress_imap_set_aside_total{mailbox="test",staff_note="not_filed"}'),
          1,
        );
        assert.equal(
          await figure(metrics, 'redress_imap_set_aside_total{mailbox="test",staff_note="filed"}'),
          0,
        );
        assert.deepEqual(await failuresTable(), []);
      } finally {
        await poller.stop();
      }
    });
  });
}
