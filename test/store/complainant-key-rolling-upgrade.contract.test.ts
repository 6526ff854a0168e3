// During a rolling upgrade an older instance, which does not know the complainants' address key (migration
// 202612061900), still registers complainants beside the newer ones on the same database: its records have an
// address but no key. The person's next message, read by a newer instance, must find that record and not make a
// second one; the lookup gives the record its key as it finds it. Staff, legal holds and requests by address find it
// too, `redress migrate --refill` gives every such record its key, and the statements are served by indexes (no read
// of the whole table). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { complainantsOfAddresses } from '../../src/adapters/db/archive.repo.ts';
import {
  addressLookup,
  addressLookupStatement,
  holdsAddress,
  otherRecordsWithAddress,
} from '../../src/adapters/db/complainants.repo.ts';
import { complainantIdsWithEmail } from '../../src/adapters/db/legal-holds.repo.ts';
import { findComplainant } from '../../src/app/complainant-page.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';
import { planOf } from '../support/query-plans.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;

for (const engine of ENGINES) {
  describe(`a complainant an older instance registered without a key (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-12-07T10:00:00.000Z') });
    });
    after(async () => h?.close());

    const db = () => h.test.database.db;
    const caseOf = (caseId: string) =>
      db().selectFrom('cases').select('complainant_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    const keyOf = async (id: string) =>
      (
        await db()
          .selectFrom('complainants')
          .select('email_key')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).email_key;
    const recordsLike = async (local: string) =>
      (await db().selectFrom('complainants').select('id').where('email', 'like', `${local}@%`).execute())
        .length;

    /**
     * A complainant as an older instance registers one: the same events and row as this release writes, less the
     * key (the older code does not know the column, so it stays null).
     */
    const registeredByOlderInstance = async (from: string) => {
      const first = await h.receive({ from, subject: 'Transmission de réclamation - Etape 1' });
      assert.ok(first.caseId);
      const { complainant_id } = await caseOf(first.caseId);
      await db()
        .updateTable('complainants')
        .set({ email_key: null })
        .where('id', '=', complainant_id)
        .execute();
      assert.equal(await keyOf(complainant_id), null);
      return complainant_id;
    };

    it('a message through the mail door finds the record and gives it its key (one complainant, not two)', async () => {
      const older = await registeredByOlderInstance('Olga Ort <olga@example.net>');
      const next = await h.receive({
        from: 'Olga Ort <Olga@Example.NET>',
        subject: 'Transmission de réclamation - Etape 1 (suite)',
      });
      assert.equal((await caseOf(next.caseId!)).complainant_id, older, 'filed under the same complainant');
      assert.equal(await recordsLike('olga'), 1, 'one record');
      assert.equal(await keyOf(older), 'olga@example.net', 'the key filled as it was found');
    });

    it('the batch intake (SMTP, IMAP) finds it too, the domain written the other way', async () => {
      const older = await registeredByOlderInstance('Hans Huber <hans@münchen.de>');
      const received = await h.intake.receive({
        raw: rawMessage({
          from: 'Hans Huber <Hans@XN--MNCHEN-3YA.DE>',
          subject: 'Transmission de réclamation - Etape 1 (encore)',
        }),
        mailbox: h.ctx.config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'smtp',
      });
      assert.equal(
        (await caseOf(received.caseId!)).complainant_id,
        older,
        'filed under the same complainant',
      );
      assert.equal(await recordsLike('hans'), 1, 'one record');
      assert.equal(await keyOf(older), 'hans@xn--mnchen-3ya.de');
    });

    it('staff find it by its address, and a record with the key names it as the same address', async () => {
      const older = await registeredByOlderInstance('Ute Ufer <ute@example.org>');
      assert.equal(await findComplainant(h.ctx, 'UTE@example.org'), older);
      // Another record of the same address (made before addresses were compared by their key) names it.
      const twin = await registeredByOlderInstance('Ute Ufer <ute@example.com>');
      await db()
        .updateTable('complainants')
        .set({ email: 'ute@example.org', email_key: 'ute@example.org' })
        .where('id', '=', twin)
        .execute();
      assert.deepEqual(
        (await otherRecordsWithAddress(db(), twin, 'ute@example.org')).map((r) => r.id),
        [older],
      );
      assert.equal(await findComplainant(h.ctx, 'ute@example.org', twin), older);
    });

    it('a legal hold and a request by address cover it; `redress migrate --refill` gives it its key', async () => {
      const older = await registeredByOlderInstance('Lea Lang <lea@münchen.de>');
      assert.deepEqual(await complainantIdsWithEmail(db(), 'LEA@xn--mnchen-3ya.de'), [older]);
      assert.deepEqual(
        [...(await complainantsOfAddresses(db(), ['lea@xn--mnchen-3ya.de'])).entries()],
        [['lea@xn--mnchen-3ya.de', [older]]],
      );
      // After the upgrade, once no older instance runs (docs/deploy.md): every record gets its key.
      const r = spawnSync(process.execPath, [bin, 'migrate', '--refill'], {
        encoding: 'utf8',
        env: { ...process.env, REDRESS_DATABASE_URL: h.test.url },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stdout,
        /the address keys of complainants and of the case search filled \(\d+ rows? read\)/,
      );
      assert.equal(await keyOf(older), 'lea@xn--mnchen-3ya.de');
    });

    it('the lookups by address are served by indexes, not by a read of the whole table', async () => {
      // Values written in: PostgreSQL cannot tell the type of a parameter in these lists under EXPLAIN.
      const explain = (text: string, params: readonly unknown[]) =>
        planOf(db(), engine, { sql: inlined(text, params), parameters: [] });
      // Records without an address have no key either: many of them must not slow a lookup down.
      const statement = addressLookupStatement('Ida@München.de')!;
      const batch = db()
        .selectFrom('complainants')
        .select('id')
        .where((eb) => holdsAddress(eb, addressLookup(['ida@münchen.de', 'max@example.net'])))
        .compile();
      for (const [text, params] of [
        [statement.text, statement.params],
        [batch.sql.replace(/\$\d+/g, '?'), batch.parameters],
      ] as const) {
        const plan = await explain(text, params);
        // The key's index for the key, the address's for the rest: never the key's index for "no key".
        assert.equal(plan.match(/complainants_email_key/g)?.length, 1, plan);
        assert.match(plan, /complainants_email\b/, plan);
        assert.doesNotMatch(plan, /SCAN complainants(?! USING)|Seq Scan/, plan);
      }
    });
  });
}

/** The statement with its values written in (for EXPLAIN, which takes no parameters on PostgreSQL). */
function inlined(text: string, params: readonly unknown[]): string {
  let i = 0;
  return text.replace(/\?/g, () => `'${String(params[i++]).replaceAll("'", "''")}'`);
}
