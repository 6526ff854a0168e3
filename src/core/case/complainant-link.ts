// The complainant's own page, reached by a private link sent with the acknowledgement: when a link opens the page,
// and what the page shows. Pure: the caller gives the link as stored, the case, and the time.
//
// Validity: a link works until staff revoke it, and at most until 90 days after its case is closed. The case's
// data is kept longer than that (retention counts years), but a complainant has no reason to come back months
// after the answer, and a link that is forwarded or left in an old mailbox should stop opening the file. A case
// reopened (the complainant wrote again) is open again, and so is its link. A case merged into another, or gone
// (anonymised by retention), opens nothing.
//
// What the page shows is what the complainant was told or sent: the reference, what was received and when, the
// dates promised (acknowledged, answer by, each extension with its window), what is still missing (P2.7, the
// list the acknowledgement named), and where the case stands. Never internal notes, owners or staff names.
import { TOKEN_LEFT_OUT } from '../correspondence/link-token.ts';
import type { CaseState, Extension } from './case.ts';
import { type KnownDetails, missingNow } from './known-details.ts';
import type { MissingField, Step } from './model.ts';

/** How long after its case is closed a link still opens the page. */
export const LINK_DAYS_AFTER_CLOSING = 90;

/** The token's form: 32 random bytes in base64url (256 bits). Anything else is refused before a look-up. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A link's address as a text gives it (…/c/TOKEN), as the acknowledgement carries it and a reply may quote it. */
const LINK_IN_TEXT = /(\/c\/)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/** The same link, its token left out as the text was kept (link-token.ts). */
const PAGE_LINK_LEFT_OUT = /\/c\/…(?![A-Za-z0-9_-])/;

/**
 * The text with the token of every private link in it replaced by "…". Whoever holds a link writes on the case as
 * the complainant, so it is for the complainant alone: staff reading what was sent (an auditor, who changes
 * nothing, included) are shown the rest of the text. `hidden` says whether a link's token is not shown.
 */
export function withoutLinkTokens(text: string): { text: string; hidden: boolean } {
  const shown = text.replace(LINK_IN_TEXT, `$1${TOKEN_LEFT_OUT}`);
  // Also when the text was kept with the token already left out (an acknowledgement e-mail: link-token.ts).
  return { text: shown, hidden: shown !== text || PAGE_LINK_LEFT_OUT.test(shown) };
}

export interface StoredLink {
  caseId: string;
  revokedAt: string | null;
}

/** Why a link does not open the page. The page the visitor sees is the same for every reason (no oracle). */
export type LinkRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'gone';

export type LinkVerdict = { ok: true } | { ok: false; reason: LinkRefusal };

/** The last instant a link of a case closed at `closedAt` opens the page (null: the case is open). */
export function linkExpiresAt(closedAt: string | null): string | null {
  if (!closedAt) return null;
  return new Date(Date.parse(closedAt) + LINK_DAYS_AFTER_CLOSING * 86_400_000).toISOString();
}

/** Whether a stored link opens its case's page now. `kase` is the case the link names (null: not found). */
export function linkVerdict(
  link: StoredLink | null,
  kase: Pick<CaseState, 'id' | 'closedAt' | 'mergedInto' | 'kind'> | null,
  now: string,
): LinkVerdict {
  if (!link) return { ok: false, reason: 'unknown' };
  if (link.revokedAt) return { ok: false, reason: 'revoked' };
  if (!kase || kase.id !== link.caseId || kase.mergedInto || kase.kind !== 'complaint')
    return { ok: false, reason: 'gone' };
  const expires = linkExpiresAt(kase.closedAt);
  if (expires && Date.parse(now) > Date.parse(expires)) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** Where the case stands, as the complainant reads it. */
export type PublicStatus =
  | 'received'
  | 'acknowledged'
  | 'waiting_on_you'
  | 'extended'
  | 'answered'
  | 'closed';

export interface ComplainantView {
  reference: string;
  step: Step | null;
  status: PublicStatus;
  receivedAt: string;
  /** How it came (a letter registered without a time is shown as its day alone: arrival.ts arrivalShownAsDay). */
  channel: string;
  acknowledgedAt: string | null;
  /** The answer date promised now (after any extension), as an instant and as the local day. */
  answerBy: string | null;
  answerByDate: string | null;
  /** The answer date first promised, when an extension moved it. */
  firstAnswerByDate: string | null;
  extensions: ReadonlyArray<Pick<Extension, 'at' | 'windowStart' | 'windowEnd'>>;
  answeredAt: string | null;
  closedAt: string | null;
  /** What the acknowledgement named as missing (P2.7), less what is known since. */
  missing: readonly MissingField[];
  /**
   * When the complainant last sent something that ended the case's wait for what was missing (null while it waits,
   * or when nothing was asked): the page then thanks them rather than listing as still needed what they may have
   * just given. Staff read it and ask again if something is still missing.
   */
  missingAnsweredAt: string | null;
  /** What the complainant has added on this page (or by mail) since, newest first. */
  additions: ReadonlyArray<{ at: string }>;
  /** Whether the page takes more information now (an open case). */
  mayAdd: boolean;
  /** When the link stops working (null while the case is open). */
  linkExpiresAt: string | null;
}

export function publicStatus(
  s: Pick<CaseState, 'status' | 'waitingOnComplainant' | 'extensions'>,
): PublicStatus {
  if (s.status === 'closed') return 'closed';
  if (s.status === 'answered') return 'answered';
  if (s.waitingOnComplainant) return 'waiting_on_you';
  if (s.status === 'acknowledged' && s.extensions.length) return 'extended';
  return s.status;
}

/** Whether the complainant may add information on the page: an open complaint (received, acknowledged). */
export function mayAddInformation(s: Pick<CaseState, 'status' | 'kind' | 'mergedInto'>): boolean {
  return s.kind === 'complaint' && !s.mergedInto && (s.status === 'received' || s.status === 'acknowledged');
}

/**
 * What the page shows of a case: only what the complainant was told or sent, nothing internal. What is missing is
 * what the case recorded (P2.7) less what the complainant's record now holds, as the staff's case page shows it.
 */
export function complainantView(
  s: CaseState,
  known: KnownDetails | null,
  additions: ReadonlyArray<{ at: string }>,
): ComplainantView {
  const first = s.originalDeadline?.answerByDate ?? null;
  const now = s.deadline?.answerByDate ?? null;
  return {
    reference: s.reference,
    step: s.step,
    status: publicStatus(s),
    receivedAt: s.receivedAt,
    channel: s.channel,
    acknowledgedAt: s.acknowledgedAt,
    answerBy: s.deadline?.answerBy ?? null,
    answerByDate: now,
    firstAnswerByDate: first && now && first !== now ? first : null,
    extensions: s.extensions.map((e) => ({ at: e.at, windowStart: e.windowStart, windowEnd: e.windowEnd })),
    answeredAt: s.answeredAt,
    closedAt: s.closedAt,
    missing: missingNow(s.missing, known),
    missingAnsweredAt: missingAnsweredAt(s, additions),
    additions,
    mayAdd: mayAddInformation(s),
    linkExpiresAt: linkExpiresAt(s.closedAt),
  };
}

/**
 * Whether what was asked of the complainant has been answered, and when: something asked is missing, the case no
 * longer waits on them, and they sent something since it opened (the newest of `additions`, by this page or by
 * mail). Which of the asked details their words hold is for staff to read, not for a rule to guess.
 */
export function missingAnsweredAt(
  s: Pick<CaseState, 'missing' | 'waitingOnComplainant'>,
  additions: ReadonlyArray<{ at: string }>,
): string | null {
  if (s.waitingOnComplainant || s.missing.length === 0) return null;
  return additions.reduce<string | null>(
    (newest, a) => (newest === null || a.at > newest ? a.at : newest),
    null,
  );
}
