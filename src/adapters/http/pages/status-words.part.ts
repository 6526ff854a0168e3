// What Redress wrote about a send, the note a bounce left on a case and the reason Redress closed a case, in the
// reader's language: the stored English read back into its sentence (src/core/correspondence/status-words.ts) and
// written through the translations (staffStatus.*) with its values as they were; any other text (a person's
// note or reason, a server's "250 OK" on a sent message, an older wording) as it was stored.
import type { FastifyRequest } from 'fastify';
import {
  type DeliveryDetailKey,
  type ReadSentence,
  readCaseNote,
  readCloseReason,
  readDeliveryDetail,
} from '../../../core/correspondence/status-words.ts';

type T = FastifyRequest['t'];

const deliverySentence = (t: T, read: ReadSentence<DeliveryDetailKey>) =>
  t(`staffStatus.delivery.${read.key}`, read.values);

/** The status detail of an outgoing message (the correspondence row's), in the reader's language. */
export function deliveryDetailText(t: T, detail: string): string {
  const read = readDeliveryDetail(detail);
  return read ? deliverySentence(t, read) : detail;
}

/** A note on a case: a bounce's in the reader's language, its reason a sentence of its own; a person's as written. */
export function caseNoteText(t: T, note: string): string {
  const read = readCaseNote(note);
  if (!read) return note;
  const why = read.reason
    ? deliverySentence(t, read.reason)
    : t('staffStatus.otherReason', { reason: read.values.reason });
  return t(`staffStatus.bounceNote.${read.key}`, { ...read.values, why });
}

/** Why a case was closed: Redress's own reasons in the reader's language; a person's as written. */
export function closeReasonText(t: T, reason: string): string {
  const key = readCloseReason(reason);
  return key ? t(`staffStatus.closeReason.${key}`) : reason;
}
