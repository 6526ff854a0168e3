// Retention's dry run (P6.3) on SQLite and PostgreSQL: over cases closed in several years, open ones, and a closed
// step-1 case whose step-2 case is still open, it lists exactly the cases whose six years from the end of the year
// of closure have passed (the year of closure counted in the organisation's time zone), keeps the linked one with
// the reason, says whether the complainant's record would go, and changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withAuditChain } from '../../src/adapters/db/audit-chain.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { setLegalHold } from '../../src/app/legal-hold.ts';
import { openCase } from '../../src/app/open-case.ts';
import { listRetention } from '../../src/app/plan-retention.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { runRedress } from '../mail/support/server.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const config = loadConfig({ env: { REDRESS_TIMEZONE: 'Europe/Berlin', REDRESS_HOLIDAYS: 'DE-BW' } });

for (const engine of ENGINES) {
  describe(`retention dry run (${engine})`, () => {
    let tdb: TestDatabase;
    const at = (iso: string): AppContext =>
      createAppContext(config, tdb.database, { clock: fixedClock(iso) });
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    async function closed(receivedAt: string, closedAt: string, over = {}) {
      const c = await openCase(at(receivedAt), complaintAt(receivedAt, over));
      await actOnCase(at(closedAt), c.caseId, { type: 'close', reason: 'Settled.' }, 'user:a');
      return c;
    }
    const count = async (table: 'events' | 'cases' | 'correspondence') =>
      Number(
        (
          await tdb.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('lists what six years from the end of the year of closure let go, and nothing else', async () => {
      const sameAddress = { complainant: { name: 'Paul Keller', email: 'paul.keller@example.de' } };
      const a = await closed('2018-03-01T09:00:00.000Z', '2018-04-01T09:00:00.000Z', sameAddress);
      // The same person has a case still open: their record stays.
      await openCase(at('2024-05-01T09:00:00.000Z'), complaintAt('2024-05-01T09:00:00.000Z', sameAddress));
      // Closed at 23:30 on 31 December 2019 in Berlin: year 2019, so due on 1 January 2026.
      const b = await closed('2019-11-04T09:00:00.000Z', '2019-12-31T22:30:00.000Z');
      // Closed at 00:30 on 1 January 2020 in Berlin (still 2019 in UTC): due only on 1 January 2027.
      await closed('2019-11-05T09:00:00.000Z', '2019-12-31T23:30:00.000Z');
      // Closed in 2018, but escalated to step 2 afterwards, and step 2 is open: kept with it.
      const d = await openCase(at('2018-05-02T09:00:00.000Z'), complaintAt('2018-05-02T09:00:00.000Z'));
      await actOnCase(
        at('2018-05-10T09:00:00.000Z'),
        d.caseId,
        { type: 'answer', outcome: 'not_upheld', text: 'Non.', remedy: null, correspondenceId: null },
        'user:a',
      );
      await actOnCase(
        at('2018-06-01T09:00:00.000Z'),
        d.caseId,
        { type: 'close', reason: 'Quiet.' },
        'system',
      );
      const step2 = await escalateCase(at('2018-06-20T09:00:00.000Z'), d.caseId, 'user:a');
      // Open since 2017: never due while open. Closed in 2021: not yet.
      await openCase(at('2017-02-01T09:00:00.000Z'), complaintAt('2017-02-01T09:00:00.000Z'));
      await closed('2021-01-04T09:00:00.000Z', '2021-03-01T09:00:00.000Z');

      const before = { events: await count('events'), cases: await count('cases') };
      const listing = await listRetention(at('2026-12-05T12:00:00.000Z'));
      assert.equal(listing.today, '2026-12-05');
      assert.deepEqual(listing.policy, { years: 6, countFrom: 'end_of_year' });
      assert.deepEqual(
        listing.due.map((x) => [x.reference, x.closedOn, x.endsOn, x.complainantAnonymised]),
        [
          [a.reference, '2018-04-01', '2025-01-01', false],
          [b.reference, '2019-12-31', '2026-01-01', true],
        ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
      );
      assert.deepEqual(listing.held, []);
      assert.deepEqual(listing.waiting, [
        { reference: d.reference, closedOn: '2018-06-01', endsOn: '2025-01-01', keptWith: [step2.reference] },
      ]);

      // A year later the case closed just after midnight in Berlin is due too.
      const later = await listRetention(at('2027-01-01T00:30:00.000Z'));
      assert.equal(later.due.length, 3);

      // Ten years, counted from the day of closure: nothing of these is due in 2026.
      const longer = await listRetention(
        createAppContext(
          loadConfig({
            env: {
              REDRESS_TIMEZONE: 'Europe/Berlin',
              REDRESS_RETENTION_YEARS: '10',
              REDRESS_RETENTION_COUNT_FROM: 'closure',
            },
          }),
          tdb.database,
          { clock: fixedClock('2026-12-05T12:00:00.000Z') },
        ),
      );
      assert.deepEqual(longer.due, []);

      assert.deepEqual(
        { events: await count('events'), cases: await count('cases') },
        before,
        'a dry run changes nothing',
      );
      assert.deepEqual((await verifyArchive(at('2026-12-05T12:00:00.000Z'))).problems, []);

      // The command: a dry run lists, and changes nothing (the run itself: retention-run.contract.test.ts).
      const env = { REDRESS_DATABASE_URL: tdb.url, REDRESS_TIMEZONE: 'Europe/Berlin' };
      const dry = await runRedress(['retention', 'run', '--dry-run'], Buffer.alloc(0), env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(
        dry.stdout,
        new RegExp(`would anonymise ${a.reference}: closed 2018-04-01, retention ended 2025-01-01`),
      );
      assert.match(dry.stdout, new RegExp(`kept ${d.reference}: .* kept with ${step2.reference}`));

      // Legal holds: on a case (by the command) and on a complainant (every case of theirs), each with a reason.
      const held = await runRedress(
        ['retention', 'hold', b.reference, '--reason', 'Court case 3 O 12/26'],
        Buffer.alloc(0),
        env,
      );
      assert.equal(held.code, 0, held.stderr);
      const noReason = await runRedress(['retention', 'hold', b.reference], Buffer.alloc(0), env);
      assert.equal(noReason.code, 2);
      await setLegalHold(
        at('2026-12-05T12:00:00.000Z'),
        { complainantEmail: 'Paul.Keller@example.de' },
        'Ombudsman inquiry',
        {
          actor: 'user:legal',
          label: 'legal@example.org',
          address: null,
        },
      );
      const withHolds = await listRetention(at('2026-12-05T12:00:00.000Z'));
      assert.deepEqual(withHolds.due, []);
      assert.deepEqual(
        withHolds.held.map((h) => [h.reference, h.hold.scope, h.hold.reason, h.hold.setBy]),
        [
          [a.reference, 'complainant', 'Ombudsman inquiry', 'user:legal'],
          [b.reference, 'case', 'Court case 3 O 12/26', 'cli'],
        ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
      );
      const listed = await runRedress(['retention', 'run', '--dry-run'], Buffer.alloc(0), env);
      assert.match(
        listed.stdout,
        new RegExp(`held ${b.reference}: .*legal hold on the case since .* by cli: Court case 3 O 12/26`),
      );

      // Lifting the case's hold lets it go again; both acts are in the audit log, whose chain still verifies.
      const released = await runRedress(
        ['retention', 'release', b.reference, '--reason', 'Judgment final'],
        Buffer.alloc(0),
        env,
      );
      assert.equal(released.code, 0, released.stderr);
      assert.deepEqual(
        (await listRetention(at('2026-12-05T12:00:00.000Z'))).due.map((x) => x.reference),
        [b.reference],
      );
      const audit = await withAuditChain(tdb.database.db)
        .selectFrom('audit_log')
        .select(['action', 'target_label'])
        .where('action', 'in', ['legal_hold_set', 'legal_hold_lifted'])
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        audit.map((r) => [r.action, r.target_label]),
        [
          ['legal_hold_set', b.reference],
          ['legal_hold_set', 'paul.keller@example.de'],
          ['legal_hold_lifted', b.reference],
        ],
      );
      assert.deepEqual((await verifyArchive(at('2026-12-05T12:00:00.000Z'))).problems, []);
    });
  });
}
