// A letter more than a year old is registered once the person confirms its date (a mistyped year is caught, a
// letter found late is not shut out), and the confirmation is in the audit log; a date in the future is refused
// whatever is confirmed. The same rule for the API and the command line (one schema). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerLetter } from '../../src/app/register-letter.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES)
  describe(`a letter more than a year old (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-30T12:00:00.000Z') });
    });
    after(() => h.close());

    const letter = (arrived: string, confirmOldArrival?: boolean) => ({
      arrived,
      kind: 'complaint' as const,
      complainant: { name: 'Anne Lenoir', postalAddress: ['5 rue Basse', '35000 Rennes'] },
      title: 'Transmission de réclamation - Etape 1',
      description: `Une lettre du ${arrived}, retrouvée derrière un meuble.`,
      expectations: 'Une réponse.',
      ...(confirmOldArrival === undefined ? {} : { confirmOldArrival }),
    });
    const refusal = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(e instanceof DomainError, `refused: ${String(e)}`);
      return e;
    };

    it('is refused without a confirmation, naming the date and asking to confirm it', async () => {
      const r = await refusal(registerLetter(h.ctx, letter('2025-10-01'), null, 'u'));
      assert.equal(r.code, 'invalid_command');
      assert.equal((r.details as { context?: string }).context, 'letter_arrived_too_old');
      assert.match(r.message, /2025-10-01/);
      assert.match(r.message, /confirm/);
    });

    it('is registered once confirmed, on its own day, and the confirmation is audited', async () => {
      const done = await registerLetter(h.ctx, letter('2025-10-01', true), null, 'user:clerk');
      assert.ok(done.caseId, 'a case opened');
      const row = await h.test.database.db
        .selectFrom('cases')
        .select(['received_at', 'reference'])
        .where('id', '=', done.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(
        h.ctx.calendar.localDate(row.received_at).toString(),
        '2025-10-01',
        'from 00:00 that day, as for any letter',
      );
      const audit = await h.test.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'target_type', 'target_id', 'detail'])
        .where('action', '=', 'old_letter_registered')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, 'user:clerk');
      assert.equal(audit[0]!.target_type, 'case');
      assert.equal(audit[0]!.target_id, done.caseId);
      assert.match(String(audit[0]!.detail), /2025-10-01/);
    });

    it('a date in the future is refused, confirmed or not', async () => {
      for (const confirmed of [false, true]) {
        const r = await refusal(registerLetter(h.ctx, letter('2026-12-02', confirmed), null, 'u'));
        assert.equal((r.details as { context?: string }).context, 'letter_arrived_future');
      }
    });
  });
