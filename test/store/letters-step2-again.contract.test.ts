// A person with no step-1 complaint (only a suggestion on record) writes to management twice by post: two step-2
// letters, each quoting their suggestion, or each quoting nothing. The first opens a step-2 complaint (with P5.3's
// warning: no step-1 case behind it); the second is about the same matter and is filed on it, rather than opening
// a second step-2 complaint that the figures would count twice. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { type LetterInput, registerLetter } from '../../src/app/register-letter.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`a second step-2 letter of a writer with no step-1 complaint (${engine})`, () => {
    let h: Harness;
    const at = (iso: string): AppContext =>
      createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock('2026-11-30T12:00:00.000Z') });
    });
    after(() => h.close());

    const writer = (n: number) => ({
      name: `Writer ${n}`,
      email: `writer${n}@example.net`,
      postalAddress: [`${n} rue des Lilas`, '67000 Strasbourg'],
    });
    const letter = (n: number, arrived: string, over: Partial<LetterInput>): LetterInput => ({
      arrived,
      kind: 'complaint',
      step: 2,
      complainant: writer(n),
      title: 'Transmission de réclamation - Etape 2',
      description: `A letter of ${arrived}.`,
      expectations: 'An answer from the management.',
      ...over,
    });
    const caseRow = (id: string) =>
      h.test.database.db
        .selectFrom('cases')
        .select(['kind', 'step', 'step1_case_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    for (const [n, quoting] of [
      [1, 'their suggestion'],
      [2, 'nothing'],
    ] as const)
      it(`quoting ${quoting}, goes to the step-2 complaint the first opened`, async () => {
        const idea = await registerLetter(
          at('2026-11-02T09:00:00.000Z'),
          letter(n, '2026-11-02', {
            kind: 'suggestion',
            step: null,
            title: 'Une idée',
            description: 'Une idée pour vos factures.',
            expectations: null,
          }),
          null,
          'u',
        );
        assert.ok(idea.caseId && idea.reference);
        const quote = n === 1 ? { caseReference: idea.reference } : {};
        const first = await registerLetter(
          at('2026-11-09T09:00:00.000Z'),
          letter(n, '2026-11-09', quote),
          null,
          'u',
        );
        assert.ok(first.caseId && first.caseId !== idea.caseId);
        assert.deepEqual(await caseRow(first.caseId), { kind: 'complaint', step: 2, step1_case_id: null });
        const second = await registerLetter(
          at('2026-11-12T09:00:00.000Z'),
          letter(n, '2026-11-12', quote),
          null,
          'u',
        );
        assert.equal(second.duplicate, false, 'another letter');
        assert.equal(second.caseId, first.caseId, 'filed on the step-2 complaint the first letter opened');
        const step2 = await h.test.database.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('complainant_id', '=', idea.complainantId!)
          .where('step', '=', 2)
          .executeTakeFirstOrThrow();
        assert.equal(Number(step2.n), 1, 'one step-2 complaint for the matter');
      });

    it('quoting nothing, from a writer with an escalated step-1 complaint and a lone step-2 complaint, goes to the lone one', async () => {
      // First a step-2 letter with no step-1 complaint behind it (P5.3's warning): the lone step-2 complaint.
      const alone = await registerLetter(
        at('2026-11-03T09:00:00.000Z'),
        letter(3, '2026-11-03', {}),
        null,
        'u',
      );
      assert.ok(alone.caseId);
      const step1 = await registerLetter(
        at('2026-11-04T09:00:00.000Z'),
        letter(3, '2026-11-04', { step: 1, title: 'Réclamation', description: 'Ma facture est fausse.' }),
        null,
        'u',
      );
      assert.ok(step1.caseId && step1.reference);
      const escalated = await registerLetter(
        at('2026-11-10T09:00:00.000Z'),
        letter(3, '2026-11-10', { caseReference: step1.reference }),
        null,
        'u',
      );
      assert.ok(escalated.caseId && escalated.caseId !== alone.caseId);
      assert.deepEqual(await caseRow(escalated.caseId), {
        kind: 'complaint',
        step: 2,
        step1_case_id: step1.caseId,
      });
      const again = await registerLetter(
        at('2026-11-13T09:00:00.000Z'),
        letter(3, '2026-11-13', {}),
        null,
        'u',
      );
      assert.equal(again.duplicate, false, 'another letter');
      assert.equal(again.filing, 'filed_on_case', 'no third step-2 complaint');
      assert.equal(again.caseId, alone.caseId, 'filed on the step-2 complaint that rests on no step-1 case');
      const step2 = await h.test.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('complainant_id', '=', alone.complainantId!)
        .where('step', '=', 2)
        .executeTakeFirstOrThrow();
      assert.equal(Number(step2.n), 2);
    });
  });
}
