import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findMarker, stripReplyPrefixes, withoutMarker } from './marker.ts';

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

test('the marker is found whatever the case, accents, dashes, spacing and prefixes', () => {
  for (const subject of [
    'Transmission de réclamation - Etape 1',
    'transmission de reclamation – étape 1',
    'RE: TR: AW: TRANSMISSION DE RÉCLAMATION—ETAPE   1',
    'Fwd: Transmission de réclamation ‐ Étape 1 : site en panne',
    'transmission de réclamation étape1',
    'Beschwerdeweiterleitung-Stufe 1',
    'WG: complaint escalation -- step 1',
    '[Ticket#123456] Complaint escalation: Step 1',
  ])
    assert.equal(findMarker(subject, phrases)?.step, 1, subject);
});

test('step 2 is read, and wins when both steps are in the subject', () => {
  assert.equal(findMarker('AW: Beschwerdeweiterleitung – Stufe 2', phrases)?.step, 2);
  assert.equal(
    findMarker(
      'Etape 2 — RE: Transmission de réclamation - Etape 1 / Transmission de réclamation - Etape 2',
      phrases,
    )?.step,
    2,
  );
});

test('no marker: other numbers, other words, nothing', () => {
  for (const subject of [
    'Transmission de réclamation - Etape 12',
    'Réclamation',
    'Complaint escalation',
    '',
    null,
  ])
    assert.equal(findMarker(subject, phrases), null, String(subject));
});

test('the phrases come from the configuration', () => {
  assert.equal(findMarker('Reclamo - Paso 1', { step1: ['Reclamo - Paso 1'], step2: [] })?.step, 1);
});

test('reply and forward prefixes are stripped, stacked', () => {
  assert.equal(stripReplyPrefixes('RE: TR: AW: Fwd: WG: Sujet'), 'Sujet');
  assert.equal(stripReplyPrefixes('Re[2]: Sujet'), 'Sujet');
});

test('full-width letters and digits, and other compatibility characters, carry the marker as the plain ones', () => {
  for (const subject of [
    'Transmission de réclamation - Ｅtape 1',
    'Ｔｒａｎｓｍｉｓｓｉｏｎ ｄｅ ｒéｃｌａｍａｔｉｏｎ － Ｅｔａｐｅ １',
    'Complaint escalation - Step ①',
    'Beschwerdeweiterleitung - Stufe¹',
  ])
    assert.equal(findMarker(subject, phrases)?.step, 1, subject);
  assert.equal(findMarker('Transmission de réclamation - Étape ２', phrases)?.step, 2);
  // What is cut from the subject is the sender's own spelling.
  assert.equal(
    withoutMarker('Re: Transmission de réclamation - Ｅtape 1 : site en panne', phrases),
    'site en panne',
  );
});
