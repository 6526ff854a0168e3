// The list of correspondence rows written before outbound seals were anchored (`correspondence_before_anchor`) is
// evidence, on SQLite and PostgreSQL: the upgrade records it in the audit chain once it has filled it, and `redress
// archive verify` names an entry added (with the forged row it would account for), removed or changed since, and a
// row changed together with its own copy of the seal the list recorded. An untouched upgraded archive verifies
// intact. Verify's memory does not grow with the archive: what it holds at once stays the same for five times the
// cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordAnchorList } from '../../src/adapters/db/anchor-list.repo.ts';
import { appendAudit } from '../../src/adapters/db/audit-chain.repo.ts';
import { runDueFills } from '../../src/adapters/db/migration-fills.ts';
import * as beforeAnchor from '../../src/adapters/db/migrations/202612061420-correspondence-before-anchor.ts';
import * as anchorListRecord from '../../src/adapters/db/migrations/202612061700-anchor-list-record.ts';
import { inviteUser } from '../../src/app/manage-users.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { type HeldGauge, verifyArchive } from '../../src/app/verify-archive.ts';
import { anchorListRecorder } from '../../src/core/archive/anchor-list.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { ENGINES } from '../support/databases.ts';
import { copyByHand, outboundDigestOf } from '../support/forge.ts';

const NOW = '2026-12-07T10:00:00.000Z';
const ACTING = { actor: 'cli', label: null, address: null };

type Db = Harness['test']['database']['db'];
type ListDb = Db & {
  insertInto(table: 'correspondence_before_anchor'): ReturnType<Db['insertInto']>;
};

async function removeRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('outbound_items').where('correspondence_id', '=', id).execute();
  await db.deleteFrom('correspondence').where('id', '=', id).execute();
}

const list = (db: Db) => db as unknown as ListDb;

/** What a forger who knows the list adds to it: the id, and where the columns exist, a place and the row's seal. */
async function addToList(db: Db, id: string, numbered: boolean): Promise<void> {
  const seal = (
    await db
      .selectFrom('correspondence')
      .select('content_sha256')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).content_sha256;
  const last = numbered
    ? ((await (db as never as Db)
        .selectFrom('correspondence_before_anchor' as never)
        .select((eb) => eb.fn.max('seq' as never).as('n'))
        .executeTakeFirst()) as { n: number | null } | undefined)
    : undefined;
  await list(db)
    .insertInto('correspondence_before_anchor')
    .values((numbered ? { id, seq: Number(last?.n ?? 0) + 1, seal } : { id }) as never)
    .execute();
}

async function removeFromList(db: Db, id: string): Promise<void> {
  await db
    .deleteFrom('correspondence_before_anchor' as never)
    .where('id' as never, '=', id as never)
    .execute();
}

const found = async (h: Harness) =>
  (await verifyArchive(h.ctx)).problems.map((p) => `${p.kind} ${p.stream}`).sort();

for (const engine of ENGINES) {
  describe(`archive verify: the list of rows written before the anchor is evidence (${engine})`, () => {
    let h: Harness;
    let db: Db;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
      db = h.test.database.db;
      await receiveEmail(h.ctx, {
        raw: rawMessage({ from: 'Anna Schmidt <anna@example.de>' }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
      await inviteUser(
        h.ctx,
        { email: 'new.agent@example.org', name: 'New Agent', role: 'agent', departments: [], language: 'fr' },
        ACTING,
      );
      const invitation = (
        await db
          .selectFrom('correspondence')
          .select('id')
          .where('direction', '=', 'out')
          .where('case_id', 'is', null)
          .executeTakeFirstOrThrow()
      ).id;
      // What a release before the anchor left: mail of no case sealed in its row only. The upgrade lists every row
      // it finds, numbers the list and records it in the audit chain (the migrations' fill).
      await copyByHand(db, invitation, 'old-notice-1', 'Avis 1.');
      await copyByHand(db, invitation, 'old-notice-2', 'Avis 2.');
      await beforeAnchor.down(db as never);
      await anchorListRecord.down(db as never).catch(() => undefined);
      await beforeAnchor.up(db as never);
      await anchorListRecord.up(db as never);
      // In pieces of two entries, as a large list is filled a piece at a time.
      const filled = await runDueFills(h.test.database, { piece: 2 });
      assert.deepEqual(
        filled.map((f) => f.name),
        ['202612061700-anchor-list-record'],
      );
    });
    after(() => h.close());

    it('verifies an untouched upgraded archive intact, and records the list once', async () => {
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(report.problems, []);
      assert.equal(report.outboundUnanchored, 2);
      // Run again (a fill cut short after recording): no second record.
      assert.equal(await recordAnchorList(h.test.database), 0);
      const records = await db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'anchor_list_recorded')
        .execute();
      assert.equal(records.length, 1);
      const cli = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    });

    it('names a row forged together with an entry in the list, whether or not the entry has a place', async () => {
      await copyByHand(db, 'old-notice-1', 'forged-notice', 'Nous confirmons votre accord.');
      await addToList(db, 'forged-notice', false);
      assert.deepEqual(await found(h), [
        'anchor_list_added correspondence:forged-notice',
        'correspondence_unaccounted correspondence:forged-notice',
      ]);
      await removeFromList(db, 'forged-notice');
      await addToList(db, 'forged-notice', true);
      const recorded = JSON.parse(
        (
          await db
            .selectFrom('audit_log')
            .select('detail')
            .where('action', '=', 'anchor_list_recorded')
            .executeTakeFirstOrThrow()
        ).detail!,
      ) as unknown;
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(report.problems.map((p) => `${p.kind} ${p.stream}`).sort(), [
        'anchor_list_added correspondence:forged-notice',
        'correspondence_unaccounted correspondence:forged-notice',
      ]);
      assert.match(
        report.problems.find((p) => p.kind === 'anchor_list_added')!.detail,
        /the list of correspondence written before outbound seals were anchored holds the outbound e-mail forged-notice \(of no case\), which it did not hold when it was recorded \(audit entry \d+\)/,
      );
      const cli = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
        REDRESS_DATABASE_URL: h.test.url,
      });
      assert.equal(cli.code, 1);
      assert.match(cli.stdout, /anchor_list_added: correspondence:forged-notice: /);
      // The forger also writes the record again to match the list: the audit chain names the entry changed.
      const recorder = anchorListRecorder();
      const entries = (await db
        .selectFrom('correspondence_before_anchor' as never)
        .select(['id', 'seal'] as never)
        .orderBy('seq' as never)
        .execute()) as { id: string; seal: string | null }[];
      for (const e of entries) recorder.add(e);
      const forgedRecord = recorder.finish();
      const record = await db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'anchor_list_recorded')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('audit_log')
        .set({ detail: JSON.stringify(forgedRecord) })
        .where('id', '=', record.id)
        .execute();
      assert.deepEqual(await found(h), [`altered audit`]);
      await db
        .updateTable('audit_log')
        .set({ detail: JSON.stringify(recorded) })
        .where('id', '=', record.id)
        .execute();
      await removeFromList(db, 'forged-notice');
      await removeRow(db, 'forged-notice');
      assert.deepEqual(await found(h), []);
    });

    it('names an entry removed, an entry changed, and a row changed with its own copy of the seal', async () => {
      await removeFromList(db, 'old-notice-1');
      assert.deepEqual(await found(h), [
        'anchor_list_removed correspondence:old-notice-1',
        'correspondence_unaccounted correspondence:old-notice-1',
      ]);
      // Put back as it was: in its place, with its seal.
      const seal = (
        await db
          .selectFrom('correspondence')
          .select('content_sha256')
          .where('id', '=', 'old-notice-1')
          .executeTakeFirstOrThrow()
      ).content_sha256;
      const places = (await db
        .selectFrom('correspondence_before_anchor' as never)
        .select(['seq'] as never)
        .orderBy('seq' as never)
        .execute()) as { seq: number }[];
      const free = places.findIndex((p, i) => p.seq !== i + 1) + 1 || places.length + 1;
      await list(db)
        .insertInto('correspondence_before_anchor')
        .values({ id: 'old-notice-1', seq: free, seal } as never)
        .execute();
      assert.deepEqual(await found(h), []);

      await db
        .updateTable('correspondence_before_anchor' as never)
        .set({ seal: 'f'.repeat(64) } as never)
        .where('id' as never, '=', 'old-notice-2' as never)
        .execute();
      assert.deepEqual(await found(h), [
        'anchor_list_changed correspondence:old-notice-2',
        'correspondence_unaccounted correspondence:old-notice-2',
      ]);
      await db
        .updateTable('correspondence_before_anchor' as never)
        .set({ seal: (await outboundDigestOf(db, 'old-notice-2')) as never } as never)
        .where('id' as never, '=', 'old-notice-2' as never)
        .execute();
      assert.deepEqual(await found(h), []);

      // The row's text changed and its own copy of the seal made again: only the list still has the seal it had.
      await db
        .updateTable('correspondence')
        .set({ text_body: 'Votre demande est acceptée.' })
        .where('id', '=', 'old-notice-2')
        .execute();
      await db
        .updateTable('correspondence')
        .set({ content_sha256: await outboundDigestOf(db, 'old-notice-2') })
        .where('id', '=', 'old-notice-2')
        .execute();
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(
        report.problems.map((p) => `${p.kind} ${p.stream}`),
        ['outbound_altered correspondence:old-notice-2'],
      );
      assert.match(report.problems[0]!.detail, /no longer carries the seal that the list .* recorded for it/);
    });

    it('names a row of no case that the list accounts for and that is gone', async () => {
      await removeRow(db, 'old-notice-1');
      const report = await verifyArchive(h.ctx);
      assert.deepEqual(report.problems.map((p) => `${p.kind} ${p.stream}`).sort(), [
        'correspondence_missing correspondence:old-notice-1',
        'outbound_altered correspondence:old-notice-2',
      ]);
    });

    it("keeps the upgrade's record when a forger appends one of their own to the audit chain", async () => {
      await copyByHand(db, 'old-notice-2', 'forged-notice-2', 'Nous confirmons votre accord.');
      await addToList(db, 'forged-notice-2', true);
      const recorder = anchorListRecorder();
      const entries = (await db
        .selectFrom('correspondence_before_anchor' as never)
        .select(['id', 'seal'] as never)
        .orderBy('seq' as never)
        .execute()) as { id: string; seal: string | null }[];
      for (const e of entries) recorder.add(e);
      await h.test.database.transaction((trx) =>
        appendAudit(trx, {
          id: 'forged-record',
          at: NOW,
          actor: 'system',
          actorLabel: null,
          action: 'anchor_list_recorded',
          targetType: 'correspondence_before_anchor',
          targetId: null,
          targetLabel: null,
          address: null,
          detail: { ...recorder.finish() },
        }),
      );
      const problems = await found(h);
      for (const p of [
        'anchor_list_added correspondence:forged-notice-2',
        'anchor_list_changed anchor_list',
        'correspondence_unaccounted correspondence:forged-notice-2',
      ])
        assert.ok(problems.includes(p), `${p} in ${problems.join(', ')}`);
    });
  });

  describe(`archive verify: a new installation's list is empty and unrecorded (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('verifies intact, and names a row forged with an entry in the list', async () => {
      const { db } = h.test.database;
      await inviteUser(
        h.ctx,
        { email: 'new.agent@example.org', name: 'New Agent', role: 'agent', departments: [], language: 'fr' },
        ACTING,
      );
      assert.deepEqual(await found(h), []);
      const invitation = (
        await db
          .selectFrom('correspondence')
          .select('id')
          .where('direction', '=', 'out')
          .executeTakeFirstOrThrow()
      ).id;
      await copyByHand(db, invitation, 'forged-mail', 'Nous confirmons votre accord.');
      await addToList(db, 'forged-mail', true);
      assert.deepEqual(await found(h), [
        'anchor_list_unrecorded anchor_list',
        'correspondence_unaccounted correspondence:forged-mail',
      ]);
    });
  });

  describe(`archive verify: memory does not grow with the archive (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    const grow = async (cases: number) => {
      for (let i = 0; i < cases; i++)
        await receiveEmail(h.ctx, {
          raw: rawMessage({ from: `Person ${i} <person.${i}.${Math.random()}@example.de>` }),
          mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
          door: 'pipe',
        });
    };
    const measure = async () => {
      const held: HeldGauge = { held: 0, peak: 0 };
      const report = await verifyArchive(h.ctx, { page: 4, held });
      assert.deepEqual(report.problems, []);
      assert.equal(held.held, 0);
      return { peak: held.peak, rows: report.inbound + report.outbound, streams: report.streams };
    };

    it('holds as many ids at once for five times the cases', async () => {
      await grow(12);
      const small = await measure();
      await grow(48);
      const large = await measure();
      assert.equal(large.rows, small.rows * 5);
      assert.equal(large.streams, small.streams * 5);
      assert.equal(
        large.peak,
        small.peak,
        `peak ${small.peak} for ${small.rows} rows, ${large.peak} for ${large.rows}`,
      );
      assert.ok(large.peak * 3 < large.rows, `peak ${large.peak} for ${large.rows} rows`);
    });
  });
}
