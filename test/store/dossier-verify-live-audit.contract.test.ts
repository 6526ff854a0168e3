// `redress archive verify-dossier --archive` on a live system: it checks that the audit log which records the
// export verifies, reading the audit chain and then its head. Staff sign in meanwhile: each sign-in appends an entry
// and moves the head on, in one transaction of another process. An entry written after the dossier check read the
// chain is no entry missing, and the dossier as exported must not be reported as recorded in an audit log that
// "does not verify". An entry really deleted by hand meanwhile is still reported. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withAuditChain } from '../../src/adapters/db/audit-chain.repo.ts';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { createAppContext } from '../../src/app/context.ts';
import { exportDossier, verifyDossierAgainstArchive } from '../../src/app/export-dossier.ts';
import { addUser } from '../../src/app/manage-users.ts';
import { openCase } from '../../src/app/open-case.ts';
import { signIn } from '../../src/app/sign-in.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';

const NOW = '2026-12-05T12:00:00.000Z';
const cli = { actor: 'cli', label: null, address: null };
const PASSWORD = 'a long staff passphrase';
const EMAIL = 'eva@example.org';

for (const engine of ENGINES)
  describe(`a dossier checked against the archive while staff act (${engine})`, () => {
    let h: Harness;
    let zip: Uint8Array;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
      await addUser(
        h.ctx,
        { email: EMAIL, name: 'Eva', role: 'agent', departments: [], language: 'de', password: PASSWORD },
        cli,
      );
      for (let i = 0; i < 2; i++)
        await signIn(h.ctx, { email: EMAIL, password: PASSWORD, address: '192.0.2.9', userAgent: null });
      const c = await openCase(h.ctx, complaintAt('2026-12-01T09:00:00.000Z'));
      const pieces: Uint8Array[] = [];
      await exportDossier(h.ctx, c.reference, cli, {
        deliver: (_name, write) => write({ write: async (bytes) => void pieces.push(bytes) }),
      });
      zip = new Uint8Array(Buffer.concat(pieces));
    });
    after(() => h.close());

    /** The check, with a member of staff signing in from another process after each page of the chain it reads. */
    async function verifyWhileSigningIn(page: number | undefined) {
      const other = await openDatabase(h.test.url);
      const elsewhere = createAppContext(h.config, other, { clock: fixedClock(NOW) });
      let signIns = 0;
      try {
        const report = await verifyDossierAgainstArchive(h.ctx, zip, {
          ...(page ? { page } : {}),
          async betweenAuditReads() {
            await signIn(elsewhere, {
              email: EMAIL,
              password: PASSWORD,
              address: '192.0.2.9',
              userAgent: null,
            });
            signIns++;
          },
        });
        return { report, signIns };
      } finally {
        await other.close();
      }
    }

    it('reports no audit log that does not verify when staff sign in while it reads the chain', async () => {
      const quiet = await verifyDossierAgainstArchive(h.ctx, zip);
      assert.deepEqual(quiet.problems, []);
      assert.equal(quiet.recorded?.by, 'manifest');

      // Pages of two: entries are written while the check pages through the chain, and one after its last page.
      const { report, signIns } = await verifyWhileSigningIn(2);
      assert.ok(signIns >= 2, 'staff signed in while the check read the chain');
      assert.deepEqual(report.problems, []);
      assert.equal(report.recorded?.by, 'manifest');
      // With the pages as the command reads them: one page, then a sign-in before the head is read.
      const whole = await verifyWhileSigningIn(undefined);
      assert.equal(whole.signIns, 1);
      assert.deepEqual(whole.report.problems, []);
    });

    it('still reports the audit log when an entry was deleted by hand, while staff sign in', async () => {
      const last = await withAuditChain(h.test.database.db)
        .selectFrom('audit_log')
        .select('seq')
        .where('seq', 'is not', null)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      await withAuditChain(h.test.database.db)
        .deleteFrom('audit_log')
        .where('seq', '=', last.seq! - 1)
        .execute();
      const { report, signIns } = await verifyWhileSigningIn(2);
      assert.ok(signIns >= 2);
      assert.deepEqual(
        report.problems.map((p) => p.kind),
        ['audit_not_intact'],
      );
    });
  });
