import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseAnswerAddress, letterContactVerdict, sameNameAndAddress } from './letter-contact.ts';

describe('what a letter does to a record already on file', () => {
  const record = {
    name: 'Claire Morel',
    email: 'claire@example.fr',
    phone: '+33 6 11 22 33 44',
    postalAddress: ['4 rue du Port', '56100 Lorient'],
  };
  it('writes no way of reaching the person, and says which the letter gives otherwise', () => {
    const v = letterContactVerdict(record, {
      name: 'Claire Morel',
      email: 'autre@example.net',
      phone: '+33 7 00 00 00 00',
      postalAddress: ['1 impasse Ailleurs', '13001 Marseille'],
    });
    assert.deepEqual(v, { fill: {}, differs: ['email', 'phone', 'postalAddress'] });
  });
  it('a detail the record lacks is said too, not filled in', () => {
    const v = letterContactVerdict(
      { name: null, email: 'claire@example.fr', phone: null, postalAddress: null },
      { name: 'Claire Morel', email: null, phone: '06 11 22 33 44', postalAddress: ['4 rue du Port'] },
    );
    assert.deepEqual(v, { fill: { name: 'Claire Morel' }, differs: ['phone', 'postalAddress'] });
  });
  it('the same details written otherwise (case, spaces, phone punctuation) are the same', () => {
    const v = letterContactVerdict(record, {
      name: null,
      email: 'Claire@Example.fr',
      phone: '+33 6 11-22-33-44',
      postalAddress: ['4  rue du port', '', '56100 LORIENT'],
    });
    assert.deepEqual(v, { fill: {}, differs: [] });
  });
});

describe('where a printed letter about a case goes', () => {
  it('to the address of the letter that opened the case, else the record’s', () => {
    assert.deepEqual(caseAnswerAddress(['A 1'], ['B 2', ' ']), ['B 2']);
    assert.deepEqual(caseAnswerAddress(['A 1'], null), ['A 1']);
    assert.deepEqual(caseAnswerAddress(null, []), []);
  });
});

describe('a record of the same name and postal address as a letter without an e-mail address', () => {
  const records = [
    { id: 'a', name: 'Odile Ferrand', postalAddress: ['7 rue des Tilleuls', '44000 Nantes'] },
    { id: 'b', name: 'Odile Ferrand', postalAddress: ['1 place Royale', '44000 Nantes'] },
    { id: 'c', name: 'Odile Martin', postalAddress: ['7 rue des Tilleuls', '44000 Nantes'] },
  ];
  it('is the one whose name and address are the letter’s, written alike', () => {
    const found = sameNameAndAddress(
      { name: 'odile  ferrand', postalAddress: ['7 Rue des Tilleuls', '', '44000 NANTES'] },
      records,
    );
    assert.deepEqual(
      found.map((r) => r.id),
      ['a'],
    );
  });
  it('is none without a name or an address to compare', () => {
    assert.deepEqual(sameNameAndAddress({ name: 'Odile Ferrand', postalAddress: null }, records), []);
    assert.deepEqual(sameNameAndAddress({ name: null, postalAddress: ['7 rue des Tilleuls'] }, records), []);
  });
});
