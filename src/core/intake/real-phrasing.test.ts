// Unit tests of the readers on text as people and their mail clients really write it: typographic punctuation,
// domains that are not the complainant's (signatures, disclaimers, mail providers, name servers), tickets in the
// phrasings of three languages and in subject tags, expectations written as questions and requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findCaseRefs } from './case-refs.ts';
import { readDomains } from './domains.ts';
import { expectationSentences, sentences } from './expectations.ts';
import { fold } from './fold.ts';
import { readLetter } from './letter.ts';
import { findMarker } from './marker.ts';
import { splitOwnText } from './own-text.ts';
import { readTicketRefs } from './ticket-refs.ts';

const MARKERS = {
  step1: ['Transmission de réclamation - Etape 1', 'Complaint escalation - Step 1'],
  step2: ['Transmission de réclamation - Etape 2'],
};

test('typography: curly apostrophes and quotes, guillemets, invisible characters and narrow spaces fold like the plain ones', () => {
  assert.equal(fold('J’attends'), "j'attends");
  assert.equal(fold('L‘offre ʼici´s'), "l'offre 'ici's");
  assert.equal(fold('«\u202FDupont\u202F» “x” „y“'), '" dupont " "x" "y"');
  assert.equal(fold('récla\u00ADmation\u2060'), 'reclamation');
  assert.equal(fold('N°\u00A0de\u202Fticket'), 'n° de ticket');
  assert.deepEqual(
    findMarker('TR\u00A0: «\u202FTransmission de réclamation – Étape\u00A01\u202F»', MARKERS),
    {
      step: 1,
      phrase: 'Transmission de réclamation - Etape 1',
    },
  );
  assert.equal(findMarker('Complaint escalation — Step\u202F2', MARKERS), null);
});

test('expectations: a French verb after a typographic apostrophe', () => {
  const cases: [string, string | null][] = [
    ['Mon site est coupé. J’attends un remboursement.', 'J’attends un remboursement.'],
    ['Le service est en panne. J’exige une réponse écrite.', 'J’exige une réponse écrite.'],
    [
      'Rien ne marche. Nous n’acceptons plus ce délai, j’aimerais un geste.',
      'Nous n’acceptons plus ce délai, j’aimerais un geste.',
    ],
    ['C’est la troisième fois. J´attends une solution.', 'J´attends une solution.'],
    ['Je vous remercie d’avance.', null],
  ];
  for (const [text, expected] of cases) assert.equal(expectationSentences(text), expected, text);
});

test('expectations: questions and requests in three languages', () => {
  const cases: [string, string | null][] = [
    ['Ma facture a doublé. Pourriez-vous m’expliquer pourquoi ?', 'Pourriez-vous m’expliquer pourquoi ?'],
    ['Le site est lent. Pouvez vous rétablir le service ?', 'Pouvez vous rétablir le service ?'],
    [
      'Le site est lent. Serait-il possible de migrer mon compte ?',
      'Serait-il possible de migrer mon compte ?',
    ],
    [
      'Tout est bloqué. Je vous serais reconnaissant de débloquer mon compte.',
      'Je vous serais reconnaissant de débloquer mon compte.',
    ],
    ['My site is down. Could you please restore it today?', 'Could you please restore it today?'],
    ['My site is down. Can you refund the month?', 'Can you refund the month?'],
    [
      'My site is down. Would it be possible to move me to another server?',
      'Would it be possible to move me to another server?',
    ],
    [
      'I was billed twice. I would be grateful if you could cancel one invoice.',
      'I would be grateful if you could cancel one invoice.',
    ],
    ['Die Seite ist down. Können Sie das bitte heute beheben?', 'Können Sie das bitte heute beheben?'],
    [
      'Die Seite ist down. Könnten Sie mir den Betrag gutschreiben?',
      'Könnten Sie mir den Betrag gutschreiben?',
    ],
    [
      'Die Seite ist down. Wäre es möglich, den Vertrag zu kündigen?',
      'Wäre es möglich, den Vertrag zu kündigen?',
    ],
    [
      'Die Seite ist down. Bitte teilen Sie mir mit, wann sie wieder läuft.',
      'Bitte teilen Sie mir mit, wann sie wieder läuft.',
    ],
    [
      'Ich wäre Ihnen dankbar, wenn Sie die Gebühr erstatten.',
      'Ich wäre Ihnen dankbar, wenn Sie die Gebühr erstatten.',
    ],
    ['How could you do this? Nobody answered.', null],
    ['Can you imagine my surprise? The site was gone.', null],
  ];
  for (const [text, expected] of cases) assert.equal(expectationSentences(text), expected, text);
});

test('sentences: a sentence may open with curly quotes or guillemets', () => {
  assert.deepEqual(sentences('Il a dit non. “Impossible” selon lui. ‚Nein‘ hieß es.'), [
    'Il a dit non.',
    '“Impossible” selon lui.',
    '‚Nein‘ hieß es.',
  ]);
});

test('tickets: subject tags of ticket systems', () => {
  const cases: [string, string[]][] = [
    ['[Ticket#2026120412345678] Panne', ['2026120412345678']],
    ['Re: [#12345] Mon site', ['12345']],
    ['AW: Rechnung falsch (Ticket 123)', ['123']],
    ['[Support #4821] billing', ['4821']],
    ['RE: [ACME Helpdesk - Ticket ID: 998877] slow', ['998877']],
    ['[Demande n°\u00A077881] résiliation', ['77881']],
    ['Réclamation (2 pièces jointes)', []],
    ['[RC-2026-000123] suite', []],
    ['Facture (Réf. client 123456)', []],
    // Tags whose number has letters: a ticket system's key, bare or after `#` or a label.
    ['RE: [INC-2026-AB12] Panne messagerie', ['INC-2026-AB12']],
    ['AW: [#AB-1234] Domain gesperrt', ['AB-1234']],
    ['Re: [#a1b2c3] site down', ['A1B2C3']],
    ['[Ticket INC0012345] Outage', ['INC0012345']],
    ['(Vorgang 12-XY-345) Rückfrage', ['12-XY-345']],
    ['[SR-123456] Your service request', ['SR-123456']],
    ['AW: Ticket#2026120510000123 — Ihre Anfrage', ['2026120510000123']],
    // Not tickets: our case references, months and quarters with their year, invoices, orders, customers.
    ['[RC-2026-000123] suite', []],
    ['Bilan [Q4-2026]', []],
    ['[DEC-2026] planning', []],
    ['Rechnung [RE-2026-00123] falsch', []],
    ['[INV-2026-0042] overdue', []],
    ['Commande [CMD-2026-AB12] non livrée', []],
    ['[Order AB-12345] where is it', []],
    ['[Bestellung #AB-1234]', []],
    ['Facture [#AB-1234]', []],
    ['[Kunde KD-12345] Adresse', []],
    ['Réunion du [2026-12-05]', []],
    ['[COVID-19] fermeture', []],
    ['[ISO-9001] audit', []],
  ];
  for (const [subject, expected] of cases)
    assert.deepEqual(readTicketRefs(subject, '', []), expected, subject);
});

test('tickets: French, German and English phrasings in the body', () => {
  const cases: [string, string[]][] = [
    ['Ma demande n° 556677 est restée sans réponse.', ['556677']],
    ['Voir le dossier n°\u202F889900 ouvert en mars.', ['889900']],
    ['Réf. : 445566 (à rappeler)', ['445566']],
    ['Votre référence 112233 ne donne rien.', ['112233']],
    ['Im Vorgang 334455 hat niemand geantwortet.', ['334455']],
    ['Ihre Vorgangsnummer lautet 778899.', ['778899']],
    ['Aktenzeichen: 2026-4411', []],
    ['Unser Aktenzeichen 441122 bitte angeben.', ['441122']],
    ['Meine Ticketnummer: 665544', ['665544']],
    ['I opened two tickets about this, 123456 and 123457, last week.', ['123456', '123457']],
    ['J’ai ouvert deux tickets à ce sujet (n° 223344 et n° 223345).', ['223344', '223345']],
    ['Zu den Vorgängen 550011 und 550012 kam nichts.', ['550011', '550012']],
    ['Ticket number for reference: 482913.', ['482913']],
    ['Ticket, for reference, 482914', ['482914']],
    ['For reference: 482915', ['482915']],
    ['Zur Referenz: 482916', ['482916']],
    ['Ticket (pour mémoire) : 482917', ['482917']],
    ['ticket #1234 still open', ['1234']],
    ['Facture n° 123456 du 12.03.2026, commande 987654, client 456789', []],
    ['Tel. 0721 123456, Kundennummer 556677', []],
    ['ma demande du 12 mars, un dossier de 300 pages', []],
    ['J’ai demandé 10000 fois, je demande 50000 € et un dossier 20000 Mo', []],
  ];
  for (const [text, expected] of cases) assert.deepEqual(readTicketRefs('', text, []), expected, text);
});

test('tickets: numbers listed in the body when the subject names one', () => {
  assert.deepEqual(
    readTicketRefs(
      'Ticket 482913 : toujours rien',
      'Les autres numéros :\n- 482977\n- 483001\n\nMon téléphone : 0612345678, code postal 75011.',
      [],
    ),
    ['482913', '482977', '483001'],
  );
  assert.deepEqual(
    readTicketRefs('[Ticket#2026120410000123] Ausfall', 'Siehe auch 2026120410000456 vom Montag.', []),
    ['2026120410000123', '2026120410000456'],
  );
  assert.deepEqual(readTicketRefs('Ausfall', 'Siehe auch 2026120410000456 vom Montag.', []), []);
  assert.deepEqual(readTicketRefs('', 'x', ['#4455, 4456']), ['4455', '4456']);
});

const NO_DOMAINS = { subject: '', labelled: [], ownDomains: [] };

test('domains: a leading www. is dropped, other sub-domains kept as written', () => {
  assert.deepEqual(
    readDomains({ ...NO_DOMAINS, text: 'Mon site www.Boulangerie-Martin.fr et shop.martin.de' }),
    ['boulangerie-martin.fr', 'shop.martin.de'],
  );
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: 'https://www.exemple.fr/x et exemple.fr' }), [
    'exemple.fr',
  ]);
});

test('domains: mail providers, webmail footers and tools are not the complainant’s', () => {
  const text = [
    'Mon site martin-bio.fr est en panne et je vous écris depuis mon adresse gmail.com, car orange.fr bloque tout.',
    'Selon dnschecker.org et https://mxtoolbox.com/SuperTool.aspx le domaine ne répond plus.',
    '',
    'Gesendet mit GMX FreeMail https://www.gmx.net/mail/',
    'Virus-free. www.avast.com',
  ].join('\n');
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text }), ['martin-bio.fr']);
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: 'x', labelled: ['web.de'] }), ['web.de']);
});

test('domains: name-server hosts are not domains', () => {
  const text =
    'Mein Domain schulz-kfz.de zeigt auf ns1.dns-parking.com und ns2.dns-parking.com.\nNameserver: a.ns.example-dns.net, dns3.hoster.de, pdns1.registrar-servers.com';
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text }), ['schulz-kfz.de']);
});

test('domains: hosts in signatures and legal disclaimers are not the complainant’s', () => {
  const withClosing = [
    'Bonjour,',
    '',
    'Le domaine atelier-lune.fr ne répond plus depuis lundi.',
    '',
    'Cordialement,',
    'Jeanne Lune',
    'Atelier Lune – 12 rue des Arts, 69001 Lyon',
    'Tél. 04 72 00 00 00 | www.atelier-lune-design.fr',
    'https://www.linkedin.com/in/jeannelune',
  ].join('\n');
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: withClosing }), ['atelier-lune.fr']);
  const noClosing = [
    'Our shop harris-tools.com has been offline since Monday.',
    '',
    'Tom Harris',
    'Harris Tools Ltd',
    'Phone +44 20 7946 0000',
    'www.harris-group.co.uk',
  ].join('\n');
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: noClosing }), ['harris-tools.com']);
  const disclaimer = [
    'Die Domain weiss-steuer.de ist seit Freitag nicht erreichbar.',
    '',
    'Weiss Steuerberatung GmbH, Sitz der Gesellschaft: Stuttgart, Amtsgericht Stuttgart HRB 12345,',
    'Geschäftsführer: Anna Weiss, www.weiss-gruppe.de',
    '',
    'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Empfänger sind,',
    'informieren Sie bitte sofort den Absender (datenschutz.weiss-gruppe.de).',
  ].join('\n');
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: disclaimer }), ['weiss-steuer.de']);
  const contactNotSignature = 'Le site ne répond plus.\n\nDomaine concerné :\nwww.roux-menuiserie.fr';
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: contactNotSignature }), ['roux-menuiserie.fr']);
});

test('domains: hosts under the organisation’s own domains and mail exchangers are not the complainant’s', () => {
  const text =
    'Votre page https://status.example.org/incidents dit que tout va bien ; mon domaine x-bio.fr pointe vers mx00.old-cluster.net.';
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text, ownDomains: ['example.org'] }), ['x-bio.fr']);
});

test('letters: a signature block of contact details without a closing formula is not the complaint', () => {
  const letter = readLetter(
    'Our shop is down.\n\nI demand it back today.\n\nOliver Watson\nWatson Bakery Ltd\nPhone +44 161 496 0000\nwww.watson-group.co.uk',
  );
  assert.deepEqual(letter, {
    content: 'Our shop is down.\n\nI demand it back today.',
    signedName: 'Oliver Watson',
  });
  assert.equal(
    readLetter('Text.\n\nOne line\nTwo line\nThree line\nFour line').content.includes('Four'),
    true,
  );
});

test('own text: the Outlook mobile footer in French and German is not the complaint', () => {
  assert.equal(splitOwnText('Texte.\n\nObtenir Outlook pour iOS<https://aka.ms/o0ukef>').text, 'Texte.');
  assert.equal(splitOwnText('Text.\n\nOutlook für Android beziehen<https://aka.ms/AAb9ysg>').text, 'Text.');
});

test('letters: common closings end the letter (bonne soirée, salutations distinguées, merci beaucoup)', () => {
  for (const closing of [
    'Bonne soirée,',
    'Salutations distinguées',
    'Merci beaucoup',
    'All the best,',
    'Schöne Grüße',
  ])
    assert.equal(
      readLetter(`Le site est en panne.\n\n${closing}\nMarie Martin`).content,
      'Le site est en panne.',
      closing,
    );
});

/** Each plain character and the typographic ones people and their clients write for it. */
const TYPOGRAPHIC: Record<string, readonly string[]> = {
  "'": ['\u2019', '\u2018', '\u02BC', '\u00B4'],
  '"': ['\u201C', '\u201D', '\u201E', '\u00AB', '\u00BB'],
  '-': ['\u2010', '\u2011', '\u2013', '\u2014', '\u2212'],
  ' ': ['\u00A0', '\u202F', '\u2009'],
};

test('typography: any typographic spelling of a text folds as its plain spelling (property)', () => {
  const piece = fc.oneof(
    fc.constantFrom("J'attends", 'Ticket-Nr.', '"Dupont"', "aujourd'hui", 'n° 123456', 'Etape 1', 'E-Mail'),
    fc.string({ maxLength: 6 }).filter((t) => !/[^ -~]/.test(t)),
  );
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 6 }),
      fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      (pieces, picks) => {
        const plain = pieces.join(' ');
        let k = 0;
        const typographic = [...plain]
          .map((ch) => {
            const options = TYPOGRAPHIC[ch];
            const pick = picks[k++ % picks.length] ?? 0;
            return options && pick % 2 === 0 ? (options[pick % options.length] ?? ch) : ch;
          })
          .join('');
        assert.equal(fold(typographic), fold(plain));
      },
    ),
  );
});

test('what is not asked: "Bitte beachten Sie", "Is it possible that…", "Ist es möglich, dass…"', () => {
  for (const text of [
    'Bitte beachten Sie, dass die Seite seit Montag offline ist.',
    'Bitte entschuldigen Sie meinen Ton.',
    'Is it possible that you deleted my files?',
    'Est-il possible que vous ayez supprimé mes fichiers ?',
    'Ist es möglich, dass Sie meine Daten gelöscht haben?',
  ])
    assert.equal(expectationSentences(text), null, text);
});

test('tickets: "order numbers" and amounts are not tickets, even beside a subject ticket', () => {
  assert.deepEqual(readTicketRefs('', 'Les numéros de commande 123456 et 123457 sont faux.', []), []);
  assert.deepEqual(readTicketRefs('', 'Your order numbers 123456 and 123457 were charged twice.', []), []);
  assert.deepEqual(readTicketRefs('Ticket 482913', 'On m’a prélevé 482000 € au lieu de 48,20 €.', []), [
    '482913',
  ]);
});

test('domains: a paragraph where the person speaks is not a disclaimer or a signature, whatever words it holds', () => {
  const text = [
    'Les fichiers confidentiels de mon site martin-bio.fr ont été supprimés sans autorisation.',
    '',
    'Ich werde das Amtsgericht einschalten, meine Domain schulz-kfz.de ist seit Tagen weg.',
    '',
    'Mon site : roux-menuiserie.fr',
    'Mon téléphone : 06 12 34 56 78',
  ].join('\n');
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text }), [
    'martin-bio.fr',
    'schulz-kfz.de',
    'roux-menuiserie.fr',
  ]);
});

test('domains: a sub-domain that only looks like a name server label stays (ens., ans.)', () => {
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text: 'Le site ens.univ-lune.fr et ans.lune.fr' }), [
    'ens.univ-lune.fr',
    'ans.lune.fr',
  ]);
});

test('domains: the name whose name servers are spoken of stays, the servers listed do not', () => {
  const text =
    'I changed the name servers of foster-games.io to ns-512.awsdns-00.net and a.iana-servers.net.';
  assert.deepEqual(readDomains({ ...NO_DOMAINS, text }), ['foster-games.io']);
});

test('tickets: a labelled value gives the numbers of its first sentence, not an invoice number after them', () => {
  assert.deepEqual(readTicketRefs('', '', ['111222, 111223. Beide betreffen die Rechnung 2026041234.']), [
    '111222',
    '111223',
  ]);
  assert.deepEqual(readTicketRefs('', '', ['#4455, Kundennummer 556677']), ['4455']);
});

test('expectations: plain wishes and needs ("Ich hätte gerne", "Il faudrait que vous", "I need a")', () => {
  for (const text of [
    'Ich hätte gerne eine Gutschrift.',
    'Wir brauchen die Daten bis Montag.',
    'Il faudrait que vous rappeliez le client.',
    'I need a refund for March.',
  ])
    assert.equal(expectationSentences(`Der Dienst ist ausgefallen. ${text}`), text, text);
});

test('case references: a minus sign, a no-break or a narrow no-break space between the parts', () => {
  assert.deepEqual(
    findCaseRefs(
      ['Réf.\u00A0RC\u00A02026\u00A0000123, RC\u22122026\u2212000124 et RC-2026\u202F000125'],
      ['RC'],
    ),
    ['RC-2026-000123', 'RC-2026-000124', 'RC-2026-000125'],
  );
});

test('domains: a postscript under the signature is the person speaking', () => {
  for (const ps of [
    'P.S. Mon second domaine lune-bis.fr est touché aussi.',
    'PS : lune-bis.fr aussi.',
    'N.B. lune-bis.fr aussi.',
  ])
    assert.deepEqual(
      readDomains({
        ...NO_DOMAINS,
        text: `Le site lune.fr est en panne.\n\nCordialement,\nJeanne Lune\n\n${ps}`,
      }),
      ['lune.fr', 'lune-bis.fr'],
      ps,
    );
});

test('tickets: the subject’s ticket series read in the body without a label; "Ihr Zeichen"', () => {
  assert.deepEqual(
    readTicketRefs(
      'Ticket 482913 : toujours rien',
      'Même panne que 483001 et 482977, rappelez le 0612345678.',
      [],
    ),
    ['482913', '483001', '482977'],
  );
  assert.deepEqual(readTicketRefs('Ticket 482913', 'Le 150000 visiteurs et 912345 autres.', []), ['482913']);
  assert.deepEqual(readTicketRefs('', 'Ihr Zeichen: 778812, unser Zeichen 778813', []), ['778812']);
  assert.deepEqual(readTicketRefs('', 'Our ref. 556611, your reference 556612, notre réf. 556613', []), [
    '556612',
  ]);
});

test('expectations: imperatives, hopes and reliance (not questions, not "Sachez que", not "Haben Sie…?")', () => {
  const asked = [
    'Remboursez-moi le mois de mars.',
    'Rétablissez le site aujourd’hui.',
    'Je compte sur vous pour régler cela.',
    'J’espère une réponse rapide.',
    'I hope you can fix this today.',
    'Ich hoffe auf eine schnelle Lösung.',
    'Sorgen Sie dafür, dass die Seite wieder läuft.',
    'Erstatten Sie mir den Betrag.',
  ];
  for (const text of asked) assert.equal(expectationSentences(`Le site est en panne. ${text}`), text, text);
  const told = [
    'Sachez que je suis client depuis dix ans.',
    'J’espère que vous allez bien.',
    'Haben Sie meine Mail bekommen?',
    'Wissen Sie, wie lange das dauert?',
    'Avez-vous reçu mon courrier ?',
    'Profitez de -50 % sur tous les domaines.',
    'Sichern Sie sich jetzt 50 % Rabatt.',
    'Stellen Sie sich vor, wie ärgerlich das ist.',
  ];
  for (const text of told) assert.equal(expectationSentences(`Le site est en panne. ${text}`), null, text);
});
