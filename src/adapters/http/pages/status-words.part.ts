// What Redress wrote about a send, the note a bounce left on a case and the reason Redress closed a case, in the
// reader's language: the stored English read back into its sentence (src/core/correspondence/status-words.ts) and
// written through the translations (staffStatus.*) with its values as they were, but for who posted a letter,
// stored as an account id and shown by name; any other text (a person's note or reason, a server's "250 OK" on a
// sent message, an older wording) as it was stored.
import type { FastifyRequest } from 'fastify';
import {
  type DeliveryDetailKey,
  type ReadSentence,
  readCaseNote,
  readCloseReason,
  readDeliveryDetail,
  readReopenReason,
} from '../../../core/correspondence/status-words.ts';
import { actorLabel } from './staff-components.ts';
import { staffNoteParts } from './staff-note.part.ts';

type T = FastifyRequest['t'];

const deliverySentence = (t: T, read: ReadSentence<DeliveryDetailKey>) =>
  t(`staffStatus.delivery.${read.key}`, read.values);

/**
 * The status detail of an outgoing message as a sentence in the reader's language, or null when it is none of
 * Redress's sentences (a server's "250 OK", an older wording). A letter's "posted by" names who posted it by
 * their display name, looked up in `names` (account id to name, as the case history has them); an account
 * that is not there is "a colleague". Without `names`, the one who posted is named as stored.
 */
export function deliveryDetailSentence(
  t: T,
  detail: string,
  names?: ReadonlyMap<string, string>,
): string | null {
  const read = readDeliveryDetail(detail);
  if (!read) return null;
  if (read.key === 'posted' && names) {
    const actor = read.values.actor!;
    const account = accountOf(actor);
    if (account !== null && !names.has(account)) return t('staffStatus.postedByColleague');
    return deliverySentence(t, { key: read.key, values: { actor: actorLabel(t, names, actor) } });
  }
  return deliverySentence(t, read);
}

/** The status detail of an outgoing message (the correspondence row's), in the reader's language. */
export function deliveryDetailText(t: T, detail: string, names?: ReadonlyMap<string, string>): string {
  return deliveryDetailSentence(t, detail, names) ?? detail;
}

/** The account a status detail names (who posted a letter), so that its name can be looked up; else null. */
export function accountNamedIn(detail: string | null): string | null {
  const read = detail === null ? null : readDeliveryDetail(detail);
  return read?.key === 'posted' ? accountOf(read.values.actor!) : null;
}

const accountOf = (actor: string) => (actor.startsWith('user:') ? actor.slice(5) : null);

/**
 * A note on a case: a bounce's in the reader's language, its reason a sentence of its own; one Redress wrote for
 * staff (staff-notes.ts, where a case already flagged takes its flag's words as a note) in the reader's language
 * too; a person's as written.
 */
export function caseNoteText(t: T, note: string): string {
  const read = readCaseNote(note);
  if (!read) {
    // Only a note made wholly of Redress's sentences: a person's words are never half translated.
    const parts = staffNoteParts(t, note);
    return parts.every((p) => p.key !== null) ? parts.map((p) => p.text).join(' ') : note;
  }
  const why = read.reason
    ? deliverySentence(t, read.reason)
    : t('staffStatus.otherReason', { reason: read.values.reason });
  return t(`staffStatus.bounceNote.${read.key}`, { ...read.values, why });
}

/** Why a case was reopened: Redress's own reason in the reader's language; a person's as written. */
export function reopenReasonText(t: T, reason: string): string {
  const key = readReopenReason(reason);
  return key ? t(`staffStatus.reopenReason.${key}`) : reason;
}

/** Why a case was closed: Redress's own reasons in the reader's language; a person's as written. */
export function closeReasonText(t: T, reason: string): string {
  const key = readCloseReason(reason);
  return key ? t(`staffStatus.closeReason.${key}`) : reason;
}
