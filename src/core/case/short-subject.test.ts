import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findMarker } from '../intake/marker.ts';
import { firstWords, SHORT_SUBJECT_LENGTH, shortSubject } from './short-subject.ts';

const phrases = {
  step1: [
    'Transmission de réclamation - Etape 1',
    'Complaint escalation - Step 1',
    'Beschwerdeweiterleitung - Stufe 1',
  ],
  step2: [
    'Transmission de réclamation - Etape 2',
    'Complaint escalation - Step 2',
    'Beschwerdeweiterleitung - Stufe 2',
  ],
};

test('the marker and its variants are taken out of the subject, the sender’s own words kept as written', () => {
  const cases: Array<[string, string]> = [
    ['Transmission de réclamation - Etape 1/2 : Remboursement non reçu', 'Remboursement non reçu'],
    ['RE: TR: TRANSMISSION DE RÉCLAMATION—ÉTAPE 1 - Colis perdu', 'Colis perdu'],
    ['Colis perdu - Transmission de réclamation Etape 2', 'Colis perdu'],
    ['[Ticket#123456] Complaint escalation: Step 1', '[Ticket#123456]'],
    ['AW: Beschwerdeweiterleitung – Stufe 2: Rückerstattung fehlt', 'Rückerstattung fehlt'],
    ['Étape 12 de mon dossier', 'Étape 12 de mon dossier'],
  ];
  for (const [subject, expected] of cases)
    assert.equal(shortSubject(subject, null, phrases).text, expected, subject);
});

test('a subject that is only the marker gives the first words of the description', () => {
  const s = shortSubject(
    'Transmission de réclamation - Etape 1/2',
    'Bonjour,\n\nmon remboursement de la commande 4411 n’est toujours pas arrivé après six semaines et personne ne répond à mes messages depuis.',
    phrases,
  );
  assert.equal(s.from, 'description');
  assert.ok(s.text.startsWith('Bonjour, mon remboursement de la commande 4411'), s.text);
  assert.ok(s.text.endsWith('…'));
  assert.deepEqual(shortSubject('Complaint escalation - Step 1', null, phrases), { text: '', from: 'none' });
});

test('property: what is left never holds a marker, and is never longer than a line', () => {
  const words = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9#'’ ]{0,40}$/);
  const marker = fc.constantFrom(
    'Transmission de réclamation - Etape 1',
    'transmission de reclamation – étape 2',
    'TRANSMISSION DE RÉCLAMATION: ETAPE 1/2',
    'Complaint escalation Step 1',
    'Beschwerdeweiterleitung—Stufe 2',
  );
  const prefix = fc.constantFrom('', 'RE: ', 'TR: Fwd: ', 'AW: ');
  fc.assert(
    fc.property(prefix, words, marker, words, fc.option(words), (p, before, m, after, description) => {
      const subject = `${p}${before} ${m} ${after}`;
      const s = shortSubject(subject, description, phrases);
      assert.equal(findMarker(s.text, phrases), null, `${subject} → ${s.text}`);
      assert.ok(Array.from(s.text).length <= SHORT_SUBJECT_LENGTH);
    }),
  );
});

test('property: first words are a prefix of the text (spacing flattened) and fit the length', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 10, max: 120 }), (text, max) => {
      const cut = firstWords(text, max);
      const flat = text.replace(/\s+/gu, ' ').trim();
      assert.ok(Array.from(cut).length <= max);
      if (cut.endsWith('…') && !flat.endsWith('…')) assert.ok(flat.startsWith(cut.slice(0, -1).trimEnd()));
      else assert.equal(cut, flat);
    }),
  );
});
