// The case page shows the postal address an answer on the case goes to: for a case opened by a letter, the address
// that letter gave (outbound-mail.ts complainantOfCase), even where the complainant's record holds none or another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getCase } from '../../src/app/get-case.ts';
import { complainantOfCase } from '../../src/app/outbound-mail.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES)
  describe(`the case page names the address an answer goes to (${engine})`, () => {
    let t: TestApp;
    let agent: TestSession;
    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-25T09:00:00.000Z') });
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    });
    after(() => t?.close());

    /** The complainant card of the case page: where its postal address is shown. */
    const complainantCard = async (caseId: string) => {
      const page = await getPage(t.app, agent, `/cases/${caseId}`);
      assert.equal(page.statusCode, 200);
      return /<section aria-labelledby="complainant-title"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    };

    for (const [who, record] of [
      ['no postal address', null],
      ['another postal address', ['4 rue du Port', '56100 Lorient']],
    ] as const)
      it(`a record with ${who}: the letter's address, where the case's answer goes`, async () => {
        const email = `record-${record ? 'other' : 'none'}@example.fr`;
        await openComplaint(t.ctx, {
          receivedAt: '2026-11-10T10:00:00.000Z',
          name: 'Claire Morel',
          email,
          postalAddress: record ? [...record] : undefined,
        });
        const res = await postForm(t.app, agent, '/letters/new', {
          arrived: '2026-11-24',
          kind: 'complaint',
          language: 'fr',
          name: 'Claire Morel',
          email,
          postalAddress: '99 avenue des Lettres\n75011 Paris',
          title: 'Transmission de réclamation - Etape 1',
          description: 'Mon nom de domaine a expiré.',
          expectations: 'Le renouveler.',
        });
        assert.equal(res.statusCode, 303, res.body.slice(0, 800));
        const caseId = String(res.headers.location)
          .replace(/^\/cases\//, '')
          .replace(/[?#].*$/, '');
        // Where a letter on this case goes (by post: when e-mail fails, or a letter is printed): the letter's address.
        const { state } = await getCase(t.ctx, caseId);
        const shownTo = await inTransaction(t.ctx, (agg) => complainantOfCase(agg, state));
        assert.deepEqual(shownTo?.details.postalAddress, ['99 avenue des Lettres', '75011 Paris']);
        const card = await complainantCard(caseId);
        assert.match(card, /99 avenue des Lettres<br>75011 Paris/, 'the page shows where the answer goes');
        if (record) assert.doesNotMatch(card, /4 rue du Port<br>/, 'not as if answers went to the record’s');
      });
  });
