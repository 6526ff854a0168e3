// The register of cases reads the facts of each case's events from the case's row (the answer deadline the first
// extension replaced; what the answer recorded: remedy, amount, root cause). On both engines, over random
// histories of extensions, answers, closings, reopenings and notes, the row says what the events say, read here apart from
// the product (the events parsed one by one). The same holds after the migration fills the columns of an archive
// written before they existed, and after a case whose state was stored before the facts were kept in it is saved
// again (its row must keep what the migration filled, not lose it).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateTo, migrateToLatest, migrationNames, migrationState } from '../../src/adapters/db/migrate.ts';
import { dueFills } from '../../src/adapters/db/migration-fills.ts';
import { fillRegisterColumns } from '../../src/adapters/db/migrations/202612051800-register-columns.ts';
import { REGISTER_COLUMNS } from '../../src/adapters/db/register.repo.ts';
import { refillRegisterColumns } from '../../src/adapters/db/register-refill.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { runRedress } from '../mail/support/server.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const COLUMNS = REGISTER_COLUMNS;
const OWN = '202612051800-register-columns';
/** The migration after these, which a release before the columns had not applied either, and its column. */
const LATER = '202612061100-procedure-answer-by';
const LATER_COLUMNS = ['procedure_answer_by'] as const;
/** Every migration after its own, in order: a release before the columns had applied none of them. */
const AFTER_OWN = migrationNames().filter((n) => n > OWN);
/** Those after LATER: undone with their own `down` where they have one, else applied again as they are. */
const AFTER_LATER = AFTER_OWN.filter((n) => n > LATER);
const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
type Facts = Record<(typeof COLUMNS)[number], string | null>;

/**
 * The database as a release before the columns left it: the columns gone, and the migration that added them and
 * every one after it not applied (those after LATER undone by their own `down` where they have one).
 */
async function asBeforeTheColumnsIn(db: TestDatabase['database']['db']): Promise<void> {
  for (const name of [...AFTER_LATER].reverse()) {
    const m = (await import(`../../src/adapters/db/migrations/${name}.ts`)) as {
      down?: (db: unknown) => Promise<void>;
    };
    await m.down?.(db);
  }
  await sql`delete from kysely_migration where name >= ${OWN}`.execute(db);
  await sql`drop table if exists migration_fills`.execute(db);
  await sql`drop index if exists cases_answered_late_procedure`.execute(db);
  for (const column of [...COLUMNS, ...LATER_COLUMNS])
    await db.schema.alterTable('cases').dropColumn(column).execute();
}

/** What one history does to a case, in order (a step the procedure refuses at that point is skipped). */
type Step =
  | { type: 'extend'; days: number }
  | {
      type: 'answer';
      remedy: string | null;
      amount: string | null;
      cause: string | null;
      note: string | null;
    }
  | { type: 'close' }
  | { type: 'reopen' }
  | { type: 'note' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant('extend' as const), days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    type: fc.constant('answer' as const),
    remedy: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
    amount: fc.option(
      fc.integer({ min: 1, max: 99_999 }).map((c) => (c / 100).toFixed(2)),
      { nil: null },
    ),
    cause: fc.option(fc.constantFrom('our_error', 'third_party', 'policy_as_designed'), { nil: null }),
    note: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
  }),
  fc.constant({ type: 'close' as const }),
  fc.constant({ type: 'reopen' as const }),
  fc.constant({ type: 'note' as const }),
);

/** The facts as the events say them: the first extension's previous deadline, the last answer's record. */
async function factsFromEvents(tdb: TestDatabase, caseId: string): Promise<Facts> {
  const events = await tdb.database.db
    .selectFrom('events')
    .select(['type', 'payload'])
    .where('stream', '=', `case:${caseId}`)
    .orderBy('seq')
    .execute();
  const facts: Facts = {
    first_answer_by: null,
    remedy: null,
    remedy_amount: null,
    remedy_currency: null,
    root_cause: null,
    root_cause_note: null,
  };
  for (const e of events) {
    const p = JSON.parse(e.payload);
    if (e.type === 'extended' && facts.first_answer_by === null) facts.first_answer_by = p.previousAnswerBy;
    if (e.type === 'answered') {
      facts.remedy = p.remedy ?? null;
      facts.remedy_amount = p.remedyAmount?.value ?? null;
      facts.remedy_currency = p.remedyAmount?.currency ?? null;
      facts.root_cause = p.rootCause?.cause ?? null;
      facts.root_cause_note = p.rootCause?.note ?? null;
    }
  }
  return facts;
}

async function factsOfRows(tdb: TestDatabase, ids: readonly string[]): Promise<Map<string, Facts>> {
  const rows = await tdb.database.db
    .selectFrom('cases')
    .select(['id', ...COLUMNS])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

/**
 * Resolves once a session of the client's database waits for a lock (or after two seconds: on a machine too busy for
 * the other session to get there by then, the test goes on without the wait, and still holds).
 */
async function untilWaitingForALock(client: pg.Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const waiting = await client.query(
      `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
    );
    if (waiting.rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const engine of ENGINES) {
  describe(`register columns on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-02-02T09:00:00.000Z');
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database, { clock });
    });
    after(async () => {
      await tdb.drop();
    });

    /** Opens a case and runs a history on it, a day per step. */
    async function caseWith(steps: readonly Step[], start: number): Promise<string> {
      let day = Date.parse('2026-02-02T09:00:00.000Z') + start * 86_400_000 * 40;
      const at = () => new Date(day).toISOString();
      clock.set(at());
      const c = await openCase(ctx, complaintAt(at()));
      for (const step of steps) {
        day += 86_400_000;
        clock.set(at());
        const state = (await ctx.database.db
          .selectFrom('cases')
          .select(['answer_by_date'])
          .where('id', '=', c.caseId)
          .executeTakeFirstOrThrow()) as { answer_by_date: string | null };
        const command =
          step.type === 'extend'
            ? state.answer_by_date && {
                type: 'extend' as const,
                reason: 'Waiting for the registry.',
                windowStart: state.answer_by_date,
                windowEnd: new Date(Date.parse(state.answer_by_date) + step.days * 86_400_000)
                  .toISOString()
                  .slice(0, 10),
                correspondenceId: null,
              }
            : step.type === 'answer'
              ? {
                  type: 'answer' as const,
                  outcome: 'upheld' as const,
                  text: 'Our answer.',
                  remedy: step.remedy,
                  correspondenceId: null,
                  rootCause: step.cause ? { cause: step.cause as 'our_error', note: step.note } : null,
                  remedyAmount: step.amount ? { value: step.amount, currency: 'EUR' } : null,
                }
              : step.type === 'close'
                ? { type: 'close' as const, reason: 'Done.' }
                : step.type === 'reopen'
                  ? { type: 'reopen' as const, reason: 'The client wrote again.' }
                  : { type: 'add_note' as const, text: 'Called the client.' };
        if (!command) continue;
        // A window that would end on a day off ends on the next working day instead.
        for (let tries = 0; tries < 7; tries++) {
          try {
            await actOnCase(ctx, c.caseId, command, 'user:a');
            break;
          } catch (e) {
            const code = (e as { code?: string }).code;
            if (code === 'window_end_not_working_day' && command.type === 'extend') {
              command.windowEnd = new Date(Date.parse(command.windowEnd) + 86_400_000)
                .toISOString()
                .slice(0, 10);
              continue;
            }
            // A step the procedure refuses here (extending an answered case, reopening an open one): skipped.
            if (!code) throw e;
            break;
          }
        }
      }
      return c.caseId;
    }

    it('keeps on each row what its events say, also when filled by the migration or saved from an old state', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(stepArb, { maxLength: 10 }), { minLength: 1, maxLength: 4 }),
          async (histories) => {
            const ids: string[] = [];
            for (const steps of histories) ids.push(await caseWith(steps, n++));
            const expected = new Map<string, Facts>();
            for (const id of ids) expected.set(id, await factsFromEvents(tdb, id));
            assert.deepEqual(await factsOfRows(tdb, ids), expected, 'the rows as the cases were saved');

            // An archive written before the columns existed: the migration fills them from the events.
            await tdb.database.db
              .updateTable('cases')
              .set(Object.fromEntries(COLUMNS.map((c) => [c, null])))
              .where('id', 'in', ids)
              .execute();
            await fillRegisterColumns(tdb.database.db as never, engine);
            assert.deepEqual(await factsOfRows(tdb, ids), expected, 'the rows filled by the migration');
            // Filled again a few cases at a time (`redress migrate --refill`), from copies gone wrong.
            await tdb.database.db
              .updateTable('cases')
              .set({ first_answer_by: 'stale' })
              .where('id', 'in', ids)
              .where('extensions', '>', 0)
              .execute();
            await tdb.database.db
              .updateTable('cases')
              .set(
                Object.fromEntries(COLUMNS.filter((c) => c !== 'first_answer_by').map((c) => [c, 'stale'])),
              )
              .where('id', 'in', ids)
              .where('answered_at', 'is not', null)
              .execute();
            await refillRegisterColumns(tdb.database, { piece: 2, pauseMs: 0 });
            assert.deepEqual(await factsOfRows(tdb, ids), expected, 'the rows filled again in pieces');

            // States stored before they kept these facts: saving such a case again keeps what the row holds.
            for (const id of ids) {
              const row = await tdb.database.db
                .selectFrom('streams')
                .select('state')
                .where('stream', '=', `case:${id}`)
                .executeTakeFirstOrThrow();
              const state = JSON.parse(row.state);
              delete state.answerRecord;
              for (const x of state.extensions) delete x.previousAnswerBy;
              await tdb.database.db
                .updateTable('streams')
                .set({ state: JSON.stringify(state) })
                .where('stream', '=', `case:${id}`)
                .execute();
              await actOnCase(ctx, id, { type: 'add_note', text: 'Looked again.' }, 'user:a');
            }
            assert.deepEqual(await factsOfRows(tdb, ids), expected, 'the rows after saving old states');
          },
        ),
        {
          numRuns: 12,
          // One history that surely reaches both facts, beside the random ones.
          examples: [
            [
              [
                [
                  { type: 'extend', days: 5 },
                  { type: 'extend', days: 5 },
                  {
                    type: 'answer',
                    remedy: 'Un mois offert',
                    amount: '12.00',
                    cause: 'our_error',
                    note: 'Panne',
                  },
                  { type: 'close' },
                  { type: 'reopen' },
                ],
              ],
            ],
          ],
        },
      );
      // The histories reached what the facts depend on: a case extended twice (the first extension's deadline is
      // kept), a case answered with a remedy, an amount and a root cause (a case is answered once at most).
      const extendedTwice = await tdb.database.db
        .selectFrom('events')
        .select('stream')
        .where('type', '=', 'extended')
        .groupBy('stream')
        .having((eb) => eb.fn.countAll(), '>=', 2)
        .execute();
      assert.ok(extendedTwice.length > 0, 'some case was extended twice');
      const recorded = await tdb.database.db
        .selectFrom('cases')
        .select('id')
        .where('remedy', 'is not', null)
        .where('remedy_amount', 'is not', null)
        .where('root_cause_note', 'is not', null)
        .execute();
      assert.ok(recorded.length > 0, 'some case was answered with everything recorded');
    });
    it('fills them again with `redress migrate --refill` (cases written by an older release meanwhile)', async () => {
      const id = await caseWith(
        [
          { type: 'extend', days: 5 },
          { type: 'answer', remedy: 'Avoir', amount: '9.90', cause: 'third_party', note: 'Registre' },
        ],
        20,
      );
      const expected = await factsFromEvents(tdb, id);
      assert.equal(expected.remedy, 'Avoir');
      // What an instance of the previous release leaves: the case answered, the copies not written.
      await tdb.database.db
        .updateTable('cases')
        .set(Object.fromEntries(COLUMNS.map((c) => [c, null])))
        .where('id', '=', id)
        .execute();
      const r = spawnSync(process.execPath, [bin, 'migrate', '--refill'], {
        encoding: 'utf8',
        env: { ...process.env, REDRESS_DATABASE_URL: tdb.url },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /filled again \(\d+ cases? read\)/);
      assert.deepEqual((await factsOfRows(tdb, [id])).get(id), expected);
    });

    if (engine === 'postgres')
      it('a piece that loses a deadlock to a writer is filled again, and the refill goes on', async () => {
        const ids = (await tdb.database.db.selectFrom('cases').select('id').orderBy('id').execute()).map(
          (r) => r.id,
        );
        assert.ok(ids.length >= 2);
        const [low, high] = [ids[0]!, ids.at(-1)!];
        // A writer holds the last case of the piece, and then wants its first, which the refill has locked while it
        // waits for the last: a deadlock, which the database breaks by undoing the refill's piece (it waited first).
        const other = new pg.Client({ connectionString: tdb.url });
        await other.connect();
        try {
          await other.query('begin');
          await other.query('update cases set root_cause_note = root_cause_note where id = $1', [high]);
          const refill = refillRegisterColumns(tdb.database);
          await untilWaitingForALock(other);
          await other.query('update cases set root_cause_note = root_cause_note where id = $1', [low]);
          await other.query('commit');
          assert.equal(await refill, ids.length, 'every case read, after the piece was tried again');
        } finally {
          await other.end();
        }
        for (const id of ids)
          assert.deepEqual((await factsOfRows(tdb, [id])).get(id), await factsFromEvents(tdb, id));
      });

    if (engine === 'postgres')
      it('a case answered by another instance while the refill waits for it keeps the facts of that answer', async () => {
        const id = await caseWith(
          [
            { type: 'answer', remedy: 'Avoir', amount: '9.90', cause: 'third_party', note: null },
            { type: 'close' },
            { type: 'reopen' },
          ],
          30,
        );
        // Another instance answers the reopened case: its answer event and the case's row, in a transaction that
        // is still open when the refill starts (written here by hand: the product's own would commit at once).
        const other = new pg.Client({ connectionString: tdb.url });
        await other.connect();
        try {
          const last = await tdb.database.db
            .selectFrom('events')
            .select(['seq', 'hash'])
            .where('stream', '=', `case:${id}`)
            .orderBy('seq', 'desc')
            .executeTakeFirstOrThrow();
          const payload = JSON.stringify({
            outcome: 'partly_upheld',
            remedy: 'Remboursement',
            remedyAmount: { value: '20.00', currency: 'EUR' },
            rootCause: { cause: 'our_error', note: null },
          });
          await other.query('begin');
          await other.query(
            `insert into events (stream, seq, type, at, actor, payload, payload_digest, prev, hash)
             values ($1, $2, 'answered', '2030-01-01T09:00:00.000Z', 'user:b', $3, 'x', $4, 'y')`,
            [`case:${id}`, last.seq + 1, payload, last.hash],
          );
          await other.query(
            `update cases set answered_at = '2030-01-01T09:00:00.000Z', remedy = 'Remboursement',
               remedy_amount = '20.00', remedy_currency = 'EUR', root_cause = 'our_error', root_cause_note = null
             where id = $1`,
            [id],
          );
          const refill = refillRegisterColumns(tdb.database);
          // The refill waits for the case's row; then the other instance commits.
          await untilWaitingForALock(other);
          await other.query('commit');
          await refill;
        } finally {
          await other.end();
        }
        assert.deepEqual((await factsOfRows(tdb, [id])).get(id), {
          first_answer_by: null,
          remedy: 'Remboursement',
          remedy_amount: '20.00',
          remedy_currency: 'EUR',
          root_cause: 'our_error',
          root_cause_note: null,
        });
      });

    /**
     * The database as a release before the columns left it: the columns gone, and the migration that added them
     * (and every one after it) not applied.
     */
    async function asBeforeTheColumns(): Promise<void> {
      await asBeforeTheColumnsIn(tdb.database.db);
    }

    async function everyCaseAsItsEvents(): Promise<void> {
      const ids = (await tdb.database.db.selectFrom('cases').select('id').execute()).map((r) => r.id);
      const expected = new Map<string, Facts>();
      for (const id of ids) expected.set(id, await factsFromEvents(tdb, id));
      assert.deepEqual(await factsOfRows(tdb, ids), expected);
    }

    /** A write to a case's row by another connection, as an older instance makes it: refused if it must wait. */
    async function writeElsewhere(id: string): Promise<void> {
      if (engine === 'postgres') {
        const other = new pg.Client({ connectionString: tdb.url });
        await other.connect();
        try {
          await other.query(`set lock_timeout = '3s'`);
          await other.query('update cases set updated_at = updated_at where id = $1', [id]);
        } finally {
          await other.end();
        }
      } else {
        const other = new Sqlite(tdb.url.replace(/^sqlite:/, ''), { timeout: 3000 });
        try {
          other.prepare('update cases set updated_at = updated_at where id = ?').run(id);
        } finally {
          other.close();
        }
      }
    }

    it('the migration fills them after it commits, a piece at a time: other writers go on, and the release is not ready until it is done', async () => {
      await asBeforeTheColumns();
      const [first] = await tdb.database.db.selectFrom('cases').select('id').orderBy('id').execute();
      let pieces = 0;
      const { applied, filled } = await migrateToLatest(tdb.database, {
        piece: 3,
        async afterPiece() {
          if (pieces++ > 0) return;
          // Between two pieces: the schema change has committed and the fill holds nothing.
          await writeElsewhere(first!.id);
          const state = await migrationState(tdb.database);
          assert.deepEqual(state.missing, ['202612051800-register-columns'], 'not migrated while filling');
        },
      });
      assert.deepEqual(applied, [OWN, ...AFTER_OWN]);
      assert.equal(filled.length, 1);
      assert.ok(pieces > 1, `filled in pieces (${pieces})`);
      assert.deepEqual((await migrationState(tdb.database)).missing, []);
      assert.deepEqual(await dueFills(tdb.database), []);
      await everyCaseAsItsEvents();
    });

    it('a fill cut short is done by the next process to migrate, and counts as not migrated until then', async () => {
      await asBeforeTheColumns();
      await assert.rejects(
        migrateToLatest(tdb.database, {
          piece: 3,
          afterPiece: async () => {
            throw new Error('the process stops');
          },
        }),
        /the process stops/,
      );
      assert.deepEqual(await dueFills(tdb.database), ['202612051800-register-columns']);
      assert.deepEqual((await migrationState(tdb.database)).missing, ['202612051800-register-columns']);
      const again = await migrateToLatest(tdb.database);
      assert.deepEqual(again.applied, []);
      assert.deepEqual(
        again.filled.map((f) => f.name),
        ['202612051800-register-columns'],
      );
      assert.deepEqual((await migrationState(tdb.database)).missing, []);
      await everyCaseAsItsEvents();
    });

    it('one process fills at a time; another that migrates meanwhile waits for it', async () => {
      await asBeforeTheColumns();
      // While this process fills, `redress migrate` starts in another: it must wait, and fill nothing.
      let output = '';
      let other: Promise<number | null> | null = null;
      const { filled } = await migrateToLatest(tdb.database, {
        piece: 3,
        async afterPiece() {
          if (other) return;
          const child = spawn(process.execPath, [bin, 'migrate'], {
            env: { ...process.env, REDRESS_DATABASE_URL: tdb.url },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          child.stdout.on('data', (d) => (output += d));
          child.stderr.on('data', (d) => (output += d));
          other = new Promise((resolve) => child.on('exit', resolve));
          const deadline = Date.now() + 120_000;
          while (!/waiting for it/.test(output)) {
            if (Date.now() > deadline || child.exitCode !== null)
              assert.fail(`the other process did not wait for the fill:\n${output}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
      });
      assert.equal(filled.length, 1, 'filled here');
      assert.equal(await other, 0, output);
      assert.match(
        output,
        /another process is filling what 202612051800-register-columns added; waiting for it/,
      );
      assert.doesNotMatch(output, /filled after/, 'nothing filled there');
      assert.deepEqual((await migrationState(tdb.database)).missing, []);
      await everyCaseAsItsEvents();
    });

    it('a migration that fails part-way leaves nothing of itself, and applies once the cause is gone', async () => {
      await asBeforeTheColumns();
      // The last of the columns is there already (a hand-made repair, say): the migration fails at its last step.
      await tdb.database.db.schema.alterTable('cases').addColumn('root_cause_note', 'text').execute();
      await assert.rejects(migrateToLatest(tdb.database), /202612051800-register-columns failed/);
      const columns = async () =>
        (await tdb.database.db.introspection.getTables())
          .find((t) => t.name === 'cases')!
          .columns.map((c) => c.name);
      assert.ok(!(await columns()).includes('first_answer_by'), 'its first steps undone');
      assert.deepEqual((await migrationState(tdb.database)).missing, [OWN, ...AFTER_OWN]);
      await tdb.database.db.schema.alterTable('cases').dropColumn('root_cause_note').execute();
      await migrateToLatest(tdb.database);
      assert.deepEqual((await migrationState(tdb.database)).missing, []);
      await everyCaseAsItsEvents();
    });

    it('a fill whose process died is taken over once its lease runs out', async () => {
      await asBeforeTheColumns();
      await migrateTo(tdb.database, '202612061000-migration-fills');
      assert.deepEqual(await dueFills(tdb.database), ['202612051800-register-columns']);
      // The process that began the fill died holding the lease, which runs out in two seconds.
      const expires = new Date(Date.now() + 2000).toISOString();
      await sql`insert into leases (name, holder, acquired_at, expires_at)
        values ('migration-fills', 'gone:1:dead', ${new Date().toISOString()}, ${expires})`.execute(
        tdb.database.db,
      );
      const waited: string[][] = [];
      const { filled } = await migrateToLatest(tdb.database, { onWait: (names) => waited.push(names) });
      assert.deepEqual(waited, [['202612051800-register-columns']], 'waited for the lease');
      assert.deepEqual(
        filled.map((f) => f.name),
        ['202612051800-register-columns'],
      );
      await everyCaseAsItsEvents();
    });

    it('the mail pipe migrates the schema and leaves the fill to the server, within the time a message has', async () => {
      await asBeforeTheColumns();
      const piped = await runRedress(['ingest', '--quiet', '-m', 'complaints'], rawMessage(), {
        REDRESS_DATABASE_URL: tdb.url,
        REDRESS_LOG_LEVEL: 'warn',
      });
      assert.equal(piped.code, 0, piped.stderr);
      assert.deepEqual(await dueFills(tdb.database), ['202612051800-register-columns'], 'the fill left due');
      const { filled } = await migrateToLatest(tdb.database);
      assert.deepEqual(
        filled.map((f) => f.name),
        ['202612051800-register-columns'],
      );
      await everyCaseAsItsEvents();
    });

    it('a database without cases records no fill: a new installation starts without one', async () => {
      const empty = await createTestDatabase(engine);
      try {
        await asBeforeTheColumnsIn(empty.database.db);
        const started: string[] = [];
        const { applied, filled } = await migrateToLatest(empty.database, {
          onStart: (n) => started.push(n),
        });
        assert.equal(applied.length, 1 + AFTER_OWN.length);
        assert.deepEqual(filled, []);
        assert.deepEqual(started, []);
      } finally {
        await empty.drop();
      }
    });
  });
}
