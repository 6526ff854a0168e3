// `redress archive verify` on a live system, its last two passes: the audit chain, and the seals of anonymisations.
// Staff sign in while verify reads the audit chain: each sign-in appends an entry and moves the chain's head on, in
// one transaction of another process. An entry written after verify read the chain's last page is no entry missing:
// the head verify compares with must be the one of the entries it read. An entry really deleted by hand meanwhile is
// still named. And a retention run anonymises a case a second time (it was reopened after its first anonymisation)
// while verify takes the anonymisations' seals again: the first anonymisation's seal, read just before the second
// committed, is no altered redaction either. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withAuditChain } from '../../src/adapters/db/audit-chain.repo.ts';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { addUser } from '../../src/app/manage-users.ts';
import { openCase } from '../../src/app/open-case.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { signIn } from '../../src/app/sign-in.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';

const NOW = '2026-12-05T12:00:00.000Z';
const cli = { actor: 'cli', label: null, address: null };
const PASSWORD = 'a long staff passphrase';
const kinds = (problems: { kind: string; stream: string; seq: number }[]) =>
  problems.map((p) => `${p.kind} ${p.stream}${p.seq ? ` #${p.seq}` : ''}`).sort();

for (const engine of ENGINES)
  describe(`archive verify while staff act (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    /** Verify, with a member of staff signing in from another process after each page of the audit chain it reads. */
    async function verifyWhileSigningIn(email: string, page: number) {
      const other = await openDatabase(h.test.url);
      const elsewhere = createAppContext(h.config, other, { clock: fixedClock(NOW) });
      let signIns = 0;
      try {
        const report = await verifyArchive(h.ctx, {
          page,
          async betweenAuditReads() {
            await signIn(elsewhere, { email, password: PASSWORD, address: '192.0.2.9', userAgent: null });
            signIns++;
          },
        });
        return { report, signIns };
      } finally {
        await other.close();
      }
    }

    const chained = async () =>
      Number(
        (
          await withAuditChain(h.test.database.db)
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('seq', 'is not', null)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('names no audit entry missing when staff sign in while it reads the chain, and counts what it read', async () => {
      const email = 'eva@example.org';
      await addUser(
        h.ctx,
        { email, name: 'Eva', role: 'agent', departments: [], language: 'de', password: PASSWORD },
        cli,
      );
      for (let i = 0; i < 2; i++)
        await signIn(h.ctx, { email, password: PASSWORD, address: '192.0.2.9', userAgent: null });
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
      const entries = await chained();

      // Pages of two: entries are written while verify pages through the chain, and one after its last page.
      const { report, signIns } = await verifyWhileSigningIn(email, 2);
      assert.ok(signIns >= 2, 'staff signed in while verify read the chain');
      assert.equal(await chained(), entries + signIns);
      assert.deepEqual(kinds(report.problems), []);
      // Every entry written before its last read is counted; the one written after it is left to the next run.
      assert.equal(report.auditEntries, entries + signIns - 1);
      const again = await verifyArchive(h.ctx);
      assert.deepEqual(again.problems, []);
      assert.equal(again.auditEntries, entries + signIns);
    });

    it('still names an audit entry deleted by hand, while staff sign in', async () => {
      const email = 'eva@example.org';
      const last = await withAuditChain(h.test.database.db)
        .selectFrom('audit_log')
        .select('seq')
        .where('seq', 'is not', null)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      const middle = last.seq! - 1;
      await withAuditChain(h.test.database.db).deleteFrom('audit_log').where('seq', '=', middle).execute();
      const { report, signIns } = await verifyWhileSigningIn(email, 2);
      assert.ok(signIns >= 2);
      // The entry deleted is missing, and the one after it no longer points to the entry before it.
      assert.deepEqual(kinds(report.problems), [`altered audit #${middle + 1}`, `missing audit #${middle}`]);
    });
  });

for (const engine of ENGINES)
  describe(`archive verify while a retention run anonymises (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
    });
    after(() => h.close());

    it('names no altered redaction when a case is anonymised again while it takes the seals again', async () => {
      // A case anonymised, then reopened (new personal data) and closed: due again after its new period.
      const c = await openCase(at('2013-02-04T09:00:00.000Z'), complaintAt('2013-02-04T09:00:00.000Z'));
      await actOnCase(
        at('2013-03-01T09:00:00.000Z'),
        c.caseId,
        { type: 'close', reason: 'Réglé.' },
        'user:a',
      );
      const first = await runRetention(at(NOW), { actor: 'cli' });
      assert.ok(first.anonymised.some((a) => a.reference === c.reference));
      await actOnCase(
        at('2026-12-07T09:00:00.000Z'),
        c.caseId,
        { type: 'reopen', reason: 'Frau Wiederkehr ruft wegen derselben Sache an' },
        'user:a',
      );
      await actOnCase(
        at('2026-12-08T09:00:00.000Z'),
        c.caseId,
        { type: 'close', reason: 'Erneut erledigt.' },
        'user:a',
      );
      const later = '2033-01-02T12:00:00.000Z';
      assert.deepEqual((await verifyArchive(at(later))).problems, []);

      let again: Awaited<ReturnType<typeof runRetention>> | undefined;
      const report = await verifyArchive(at(later), {
        async betweenRedactionReads() {
          if (again) return;
          // The retention run of another process anonymises the case again, after verify read its anonymisation.
          const other = await openDatabase(h.test.url);
          try {
            again = await runRetention(createAppContext(h.config, other, { clock: fixedClock(later) }), {
              actor: 'cli',
            });
          } finally {
            await other.close();
          }
        },
      });
      assert.ok(
        again?.anonymised.some((a) => a.reference === c.reference),
        'anonymised again while verify ran',
      );
      assert.deepEqual(kinds(report.problems), []);
      assert.deepEqual((await verifyArchive(at(later))).problems, []);
    });
  });
