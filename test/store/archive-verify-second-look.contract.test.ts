// `redress archive verify` looks again, as the database is now, at the correspondence rows its earlier passes know
// nothing of (written after it read the chains): a row an event of a verified stream names, or whose seal a chained
// audit entry carries, is accounted for. That look also checks the row against the seal the event or the entry
// carries, in the same run: a row changed by hand together with its own copy of the seal, after the chains were
// read, is named as altered, not left to the next run. A complaint merged into another while verify runs takes its
// mail with it, and the event that carries the seal of that mail stays with the duplicate: verify follows the merge
// to it. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inboundContentOf } from '../../src/adapters/db/correspondence.repo.ts';
import { type Database, openDatabase } from '../../src/adapters/db/database.ts';
import { createAppContext } from '../../src/app/context.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { inboundContentDigest } from '../../src/core/archive/inbound-digest.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { outboundDigestOf } from '../support/forge.ts';

const NOW = '2026-11-23T12:00:00.000Z';

/** Changes a row's text by hand and makes its own copy of the seal match: only a chain's seal can tell. */
async function alterByHand(db: Database['db'], id: string, text: string): Promise<void> {
  await db.updateTable('correspondence').set({ text_body: text }).where('id', '=', id).execute();
  const row = await db
    .selectFrom('correspondence')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const seal =
    row.direction === 'out' ? await outboundDigestOf(db, id) : inboundContentDigest(inboundContentOf(row));
  await db.updateTable('correspondence').set({ content_sha256: seal }).where('id', '=', id).execute();
}

for (const engine of ENGINES)
  describe(`archive verify checks the seal of a row it looks at again (${engine})`, () => {
    let h: Harness;
    let kept: Awaited<ReturnType<typeof receiveEmail>>;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(NOW) });
      kept = await fileComplaint(h.ctx, 'Anna Schmidt <anna@example.de>', 'Rechnung falsch');
    });
    after(() => h.close());

    /**
     * Runs verify; once it has read the (only) page of streams, `meanwhile` runs in another connection, as the
     * server's process would.
     */
    async function verifyWhile(meanwhile: (ctx: ReturnType<typeof createAppContext>) => Promise<void>) {
      let done = false;
      const report = await verifyArchive(h.ctx, {
        async betweenReads() {
          if (done) return;
          done = true;
          const other = await openDatabase(h.test.url);
          try {
            await meanwhile(createAppContext(h.config, other, { clock: fixedClock(NOW) }));
          } finally {
            await other.close();
          }
        },
      });
      assert.ok(done, 'the other process ran while verify read');
      return report.problems.map((p) => `${p.kind} ${p.stream}`).sort();
    }

    const fileComplaint = (ctx: ReturnType<typeof createAppContext>, from: string, subject: string) =>
      receiveEmail(ctx, {
        raw: rawMessage({ from, subject }),
        mailbox: h.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      });
    const acknowledgementOf = async (db: Database['db'], caseId: string) =>
      (
        await db
          .selectFrom('correspondence')
          .select('id')
          .where('case_id', '=', caseId)
          .where('direction', '=', 'out')
          .executeTakeFirstOrThrow()
      ).id;

    it('names nothing while nothing is changed', async () => {
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);
    });

    it('names a row filed and then changed by hand while it ran, in that run', async () => {
      const ids: string[] = [];
      const problems = await verifyWhile(async (ctx) => {
        const filed = await fileComplaint(ctx, 'Bruno Martin <bruno@example.fr>', 'Facture erronée');
        const acknowledgement = await acknowledgementOf(ctx.database.db, filed.caseId!);
        await alterByHand(ctx.database.db, filed.correspondenceId!, 'Tout va bien, merci.');
        await alterByHand(ctx.database.db, acknowledgement, 'Nous ne traiterons pas votre demande.');
        ids.push(filed.correspondenceId!, acknowledgement);
      });
      const expected = [
        `inbound_altered correspondence:${ids[0]}`,
        `outbound_altered correspondence:${ids[1]}`,
      ].sort();
      assert.deepEqual(problems, expected);
      // The next run, which reads the chains with them, names the same.
      assert.deepEqual(
        (await verifyArchive(h.ctx)).problems.map((p) => `${p.kind} ${p.stream}`).sort(),
        expected,
      );
    });

    it('follows a merge made while it ran to the seal the duplicate carries, and names no untouched row', async () => {
      const before = (await verifyArchive(h.ctx)).problems.map((p) => `${p.kind} ${p.stream}`).sort();
      let altered = '';
      const problems = await verifyWhile(async (ctx) => {
        const changed = await fileComplaint(
          ctx,
          'Anna Schmidt <anna@example.de>',
          'Rechnung falsch, noch einmal',
        );
        await alterByHand(ctx.database.db, changed.correspondenceId!, 'Alles in Ordnung.');
        altered = changed.correspondenceId!;
        await mergeCases(ctx, kept.caseId!, changed.caseId!, 'user:agent');
        const untouched = await fileComplaint(
          ctx,
          'Anna Schmidt <anna@example.de>',
          'Rechnung falsch, zum dritten Mal',
        );
        await mergeCases(ctx, kept.caseId!, untouched.caseId!, 'user:agent');
      });
      assert.deepEqual(problems, [...before, `inbound_altered correspondence:${altered}`].sort());
    });
  });
