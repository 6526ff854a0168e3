// The subject marker is our phrase, copied from our page, not the complainant's words: a German e-mail that
// carries the French marker is German (P10). When the complainant wrote too little to tell, the marker's language
// (the page they copied it from) is a better guess than the mailbox's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Language } from '../case/model.ts';
import { markerLanguage } from './marker.ts';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';
import { type IntakeContext, readIntake } from './reading.ts';

const MARKERS = {
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

function languageOf(subject: string, text: string, mailbox: Language = 'en'): Language {
  const context: IntakeContext = {
    mailbox: { role: 'complaints', language: mailbox },
    markers: MARKERS,
    relaySenders: [],
    referencePrefixes: ['RC'],
    ownDomains: ['example.org'],
    now: '2026-03-04T08:00:00.000Z',
  };
  const m: ParsedMessage = {
    ...emptyMessage(),
    from: { name: 'Jo Kunde', address: 'jo@example.net' },
    subject,
    text,
  };
  return readIntake(m, context).reading.language;
}

test('a short message is read in the language it is written in, whatever marker it carries', () => {
  assert.equal(languageOf('Transmission de réclamation - Etape 1', 'Meine Domain geht nicht.'), 'de');
  assert.equal(
    languageOf('Transmission de réclamation - Etape 1', 'Server down since Monday. Refund please.', 'fr'),
    'en',
  );
  assert.equal(languageOf('Beschwerdeweiterleitung - Stufe 1', 'Ma facture est fausse.', 'de'), 'fr');
  assert.equal(languageOf('RE: Transmission de réclamation - Etape 2', 'Ich bin nicht zufrieden.'), 'de');
});

test('a message too short to tell is read in the language of its marker, then the mailbox’s', () => {
  assert.equal(languageOf('Beschwerdeweiterleitung - Stufe 1', 'RC-2026-000001', 'fr'), 'de');
  assert.equal(languageOf('Transmission de réclamation - Etape 1', '', 'de'), 'fr');
  assert.equal(languageOf('Complaint escalation - Step 2', '482913', 'fr'), 'en');
  assert.equal(languageOf('482913', '482913', 'de'), 'de');
});

test('each configured marker names its language by its word for the step', () => {
  assert.equal(markerLanguage('Transmission de réclamation - Étape 1'), 'fr');
  assert.equal(markerLanguage('Complaint escalation - Step 2'), 'en');
  assert.equal(markerLanguage('Beschwerdeweiterleitung - Stufe 1'), 'de');
  assert.equal(markerLanguage('Reklamation 1'), null);
});
