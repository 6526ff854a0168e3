// The kind-specific variables of each text to a complainant, from the case and the decision being sent. Pure.
import type { CaseState } from '../case/case.ts';
import type { Language, MissingField, Outcome, RestrictionKind, Step } from '../case/model.ts';
import { waitsOnComplainant } from '../intake/missing-fields.ts';
import { formatDate, markerFor, missingList, type OrganisationDetails } from './compose.ts';
import type { TemplateValue } from './template-engine.ts';
import type { TemplateKind } from './template-kinds.ts';

export type Extras = Record<string, TemplateValue>;

/**
 * `asked`: what the acknowledgement asks for, by the rule of known-details.ts (what the case recorded as missing,
 * less what the complainant's record holds now); the case's record when no more is known.
 */
export function acknowledgementExtras(
  state: CaseState,
  language: Language,
  org: OrganisationDetails,
  step1Reference: string | null,
  asked: readonly MissingField[] = state.missing,
): Extras {
  return {
    missing: missingList(language, asked, org.markers, state.step),
    step2: state.step === 2,
    step1Reference,
    // Only what the case then waits for (waitsOnComplainant): a marker asked for next time leaves the date alone.
    clockPaused:
      (org.clockPausesWhileWaiting ?? false) && state.kind === 'complaint' && waitsOnComplainant(asked),
  };
}

export function informationRequestExtras(
  language: Language,
  org: OrganisationDetails,
  missing: readonly MissingField[],
  note: string | null,
  step: Step | null = 1,
): Extras {
  return {
    missing: missingList(language, missing, org.markers, step),
    note: note?.trim() || null,
    clockPaused: org.clockPausesWhileWaiting ?? false,
  };
}

export function extensionExtras(
  language: Language,
  org: OrganisationDetails,
  e: { reason: string; windowStart: string; windowEnd: string; previousAnswerByDate: string },
): Extras {
  return {
    reason: e.reason,
    windowStart: formatDate(e.windowStart, language, org.timeZone),
    windowEnd: formatDate(e.windowEnd, language, org.timeZone),
    previousAnswerByDate: formatDate(e.previousAnswerByDate, language, org.timeZone),
  };
}

/** The variables of the text telling the complainant that the days waited on them moved the answer date (P4.5). */
export function answerDateMovedExtras(
  language: Language,
  org: OrganisationDetails,
  w: { daysWaited: number; previousAnswerByDate: string },
): Extras {
  return {
    daysWaited: String(w.daysWaited),
    oneDayWaited: w.daysWaited === 1,
    previousAnswerByDate: formatDate(w.previousAnswerByDate, language, org.timeZone),
  };
}

export function answerExtras(
  state: CaseState,
  language: Language,
  org: OrganisationDetails,
  a: { outcome: Outcome; text: string | null; remedy: string | null },
): Extras {
  return {
    upheld: a.outcome === 'upheld',
    partlyUpheld: a.outcome === 'partly_upheld',
    notUpheld: a.outcome === 'not_upheld',
    text: a.text?.trim() || null,
    remedy: a.remedy?.trim() || null,
    afterStep1: state.step !== 2,
    afterStep2: state.step === 2,
    step2Marker: markerFor(2, language, org.markers),
    step2ByEmail: org.managementEmail !== null,
    managementEmail: org.managementEmail,
    disputeResolution: org.disputeResolution[language],
  };
}

/**
 * The by-post instruction (P1.2). `firstComplaint`: the sender had no step-1 case, so the message was received
 * as a step-1 complaint (acknowledged apart) and the text explains that step 2 comes after its answer.
 */
export function step2ByPostExtras(
  language: Language,
  org: OrganisationDetails,
  messageAt: string,
  firstComplaint = false,
): Extras {
  return {
    step2Marker: markerFor(2, language, org.markers),
    messageDate: formatDate(messageAt, language, org.timeZone),
    firstComplaint,
  };
}

export function restrictionExtras(
  language: Language,
  org: OrganisationDetails,
  r: { kind: RestrictionKind; reviewBy: string; contactName: string | null },
): Extras {
  return {
    writtenOnly: r.kind === 'written_only',
    designatedContact: r.kind === 'designated_contact',
    serviceRefused: r.kind === 'service_refused',
    contactName: r.contactName,
    reviewDate: formatDate(r.reviewBy, language, org.timeZone),
  };
}

/**
 * Variables for previewing a template with a real case: what the case itself says (its last extension, its
 * outcome) and plausible stand-ins for what only a decision would give (a note, a reason, a review date).
 */
export function previewExtras(
  kind: TemplateKind,
  state: CaseState,
  language: Language,
  org: OrganisationDetails,
  step1Reference: string | null,
): Extras {
  const answerBy = state.deadline?.answerByDate ?? state.receivedAt.slice(0, 10);
  switch (kind) {
    case 'acknowledgement':
      return acknowledgementExtras(state, language, org, step1Reference);
    case 'information_request':
      return informationRequestExtras(
        language,
        org,
        state.missing.length ? state.missing : ['expectations'],
        null,
        state.step,
      );
    case 'extension_notice': {
      const last = state.extensions.at(-1);
      return extensionExtras(language, org, {
        reason: last?.reason ?? '…',
        windowStart: last?.windowStart ?? answerBy,
        windowEnd: last?.windowEnd ?? answerBy,
        previousAnswerByDate: last?.previousAnswerByDate ?? answerBy,
      });
    }
    case 'answer_date_moved': {
      const last = state.waits?.at(-1);
      return answerDateMovedExtras(language, org, {
        daysWaited: last?.daysWaited ?? 3,
        previousAnswerByDate: last?.previousAnswerByDate ?? answerBy,
      });
    }
    case 'answer':
      return answerExtras(state, language, org, {
        outcome: state.outcome ?? 'partly_upheld',
        text: '…',
        remedy: null,
      });
    case 'step2_by_post':
      return step2ByPostExtras(language, org, state.updatedAt);
    case 'restriction_notice':
      return restrictionExtras(language, org, {
        kind: 'written_only',
        reviewBy: answerBy,
        contactName: null,
      });
    default:
      return {};
  }
}
