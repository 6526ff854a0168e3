// Ticket numbers (P2.2) by one rule at every door: what the mail reading takes for a ticket number ("[Ticket#
// 2026120412345678]" of an OTRS system, "INC-2026-AB12" of another), a person may type in the ticket field of the
// public form, the API or a registered letter, and it is kept in the same form; what is no ticket number ("abc",
// "12") is refused at each of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { registerLetter } from '../../src/app/register-letter.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { readTicketRefs, typedTicketNumber } from '../../src/core/intake/ticket-refs.ts';
import { createTestApp, type TestApp } from '../support/http.ts';

const TYPED: Array<[string, string]> = [
  ['482913', '482913'],
  ['#482913', '482913'],
  ['2026120412345678', '2026120412345678'],
  ['inc-2026-ab12', 'INC-2026-AB12'],
  [' #INC0012345 ', 'INC0012345'],
];

describe('ticket numbers as typed', () => {
  it('takes what the mail reading reports as a ticket, as it reports it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^\d{5,16}$/),
          fc.stringMatching(/^[A-Z]{2,5}-\d{3,8}(-[A-Z0-9]{1,4})?$/),
          fc.stringMatching(/^[A-Z]{2,5}\d{4,10}$/),
        ),
        (ticket) => {
          for (const found of readTicketRefs('', `Ticket n° ${ticket}`, []))
            assert.equal(typedTicketNumber(found), found, `${ticket} read as ${found}`);
        },
      ),
    );
  });

  it('refuses what is no ticket number', () => {
    for (const typed of ['abc', '12', '', '#', 'RC-2026-000123', '12,5', '3 tickets'])
      assert.equal(typedTicketNumber(typed), null, typed);
  });

  describe('at the doors', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
    });
    after(() => t.close());
    const fields = async (caseId: string) =>
      (await inTransaction(t.ctx, (agg) => agg.loadCase(caseId))).state!.fields.ticketRefs;

    it('keeps them alike from the API and from a registered letter', async () => {
      const typed = TYPED.map(([x]) => x);
      const kept = [...new Set(TYPED.map(([, y]) => y))];
      const api = await submitComplaint(
        t.ctx,
        {
          complainant: { name: 'Erika Mustermann', email: 'erika@example.de' },
          language: 'de',
          ticketRefs: typed,
          description: 'Meine Domain ist nicht erreichbar.',
          expectations: 'Bitte beheben.',
        },
        { channel: 'api', actor: 'api:test' },
      );
      assert.deepEqual(await fields(api.caseId), kept);
      const letter = await registerLetter(
        t.ctx,
        {
          arrived: t.ctx.calendar.localDate(t.ctx.clock.now()).toString(),
          title: 'Beschwerdeweiterleitung - Stufe 1',
          complainant: { name: 'Erika Mustermann', email: 'erika@example.de' },
          language: 'de',
          ticketRefs: typed,
          description: 'Meine Domain ist nicht erreichbar.',
          expectations: 'Bitte beheben.',
        },
        null,
        'user:clerk',
      );
      assert.deepEqual(await fields(letter.caseId!), kept);
    });
  });
});
