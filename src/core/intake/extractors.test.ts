// Unit tests of the small readers: tickets, domains, case references, dates, language, letters, own text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCaseRefs } from './case-refs.ts';
import { findDomains } from './domains.ts';
import { expectationSentences, sentences } from './expectations.ts';
import { readLabelledFields } from './labelled-fields.ts';
import { detectLanguage } from './language.ts';
import { looksLikeName, readLetter, toProse } from './letter.ts';
import { parseMailDate, receivedDate } from './mail-date.ts';
import { splitOwnText } from './own-text.ts';
import { findTicketRefs, ticketsInValue } from './ticket-refs.ts';

test('ticket numbers in French, German and English phrasings, several at once', () => {
  const cases: [string, string[]][] = [
    ['ticket n° 123456', ['123456']],
    ['Ticket-Nr. 123456', ['123456']],
    ['ticket #123456', ['123456']],
    ['n° de ticket : 123456', ['123456']],
    ['[Ticket#2026031012]', ['2026031012']],
    ['tickets 123456 et 123457', ['123456', '123457']],
    ['Tickets #111111, #222222 und #333333', ['111111', '222222', '333333']],
    ['my ticket number is 555444', ['555444']],
    ['numéro du ticket 123987', ['123987']],
    ['Ihre Ticketnummer: 445566.', ['445566']],
    ['ticket du 12.03.2026', []],
    ['ticket 2.4.1', []],
    ['Tel. 0721 123456', []],
  ];
  for (const [text, expected] of cases) assert.deepEqual(findTicketRefs(text), expected, text);
});

test('domains: as written, Unicode, lower case; files, versions, paths and e-mail domains are not domains', () => {
  assert.deepEqual(findDomains('XN--MLLER-BAU-Q9A.DE'), ['müller-bau.de']);
  assert.deepEqual(findDomains('Voir www.Exemple.FR/contact.html et shop.exemple.co.uk.'), [
    'exemple.fr',
    'shop.exemple.co.uk',
  ]);
  assert.deepEqual(
    findDomains(
      'facture.pdf, version 2.4.1, archive.zip, run.py, notes.md, /var/www/site.com, jean@dupont.fr, 10.0.0.1',
    ),
    [],
  );
  assert.deepEqual(findDomains('mon domaine boutique.pl et le fichier script.pl'), ['boutique.pl']);
  assert.deepEqual(findDomains('https://demo.zip/ and www.film.mov'), ['demo.zip', 'film.mov']);
  assert.deepEqual(findDomains('boutique.pl', { labelled: true }), ['boutique.pl']);
  assert.deepEqual(findDomains('example.org et www.example.org', { excluded: ['example.org'] }), []);
  assert.deepEqual(findDomains('intranet.local, test.invalid'), []);
});

test('case references with the configured prefixes, any dash', () => {
  assert.deepEqual(
    findCaseRefs(['[rc-2026-000123] RC‑2026‑000123', 'SG 2026 000017, XX-2026-000001'], ['RC', 'SG']),
    ['RC-2026-000123', 'SG-2026-000017'],
  );
  assert.deepEqual(findCaseRefs(['RC-2026-0001234'], ['RC']), []);
});

test('mail dates: RFC 5322 with offsets, zone names and obsolete forms; Received dates after the semicolon', () => {
  assert.equal(parseMailDate('Mon, 2 Mar 2026 10:15:03 +0100'), '2026-03-02T09:15:03.000Z');
  assert.equal(parseMailDate('2 Mar 26 10:15 GMT'), '2026-03-02T10:15:00.000Z');
  assert.equal(parseMailDate('Wed, 10 Jun 2026 10:59:30 EDT'), '2026-06-10T14:59:30.000Z');
  assert.equal(parseMailDate('Tue, 31 Feb 2026 10:00:00 +0000'), null);
  assert.equal(parseMailDate('not a date'), null);
  assert.equal(
    receivedDate('from a by b with ESMTP; Sat, 6 Jun 2026 00:30:00 +0200 (CEST)'),
    '2026-06-05T22:30:00.000Z',
  );
});

test('language: franc on long texts, common words on short ones, the hint when nothing tells', () => {
  assert.equal(
    detectLanguage('Mon site ne fonctionne plus depuis trois jours et personne ne me répond.', 'en'),
    'fr',
  );
  assert.equal(
    detectLanguage('Meine Webseite ist seit drei Tagen nicht erreichbar und niemand antwortet.', 'fr'),
    'de',
  );
  assert.equal(detectLanguage('My website has been down for three days and nobody answers.', 'de'), 'en');
  assert.equal(detectLanguage('Siehe Stufe', 'fr'), 'de');
  assert.equal(detectLanguage('778899', 'de'), 'de');
});

test('letters: greeting, closing and signed name', () => {
  const letter = readLetter(
    'Bonjour,\n\nLe site est en panne.\n\nCordialement,\nMarie Martin\n06 12 34 56 78',
  );
  assert.deepEqual(letter, { content: 'Le site est en panne.', signedName: 'Marie Martin' });
  assert.equal(
    readLetter('Hallo,\nText hier.\n\nSophie Garnier\nCrêperie Sophie').signedName,
    'Sophie Garnier',
  );
  assert.equal(looksLikeName('Jean-Pierre de La Fontaine'), true);
  assert.equal(looksLikeName('Boulangerie Martin SARL'), false);
  assert.equal(looksLikeName('Merci beaucoup'), false);
  assert.equal(
    toProse('ligne un\nligne deux\n\n- point\n- autre'),
    'ligne un ligne deux\n\n- point\n- autre',
  );
});

test('expectations: sentences that ask, in three languages', () => {
  assert.deepEqual(sentences('Le 3. März kam nichts. Ich bitte um Antwort. Voir le ticket n° 12.'), [
    'Le 3. März kam nichts.',
    'Ich bitte um Antwort.',
    'Voir le ticket n° 12.',
  ]);
  // A pronoun before the verb is still a request ("please repair it"); thanks for a thing is none.
  assert.equal(expectationSentences('Le site est en panne. Merci de le réparer.'), 'Merci de le réparer.');
  assert.equal(expectationSentences('Le site est en panne. Merci de la réponse.'), null);
  assert.equal(expectationSentences("Le site est en panne. Merci de l'aide."), null);
  assert.equal(
    expectationSentences('Le site est en panne. Merci de réparer le site.'),
    'Merci de réparer le site.',
  );
  assert.equal(expectationSentences('Merci de votre réponse. Le site reste en panne.'), null);
  assert.equal(
    expectationSentences('Please find attached my invoice. Please refund it.'),
    'Please refund it.',
  );
  assert.equal(expectationSentences('Ich erwarte eine Gutschrift.'), 'Ich erwarte eine Gutschrift.');
});

test('own text: quotes, attributions, Outlook blocks, forwards, signatures and phone footers are set apart', () => {
  const reply = splitOwnText(
    'Nouveau texte.\n\nLe lun. 2 mars 2026 à 10:00, X <x@y.fr> a écrit :\n> ancien\n> texte',
  );
  assert.equal(reply.text, 'Nouveau texte.');
  const outlook = splitOwnText('Neu.\n\nVon: A <a@b.de>\nGesendet: Montag\nAn: C\nBetreff: D\n\nAlt.');
  assert.equal(outlook.text, 'Neu.');
  assert.equal(outlook.earlier?.kind, 'reply');
  assert.equal(outlook.earlier?.from, 'A <a@b.de>');
  const forward = splitOwnText(
    'Note.\n\n---------- Forwarded message ---------\nFrom: Z <z@z.com>\nDate: x\n\nOld body.',
  );
  assert.equal(forward.earlier?.kind, 'forward');
  assert.equal(forward.earlier?.text, 'Old body.');
  const signed = splitOwnText('Texte.\n-- \nJean Dupont\nwww.dupont.fr\n\nEnvoyé de mon iPhone');
  assert.equal(signed.text, 'Texte.');
  assert.equal(signed.signature?.split('\n')[0], 'Jean Dupont');
  assert.equal(splitOwnText('Text.\n\nSent from my iPhone').text, 'Text.');
});

test('labelled fields: label: value, label | value, sections over several lines, first and last names', () => {
  const fields = readLabelledFields(
    'Intro\nPrénom : Jean\nNom | Dupont\nE-mail : jean@dupont.fr\nTicket-Nr.: 1234\nDomaine : dupont.fr\nDescription :\nligne 1\nligne 2\nAttentes : rien',
  );
  assert.equal(fields.firstName, 'Jean');
  assert.equal(fields.name, 'Dupont');
  assert.equal(fields.email, 'jean@dupont.fr');
  assert.deepEqual(fields.tickets, ['1234']);
  assert.deepEqual(fields.domains, ['dupont.fr']);
  assert.equal(fields.description, 'ligne 1\nligne 2');
  assert.equal(fields.expectations, 'rien');
  assert.equal(fields.unlabelled, 'Intro');
});

test('tickets: numbers of letters and digits after a cue, in three languages; amounts, times and our references are not', () => {
  assert.deepEqual(findTicketRefs('My ticket INC-2026-AB12 is still open.'), ['INC-2026-AB12']);
  assert.deepEqual(findTicketRefs('Suite à mon ticket #a1b2c3, rien.'), ['A1B2C3']);
  assert.deepEqual(findTicketRefs('zu Vorgang 12-XY-345 nichts gehört'), ['12-XY-345']);
  assert.deepEqual(findTicketRefs('case number CS0048213 on the phone'), ['CS0048213']);
  assert.deepEqual(findTicketRefs('ma demande n° DEM-7K-2291 et la demande 48213 ensuite'), [
    'DEM-7K-2291',
    '48213',
  ]);
  assert.deepEqual(
    findTicketRefs('ma demande 1000euros, le ticket 3rd, la demande 10h30, le dossier 2B'),
    [],
  );
  assert.deepEqual(ticketsInValue('7QK-55012'), ['7QK-55012']);
  assert.deepEqual(ticketsInValue('Nr. 482913 und INC-2026-AB12'), ['482913', 'INC-2026-AB12']);
});

test('labelled fields: a ticket or domain label that opens a sentence labels its value only', () => {
  const fields = readLabelledFields(
    'Domaine : dupont-bois.fr. Le site ne répond plus.\nTicket : 482913. Depuis mardi rien.',
  );
  assert.deepEqual(fields.domains, ['dupont-bois.fr']);
  assert.deepEqual(fields.tickets, ['482913']);
  assert.equal(fields.unlabelled, 'Le site ne répond plus.\nDepuis mardi rien.');
});

test('letters: a request on the greeting line keeps the request, not the greeting', () => {
  assert.equal(
    readLetter('Bonjour, merci de rembourser la facture.\n\nCordialement,\nJean Dupont').content,
    'Merci de rembourser la facture.',
  );
  assert.equal(
    readLetter('Madame, Monsieur, je vous demande de résilier.').content,
    'Je vous demande de résilier.',
  );
  assert.equal(
    readLetter('Guten Tag Herr Weber, bitte erstatten Sie den Betrag.').content,
    'Bitte erstatten Sie den Betrag.',
  );
  // A comma after a first word that is no greeting leaves the line as it is.
  assert.equal(readLetter('Hier, le site est tombé.').content, 'Hier, le site est tombé.');
});
