// Raw test messages, written the way mail clients write them (CRLF line endings, RFC 5322 headers).
import { randomUUID } from 'node:crypto';

export interface MessageSpec {
  from?: string;
  to?: string;
  subject?: string;
  body?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: string;
  headers?: Record<string, string>;
}

/** A plain-text e-mail as raw bytes; a fresh Message-ID unless one is given (null: no Message-ID at all). */
export function rawMessage(spec: MessageSpec = {}): Buffer {
  const lines = [
    `From: ${spec.from ?? 'Marie Dupont <marie.dupont@example.net>'}`,
    `To: ${spec.to ?? 'complaint@example.org'}`,
    `Subject: ${spec.subject ?? 'Transmission de réclamation - Etape 1'}`,
    `Date: ${spec.date ?? 'Mon, 23 Nov 2026 10:15:00 +0100'}`,
  ];
  if (spec.messageId !== null) lines.push(`Message-ID: ${spec.messageId ?? `<${randomUUID()}@example.net>`}`);
  if (spec.inReplyTo) lines.push(`In-Reply-To: ${spec.inReplyTo}`);
  if (spec.references) lines.push(`References: ${spec.references.join(' ')}`);
  for (const [k, v] of Object.entries(spec.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push(
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  );
  const body =
    spec.body ??
    [
      'Bonjour,',
      '',
      'Nom : Marie Dupont',
      'Ticket n° 482913',
      '',
      'Mon domaine dupont-boulangerie.fr ne répond plus depuis trois jours après la migration,',
      'et personne ne m’a répondu au support.',
      '',
      'J’attends que le domaine soit rétabli et que les trois jours me soient remboursés.',
      '',
      'Cordialement,',
      'Marie Dupont',
    ].join('\n');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`, 'utf8');
}

/** The Message-ID header value of a raw message made by `rawMessage`. */
export function messageIdOf(raw: Buffer): string {
  const m = /^Message-ID: (.*)$/im.exec(raw.toString('utf8'));
  if (!m) throw new Error('no Message-ID');
  return m[1]!.trim();
}
