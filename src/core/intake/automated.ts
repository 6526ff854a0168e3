// Mail written by machines (P7.4): auto-replies, bounces, lists and bulk mail, spam. Flagged so that it is
// never answered automatically and never opens a case; a person sees it in the inbox.
import { fold } from './fold.ts';
import { headerValue, headerValues, type ParsedMessage } from './parsed-message.ts';

/** Why a message was taken for automated mail; empty when it looks written by a person. */
export type AutomatedReason =
  | 'auto_submitted'
  | 'autoreply_header'
  | 'precedence'
  | 'mailing_list'
  | 'bounce_sender'
  | 'delivery_report'
  | 'spam_flag'
  | 'autoreply_subject';

const SYSTEM_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|maildaemon)(\+.*)?$/i;

/** Subjects that mail systems give their own messages, in FR/EN/DE (folded). */
const AUTOMATIC_SUBJECTS = [
  /^(automatic reply|auto-?reply|autoreply|out of (the )?office)\b/,
  /^(reponse automatique|absence du bureau|message d'absence)\b/,
  /^(automatische antwort|abwesenheitsnotiz|abwesenheitsnachricht|automatische abwesenheitsnachricht)\b/,
  /^(undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail|delivery failure)\b/,
  /^(non remis|echec de (la )?remise|non distribuable)\b/,
  /^(unzustellbar|nicht zustellbar|zustellung fehlgeschlagen)\b/,
];

export function automatedReasons(message: ParsedMessage): AutomatedReason[] {
  const reasons: AutomatedReason[] = [];
  const autoSubmitted = headerValue(message, 'auto-submitted');
  if (autoSubmitted && !/^\s*no\b/i.test(autoSubmitted)) reasons.push('auto_submitted');
  if (['x-autoreply', 'x-autorespond', 'x-autoresponder'].some((h) => headerValue(message, h) !== null))
    reasons.push('autoreply_header');
  const precedence = headerValue(message, 'precedence');
  if (precedence && /\b(bulk|junk|list|auto_reply)\b/i.test(precedence)) reasons.push('precedence');
  if (headerValue(message, 'list-id') !== null || headerValue(message, 'list-unsubscribe') !== null)
    reasons.push('mailing_list');
  const local = message.from?.address.split('@')[0] ?? '';
  const returnPath = headerValue(message, 'return-path');
  if (SYSTEM_SENDERS.test(local) || (returnPath !== null && /^\s*<\s*>\s*$/.test(returnPath)))
    reasons.push('bounce_sender');
  const contentType = headerValue(message, 'content-type') ?? '';
  if (/^\s*multipart\/report\b/i.test(contentType)) reasons.push('delivery_report');
  if (headerValues(message, 'x-spam-flag').some((v) => /^\s*yes\b/i.test(v))) reasons.push('spam_flag');
  else if (headerValues(message, 'x-spam-status').some((v) => /^\s*yes\b/i.test(v)))
    reasons.push('spam_flag');
  const subject = fold(message.subject ?? '');
  if (AUTOMATIC_SUBJECTS.some((p) => p.test(subject))) reasons.push('autoreply_subject');
  return reasons;
}
