// A free reply or an interim update: a text staff write themselves to the complainant, wrapped in our own courteous
// greeting and signature in the case's language, with the case's reference in the subject so that the answer the
// complainant sends back files itself on the case. It is correspondence, never the definitive answer (P4.4): the
// clock and the status stay as they were. An interim update also repeats the date the answer is still promised
// for, so that a note "we are still on it" never reads as a new delay. Pure: the words and the facts come in.
import type { Language } from '../case/model.ts';

export const REPLY_KINDS = ['reply', 'update'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

interface ReplyTexts {
  subject: Record<ReplyKind, string>;
  /** Said in an interim update while the answer is still to come. */
  stillPromised: string;
  closing: string;
}

// Written for Redress (P8.1: courteous, plain words), one set per language.
const TEXTS: Record<Language, ReplyTexts> = {
  fr: {
    subject: { reply: 'Réponse à votre message', update: 'Où en est votre dossier' },
    stillPromised: 'Nous vous adresserons notre réponse définitive au plus tard le {{date}}.',
    closing: 'Avec nos salutations distinguées,',
  },
  en: {
    subject: { reply: 'Our reply to your message', update: 'An update on your case' },
    stillPromised: 'You will have our definitive answer by {{date}} at the latest.',
    closing: 'Kind regards,',
  },
  de: {
    subject: { reply: 'Antwort auf Ihre Nachricht', update: 'Der aktuelle Stand Ihres Anliegens' },
    stillPromised: 'Unsere abschließende Antwort erhalten Sie spätestens am {{date}}.',
    closing: 'Mit freundlichen Grüßen',
  },
};

export interface ReplyFacts {
  kind: ReplyKind;
  language: Language;
  reference: string;
  /** The greeting in the case's language (compose.ts `greeting`): "Bonjour Anne Martin," or "Madame, Monsieur,". */
  greeting: string;
  /** The team that signs (complaints, management or customer relations). */
  team: string;
  organisation: string;
  /** The promised answer date as the complainant reads it, or null when there is none or it is already kept. */
  answerByDate: string | null;
  /** What staff wrote, as typed. */
  text: string;
}

/** The staff's words with line endings made plain and the blank margins trimmed; inner blank lines are kept. */
export function cleanReplyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\s+$/g, '');
}

/** The subject and body of the reply as the complainant will read it. */
export function composeReply(f: ReplyFacts): { subject: string; text: string } {
  const t = TEXTS[f.language];
  const promised =
    f.kind === 'update' && f.answerByDate
      ? `\n\n${t.stillPromised.replace('{{date}}', () => f.answerByDate!)}`
      : '';
  return {
    subject: `[${f.reference}] ${t.subject[f.kind]}`,
    text: `${f.greeting}\n\n${cleanReplyText(f.text)}${promised}\n\n${t.closing}\n${f.team}\n${f.organisation}\n`,
  };
}
