// Cases the archive must account for (P6.2), on SQLite and PostgreSQL, after a realistic history (complaints by
// e-mail, acknowledged, answered, one escalated to step 2 and closed): a chain problem names the case by its
// reference; a case row deleted while its events stay, a case row added by hand with no events, and a case deleted
// whole (its events, head, row and correspondence), which no chain can show, are each named: references are given
// out without gaps, so the number no case holds any more is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`archive verify: cases accounted for (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-23T12:00:00.000Z') });
    });
    after(() => h.close());

    async function complaint(n: number) {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const r = await receiveEmail(h.ctx, {
        raw: rawMessage({ from: `Person ${n} <person${n}@example.de>` }),
        mailbox,
        door: 'pipe',
      });
      await answerCase(h.ctx, r.caseId!, {
        outcome: 'not_upheld',
        text: 'Nous avons examiné votre demande.',
        remedy: null,
        actor: 'user:a',
      });
      return { id: r.caseId!, reference: r.reference! };
    }

    it('names each case by its reference, and a case row missing, added by hand, or deleted whole', async () => {
      const chain = await complaint(1);
      const rowless = await complaint(2);
      const escalated = await complaint(3);
      const step2 = await escalateCase(h.ctx, escalated.id, 'user:a');
      await answerCase(h.ctx, step2.caseId, {
        outcome: 'upheld',
        text: 'Accordé.',
        remedy: null,
        actor: 'user:m',
      });
      await actOnCase(h.ctx, step2.caseId, { type: 'close', reason: 'Réglé.' }, 'user:m');
      const deleted = await complaint(4);
      await complaint(5);
      assert.deepEqual((await verifyArchive(h.ctx)).problems, []);

      const { db } = h.test.database;
      await db.deleteFrom('events').where('stream', '=', `case:${chain.id}`).where('seq', '=', 2).execute();
      await db.deleteFrom('cases').where('id', '=', rowless.id).execute();
      // A case deleted whole: its events and head, its correspondence and its row.
      await db.deleteFrom('events').where('stream', '=', `case:${deleted.id}`).execute();
      await db.deleteFrom('streams').where('stream', '=', `case:${deleted.id}`).execute();
      const items = await db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', deleted.id)
        .execute();
      const ids = items.map((i) => i.id);
      await db.deleteFrom('outbound_items').where('correspondence_id', 'in', ids).execute();
      await db.deleteFrom('correspondence').where('id', 'in', ids).execute();
      await db.deleteFrom('cases').where('id', '=', deleted.id).execute();
      // A case row added by hand, with no events.
      const model = await db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', step2.caseId)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('cases')
        .values({ ...model, id: '01a00000-0000-7000-8000-000000000001', reference: 'RC-2026-000777' })
        .execute();

      const { problems } = await verifyArchive(h.ctx);
      const of = (kind: string, stream: string) =>
        problems.find((p) => p.kind === kind && p.stream === stream);
      assert.match(
        of('missing', `case:${chain.id}`)?.detail ?? JSON.stringify(problems),
        new RegExp(`^event 2 is missing \\(case ${chain.reference}\\)$`),
      );
      assert.match(
        of('row_altered', `case:${rowless.id}`)?.detail ?? JSON.stringify(problems),
        new RegExp(`^the cases row of ${rowless.reference} is missing`),
      );
      assert.match(
        of('reference_missing', deleted.reference)?.detail ?? JSON.stringify(problems),
        new RegExp(
          `^the reference ${deleted.reference} was given out \\(the counter of RC 2026 stands at \\d+\\) but no case row holds it`,
        ),
      );
      assert.match(
        of('case_unaccounted', 'case:01a00000-0000-7000-8000-000000000001')?.detail ??
          JSON.stringify(problems),
        /^the case RC-2026-000777 has a row but no events and no head/,
      );
      // Nothing else is named as missing: the step-2 case's number, and the others', are held (the case whose row
      // alone was deleted holds its number no longer either).
      assert.deepEqual(
        problems
          .filter((p) => p.kind === 'reference_missing')
          .map((p) => p.stream)
          .sort(),
        [rowless.reference, deleted.reference].sort(),
      );
    });
  });
}
