// Generated complaint e-mails for the ingest benchmark: French, German and English, each from its own
// sender, with ticket numbers and domains, about 1 KB each: the mix a complaints mailbox receives.
import { randomUUID } from 'node:crypto';

const FR = {
  subject: 'Transmission de réclamation - Etape 1',
  lines: [
    'Bonjour,',
    '',
    'Nom : {name}',
    'Ticket n° {ticket}',
    '',
    'Depuis la migration de mon hébergement, le domaine {domain} est inaccessible et les e-mails ne partent plus.',
    'J’ai ouvert un ticket il y a une semaine et personne ne m’a répondu, malgré deux relances.',
    'Mon activité en souffre : les clients ne peuvent plus passer commande.',
    '',
    'J’attends le rétablissement du service sous 48 heures et le remboursement du mois en cours.',
    '',
    'Cordialement,',
    '{name}',
  ],
};
const DE = {
  subject: 'Beschwerdeweiterleitung - Stufe 1',
  lines: [
    'Sehr geehrte Damen und Herren,',
    '',
    'Name: {name}',
    'Ticket-Nr. {ticket}',
    '',
    'seit der Umstellung ist meine Domain {domain} nicht mehr erreichbar, und die Rechnung wurde doppelt abgebucht.',
    'Auf mein Ticket habe ich bis heute keine Antwort erhalten.',
    '',
    'Ich erwarte die Erstattung der doppelten Abbuchung und eine schriftliche Erklärung.',
    '',
    'Mit freundlichen Grüßen',
    '{name}',
  ],
};
const EN = {
  subject: 'Complaint escalation - Step 1',
  lines: [
    'Hello,',
    '',
    'Name: {name}',
    'Ticket #{ticket}',
    '',
    'After the renewal, my domain {domain} was transferred to the wrong account and the DNS records are gone.',
    'Support closed my ticket without fixing anything.',
    '',
    'I expect the domain to be moved back and the DNS records restored today.',
    '',
    'Kind regards,',
    '{name}',
  ],
};
const NAMES = [
  'Marie Dupont',
  'Jonas Becker',
  'Emily Clarke',
  'Lucas Martin',
  'Anna Schmidt',
  'Oliver Smith',
];
const TLDS = ['fr', 'de', 'com', 'eu', 'org'];

export function complaint(i: number): Buffer {
  const t = [FR, DE, EN][i % 3]!;
  const name = `${NAMES[i % NAMES.length]} ${i}`;
  const values: Record<string, string> = {
    name,
    ticket: String(100000 + ((i * 7919) % 900000)),
    domain: `shop-${i}.${TLDS[i % TLDS.length]}`,
  };
  const body = t.lines
    .concat(
      i % 4 === 0 ? ['', '-- ', `${name}`, 'Tel. +49 721 000000', 'Musterstraße 1, 76133 Karlsruhe'] : [],
    )
    .map((l) => l.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ''))
    .join('\r\n');
  const headers = [
    `Received: from mail.example.net (mail.example.net [192.0.2.${i % 250}]) by mx.example.org; Mon, 23 Nov 2026 10:15:00 +0100`,
    `From: ${name} <sender${i}@example.net>`,
    'To: complaint@example.org',
    `Subject: ${t.subject}`,
    'Date: Mon, 23 Nov 2026 10:15:00 +0100',
    `Message-ID: <${randomUUID()}@example.net>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`, 'utf8');
}
