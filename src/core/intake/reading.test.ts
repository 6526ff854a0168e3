// The reading as a whole: kind, step, automated mail, complainant, missing, receivedAt; and the property that
// the reader never throws and answers quickly on any parsed message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { emptyMessage, type ParsedMessage } from './parsed-message.ts';
import { type IntakeContext, readIntake } from './reading.ts';

// Two days after the messages' Received dates: within the week in which a claimed arrival is believed (arrival.ts).
const NOW = '2026-03-04T08:00:00.000Z';

function context(role: IntakeContext['mailbox']['role'] = 'complaints'): IntakeContext {
  return {
    mailbox: { role, language: 'fr' },
    markers: {
      step1: ['Transmission de réclamation - Etape 1', 'Complaint escalation - Step 1'],
      step2: ['Transmission de réclamation - Etape 2', 'Complaint escalation - Step 2'],
    },
    relaySenders: ['no-reply@*', 'formular@*'],
    referencePrefixes: ['RC', 'SG'],
    ownDomains: ['example.org'],
    now: NOW,
  };
}

function message(over: Partial<ParsedMessage> & { headerLines?: [string, string][] } = {}): ParsedMessage {
  const m = { ...emptyMessage(), ...over };
  m.headers = (over.headerLines ?? []).map(([name, value]) => ({ name, value }));
  return m;
}

const complaint = message({
  from: { name: 'Marie Martin', address: 'Marie.Martin@Example.fr' },
  subject: 'Transmission de réclamation - Etape 1',
  text: 'Bonjour,\n\nMon site martin.fr est en panne depuis lundi.\nJe demande un remboursement.\n\nMarie Martin',
  headerLines: [['received', 'from x by y; Mon, 2 Mar 2026 10:00:00 +0100']],
});

test('a complaint with everything: nothing missing, received at the Received date', () => {
  const { reading } = readIntake(complaint, context());
  assert.equal(reading.kind, 'complaint');
  assert.equal(reading.step, 1);
  assert.equal(reading.markerFound, true);
  assert.deepEqual(reading.complainant, { name: 'Marie Martin', email: 'marie.martin@example.fr' });
  assert.deepEqual(reading.domains, ['martin.fr']);
  assert.equal(reading.expectations, 'Je demande un remboursement.');
  assert.deepEqual(reading.missing, []);
  assert.equal(reading.receivedAt, '2026-03-02T09:00:00.000Z');
});

test('kind and step: the marker wins over the mailbox; the mailbox decides without one', () => {
  assert.equal(readIntake(complaint, context('suggestions')).reading.kind, 'complaint');
  const unmarked = { ...complaint, subject: 'Bonjour' };
  assert.deepEqual(
    ['complaints', 'suggestions', 'management'].map((role) => {
      const { reading } = readIntake(unmarked, context(role as IntakeContext['mailbox']['role']));
      return [reading.kind, reading.step, reading.missing.includes('marker')];
    }),
    [
      ['complaint', 1, true],
      ['suggestion', null, false],
      ['complaint', 2, true],
    ],
  );
  const step2 = { ...complaint, subject: 'RE: Complaint escalation - Step 2' };
  assert.equal(readIntake(step2, context()).reading.step, 2);
});

test('automated mail is kind other, never a complaint, with the reasons', () => {
  const cases: [string, [string, string][], string][] = [
    ['auto_submitted', [['auto-submitted', 'auto-replied']], 'Sujet'],
    ['autoreply_header', [['x-autoreply', 'yes']], 'Sujet'],
    ['precedence', [['precedence', 'bulk']], 'Sujet'],
    ['mailing_list', [['list-id', '<a.b.c>']], 'Sujet'],
    ['delivery_report', [['content-type', 'multipart/report; report-type=delivery-status']], 'Sujet'],
    ['spam_flag', [['x-spam-flag', 'YES']], 'Sujet'],
    ['autoreply_subject', [], 'Abwesenheitsnotiz: Ihre Nachricht'],
  ];
  for (const [reason, headerLines, subject] of cases) {
    const { reading, automatedReasons } = readIntake(
      message({ ...complaint, headerLines, subject }),
      context(),
    );
    assert.equal(reading.kind, 'other', reason);
    assert.equal(reading.automated, true, reason);
    assert.equal(reading.step, null, reason);
    assert.deepEqual(reading.missing, [], reason);
    assert.ok(automatedReasons.includes(reason as never), `${reason}: ${automatedReasons}`);
  }
  const bounce = message({ ...complaint, from: { name: null, address: 'MAILER-DAEMON@mx.example.net' } });
  assert.deepEqual(readIntake(bounce, context()).automatedReasons, ['bounce_sender']);
  assert.deepEqual(
    readIntake(message({ ...complaint, headerLines: [['auto-submitted', 'no']] }), context())
      .automatedReasons,
    [],
  );
});

test('a relay sender: the complainant is in Reply-To, else in the labelled lines, else missing', () => {
  const relay = { name: 'Formulaire', address: 'no-reply@forms.example.net' };
  const withReplyTo = message({
    ...complaint,
    from: relay,
    replyTo: [{ name: 'Lucie B', address: 'lucie@b.fr' }],
  });
  assert.deepEqual(readIntake(withReplyTo, context()).reading.complainant, {
    name: 'Lucie B',
    email: 'lucie@b.fr',
  });
  const labelled = message({
    ...complaint,
    from: relay,
    text: 'Nom : Paul Roux\nE-mail : paul@roux.fr\nMessage : panne.',
  });
  assert.deepEqual(readIntake(labelled, context()).reading.complainant, {
    name: 'Paul Roux',
    email: 'paul@roux.fr',
  });
  const nothing = message({ ...complaint, from: relay, text: 'Le service est en panne depuis hier soir.' });
  const { reading } = readIntake(nothing, context());
  assert.deepEqual(reading.complainant, { name: null, email: null });
  assert.deepEqual(reading.missing, ['name', 'contact', 'expectations']);
});

test('receivedAt: top-most readable Received, else Date, else now', () => {
  const received = message({
    headerLines: [
      ['received', 'from a by b; garbage'],
      ['received', 'from c by d; Tue, 3 Mar 2026 10:00:00 +0100'],
      ['received', 'from e by f; Mon, 2 Mar 2026 10:00:00 +0100'],
    ],
    date: '2026-03-01T00:00:00.000Z',
  });
  assert.equal(readIntake(received, context()).reading.receivedAt, '2026-03-03T09:00:00.000Z');
  assert.equal(
    readIntake(message({ date: '2026-03-01T00:00:00.000Z' }), context()).reading.receivedAt,
    '2026-03-01T00:00:00.000Z',
  );
  assert.equal(readIntake(message(), context()).reading.receivedAt, NOW);
});

const textPiece = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '> quoted line',
    'De : A <a@b.fr>\nEnvoyé : lundi\nObjet : x',
    '-- \nJean Dupont',
    'Nom : Jean Dupont',
    'ticket n° 123456 et 654321',
    'XN--MLLER-BAU-Q9A.DE facture.pdf 2.4.1',
    'RC-2026-000123',
    '---------- Forwarded message ---------',
    'Cordialement,\nMarie Martin',
    '|'.repeat(50),
    '.'.repeat(300),
    'a'.repeat(5000),
    '-'.repeat(2000),
    `${'x.'.repeat(1000)}com`,
  ),
);

const parsedMessages = fc.record({
  subject: fc.option(
    fc.oneof(fc.string({ maxLength: 200 }), fc.constant('RE: Transmission de réclamation - Etape 1')),
    { nil: null },
  ),
  text: fc.option(
    fc.array(textPiece, { maxLength: 30 }).map((parts) => parts.join('\n')),
    { nil: null },
  ),
  htmlText: fc.option(
    fc.array(textPiece, { maxLength: 10 }).map((parts) => parts.join('\n')),
    { nil: null },
  ),
  from: fc.option(
    fc.record({
      name: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
      address: fc.string({ maxLength: 60 }),
    }),
    { nil: null },
  ),
  headerLines: fc.array(
    fc.tuple(
      fc.constantFrom(
        'received',
        'date',
        'auto-submitted',
        'content-type',
        'x-spam-flag',
        'precedence',
        'x-other',
      ),
      fc.string({ maxLength: 120 }),
    ),
    { maxLength: 12 },
  ),
  role: fc.constantFrom('complaints', 'suggestions', 'management' as const),
});

// No time is asserted here: on a loaded machine any limit is either too loose to catch anything or fails for no
// fault. A message that takes too long is stopped by the read pool's budget (read-pool tests, real threads), and
// the fuzz run counts the inputs over budget.
test('property: the reader never throws on any parsed message', () => {
  fc.assert(
    fc.property(parsedMessages, ({ role, ...over }) => {
      const { reading } = readIntake(message(over), context(role));
      assert.ok(['complaint', 'suggestion', 'other'].includes(reading.kind));
      // Digits, or a ticket system's key with letters (reported in capitals), never with spaces.
      assert.ok(reading.ticketRefs.every((t) => /^[^\sa-z]+$/.test(t)));
      assert.ok(reading.domains.every((d) => d === d.toLowerCase()));
      assert.match(reading.receivedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      if (reading.kind !== 'complaint') assert.deepEqual(reading.missing, []);
    }),
    { numRuns: 300 },
  );
});

test('reads the start of a body of many megabytes, where reading it whole overflowed the stack', () => {
  const words = 'Mon domaine exemple.fr ne répond plus. Je souhaite un remboursement.\n';
  const huge =
    words + 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod te\n'.repeat(330_000);
  const reading = readIntake(
    message({ subject: 'Transmission de réclamation - Etape 1', text: huge }),
    context(),
  ).reading;
  assert.equal(reading.kind, 'complaint');
  assert.deepEqual(reading.domains, ['exemple.fr']);
  assert.ok((reading.description ?? '').length < huge.length);
});
