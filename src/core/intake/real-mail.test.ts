// Reading mail as real clients and forms write it: forwards (attached and inline), form relays recognised by
// their shape, "Surname, Given name" display names, and the kind a sender states. Where automatic mail may go
// stays the stricter rule of DESIGN.md "Outbound mail".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { messageSender } from './complainant.ts';
import { isFormRelay, isRobotAddress, withoutFormFooter } from './form-relay.ts';
import { statedKind } from './kind-statement.ts';
import { readLabelledFields } from './labelled-fields.ts';
import { splitOwnText } from './own-text.ts';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';
import { nameAsSigned } from './person-name.ts';
import { type IntakeContext, readIntake } from './reading.ts';

/** Where automatic mail about a message may go (the sender rule's `answer`). */
const autoReplyAddressOf = (...args: Parameters<typeof messageSender>) => messageSender(...args).answer;

const NOW = '2026-05-04T08:00:00.000Z';

function context(role: IntakeContext['mailbox']['role'] = 'complaints'): IntakeContext {
  return {
    mailbox: { role, language: 'fr' },
    markers: {
      step1: ['Transmission de réclamation - Etape 1', 'Complaint escalation - Step 1'],
      step2: ['Transmission de réclamation - Etape 2', 'Complaint escalation - Step 2'],
    },
    relaySenders: ['no-reply@*'],
    referencePrefixes: ['RC', 'SG'],
    ownDomains: ['example.org'],
    now: NOW,
  };
}

function message(over: Partial<ParsedMessage>): ParsedMessage {
  return { ...emptyMessage(), ...over };
}

const customerText =
  'Bonjour,\n\nMon site durand-bois.fr est en panne depuis lundi (ticket 481122).\nJe demande le rétablissement du site.\n\nCordialement,\nPaul Durand';

test('an attached original (message/rfc822) forwarded by a colleague is the complaint of its sender', () => {
  const original = message({
    from: { name: 'Paul Durand', address: 'paul.durand@free.fr' },
    subject: 'Site en panne',
    messageId: '<abc@free.fr>',
    text: customerText,
  });
  const forward = message({
    from: { name: 'Claire Morel', address: 'claire.morel@example.org' },
    subject: 'TR: Site en panne',
    text: 'Voir la pièce jointe.\n\nClaire',
    attachedMessage: original,
  });
  const { reading, originalMessageId } = readIntake(forward, context());
  assert.deepEqual(reading.complainant, { name: 'Paul Durand', email: 'paul.durand@free.fr' });
  assert.deepEqual(reading.forwardedBy, { name: 'Claire Morel', email: 'claire.morel@example.org' });
  assert.deepEqual(reading.ticketRefs, ['481122']);
  assert.deepEqual(reading.domains, ['durand-bois.fr']);
  assert.equal(reading.expectations, 'Je demande le rétablissement du site.');
  assert.equal(originalMessageId, '<abc@free.fr>');
  // The colleague forwarded it: automatic mail may go to the original sender (DESIGN.md "Outbound mail").
  assert.equal(
    autoReplyAddressOf(forward, reading.complainant.email, context()).address,
    'paul.durand@free.fr',
  );
});

test('an attached message that is itself automated mail is evidence: the sender stays the complainant', () => {
  const phishing = message({
    from: { name: 'Ma Banque', address: 'no-reply@secure-verif-compte.top' },
    subject: 'Votre compte sera suspendu',
    headers: [{ name: 'list-unsubscribe', value: '<https://secure-verif-compte.top/u>' }],
    text: 'Veuillez confirmer vos informations bancaires sur secure-verif-compte.top.',
  });
  const m = message({
    from: { name: 'Paul Durand', address: 'paul.durand@free.fr' },
    subject: 'Fwd: Votre compte sera suspendu',
    text: 'Ce mail frauduleux vient de vos serveurs.',
    attachedMessage: phishing,
  });
  const { reading } = readIntake(m, context());
  assert.deepEqual(reading.complainant.email, 'paul.durand@free.fr');
  assert.equal(reading.forwardedBy, null);
});

test('an inline forward by someone outside the organisation names the original sender, but is not answered automatically', () => {
  const forward = message({
    from: { name: 'Agence Pixel', address: 'contact@agence-pixel.fr' },
    subject: 'Fwd: Site en panne',
    text: `Je vous transfère le message de notre client.\n\n---------- Forwarded message ---------\nFrom: Paul Durand <paul.durand@free.fr>\nDate: Mon, Mar 2, 2026 at 9:00 AM\nSubject: Site en panne\nTo: <contact@agence-pixel.fr>\n\n${customerText}`,
  });
  const { reading } = readIntake(forward, context());
  assert.deepEqual(reading.complainant, { name: 'Paul Durand', email: 'paul.durand@free.fr' });
  assert.deepEqual(reading.forwardedBy, { name: 'Agence Pixel', email: 'contact@agence-pixel.fr' });
  assert.equal(reading.language, 'fr');
  assert.equal(autoReplyAddressOf(forward, reading.complainant.email, context()).address, null);
});

test('a customer forwarding their own mail, or our answer under a complaint of their own, has no forwarder', () => {
  const own = message({
    from: { name: 'Paul Durand', address: 'paul.durand@free.fr' },
    subject: 'Fwd: Site en panne',
    text: `Toujours pas de réponse.\n\n---------- Forwarded message ---------\nFrom: Paul Durand <paul.durand@free.fr>\nDate: Mon, Mar 2, 2026 at 9:00 AM\nSubject: Site en panne\nTo: <complaint@example.org>\n\n${customerText}`,
  });
  const first = readIntake(own, context()).reading;
  assert.equal(first.forwardedBy, null);
  assert.deepEqual(first.complainant.email, 'paul.durand@free.fr');
  assert.deepEqual(first.ticketRefs, ['481122']);
  const ours = message({
    from: { name: 'Paul Durand', address: 'paul.durand@free.fr' },
    subject: 'Fwd: Votre demande',
    text: 'Votre réponse ne règle rien.\n\n---------- Forwarded message ---------\nFrom: Support <support@example.org>\nDate: Mon, Mar 2, 2026 at 9:00 AM\nSubject: Votre demande\nTo: <paul.durand@free.fr>\n\nVotre demande est close.',
  });
  const second = readIntake(ours, context()).reading;
  assert.equal(second.forwardedBy, null);
  assert.equal(second.complainant.email, 'paul.durand@free.fr');
});

test('a web form whose body starts with From:/Subject: field lines is not a quoted message', () => {
  const body =
    'From: Megan Clark <megan.clark@clark-studio.com>\nSubject: Complaint about my VPS\n\nMessage Body:\nMy VPS clark-studio.com was rebooted five times yesterday.\nI would like a refund.\n\n-- \nThis e-mail was sent from a contact form on Example Hosting (https://www.example-hosting.com)';
  assert.equal(splitOwnText(body).earlier, null);
  // An Outlook block at the top (it names a recipient) is still a quoted message.
  const outlook = splitOwnText(
    'From: Paul <paul@free.fr>\nSent: Monday, March 2, 2026 9:00 AM\nTo: support@example.org\nSubject: x\n\nHello',
  );
  assert.equal(outlook.earlier?.from, 'Paul <paul@free.fr>');
  const form = message({
    from: { name: 'Example Hosting', address: 'wordpress@example-hosting.com' },
    replyTo: [{ name: 'Megan Clark', address: 'megan.clark@clark-studio.com' }],
    subject: 'Example Hosting "Complaint about my VPS"',
    text: body,
  });
  const { reading } = readIntake(form, context());
  assert.deepEqual(reading.complainant, { name: 'Megan Clark', email: 'megan.clark@clark-studio.com' });
  assert.deepEqual(reading.domains, ['clark-studio.com']);
  assert.equal(reading.expectations, 'I would like a refund.');
});

test("form relays by their shape: a robot sender, or a Reply-To that is the form's own e-mail field", () => {
  assert.ok(isRobotAddress({ name: null, address: 'wordpress@site.fr' }));
  assert.ok(isRobotAddress({ name: null, address: 'ne-pas-repondre@site.fr' }));
  assert.ok(isRobotAddress({ name: null, address: 'notifications@typeform.io' }));
  assert.ok(!isRobotAddress({ name: null, address: 'jean.dupont@site.fr' }));
  const from = { name: 'Site', address: 'contact@hosting.example' };
  const replyTo = [{ name: null, address: 'nora@blake-travel.com' }];
  assert.ok(isFormRelay(from, replyTo, { email: null, formFields: 3 }, 'nora@blake-travel.com'));
  // An ordinary sender with a Reply-To elsewhere and a letter is not a relay.
  assert.ok(!isFormRelay(from, replyTo, { email: null, formFields: 0 }, null));
  // A shape relay is read, but automatic mail goes to a Reply-To only behind a configured relay sender.
  const relayed = message({
    from,
    replyTo,
    text: 'Name: Nora Blake\nEmail: nora@blake-travel.com\nMessage: blake-travel.com was down all Thursday.\nI expect compensation.',
  });
  const { reading } = readIntake(relayed, context());
  assert.deepEqual(reading.complainant, { name: 'Nora Blake', email: 'nora@blake-travel.com' });
  assert.equal(autoReplyAddressOf(relayed, reading.complainant.email, context()).address, null);
});

test('form layouts: bare labels, questions, WPForms rules; submission details and footers are not domains', () => {
  const typeform = readLabelledFields(
    "New response\n\nWhat's your name?\nJack Turner\n\nWhat happened?\nOur site went down.\n\nHow can we make it right?\nRestore it.",
  );
  assert.equal(typeform.name, 'Jack Turner');
  assert.equal(typeform.description, 'Our site went down.');
  assert.equal(typeform.expectations, 'Restore it.');
  // A question no label names ends the field above it.
  const extra = readLabelledFields(
    "What's your name?\nJack Turner\n\nHow can we make it right?\nRestore it.\n\nHow did you hear about us?\nA friend\n",
  );
  assert.equal(extra.expectations, 'Restore it.');
  const table = readLabelledFields('Name | Ben\nEmail | ben@x.co.uk\nYour message | Down.\nRating | 2\n');
  assert.equal(table.description, 'Down.');
  const wpforms = readLabelledFields(
    '--- Nom ---\n\nAntoine Lefort\n\n--- E-mail ---\n\nantoine@lefort.fr\n',
  );
  assert.equal(wpforms.name, 'Antoine Lefort');
  // A letter with one title line is not a form.
  assert.equal(readLabelledFields('Réclamation\nMon site est en panne.').description, null);
  const elementor = readLabelledFields(
    'Name: Grace Kim\nMessage: kim-tutoring.com is down.\n---\nPage URL: https://www.example-hosting.com/complaints/\nRemote IP: 198.51.100.7',
  );
  assert.ok(!elementor.withoutMeta.includes('example-hosting'));
  assert.equal(elementor.description, 'kim-tutoring.com is down.');
  assert.equal(
    withoutFormFooter(
      'Hello\nCet e-mail a été envoyé via le formulaire de contact de Site (https://www.site.fr)',
    ),
    'Hello',
  );
});

test('"Surname, Given name" is turned round as people sign; companies, suffixes and titles stay', () => {
  assert.equal(nameAsSigned('Dupont, Jean'), 'Jean Dupont');
  assert.equal(nameAsSigned('Müller, Dr. Hans'), 'Dr. Hans Müller');
  assert.equal(nameAsSigned('van der Berg, Anna'), 'Anna van der Berg');
  assert.equal(nameAsSigned('Martin, Jean-Pierre (Lyon)'), 'Jean-Pierre Martin');
  assert.equal(nameAsSigned('DURAND, Marie', 'Marie Durand'), 'Marie Durand');
  assert.equal(nameAsSigned('Dr. Weber, Klaus'), 'Dr. Klaus Weber');
  assert.equal(nameAsSigned('Prof. Dr. Schulz, Eva'), 'Prof. Dr. Eva Schulz');
  assert.equal(nameAsSigned('García López, María'), 'María García López');
  assert.equal(nameAsSigned("O'Neill, Seán"), "Seán O'Neill");
  for (const kept of [
    'Acme Widgets, Inc.',
    'Dupont & Fils, SARL',
    'Carter, James, Jr.',
    'Smith, Jr.',
    'Dr. Hans Müller',
    'Kundenservice, Bäckerei Kraus',
    'Example Hosting, Support',
  ])
    assert.equal(nameAsSigned(kept), kept);
});

test('property: a name without exactly one comma is never changed; "S, G" of name words becomes "G S"', () => {
  const word = fc
    .tuple(fc.constantFrom('A', 'B', 'É', 'Ö', 'M', 'Z'), fc.stringMatching(/^[a-zéèüö]{1,8}$/))
    .map(([a, b]) => a + b);
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (name) => {
      if (name.split(',').length !== 2) assert.equal(nameAsSigned(name), name);
    }),
  );
  fc.assert(
    fc.property(word, word, (surname, given) => {
      // Neither is a word that marks a company, a suffix or a title (person-name.ts): "Ag, Aü" is a company's.
      for (const w of [surname, given]) {
        const plain = w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        fc.pre(
          !/^(inc|ltd|co|corp|ag|sa|kg|ab|as|bv|nv|oy|sr|jr|sl|md|ev|mba|esq|phd|team|info|mr|mrs|ms|me|mme|mlle|m|dr|prof|med|jur|rer|nat|ing|dipl|ii|iii|iv|mbh|ohg|ug|sas|spa|srl|sci|pty|llc|llp|plc)$/.test(
            plain,
          ),
        );
      }
      assert.equal(nameAsSigned(`${surname}, ${given}`), `${given} ${surname}`);
    }),
  );
});

test('the kind a sender states decides it; else the mailbox does; a marker still makes a complaint', () => {
  assert.equal(statedKind("Ceci n'est pas une réclamation, juste une suggestion : …"), 'suggestion');
  assert.equal(statedKind('Ce n’est pas une plainte, mais une idée.'), 'suggestion');
  assert.equal(statedKind('This is a suggestion, not a complaint.'), 'suggestion');
  assert.equal(statedKind("It's not a complaint, but the reminder could come earlier."), 'suggestion');
  assert.equal(statedKind('Das ist keine Beschwerde, sondern ein Vorschlag.'), 'suggestion');
  assert.equal(statedKind('Nur eine Anregung: …'), 'suggestion');
  assert.equal(statedKind('Je dépose une réclamation : mon site est coupé.'), 'complaint');
  assert.equal(statedKind('This is a formal complaint.'), 'complaint');
  assert.equal(statedKind('Hiermit lege ich Beschwerde ein.'), 'complaint');
  assert.equal(statedKind('I followed your suggestion, but the site is still down.'), null);
  assert.equal(statedKind("Ce n'est pas une réclamation : je souhaite exercer mon droit d'accès."), 'other');
  assert.equal(statedKind('This is a subject access request under the GDPR.'), 'other');
  assert.equal(statedKind('Hiermit beantrage ich Auskunft nach Art. 15 DSGVO.'), 'other');
  assert.equal(statedKind('I want to report a phishing site hosted with you.'), 'other');
  assert.equal(statedKind("Vous n'avez jamais répondu à ma demande d'accès RGPD."), null);
  assert.equal(
    statedKind("Ma réclamation n'est pas une simple suggestion : le site est coupé."),
    'complaint',
  );
  assert.equal(statedKind('This is not just a suggestion: the site has been down for a week.'), 'complaint');
  assert.equal(statedKind('Das ist keine bloße Anregung, sondern eine Beschwerde.'), 'complaint');
  const suggestion = message({
    from: { name: 'Ella Morgan', address: 'ella@me.com' },
    subject: 'Dark mode',
    text: 'Hi,\n\nThis is a suggestion, not a complaint: a dark mode would help.\n\nThanks,\nElla Morgan',
  });
  const read = readIntake(suggestion, context()).reading;
  assert.deepEqual([read.kind, read.step, read.missing], ['suggestion', null, []]);
  const marked = { ...suggestion, subject: 'Complaint escalation - Step 1' };
  assert.equal(readIntake(marked, context()).reading.kind, 'complaint');
  const formal = message({
    from: { name: 'Victoria Bell', address: 'victoria@bell.co.uk' },
    subject: 'Your service',
    text: 'Hello,\n\nThis is a formal complaint. Mail for bell.co.uk bounces.\nI expect a fix.\n\nVictoria Bell',
  });
  assert.equal(readIntake(formal, context('suggestions')).reading.kind, 'complaint');
});

test('property: any body with forward separators, header blocks, labels and an attached message is read without throwing', () => {
  const piece = fc.constantFrom(
    '---------- Forwarded message ---------',
    '-------- Message transféré --------',
    'Begin forwarded message:',
    '-----Original Message-----',
    '________________________________',
    'From: Paul Durand <paul@free.fr>',
    'De : Dupont, Jean',
    'Sent: Monday',
    'To: x@example.org',
    'Subject: x',
    'Name',
    '--- Nom ---',
    "What's your name?",
    'Message:',
    'Page URL: https://www.example-hosting.com/',
    'This e-mail was sent from a contact form on X (https://x.fr)',
    "Ceci n'est pas une réclamation",
    '-- ',
    '> quoted',
    '',
  );
  const body = fc
    .array(fc.oneof(piece, fc.string({ maxLength: 60 })), { maxLength: 40 })
    .map((l) => l.join('\n'));
  const address = fc.constantFrom('paul@free.fr', 'claire@example.org', 'wordpress@site.fr', 'x@y.z');
  fc.assert(
    fc.property(body, body, address, address, fc.boolean(), (outer, inner, from, innerFrom, attach) => {
      const m = message({
        from: { name: 'Dupont, Jean', address: from },
        replyTo: [{ name: null, address: innerFrom }],
        subject: 'Fwd: x',
        text: outer,
        attachedMessage: attach ? message({ from: { name: null, address: innerFrom }, text: inner }) : null,
      });
      const { reading } = readIntake(m, context());
      // Someone forwarding their own mail is never their own forwarder.
      const by = reading.forwardedBy?.email ?? null;
      assert.ok(by === null || by !== reading.complainant.email);
    }),
    { numRuns: 300 },
  );
});
