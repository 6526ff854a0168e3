// A complaint acknowledged after its answer date passed is promised a new date (src/core/case/promise.ts), which
// the queue, the case page and the alerts show; the figures still measure it against the procedure's date (P4.1,
// moved only by an extension told within the period, P4.3). On both engines, through the use cases and a fixed
// clock: an answer after the procedure's date counts as late in the report (counted and scanned), the register
// and the regulator's return, an extension told after a renewal moves nothing for them (its lead is counted against
// the procedure's date, not the renewed one), and an open case between the two dates counts as overdue in the
// report while the queue does not show it late. The migration that keeps
// the procedure's date on the row fills it from the events, and counts the report again; a case whose state was
// stored before the renewal was kept in it keeps what the migration filled when it is saved again. Extension leads
// counted before against the date told are counted again after their migration.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { rebuildCaseCounts } from '../../src/adapters/db/case-counts.repo.ts';
import { up as fillProcedureAnswerBy } from '../../src/adapters/db/migrations/202612061100-procedure-answer-by.ts';
import { up as countExtensionLeadsAgain } from '../../src/adapters/db/migrations/202612061310-extension-lead-figures.ts';
import { registerCsv } from '../../src/adapters/report/register-export.ts';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { openCase } from '../../src/app/open-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { type CaseReport, reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { acceptingTransport } from '../support/mail-transport.ts';

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
/** The last instants of the days named (Europe/Berlin, CET). */
const END_OF = {
  '2026-11-16': '2026-11-16T22:59:59.999Z',
  '2026-11-17': '2026-11-17T22:59:59.999Z',
  '2026-12-04': '2026-12-04T22:59:59.999Z',
  '2026-12-15': '2026-12-15T22:59:59.999Z',
} as const;

const answer = {
  type: 'answer' as const,
  outcome: 'upheld' as const,
  text: 'Our answer.',
  remedy: null,
  correspondenceId: null,
};

for (const engine of ENGINES)
  describe(`figures of a renewed promise on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-11-02T09:00:00.000Z');
    const ids: Record<'late' | 'extended' | 'open' | 'inTime', string> = {
      late: '',
      extended: '',
      open: '',
      inTime: '',
    };
    const row = (id: string) =>
      tdb.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const open = async (at: string, name: string) => {
      clock.set(at);
      const { caseId } = await openCase(
        ctx,
        complaintAt(at, {
          channel: 'web',
          subject: name,
          complainant: { name, email: `${name}@exemple.fr` },
        }),
      );
      return caseId;
    };
    const acknowledgeAt = async (at: string, id: string) => {
      clock.set(at);
      if ((await row(id)).acknowledged_at) return;
      await acknowledgeCase(ctx, id, 'staff');
      // The acknowledgement goes out at once, as the outbox sends it: given when recorded (acknowledgement-given.ts).
      await sendDueMail(ctx, acceptingTransport);
    };
    /** Both readings of the report, which must agree. */
    const bothReports = async () => {
      const counted = await reportCases(ctx, NOVEMBER);
      const scanned = await reportCasesScanning(ctx, NOVEMBER);
      assert.deepEqual(counted, scanned, 'the counted and the scanned report agree');
      return counted;
    };
    const registerRows = async () => {
      let csv = '';
      for await (const chunk of registerCsv(registerEntries(ctx, NOVEMBER))) csv += chunk;
      const [header, ...lines] = csv.trim().split(/\r?\n/);
      const names = header!.split(',');
      const out = new Map<string, Record<string, string>>();
      for (const line of lines) {
        const cells = line.split(',');
        const r = Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
        out.set(r.reference!, r);
      }
      return out;
    };
    const finalFigures = (r: CaseReport) => {
      assert.equal(r.complaints.received, 4);
      assert.equal(r.complaints.answered, 3);
      assert.equal(r.complaints.answeredInTime, 1, 'only the complaint answered by its procedure date');
      assert.equal(r.complaints.promises.answeredByOriginalDate, 1);
      assert.equal(
        r.complaints.promises.answeredByExtendedDate,
        0,
        'an extension after a renewal counts not',
      );
      assert.equal(r.complaints.promises.answeredLate, 2);
      assert.equal(r.complaints.overdueOpen, 1);
      // Told on Wednesday 25 November of a window after the renewed date (4 December): 7 working days after
      // the procedure's date (16 November), not 7 before the date told.
      assert.deepEqual(r.complaints.promises.extensionLeadDays, { first: { '-7': 1 }, further: {} });
    };

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(
        loadConfig({ env: { REDRESS_TIMEZONE: 'Europe/Berlin', REDRESS_HOLIDAYS: 'DE-BW' } }),
        tdb.database,
        { clock },
      );
      // Received Monday 2 November: due by Monday 16 November (10 business days, P4.1).
      ids.late = await open('2026-11-02T09:00:00.000Z', 'late');
      ids.extended = await open('2026-11-02T09:05:00.000Z', 'extended');
      // Received Tuesday 3 November: due by Tuesday 17 November.
      ids.open = await open('2026-11-03T09:00:00.000Z', 'open');
      ids.inTime = await open('2026-11-04T09:00:00.000Z', 'intime');
      await acknowledgeAt('2026-11-04T10:00:00.000Z', ids.inTime);
      clock.set('2026-11-10T10:00:00.000Z');
      await actOnCase(ctx, ids.inTime, answer, 'staff');
      // Acknowledged on Friday 20 November, after their answer dates: promised anew for Friday 4 December.
      for (const id of [ids.late, ids.extended, ids.open])
        await acknowledgeAt('2026-11-20T10:00:00.000Z', id);
      clock.set('2026-11-24T10:00:00.000Z');
      await actOnCase(ctx, ids.late, answer, 'staff');
      // Extended within the renewed date (not within the procedure's), to 15 December.
      clock.set('2026-11-25T09:00:00.000Z');
      await actOnCase(
        ctx,
        ids.extended,
        {
          type: 'extend',
          reason: 'We wait for the registry.',
          windowStart: '2026-12-10',
          windowEnd: '2026-12-15',
          correspondenceId: null,
        },
        'staff',
      );
    });
    after(async () => {
      await tdb?.drop();
    });

    it('the renewal moves the date told, not the procedure’s', async () => {
      const late = await row(ids.late);
      assert.equal(late.answer_by, END_OF['2026-12-04'], 'told: the renewed date');
      assert.equal(late.procedure_answer_by, END_OF['2026-11-16'], 'measured: the procedure’s');
      const extended = await row(ids.extended);
      assert.equal(extended.answer_by, END_OF['2026-12-15']);
      assert.equal(extended.procedure_answer_by, END_OF['2026-11-16']);
      assert.equal(extended.first_answer_by, null, 'no extension told within the period');
      assert.equal((await row(ids.open)).procedure_answer_by, END_OF['2026-11-17']);
    });

    it('an open case between the two dates is overdue in the report, not late in the queue', async () => {
      clock.set('2026-11-25T10:00:00.000Z');
      const r = await bothReports();
      assert.equal(r.complaints.overdueOpen, 2, 'the extended and the open complaint');
      const late = await listQueue(ctx, { queue: 'all', due: 'overdue' });
      assert.deepEqual(
        late.rows.map((x) => x.id),
        [],
        'the queue measures against the date told',
      );
    });

    it('an answer after the procedure’s date counts as late: report, register, regulator’s return', async () => {
      clock.set('2026-12-08T10:00:00.000Z');
      await actOnCase(ctx, ids.extended, answer, 'staff');
      clock.set('2026-12-10T10:00:00.000Z');
      finalFigures(await bothReports());
      const register = await registerRows();
      const ref = async (id: string) => (await row(id)).reference;
      const late = register.get(await ref(ids.late))!;
      assert.equal(late.answer_met, 'late');
      assert.equal(late.answer_by_original, END_OF['2026-11-16']);
      assert.equal(late.answer_by_extended, '');
      const extended = register.get(await ref(ids.extended))!;
      assert.equal(extended.answer_met, 'late');
      assert.equal(extended.answer_by_original, END_OF['2026-11-16'], 'first promised: the procedure’s date');
      assert.equal(extended.answer_by_extended, '');
      assert.equal(register.get(await ref(ids.open))!.answer_met, 'overdue');
      assert.equal(register.get(await ref(ids.inTime))!.answer_met, 'original');
      const half = await regulatorSummary(ctx, '2026-H2');
      assert.equal(half.answeredAfterPromisedDate, 2);
      assert.equal(half.answeredWithinPromisedDate + half.answeredWithin3BusinessDays, 1);
    });

    it('the migration fills the procedure’s date from the events and counts the report again', async () => {
      const db = tdb.database.db;
      // As a release before it left the database: no column, the counts made against the date told, the first
      // date promised taken from the extension after the renewal, states that do not keep the first renewal.
      await sql`drop index cases_answered_late_procedure`.execute(db);
      await db.schema.alterTable('cases').dropColumn('procedure_answer_by').execute();
      await rebuildCaseCounts(db, engine, 'answer_by');
      await db
        .updateTable('cases')
        .set({ first_answer_by: END_OF['2026-12-04'] })
        .where('id', '=', ids.extended)
        .execute();
      const withoutRenewal =
        engine === 'sqlite'
          ? sql`json_remove(state, '$.firstRenewal')`
          : sql`(state::jsonb - 'firstRenewal')::text`;
      await sql`update streams set state = ${withoutRenewal} where stream like 'case:%'`.execute(db);
      const inTime = async () =>
        Number(
          (
            await db
              .selectFrom('case_counts')
              .select(sql<number>`sum(answered_in_time)`.as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await inTime(), 3, 'the old counts: both renewed answers in time');

      // Run as it is (migrateToLatest would refuse to run it again before the migrations named after it).
      await fillProcedureAnswerBy(db as unknown as Kysely<unknown>, engine);
      assert.equal(await inTime(), 1, 'counted again');
      assert.equal((await row(ids.late)).procedure_answer_by, END_OF['2026-11-16']);
      assert.equal((await row(ids.extended)).procedure_answer_by, END_OF['2026-11-16']);
      assert.equal((await row(ids.extended)).first_answer_by, null);
      assert.equal((await row(ids.open)).procedure_answer_by, END_OF['2026-11-17']);
      assert.equal((await row(ids.inTime)).procedure_answer_by, (await row(ids.inTime)).answer_by);
      finalFigures(await bothReports());

      // A state stored before the renewal was kept in it, saved again: the row keeps what the migration filled.
      clock.set('2026-12-11T10:00:00.000Z');
      await actOnCase(ctx, ids.open, answer, 'staff');
      assert.equal((await row(ids.open)).procedure_answer_by, END_OF['2026-11-17']);
      const r = await bothReports();
      assert.equal(r.complaints.answeredInTime, 1);
      assert.equal(r.complaints.promises.answeredLate, 3);
      assert.equal(r.complaints.overdueOpen, 0);
    });

    it('the migration has the extension leads counted before against the date told counted again', async () => {
      const db = tdb.database.db;
      // As the release before counted the extension told after the renewal: 7 working days before the date told.
      for (const table of ['report_days', 'report_months'] as const)
        await sql`update ${sql.table(table)} set value = 7 where measure = 'extension_first' and value = -7`.execute(
          db,
        );
      const counted = await reportCases(ctx, NOVEMBER);
      assert.deepEqual(counted.complaints.promises.extensionLeadDays.first, { 7: 1 });
      await countExtensionLeadsAgain(db as unknown as Kysely<unknown>);
      const r = await bothReports();
      assert.deepEqual(r.complaints.promises.extensionLeadDays, { first: { '-7': 1 }, further: {} });
    });
  });
