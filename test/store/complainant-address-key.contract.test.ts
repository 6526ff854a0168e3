// The upgrade that finds complainants by their address's key (migration 202612061900, core/intake/addresses.ts
// `addressKey`), on SQLite and PostgreSQL: the records an older release wrote get their key after the migration
// (a fill, a piece at a time), so that mail from the other form of their domain finds them; two records the older
// release made for one person (the domain written once in Unicode, once in ASCII) are both kept, listed for staff
// to merge, and merged by the merge-complainants use case; the case search's e-mail keys are rewritten to the key.
// The migration goes down cleanly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedAddressKeys } from '../../src/adapters/db/complainants.repo.ts';
import { runDueFills } from '../../src/adapters/db/migration-fills.ts';
import * as addressKeyMigration from '../../src/adapters/db/migrations/202612061900-complainant-address-key.ts';
import * as liveKeyMigration from '../../src/adapters/db/migrations/202612062300-complainant-live-address-key.ts';
import { mergeComplainants } from '../../src/app/merge-complainants.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`complainants found by their address's key after the upgrade (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-12-07T10:00:00.000Z') });
    });
    after(async () => h?.close());

    const db = () => h.test.database.db;
    const columns = async () =>
      (await db().introspection.getTables())
        .find((t) => t.name === 'complainants')!
        .columns.map((c) => c.name);

    it('fills the key of older records, keeps two records of one person apart for staff, and goes down', async () => {
      // What an older release wrote: one person under two records (the domain written once in Unicode, once in
      // ASCII: it compared addresses as written), each case's search key as written, and no key column.
      const opened: { caseId: string; complainantId: string }[] = [];
      for (const email of ['anna@münchen.de', 'zoe@example.net', 'Bert@Example.ORG'])
        opened.push(await openComplaint(h.ctx, { email, name: 'Anna Alt' }));
      const [unicode, ascii, bert] = opened as [(typeof opened)[0], (typeof opened)[0], (typeof opened)[0]];
      // A later migration's index on the key goes first (SQLite drops no column an index names).
      await liveKeyMigration.down(db() as never);
      await addressKeyMigration.down(db() as never);
      assert.ok(!(await columns()).includes('email_key'));
      await db()
        .updateTable('complainants')
        .set({ email: 'anna@xn--mnchen-3ya.de' })
        .where('id', '=', ascii.complainantId)
        .execute();
      for (const [c, written] of [
        [unicode, 'anna@münchen.de'],
        [ascii, 'anna@xn--mnchen-3ya.de'],
      ] as const)
        await db()
          .updateTable('case_keys')
          .set({ value: written })
          .where('case_id', '=', c.caseId)
          .where('kind', '=', 'email')
          .execute();

      await addressKeyMigration.up(db() as never, engine);
      await liveKeyMigration.up(db() as never);
      const filled = await runDueFills(h.test.database, { piece: 2 });
      assert.deepEqual(
        filled.map((f) => f.name),
        ['202612061900-complainant-address-key'],
      );
      const keys = await db()
        .selectFrom('complainants')
        .select(['id', 'email', 'email_key'])
        .where('id', 'in', [unicode.complainantId, ascii.complainantId, bert.complainantId])
        .execute();
      assert.deepEqual(
        keys.map((k) => [k.email, k.email_key]).sort(),
        [
          ['anna@münchen.de', 'anna@xn--mnchen-3ya.de'],
          ['anna@xn--mnchen-3ya.de', 'anna@xn--mnchen-3ya.de'],
          ['bert@example.org', 'bert@example.org'],
        ],
        'the address as written kept, the key beside it',
      );
      // Nothing merged by itself: both records stay, listed for staff.
      const shared = [...(await sharedAddressKeys(db())).entries()];
      assert.deepEqual(
        shared.map(([key, ids]) => [key, [...ids].sort()]),
        [['anna@xn--mnchen-3ya.de', [unicode.complainantId, ascii.complainantId].sort()]],
      );
      // Mail from either form now finds one of them, the same (the oldest of the key, as any lookup by address).
      const found = new Set<string | null>();
      for (const form of ['ANNA@MÜNCHEN.DE', 'anna@xn--mnchen-3ya.de', 'anna@münchen.de'])
        found.add(await inTransaction(h.ctx, (agg) => agg.complainantIdByEmail(form)));
      assert.equal(found.size, 1);
      assert.ok([unicode.complainantId, ascii.complainantId].includes([...found][0]!));
      // The case search finds both cases by either form.
      for (const form of ['anna@münchen.de', 'ANNA@XN--MNCHEN-3YA.DE'])
        assert.deepEqual(
          (await searchCases(h.ctx, form)).map((c) => c.id).sort(),
          [unicode.caseId, ascii.caseId].sort(),
          form,
        );
      // Staff merge them: then no key is shared.
      await mergeComplainants(h.ctx, unicode.complainantId, ascii.complainantId, 'user:test');
      assert.deepEqual([...(await sharedAddressKeys(db())).entries()], []);

      // A later migration's index on the key goes first (SQLite drops no column an index names).
      await liveKeyMigration.down(db() as never);
      await addressKeyMigration.down(db() as never);
      assert.ok(!(await columns()).includes('email_key'));
      await addressKeyMigration.up(db() as never, engine);
      await liveKeyMigration.up(db() as never);
      await runDueFills(h.test.database);
      assert.ok((await columns()).includes('email_key'));
    });
  });
}
