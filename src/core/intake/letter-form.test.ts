import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { letterPlace, type QuotedCase, step2CaseOfWriter, typedLetterIdentity } from './letter-form.ts';

/** A step-1 complaint received on 16 November, as a letter quotes it. */
const step1: QuotedCase = {
  id: 's1',
  kind: 'complaint',
  step: 1,
  complainantId: 'p',
  step2CaseId: null,
  receivedDay: '2026-11-16',
};
/** A writer who is on no record. */
const nobody = { complainantId: null, addressIsCaseComplainants: false };

describe('where a letter that quotes a case goes', () => {
  it('a step-2 letter escalates a step-1 complaint, or goes to its step-2 case when it has one', () => {
    assert.deepEqual(letterPlace(2, '2026-11-20', step1, nobody), { escalate: true });
    assert.deepEqual(letterPlace(2, '2026-11-20', { ...step1, step2CaseId: 's2' }, nobody), { fileOn: 's2' });
  });
  it('a step-2 letter quoting a suggestion or a matter of kind other opens a step-2 case', () => {
    for (const kind of ['suggestion', 'other'] as const)
      assert.deepEqual(letterPlace(2, '2026-11-20', { ...step1, kind, step: null }, nobody), {
        escalate: true,
      });
    assert.deepEqual(letterPlace(2, '2026-11-20', { ...step1, step: 2 }, nobody), { fileOn: 's1' });
  });
  it('any other letter is filed on the case it quotes', () => {
    assert.deepEqual(letterPlace(1, '2026-11-20', { ...step1, step2CaseId: 's2' }, nobody), { fileOn: 's1' });
    assert.deepEqual(letterPlace(null, '2026-11-20', { ...step1, kind: 'suggestion', step: null }, nobody), {
      fileOn: 's1',
    });
  });
  it('a letter giving the address of another complainant on record is refused', () => {
    const other = { complainantId: 'q', addressIsCaseComplainants: false };
    assert.deepEqual(letterPlace(2, '2026-11-20', step1, other), { refused: 'other_complainant' });
    assert.deepEqual(letterPlace(1, '2026-11-20', step1, other), { refused: 'other_complainant' });
    // The case's complainant's own address, on a second record of the same person: not another person.
    assert.deepEqual(letterPlace(1, '2026-11-20', step1, { ...other, addressIsCaseComplainants: true }), {
      fileOn: 's1',
    });
    assert.deepEqual(
      letterPlace(1, '2026-11-20', step1, { complainantId: 'p', addressIsCaseComplainants: true }),
      {
        fileOn: 's1',
      },
    );
  });
});

describe('a letter quoting a case, by its day of arrival', () => {
  const quoted = step1;
  it('cannot have arrived before the day the case was received; the same day it can', () => {
    assert.deepEqual(letterPlace(2, '2026-11-15', quoted, nobody), { refused: 'arrived_before' });
    assert.deepEqual(letterPlace(1, '2026-11-02', quoted, nobody), { refused: 'arrived_before' });
    assert.deepEqual(letterPlace(2, '2026-11-16', quoted, nobody), { escalate: true });
  });
});

describe('a step-2 letter quoting nothing, from a writer on record', () => {
  const c = (step2CaseId: string | null) => ({ kind: 'complaint' as const, step: 1 as const, step2CaseId });
  it('goes to the one step-2 case resting on their step-1 cases when none is left to take to step 2', () => {
    assert.equal(step2CaseOfWriter([c('s2')], false), 's2');
    assert.equal(step2CaseOfWriter([c('s2'), c('s2')], false), 's2');
  });
  it('opens a step-2 case otherwise', () => {
    assert.equal(step2CaseOfWriter([c('s2'), c(null)], true), null, 'one still to take to step 2');
    assert.equal(step2CaseOfWriter([c('a'), c('b')], false), null, 'several: staff choose by the reference');
    assert.equal(step2CaseOfWriter([], false), null);
  });
  it('counts their step-2 complaint resting on no step-1 case as theirs too (opened by such a letter before)', () => {
    assert.equal(
      step2CaseOfWriter([], false, ['alone']),
      'alone',
      'a second letter goes where the first went',
    );
    assert.equal(
      step2CaseOfWriter([c('s2')], false, ['alone']),
      'alone',
      'an escalated step-1 complaint besides: the lone step-2 complaint, not a third one',
    );
    assert.equal(step2CaseOfWriter([], false, ['a', 'b']), null, 'several lone ones: staff choose');
    assert.equal(
      step2CaseOfWriter([c(null)], true, ['alone']),
      null,
      'a step-1 case still to take to step 2',
    );
  });
});

describe('the step-2 case of a writer, over every writer', () => {
  const ids: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'd');
  const step1 = fc.record({
    kind: fc.constantFrom('complaint' as const, 'suggestion' as const, 'other' as const),
    step: fc.constantFrom(1 as const, 2 as const, null),
    step2CaseId: fc.option(ids, { nil: null }),
  });
  it('opens nothing new where exactly one step-2 complaint is theirs, and never goes to a case not theirs', () => {
    fc.assert(
      fc.property(
        fc.array(step1, { maxLength: 5 }),
        fc.boolean(),
        fc.array(ids, { maxLength: 3 }),
        (own, still, alone) => {
          const got = step2CaseOfWriter(own, still, alone);
          const escalated = new Set(
            own
              .filter((x) => x.kind === 'complaint' && x.step === 1 && x.step2CaseId)
              .map((x) => x.step2CaseId!),
          );
          const theirs = new Set([...alone, ...escalated]);
          if (still) return got === null;
          if (got !== null && !theirs.has(got)) return false;
          // One step-2 complaint of theirs, whichever way it came: the letter goes to it.
          if (theirs.size === 1) return got === [...theirs][0];
          // A lone step-2 complaint, however many escalated ones besides: the letter goes to it.
          if (new Set(alone).size === 1) return got === alone[0];
          return true;
        },
      ),
    );
  });
});

describe('the identity of a letter without a scan', () => {
  const letter = {
    kind: 'complaint',
    step: 1,
    receivedAt: '2026-11-22T23:00:00.000Z',
    complainant: {
      name: 'Marc Dupont',
      email: null,
      phone: null,
      postalAddress: ['3 rue des Lilas', '69001 Lyon'],
    },
    title: 'Etape 1',
    ticketRefs: ['123', '456'],
    domains: [],
    description: 'Mon site est hors ligne.',
    expectations: null,
    caseReference: null,
  };
  it('is the same for the same letter typed again (spacing, case, order of tickets aside)', () => {
    assert.equal(
      typedLetterIdentity(letter),
      typedLetterIdentity({
        ...letter,
        complainant: { ...letter.complainant, name: ' marc  Dupont ' },
        ticketRefs: ['456', '123'],
      }),
    );
  });
  it('differs when the day of arrival or anything said differs', () => {
    const id = typedLetterIdentity(letter);
    assert.notEqual(id, typedLetterIdentity({ ...letter, receivedAt: '2026-11-23T23:00:00.000Z' }));
    assert.notEqual(id, typedLetterIdentity({ ...letter, description: 'Ma facture est fausse.' }));
    assert.notEqual(id, typedLetterIdentity({ ...letter, step: 2 }));
  });
});
