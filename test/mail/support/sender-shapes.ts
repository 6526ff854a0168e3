// The sender fields of a generated message, for the tests of who a message is from (sender-agreement, inbox
// sender): From: (a person, a colleague, a trusted or untrusted relay robot, a robot's shape, unreadable, a list, a
// look-alike) x Reply-To x Sender: x envelope sender x list headers x body (own words or an inline forward), and
// the address a message of each shape verifiably comes from, said without the code under test.
import fc from 'fast-check';
import type { MessageSpec } from './messages.ts';

export const STEP1 = 'Transmission de réclamation - Etape 1';

export const complaintBody = (name: string) =>
  [
    'Bonjour,',
    '',
    'Mon domaine boulangerie-martin.fr ne fonctionne plus depuis trois jours (ticket 482913).',
    'Le site affiche une erreur 500 et je perds des clients.',
    '',
    'Je souhaite que vous répariez le site et que vous me remboursiez le mois.',
    '',
    'Cordialement,',
    name,
  ].join('\n');

/** An inline forward, under a short note, of a complaint whose sender is `original`. */
export const forwardBody = (original: string) =>
  [
    'FYI, see below.',
    '',
    '---------- Forwarded message ---------',
    `From: Client Tiers <${original}>`,
    'Date: Mon, 14 Dec 2026 at 09:00',
    `Subject: ${STEP1}`,
    'To: <support@example.org>',
    '',
    'Mon site client-tiers.fr est en panne depuis hier. Je souhaite un remboursement du mois.',
    'Client Tiers',
  ].join('\n');

export const replyBody =
  'Bonjour,\n\nVoici les précisions demandées : la panne continue ce matin.\n\nCordialement,\nM.';

/** How each sender field of a generated message is written. */
export interface Shape {
  from:
    | 'person'
    | 'colleague'
    | 'trusted_robot'
    | 'untrusted_robot'
    | 'robot_shape'
    | 'unreadable'
    | 'several'
    | 'look_alike';
  replyTo: 'none' | 'same' | 'other' | 'unreadable' | 'several' | 'look_alike' | 'robot';
  /** The sender's own words, or an inline forward of a third person's complaint under a short note. */
  body: 'own' | 'forward';
  sender: 'none' | 'same' | 'other';
  envelope: 'absent' | 'from' | 'other' | 'null' | 'mailer_daemon';
  list: boolean;
}

/** The addresses of one run: fresh for each, so that runs share no record. */
export function addressesOf(n: number) {
  return {
    person: `p1-${n}@client.example`,
    other: `p2-${n}@other.example`,
    third: `p3-${n}@third.example`,
    colleague: `staff-${n}@example.org`,
    // The default relay patterns: noreply@* of our own domain is a trusted relay, of another domain it is not.
    trustedRobot: 'noreply@example.org',
    untrustedRobot: 'noreply@evil.example',
    // A robot's address (form-relay.ts) that no relay pattern names.
    robotShape: `website@shop-${n}.example`,
    elsewhereRobot: 'no-reply@elsewhere.example',
  };
}

/** The message's header fields for a shape, and the envelope sender. */
export function fieldsOf(shape: Shape, n: number): { spec: MessageSpec; envelope: string | undefined } {
  const a = addressesOf(n);
  const from = {
    person: `Marie Martin <${a.person}>`,
    colleague: `Claire Morel <${a.colleague}>`,
    trusted_robot: `Formulaire <${a.trustedRobot}>`,
    untrusted_robot: `Formulaire <${a.untrustedRobot}>`,
    robot_shape: `Site <${a.robotShape}>`,
    unreadable: 'Marie Martin <not an address>',
    several: `Marie Martin <${a.person}>, Paul <${a.other}>`,
    // A zero-width space in the domain: it shows as the person's address and is not one address.
    look_alike: `Marie Martin <p1-${n}@client\u200b.example>`,
  }[shape.from];
  const fromAddress = /<([^>]*)>/.exec(from)?.[1] ?? a.person;
  const headers: Record<string, string> = {};
  const replyTo = {
    none: null,
    same: fromAddress,
    other: `Paul Autre <${a.other}>`,
    unreadable: 'Paul Autre <not an address>',
    several: `${a.other}, ${a.third}`,
    look_alike: `Paul Autre <p2-${n}@other\u200b.example>`,
    robot: a.elsewhereRobot,
  }[shape.replyTo];
  if (replyTo) headers['Reply-To'] = replyTo;
  if (shape.sender !== 'none') headers.Sender = shape.sender === 'same' ? fromAddress : a.other;
  if (shape.list) {
    headers['List-Id'] = '<clients.lists.example>';
    headers.Precedence = 'list';
  }
  const envelope = {
    absent: undefined,
    from: fromAddress,
    other: a.other,
    null: '',
    mailer_daemon: 'MAILER-DAEMON',
  }[shape.envelope];
  return { spec: { from, headers }, envelope };
}

/**
 * The address a message of this shape verifiably comes from, said here without the code under test: the From:
 * address of a person or a colleague; the Reply-To of a relay robot of our own domain when it is one readable
 * address of a person; nobody when From: is not one address, or is a robot that writes for someone else. A
 * forward's original sender when someone of our own domains forwards it; nobody when anyone else does (the
 * reading takes the original's sender for the complainant, whom nothing verifies).
 */
export function verifiedSender(shape: Shape, n: number): string | null {
  const a = addressesOf(n);
  if (shape.body === 'forward')
    return shape.from === 'colleague' || shape.from === 'trusted_robot' ? a.third : null;
  const readableReplyTo = { same: null, other: a.other, robot: a.elsewhereRobot }[
    shape.replyTo as 'same' | 'other' | 'robot'
  ];
  switch (shape.from) {
    case 'person':
      return a.person;
    case 'colleague':
      return a.colleague;
    case 'trusted_robot':
      return shape.replyTo === 'other' ? a.other : null;
    case 'robot_shape':
      // A robot with a readable Reply-To is read as a form writing for that person, whom nothing verifies.
      return readableReplyTo !== undefined || shape.replyTo === 'same' ? null : a.robotShape;
    default:
      return null;
  }
}

/** Every shape. */
export const shapes: fc.Arbitrary<Shape> = fc.record<Shape>({
  from: fc.constantFrom(
    'person',
    'colleague',
    'trusted_robot',
    'untrusted_robot',
    'robot_shape',
    'unreadable',
    'several',
    'look_alike',
  ),
  replyTo: fc.constantFrom('none', 'same', 'other', 'unreadable', 'several', 'look_alike', 'robot'),
  sender: fc.constantFrom('none', 'same', 'other'),
  envelope: fc.constantFrom('absent', 'from', 'other', 'null', 'mailer_daemon'),
  list: fc.boolean(),
  body: fc.constantFrom('own', 'own', 'forward'),
});
